package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;

/**
 * The losses {@code compile} takes, by their Keras names. Each knows the labels it expects. When the model
 * ends in the activation a cross-entropy undoes (softmax for the categorical ones, sigmoid for the binary
 * one), the loss is computed from the logits before it, in one stable step, as Keras does; otherwise from
 * the predictions, clipped away from 0 and 1.
 */
public enum Loss {
    /** Integer class labels [batch] against class probabilities [batch, classes]. */
    SPARSE_CATEGORICAL_CROSSENTROPY,
    /** One-hot (or soft) labels [batch, classes] against class probabilities. */
    CATEGORICAL_CROSSENTROPY,
    /** Labels in [0, 1] against probabilities of the same shape. */
    BINARY_CROSSENTROPY,
    MEAN_SQUARED_ERROR,
    MEAN_ABSOLUTE_ERROR;

    private static final double EPSILON = 1e-7;

    /** The labels' dtype and shape for predictions of shape {@code predictions}. */
    Output labelsPlaceholder(Tf tf, Shape predictions) {
        if (this == SPARSE_CATEGORICAL_CROSSENTROPY) return tf.placeholder(DType.INT32, Shape.of(-1), "labels");
        return tf.placeholder(DType.FLOAT32, predictions, "labels");
    }

    /** The loss of each example of the batch, [batch]: its mean is what {@code fit} reports and minimizes. */
    Output perExample(Tf tf, Output labels, Layer.Built last) {
        Output p = last.output();
        boolean fromLogits = switch (this) {
            case SPARSE_CATEGORICAL_CROSSENTROPY, CATEGORICAL_CROSSENTROPY -> last.activation() == Activation.SOFTMAX;
            case BINARY_CROSSENTROPY -> last.activation() == Activation.SIGMOID;
            default -> false;
        };
        Output logits = last.preActivation();
        return switch (this) {
            case SPARSE_CATEGORICAL_CROSSENTROPY -> fromLogits ? tf.nn.sparseSoftmaxCrossEntropyWithLogits(labels, logits)
                    : crossEntropy(tf, tf.oneHot(labels, classes(p), DType.FLOAT32), p);
            case CATEGORICAL_CROSSENTROPY -> fromLogits ? tf.nn.softmaxCrossEntropyWithLogits(labels, logits) : crossEntropy(tf, labels, p);
            case BINARY_CROSSENTROPY -> meanPerExample(tf, fromLogits ? tf.nn.sigmoidCrossEntropyWithLogits(labels, logits)
                    : binaryCrossEntropy(tf, labels, p));
            case MEAN_SQUARED_ERROR -> meanPerExample(tf, tf.square(tf.sub(p, labels)));
            case MEAN_ABSOLUTE_ERROR -> meanPerExample(tf, tf.abs(tf.sub(p, labels)));
        };
    }

    /** The mean over every axis but the batch axis. */
    private static Output meanPerExample(Tf tf, Output x) {
        int rank = x.shape().rank();
        if (rank <= 1) return x;
        int[] axes = new int[rank - 1];
        for (int i = 1; i < rank; i++) axes[i - 1] = i;
        return tf.reduceMean(x, axes, false);
    }

    private static int classes(Output p) {
        if (!p.shape().hasRank() || p.shape().rank() != 2 || p.shape().dim(1) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("a categorical loss needs predictions of shape [batch, classes], got " + p.shape());
        }
        return p.shape().dim(1);
    }

    /** Per example, -sum(labels * log(p)), p clipped to [eps, 1 - eps]. */
    private static Output crossEntropy(Tf tf, Output labels, Output p) {
        Output logP = tf.log(clip(tf, p));
        return tf.neg(tf.reduceSum(tf.mul(labels, logP), new int[] {1}, false));
    }

    /** Elementwise -(y log p + (1 - y) log(1 - p)), p clipped to [eps, 1 - eps]. */
    private static Output binaryCrossEntropy(Tf tf, Output y, Output p) {
        Output c = clip(tf, p);
        Output one = tf.scalar(1, DType.FLOAT32);
        return tf.neg(tf.add(tf.mul(y, tf.log(c)), tf.mul(tf.sub(one, y), tf.log(tf.sub(one, c)))));
    }

    private static Output clip(Tf tf, Output p) {
        return tf.minimum(tf.maximum(p, tf.scalar(EPSILON, DType.FLOAT32)), tf.scalar(1 - EPSILON, DType.FLOAT32));
    }

    /** Keras's name for it: {@code sparse_categorical_crossentropy}, {@code mse}, ... */
    public String kerasName() { return name().toLowerCase(); }

    /** A loss by its Keras name or abbreviation ({@code "mse"}, {@code "mae"}, {@code "binary_crossentropy"}). */
    public static Loss named(String name) {
        String n = name.toLowerCase();
        if (n.equals("mse")) return MEAN_SQUARED_ERROR;
        if (n.equals("mae")) return MEAN_ABSOLUTE_ERROR;
        for (Loss l : values()) if (l.kerasName().equals(n)) return l;
        throw new IllegalArgumentException("no loss named '" + name + "'; there are " + java.util.Arrays.stream(values()).map(Loss::kerasName).toList());
    }
}
