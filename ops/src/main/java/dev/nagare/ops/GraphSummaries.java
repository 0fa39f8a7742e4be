package dev.nagare.ops;

import dev.nagare.graph.Output;
import java.util.List;

/**
 * Summaries as graph ops, as {@code tf.summary} of TensorFlow 1: each returns a string scalar holding a
 * serialized Summary proto; fetch it and hand it to a summary writer.
 */
public final class GraphSummaries {
    private final Tf tf;

    GraphSummaries(Tf tf) { this.tf = tf; }

    /** {@code value} (one element) under {@code tag}. */
    public Output scalar(String tag, Output value) {
        return tf.scope().node(SummaryOps.SCALAR_SUMMARY, "ScalarSummary").input(tf.constant(tag)).input(value).build().output(0);
    }

    /** The histogram of {@code values} under {@code tag}. */
    public Output histogram(String tag, Output values) {
        return tf.scope().node(SummaryOps.HISTOGRAM_SUMMARY, "HistogramSummary").input(tf.constant(tag)).input(values).build().output(0);
    }

    /** The given summaries as one. */
    public Output merge(List<Output> summaries) {
        return tf.scope().node(SummaryOps.MERGE_SUMMARY, "MergeSummary").inputs(summaries).build().output(0);
    }
}
