package dev.nagare.samples.cnn;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import dev.nagare.samples.mnist.MnistNetwork;
import dev.nagare.samples.mnist.MnistTrainer;

/**
 * The "Deep MNIST" network: conv 5x5x32 - max pool 2x2 - conv 5x5x64 - max pool 2x2 - dense 1024 - dropout -
 * dense 10, ReLU after each conv and the hidden dense layer, SAME padding, softmax cross-entropy against
 * integer labels. Images come in as [batch, rows x cols] like the MLP's and are reshaped to NHWC inside.
 */
public final class CnnNetwork {
    public final Graph graph = new Graph();
    public final Output images, labels, training, logits, predictions, loss;
    /** The learning rate: a variable, so that a schedule can lower it between epochs ({@link #setLearningRate}). */
    public final Output learningRate, newLearningRate;
    /** Assigns the value fed to {@link #newLearningRate} to {@link #learningRate}. */
    public final Node setLearningRate;
    public final Node trainStep, init;

    public CnnNetwork(int rows, int cols, int classes, MnistNetwork.OptimizerKind optimizer, double learningRate, double dropout,
                      long seed) {
        Tf tf = Tf.of(graph);
        images = tf.placeholder(DType.FLOAT32, Shape.of(-1, rows * cols), "images");
        labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
        training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
        Output h = tf.reshape(images, -1, rows, cols, 1);
        h = convPool(tf.withSubScope("conv1"), h, 1, 32, seed);
        h = convPool(tf.withSubScope("conv2"), h, 32, 64, seed + 1);
        int flat = ((rows + 3) / 4) * ((cols + 3) / 4) * 64;
        h = tf.reshape(h, -1, flat);
        Tf fc = tf.withSubScope("dense1");
        h = fc.nn.relu(dense(fc, h, flat, 1024, seed + 2));
        if (dropout > 0) h = fc.nn.dropout(h, dropout, training, seed + 3);
        logits = dense(tf.withSubScope("logits"), h, 1024, classes, seed + 4);
        predictions = tf.argmax(logits, 1, DType.INT32);
        loss = tf.withName("loss").identity(tf.losses.sparseSoftmaxCrossEntropy(labels, logits));
        this.learningRate = tf.variable(tf.scalar(learningRate, DType.FLOAT32), "learning_rate", false);
        newLearningRate = tf.placeholder(DType.FLOAT32, Shape.scalar(), "new_learning_rate");
        setLearningRate = tf.assign(this.learningRate, newLearningRate).node();
        Optimizer opt = optimizer == MnistNetwork.OptimizerKind.ADAM ? tf.train.adam(learningRate) : tf.train.momentum(learningRate, 0.9);
        opt.withLearningRate(this.learningRate);
        trainStep = opt.minimize(loss);
        init = tf.globalVariablesInitializer();
    }

    /** What the shared trainer feeds and fetches. */
    public MnistTrainer.Model model() { return new MnistTrainer.Model(images, labels, training, loss, trainStep, predictions); }

    /** conv 5x5 SAME (He-initialized filter, zero bias) - ReLU - max pool 2x2 stride 2. */
    private static Output convPool(Tf tf, Output x, int in, int out, long seed) {
        Output w = tf.variable(tf.init.heNormal(Shape.of(5, 5, in, out), DType.FLOAT32, seed), "weights");
        Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
        Output y = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, new int[] {1, 1, 1, 1}, "SAME"), b));
        return tf.nn.maxPool(y, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "SAME");
    }

    private static Output dense(Tf tf, Output x, int in, int out, long seed) {
        Output w = tf.variable(tf.init.heNormal(Shape.of(in, out), DType.FLOAT32, seed), "weights");
        Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
        return tf.nn.biasAdd(tf.matmul(x, w), b);
    }
}
