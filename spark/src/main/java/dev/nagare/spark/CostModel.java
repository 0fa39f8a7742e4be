package dev.nagare.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Scale on paper: the time of one synchronous step on W workers (one task slot, one core each),
 * <pre>
 *   T(W) = C / W  +  (s0 + s1 W)  +  B (b + g W)  +  B (1 + W) / link
 * </pre>
 * C: the step's computation on one worker (one Session on the whole global batch); s0 + s1 W: a Spark job of W
 * tasks that does nothing; B (b + g W): broadcasting B bytes of weights and collecting and adding W arrays of B
 * bytes of gradients on the driver, beyond the empty job; B (1 + W) / link: the same bytes over the driver's
 * network link, which local mode does not have (an assumed {@value #LINK_GBIT} Gbit/s). s0, s1, b and g are fitted
 * by least squares to rounds measured on the running Spark context with 1, 2, 4 and 8 tasks; the speedup is
 * C / T(W) against one worker running the plain Session.
 *
 * @param computeMs C
 * @param bytes     B, the weights' (and the gradients') size
 * @param jobMs     s0
 * @param taskMs    s1
 * @param byteMs    b, per byte broadcast
 * @param taskByteMs g, per byte collected and added, per task
 */
record CostModel(double computeMs, long bytes, double jobMs, double taskMs, double byteMs, double taskByteMs) {
    static final double LINK_GBIT = 10;
    static final int[] TASKS = {1, 2, 4, 8};
    static final int[] WORKERS = {1, 2, 4, 8, 16, 32, 64};

    /** The predicted step time on {@code workers} for a model {@code scale} times as big (computation and bytes). */
    double stepMs(int workers, double scale) {
        double b = bytes * scale;
        return computeMs * scale / workers + jobMs + taskMs * workers + b * (byteMs + taskByteMs * workers) + b * (1 + workers) / linkBytesPerMs();
    }

    double speedup(int workers, double scale) { return computeMs * scale / stepMs(workers, scale); }

    /** The worker count of the shortest step: where dT/dW = 0, C / W^2 = s1 + g B + B / link. */
    double bestWorkers(double scale) {
        double b = bytes * scale;
        return Math.sqrt(computeMs * scale / (taskMs + taskByteMs * b + b / linkBytesPerMs()));
    }

    private static double linkBytesPerMs() { return LINK_GBIT * 1e9 / 8 / 1e3; }

    /**
     * Fits the model to measured medians: {@code emptyMs[i]} and {@code syncMs[i]} are jobs of {@code tasks[i]} tasks
     * without and with the weights' broadcast and the gradients' collection. Coefficients are kept at zero or above.
     */
    static CostModel fit(double computeMs, long bytes, int[] tasks, double[] emptyMs, double[] syncMs) {
        double[] job = line(tasks, emptyMs);
        double[] extra = new double[tasks.length];
        for (int i = 0; i < tasks.length; i++) extra[i] = (syncMs[i] - emptyMs[i]) / bytes;
        double[] sync = line(tasks, extra);
        return new CostModel(computeMs, bytes, job[0], job[1], sync[0], sync[1]);
    }

    /** Least-squares a + c x through the points, each coefficient clamped at zero (and then the other refitted). */
    static double[] line(int[] x, double[] y) {
        int n = x.length;
        double mx = Arrays.stream(x).average().orElse(0), my = Arrays.stream(y).average().orElse(0), sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double c = sxx == 0 ? 0 : sxy / sxx, a = my - c * mx;
        if (c < 0) return new double[] {Math.max(0, my), 0};
        if (a < 0) {
            double sx2 = 0, sxy0 = 0;
            for (int i = 0; i < n; i++) {
                sx2 += (double) x[i] * x[i];
                sxy0 += x[i] * y[i];
            }
            return new double[] {0, Math.max(0, sxy0 / sx2)};
        }
        return new double[] {a, c};
    }

    /**
     * Measures the rounds on {@code sc}: for each task count, {@code rounds} empty jobs and {@code rounds} jobs that
     * broadcast {@code bytes} of floats and collect as many from every task, adding them on the driver in order.
     */
    static CostModel measure(JavaSparkContext sc, double computeMs, long bytes, int rounds) {
        int floats = (int) (bytes / Float.BYTES);
        double[] emptyMs = new double[TASKS.length], syncMs = new double[TASKS.length];
        for (int t = 0; t < TASKS.length; t++) {
            List<Integer> ids = new ArrayList<>();
            for (int i = 0; i < TASKS[t]; i++) ids.add(i);
            var parts = sc.parallelize(ids, TASKS[t]).cache();
            parts.count();
            double[] empty = new double[rounds], sync = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long start = System.nanoTime();
                parts.map(i -> i).collect();
                empty[r] = (System.nanoTime() - start) / 1e6;
                start = System.nanoTime();
                Broadcast<float[]> weights = sc.broadcast(new float[floats]);
                List<float[]> grads = parts.map(i -> {
                    float[] w = weights.value(), g = new float[w.length];
                    g[0] = w[0] + i;
                    return g;
                }).collect();
                float[] sum = new float[floats];
                for (float[] g : grads) for (int j = 0; j < floats; j++) sum[j] += g[j];
                weights.destroy();
                sync[r] = (System.nanoTime() - start) / 1e6;
            }
            parts.unpersist(false);
            Arrays.sort(empty);
            Arrays.sort(sync);
            emptyMs[t] = empty[rounds / 2];
            syncMs[t] = sync[rounds / 2];
            System.out.printf(Locale.ROOT, "  rounds of %d task(s): empty job %.1f ms, with %.2f MB broadcast and collected per task %.1f ms (medians of %d)%n",
                    TASKS[t], emptyMs[t], bytes / 1e6, syncMs[t], rounds);
        }
        return fit(computeMs, bytes, TASKS, emptyMs, syncMs);
    }

    /** The fitted terms, the predicted step time and speedup for 1 to 64 workers, for this model and one {@code bigger} times as big. */
    String table(double bigger) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "cost model: T(W) = C/W + %.2f + %.3f W ms + B (%.3g + %.3g W) ms/byte + B (1 + W) / (%.0f Gbit/s); C = %.1f ms, B = %.2f MB%n",
                jobMs, taskMs, byteMs, taskByteMs, LINK_GBIT, computeMs, bytes / 1e6));
        sb.append(String.format(Locale.ROOT, "| workers | this model: ms per step | speedup | %.0fx larger: ms per step | speedup |%n", bigger));
        sb.append("| ---: | ---: | ---: | ---: | ---: |\n");
        for (int w : WORKERS) {
            sb.append(String.format(Locale.ROOT, "| %d | %.1f | %.2f | %.1f | %.2f |%n", w, stepMs(w, 1), speedup(w, 1), stepMs(w, bigger), speedup(w, bigger)));
        }
        sb.append(String.format(Locale.ROOT, "shortest step at W = %.1f (this model), %.1f (%.0fx larger)%n", bestWorkers(1), bestWorkers(bigger), bigger));
        return sb.toString();
    }
}
