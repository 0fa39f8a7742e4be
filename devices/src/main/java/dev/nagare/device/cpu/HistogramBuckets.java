package dev.nagare.device.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * The histogram TensorFlow's summaries hold: fixed buckets at 0 and at plus and minus limits growing by 10%
 * from 1e-12 to 1e20, then the largest double. Bucket {@code i} counts the values in
 * {@code [limit(i-1), limit(i))}. Written out, runs of empty buckets collapse into their last limit (as
 * TensorFlow's {@code Histogram::EncodeToProto} does without preserving zero buckets), so the same values give
 * the same HistogramProto.
 */
public final class HistogramBuckets {
    private static final double[] LIMITS = defaultLimits();

    private final double[] counts = new double[LIMITS.length];
    private double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, count, sum, sumSquares;

    private static double[] defaultLimits() {
        List<Double> positive = new ArrayList<>();
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

    /** Adds a finite value (the caller refuses NaN and infinities, naming its summary). */
    public void add(double v) {
        counts[upperBound(v)]++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        count++;
        sum += v;
        sumSquares += v * v;
    }

    public double min() { return min; }
    public double max() { return max; }
    public double count() { return count; }
    public double sum() { return sum; }
    public double sumSquares() { return sumSquares; }

    /** Bucket limits and counts with runs of empty buckets collapsed; equal lengths. */
    public record Collapsed(double[] limits, double[] counts) {}

    public Collapsed collapsed() {
        List<double[]> kept = new ArrayList<>();
        for (int i = 0; i < counts.length;) {
            double end = LIMITS[i], c = counts[i];
            i++;
            if (c <= 0) {
                while (i < counts.length && counts[i] <= 0) {
                    end = LIMITS[i];
                    c = counts[i];
                    i++;
                }
            }
            kept.add(new double[] {end, c});
        }
        double[] limits = new double[kept.size()], cs = new double[kept.size()];
        for (int i = 0; i < limits.length; i++) {
            limits[i] = kept.get(i)[0];
            cs[i] = kept.get(i)[1];
        }
        return new Collapsed(limits, cs);
    }

    /** The index of the first limit greater than {@code v} (C++'s {@code upper_bound}), at most the last. */
    private static int upperBound(double v) {
        int lo = 0, hi = LIMITS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (LIMITS[mid] <= v) lo = mid + 1;
            else hi = mid;
        }
        return Math.min(lo, LIMITS.length - 1);
    }
}
