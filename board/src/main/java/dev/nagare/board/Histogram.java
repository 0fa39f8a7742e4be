package dev.nagare.board;

import dev.nagare.device.cpu.HistogramBuckets;
import dev.nagare.graph.Tensor;
import org.tensorflow.proto.HistogramProto;

/**
 * The histogram TensorFlow's summaries hold, as a HistogramProto: TensorFlow's fixed buckets with runs of empty
 * ones collapsed (see {@link HistogramBuckets}, which the HistogramSummary op's kernel uses too), so the same
 * values give the same proto here and in the graph.
 */
public final class Histogram {
    private Histogram() {}

    /** The histogram of a tensor's values (any numeric dtype). */
    public static HistogramProto of(String tag, Tensor values) {
        double[] d = new double[values.size()];
        for (int i = 0; i < d.length; i++) d[i] = values.getDouble(i);
        return of(tag, d);
    }

    /**
     * The histogram of {@code values}.
     *
     * @throws IllegalArgumentException when a value is NaN or infinite, as TensorFlow refuses them ({@code tag} names
     *         the summary in the message)
     */
    public static HistogramProto of(String tag, double[] values) {
        HistogramBuckets h = new HistogramBuckets();
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException((Double.isNaN(v) ? "NaN" : "Infinity") + " in summary histogram for: " + tag);
            h.add(v);
        }
        HistogramBuckets.Collapsed c = h.collapsed();
        HistogramProto.Builder p = HistogramProto.newBuilder().setMin(h.min()).setMax(h.max()).setNum(h.count()).setSum(h.sum()).setSumSquares(h.sumSquares());
        for (int i = 0; i < c.limits().length; i++) p.addBucketLimit(c.limits()[i]).addBucket(c.counts()[i]);
        return p.build();
    }
}
