package dev.nagare.bench;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;

/**
 * The same MLP training step on Nagare, written with its DSL: {@code tf.variable} per weight and bias,
 * {@code matmul + nn.biasAdd + nn.relu} layers, {@code losses.softmaxCrossEntropy} (mean of
 * {@code nn.softmaxCrossEntropyWithLogits}) and {@code train.gradientDescent(0.01).minimize(loss)}.
 * A step is {@code session.runner().feed(images).feed(labels).addTarget(train).run()}.
 */
final class TrainingNagare implements TrainingEngine {
    static final String ENGINE = NagareSessionBench.ENGINE;

    private final Session session;
    private final Output images, labels, loss;
    private final Node train;
    private final Tensor[] imageBatches, labelBatches;
    private int next;

    TrainingNagare(TrainingData data, int batch) {
        int[] layers = data.layers; // the widths come with the weights
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        images = tf.placeholder(DType.FLOAT32, Shape.of(-1, TrainingData.PIXELS), "images");
        labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, TrainingData.CLASSES), "labels");
        Output h = images;
        for (int l = 0; l + 1 < layers.length; l++) {
            Tf layer = tf.withSubScope("layer" + (l + 1));
            Output w = layer.variable(layer.constant(Tensor.of(Shape.of(layers[l], layers[l + 1]), data.weights[l].clone())), "weights");
            Output b = layer.variable(layer.constant(Tensor.of(Shape.of(layers[l + 1]), data.biases[l].clone())), "bias");
            Output z = layer.nn.biasAdd(layer.matmul(h, w), b);
            h = l + 2 < layers.length ? layer.nn.relu(z) : z;
        }
        loss = tf.withName("loss").identity(tf.losses.softmaxCrossEntropy(labels, h));
        train = tf.train.gradientDescent(TrainingData.LEARNING_RATE).minimize(loss);
        Node init = tf.globalVariablesInitializer();
        session = new Session(g);
        session.run(init);

        int n = data.batches(batch);
        imageBatches = new Tensor[n];
        labelBatches = new Tensor[n];
        for (int i = 0; i < n; i++) {
            imageBatches[i] = Tensor.of(Shape.of(batch, TrainingData.PIXELS), data.imageBatch(batch, i));
            labelBatches[i] = Tensor.of(Shape.of(batch, TrainingData.CLASSES), data.labelBatch(batch, i));
        }
    }

    @Override public String name() { return ENGINE; }

    @Override
    public void run() {
        int i = next;
        next = i + 1 == imageBatches.length ? 0 : i + 1;
        session.runner().feed(images, imageBatches[i]).feed(labels, labelBatches[i]).addTarget(train).run();
    }

    @Override
    public float stepWithLoss() {
        int i = next;
        next = i + 1 == imageBatches.length ? 0 : i + 1;
        return session.runner().feed(images, imageBatches[i]).feed(labels, labelBatches[i])
                .fetch(loss).addTarget(train).run().get(0).floatValue();
    }

    @Override
    public float loss(int batchIndex) {
        return session.runner().feed(images, imageBatches[batchIndex]).feed(labels, labelBatches[batchIndex])
                .fetch(loss).run().get(0).floatValue();
    }

    @Override public void close() { session.close(); }
}
