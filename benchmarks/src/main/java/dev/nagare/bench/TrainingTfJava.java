package dev.nagare.bench;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.train.ApplyGradientDescent;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * The MLP training step on TensorFlow Java 1.1.0: placeholders for images and one-hot labels, one
 * {@code Variable} per weight and bias (initialized by the Assign ops {@code tf.variable(init)} registers),
 * {@code matMul + biasAdd + relu} layers, {@code nn.softmaxCrossEntropyWithLogits} averaged by
 * {@code math.mean}, the gradients from {@code tf.gradients(loss, vars)} (the C API's AddGradients) and one
 * {@code train.applyGradientDescent} per variable. A step runs the 8 apply ops as targets with the two feeds.
 * The batches are TFloat32 tensors made up front and taken round-robin; every Result is closed.
 */
final class TrainingTfJava implements TrainingEngine {
    private final Graph graph = new Graph();
    private final Session session;
    private final Placeholder<TFloat32> images, labels;
    private final Mean<TFloat32> loss;
    private final List<ApplyGradientDescent<TFloat32>> applies = new ArrayList<>();
    private final TFloat32[] imageBatches, labelBatches;
    private int next;

    TrainingTfJava(TrainingData data, int batch) {
        int[] layers = data.layers; // the widths come with the weights
        Ops tf = Ops.create(graph);
        images = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TrainingData.PIXELS)));
        labels = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TrainingData.CLASSES)));
        List<Variable<TFloat32>> vars = new ArrayList<>();
        Operand<TFloat32> h = images;
        for (int l = 0; l + 1 < layers.length; l++) {
            Variable<TFloat32> w = tf.variable(tf.constant(Shape.of(layers[l], layers[l + 1]),
                    DataBuffers.of(data.weights[l], true, false)));
            Variable<TFloat32> b = tf.variable(tf.constant(Shape.of(layers[l + 1]),
                    DataBuffers.of(data.biases[l], true, false)));
            vars.add(w);
            vars.add(b);
            Operand<TFloat32> z = tf.nn.biasAdd(tf.linalg.matMul(h, w), b);
            h = l + 2 < layers.length ? tf.nn.relu(z) : z;
        }
        loss = tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(h, labels).loss(), tf.constant(0));
        Gradients grads = tf.gradients(loss, vars);
        Operand<TFloat32> alpha = tf.constant(TrainingData.LEARNING_RATE);
        for (int i = 0; i < vars.size(); i++) {
            applies.add(tf.train.applyGradientDescent(vars.get(i), alpha, grads.<TFloat32>dy(i)));
        }
        session = new Session(graph, config());
        session.initialize();

        int n = data.batches(batch);
        imageBatches = new TFloat32[n];
        labelBatches = new TFloat32[n];
        for (int i = 0; i < n; i++) {
            imageBatches[i] = TFloat32.tensorOf(Shape.of(batch, TrainingData.PIXELS),
                    DataBuffers.of(data.imageBatch(batch, i), true, false));
            labelBatches[i] = TFloat32.tensorOf(Shape.of(batch, TrainingData.CLASSES),
                    DataBuffers.of(data.labelBatch(batch, i), true, false));
        }
    }

    /**
     * TF's default session options, unless {@code nagare.bench.tf.intraOpThreads} / {@code interOpThreads} set
     * the sizes of its two thread pools (0, the default: TF picks, one thread per core each).
     */
    static ConfigProto config() {
        return ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(Integer.getInteger("nagare.bench.tf.intraOpThreads", 0))
                .setInterOpParallelismThreads(Integer.getInteger("nagare.bench.tf.interOpThreads", 0))
                .build();
    }

    @Override public String name() { return TfJavaSessionBench.ENGINE; }

    @Override
    public void run() {
        int i = next;
        next = i + 1 == imageBatches.length ? 0 : i + 1;
        Session.Runner r = session.runner().feed(images, imageBatches[i]).feed(labels, labelBatches[i]);
        for (ApplyGradientDescent<TFloat32> a : applies) r.addTarget(a);
        try (Result result = r.run()) {
            // nothing fetched; closing releases whatever the run returned
        }
    }

    @Override
    public float stepWithLoss() {
        int i = next;
        next = i + 1 == imageBatches.length ? 0 : i + 1;
        Session.Runner r = session.runner().feed(images, imageBatches[i]).feed(labels, labelBatches[i]).fetch(loss);
        for (ApplyGradientDescent<TFloat32> a : applies) r.addTarget(a);
        try (Result result = r.run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    @Override
    public float loss(int batchIndex) {
        try (Result result = session.runner().feed(images, imageBatches[batchIndex])
                .feed(labels, labelBatches[batchIndex]).fetch(loss).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    @Override
    public void close() {
        for (TFloat32 t : imageBatches) t.close();
        for (TFloat32 t : labelBatches) t.close();
        session.close();
        graph.close();
    }
}
