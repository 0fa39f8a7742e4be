package dev.nagare.gpucheck;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;

/**
 * The MNIST MLP of the README and of issue 15's figures: 784-256-128-64-10, ReLU, sparse softmax cross-entropy,
 * plain SGD, every node asking for {@code device} (soft placement keeps what has no kernel there on the CPU).
 * With {@code resident} the batch lives in variables (fed once to the initializer), so a step copies nothing
 * from the host: what the step-time figure measures.
 */
final class Mlp {
    static final int[] WIDTHS = {784, 256, 128, 64, 10};

    final Graph graph = new Graph();
    final Output images, labels, loss, predictions;
    final Node train, init;

    Mlp(String device, double learningRate, long seed, boolean resident) {
        Tf root = Tf.of(graph);
        Tf tf = device == null ? root : root.withDevice(device);
        Output x = root.placeholder(DType.FLOAT32, Shape.of(-1, WIDTHS[0]), "images");
        Output y = root.placeholder(DType.INT32, Shape.of(-1), "labels");
        images = x;
        labels = y;
        Output in = resident ? tf.variable(x, "resident_images", false) : x;
        Output lab = resident ? tf.variable(y, "resident_labels", false) : y;
        Output h = in;
        for (int i = 1; i < WIDTHS.length; i++) {
            Tf layer = tf.withSubScope("layer" + i);
            Output w = layer.variable(layer.init.heNormal(Shape.of(WIDTHS[i - 1], WIDTHS[i]), DType.FLOAT32, seed + i), "weights");
            Output b = layer.variable(layer.init.zeros(Shape.of(WIDTHS[i]), DType.FLOAT32), "bias");
            h = layer.nn.biasAdd(layer.matmul(h, w), b);
            if (i < WIDTHS.length - 1) h = layer.nn.relu(h);
        }
        predictions = tf.argmax(h, 1, DType.INT32);
        loss = tf.losses.sparseSoftmaxCrossEntropy(lab, h);
        train = tf.train.gradientDescent(learningRate).minimize(loss);
        init = tf.globalVariablesInitializer();
    }
}
