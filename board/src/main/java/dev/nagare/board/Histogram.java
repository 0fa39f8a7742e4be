package dev.nagare.board;

import dev.nagare.graph.Tensor;
import org.tensorflow.proto.HistogramProto;

/**
 * The histogram TensorFlow's summaries hold: its fixed buckets (0, and plus and minus limits growing by 10% from
 * 1e-12 to 1e20, then the largest double), with runs of empty buckets collapsed into their last limit as
 * TensorFlow's {@code Histogram::EncodeToProto} does, so the same values give the same HistogramProto.
 * Bucket {@code i} counts the values in {@code [limit(i-1), limit(i))}.
 */
public final class Histogram {
    private static final double[] LIMITS = defaultLimits();

    private Histogram() {}

    private static double[] defaultLimits() {
        java.util.List<Double> positive = new java.util.ArrayList<>();
        for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) positive.add(v);
        positive.add(Double.MAX_VALUE);
        int n = positive.size();
        double[] limits = new double[2 * n + 1];
        for (int i = 0; i < n; i++) {
            limits[n - 1 - i] = -positive.get(i);
            limits[n + 1 + i] = positive.get(i);
        }
        limits[n] = 0.0;
        return limits;
    }

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
        double[] counts = new double[LIMITS.length];
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0, sumSquares = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) throw new IllegalArgumentException((Double.isNaN(v) ? "NaN" : "Infinity") + " in summary histogram for: " + tag);
            counts[upperBound(v)]++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sumSquares += v * v;
        }
        HistogramProto.Builder p = HistogramProto.newBuilder().setMin(min).setMax(max).setNum(values.length).setSum(sum).setSumSquares(sumSquares);
        for (int i = 0; i < counts.length;) {
            double end = LIMITS[i], count = counts[i];
            i++;
            if (count <= 0) {
                while (i < counts.length && counts[i] <= 0) {
                    end = LIMITS[i];
                    count = counts[i];
                    i++;
                }
            }
            p.addBucketLimit(end).addBucket(count);
        }
        return p.build();
    }

    /** The index of the first limit greater than {@code v} (C++'s {@code upper_bound}). */
    private static int upperBound(double v) {
        int lo = 0, hi = LIMITS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (LIMITS[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return Math.min(lo, LIMITS.length - 1);   // only Double.MAX_VALUE itself lands past the end
    }
}
