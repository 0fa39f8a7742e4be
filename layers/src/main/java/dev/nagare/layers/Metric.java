package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;

/** Figures {@code fit} and {@code evaluate} report beside the loss, averaged over the examples. */
public enum Metric {
    /** The fraction classified right, read as the loss implies: argmax for categorical, p > 0.5 for binary. */
    ACCURACY,
    /** Mean absolute error, for regressions. */
    MEAN_ABSOLUTE_ERROR;

    public String kerasName() { return this == ACCURACY ? "accuracy" : "mae"; }

    Output build(Tf tf, Loss loss, Output labels, Output p) {
        if (this == MEAN_ABSOLUTE_ERROR) return tf.reduceMean(tf.abs(tf.sub(p, labels)));
        Output right = switch (loss) {
            case SPARSE_CATEGORICAL_CROSSENTROPY -> tf.equal(tf.argmax(p, 1, DType.INT32), labels);
            case CATEGORICAL_CROSSENTROPY -> tf.equal(tf.argmax(p, 1, DType.INT32), tf.argmax(labels, 1, DType.INT32));
            case BINARY_CROSSENTROPY -> tf.equal(tf.greater(p, tf.scalar(0.5, DType.FLOAT32)), tf.greater(labels, tf.scalar(0.5, DType.FLOAT32)));
            default -> throw new IllegalArgumentException("accuracy needs a classification loss, not " + loss.kerasName());
        };
        return tf.reduceMean(tf.cast(right, DType.FLOAT32));
    }
}
