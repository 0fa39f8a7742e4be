package dev.nagare.samples.mnist;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;

/**
 * The tutorial's network: 784 pixels, hidden ReLU layers (256, 128, 64 by default), 10 logits, softmax
 * cross-entropy against integer labels. One graph serves training (feed {@link #training} true) and
 * evaluation (its default, false, turns dropout off).
 */
public final class MnistNetwork {
    public final Graph graph = new Graph();
    /** Images [batch, 784] in [0, 1]. */
    public final Output images;
    /** Class labels [batch], int32. */
    public final Output labels;
    /** True while training (dropout on); false by default. */
    public final Output training;
    public final Output logits;
    /** The predicted class per image, int32. */
    public final Output predictions;
    /** Mean cross-entropy over the batch. */
    public final Output loss;
    public final Node trainStep;
    public final Node init;

    /** Which optimizer trains the network. */
    public enum OptimizerKind { ADAM, MOMENTUM }

    public MnistNetwork(int pixels, int[] hidden, int classes, OptimizerKind optimizer, double learningRate,
                        double dropout, long seed) {
        Tf tf = Tf.of(graph);
        images = tf.placeholder(DType.FLOAT32, Shape.of(-1, pixels), "images");
        labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
        training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
        Output h = images;
        int width = pixels;
        for (int i = 0; i < hidden.length; i++) {
            Tf layer = tf.withSubScope("hidden" + (i + 1));
            h = dense(layer, h, width, hidden[i], seed + i);
            h = layer.nn.relu(h);
            if (dropout > 0) h = layer.nn.dropout(h, dropout, training, seed + 100 + i);
            width = hidden[i];
        }
        logits = dense(tf.withSubScope("logits"), h, width, classes, seed + hidden.length);
        predictions = tf.argmax(logits, 1, DType.INT32);
        loss = tf.withName("loss").identity(tf.losses.sparseSoftmaxCrossEntropy(labels, logits));
        Optimizer opt = optimizer == OptimizerKind.ADAM ? tf.train.adam(learningRate) : tf.train.momentum(learningRate, 0.9);
        trainStep = opt.minimize(loss);
        init = tf.globalVariablesInitializer();
    }

    /** x W + b with W drawn by He's rule for ReLU layers and b zero. */
    private static Output dense(Tf tf, Output x, int in, int out, long seed) {
        Output w = tf.variable(tf.init.heNormal(Shape.of(in, out), DType.FLOAT32, seed), "weights");
        Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
        return tf.nn.biasAdd(tf.matmul(x, w), b);
    }
}
