package dev.nagare.ops;

import dev.nagare.graph.Output;

/** Scalar losses averaged over a batch, as {@code tf.losses}. */
public final class Losses {
    private final Tf tf;

    Losses(Tf tf) { this.tf = tf; }

    /** Mean over the batch of softmax cross-entropy against one-hot (or soft) labels. */
    public Output softmaxCrossEntropy(Output onehotLabels, Output logits) {
        return tf.reduceMean(tf.nn.softmaxCrossEntropyWithLogits(onehotLabels, logits));
    }

    /** Mean over the batch of softmax cross-entropy against integer class labels. */
    public Output sparseSoftmaxCrossEntropy(Output labels, Output logits) {
        return tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits(labels, logits));
    }

    /** Mean of the elementwise logistic loss. */
    public Output sigmoidCrossEntropy(Output labels, Output logits) {
        return tf.reduceMean(tf.nn.sigmoidCrossEntropyWithLogits(labels, logits));
    }

    /** Mean of (predictions - labels)^2. */
    public Output meanSquaredError(Output labels, Output predictions) {
        return tf.reduceMean(tf.square(tf.sub(predictions, labels)));
    }
}
