package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;

/**
 * Figures {@code fit} and {@code evaluate} report beside the loss. Accuracy and MAE are computed in the graph
 * and averaged over the examples; precision, recall and AUC of a binary classifier (one sigmoid output)
 * count over all the examples of an epoch or evaluation on the host ({@link BinaryCounts}), since an
 * average of per-batch precisions is not the precision.
 */
public enum Metric {
    /** The fraction classified right, read as the loss implies: argmax for categorical, p > 0.5 for binary. */
    ACCURACY,
    /** Mean absolute error, for regressions. */
    MEAN_ABSOLUTE_ERROR,
    /** Of the examples predicted positive (p > 0.5), the fraction that are. */
    PRECISION,
    /** Of the positive examples, the fraction predicted positive (p > 0.5). */
    RECALL,
    /** Area under the ROC curve, exact (by ranking), not through Keras's 200 thresholds. */
    AUC;

    public String kerasName() {
        return switch (this) {
            case ACCURACY -> "accuracy";
            case MEAN_ABSOLUTE_ERROR -> "mae";
            case PRECISION -> "precision";
            case RECALL -> "recall";
            case AUC -> "auc";
        };
    }

    /** Whether this figure is counted on the host over a whole pass rather than averaged over batches. */
    boolean counted() { return this == PRECISION || this == RECALL || this == AUC; }

    Output build(Tf tf, Loss loss, Output labels, Output p) {
        if (this == MEAN_ABSOLUTE_ERROR) return tf.reduceMean(tf.abs(tf.sub(p, labels)));
        if (this != ACCURACY) throw new IllegalStateException(this + " is counted on the host");
        Output right = switch (loss) {
            case SPARSE_CATEGORICAL_CROSSENTROPY -> tf.equal(tf.argmax(p, 1, DType.INT32), labels);
            case CATEGORICAL_CROSSENTROPY -> tf.equal(tf.argmax(p, 1, DType.INT32), tf.argmax(labels, 1, DType.INT32));
            case BINARY_CROSSENTROPY -> tf.equal(tf.greater(p, tf.scalar(0.5, DType.FLOAT32)), tf.greater(labels, tf.scalar(0.5, DType.FLOAT32)));
            default -> throw new IllegalArgumentException("accuracy needs a classification loss, not " + loss.kerasName());
        };
        return tf.reduceMean(tf.cast(right, DType.FLOAT32));
    }
}
