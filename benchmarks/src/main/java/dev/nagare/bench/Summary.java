package dev.nagare.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The performance targets, one row each, filled from the figures the other cases recorded (nothing here is
 * measured again): matmul through a session against TF Java, the MNIST-shaped MLP's training throughput against
 * TF Java, the latency of a run of the add graph, Nagare's allocation per training step, and the fraction of the
 * machine's peak that the 2048 matmul reaches. "met?" is computed from the numbers; a figure that was not
 * measured in this run reads "-" and its "met?" reads "n/a".
 */
final class Summary {
    static final double MATMUL_RATIO = 1.0;     // Nagare GFLOP/s over TF Java's
    static final double TRAINING_RATIO = 1.2;   // Nagare examples/s over TF Java's
    static final double FEED_ADD_US = 1.0;      // Nagare's time per run of y = x + 2
    /**
     * What "near 0" allocation means here, in KiB per step over all threads (our reading of the target): under
     * 1% of what a step allocated before kernel buffers were reused (6.5 MiB at batch 512). What remains is
     * per-run bookkeeping (result tensors' wrappers, the run's lists and tasks), not tensor data.
     */
    static final double NEAR_ZERO_KIB = 64.0;
    /** The fraction of the all-core peak the 2048 matmul should reach; NaN: no target given, the row only reports. */
    static final double PEAK_FRACTION = Double.NaN;
    static final int[] TRAINING_BATCHES = TrainingBench.DEFAULT_BATCHES;

    private record Line(String what, String tf, String ng, String ratio, String target, String met) {}

    private final List<Line> lines = new ArrayList<>();

    private Summary() {}

    /** {@code training} and {@code peak} may be null (not run); the rows that need them then say so. */
    static void print(PrintStream out, Harness h, TrainingBench training, Peak.Result peak) {
        Summary s = new Summary();
        for (int n : MatMulBench.SQUARE) {
            String bench = MatMulBench.square(n).name();
            double tf = h.gflops(bench, TfJavaSessionBench.ENGINE), ng = h.gflops(bench, MatMulBench.ENGINE_SESSION);
            s.add("matmul fp32 n=" + n + " (GFLOP/s, session)", tf, ng, "%.1f", ng / tf, ">= " + MATMUL_RATIO + "x",
                    verdict(ng / tf, ng / tf >= MATMUL_RATIO));
        }
        for (int b : TRAINING_BATCHES) {
            double tf = training == null ? Double.NaN : training.examplesPerSec(b, TfJavaSessionBench.ENGINE);
            double ng = training == null ? Double.NaN : training.examplesPerSec(b, TrainingNagare.ENGINE);
            s.add("MNIST MLP train step b=" + b + " (examples/s)", tf, ng, "%.0f", ng / tf, ">= " + TRAINING_RATIO + "x",
                    verdict(ng / tf, ng / tf >= TRAINING_RATIO));
        }
        double tfAdd = us(h.find(Bench.FEED_ADD, TfJavaSessionBench.ENGINE));
        double ngAdd = us(h.find(Bench.FEED_ADD, NagareSessionBench.ENGINE));
        s.add("add graph, 1 fed placeholder (us/run)", tfAdd, ngAdd, "%.3f", tfAdd / ngAdd,
                "Nagare <= " + FEED_ADD_US + " us", verdict(ngAdd, ngAdd <= FEED_ADD_US));
        for (int b : TRAINING_BATCHES) {
            TrainingBench.Memory m = training == null ? null : training.memory(b);
            double kib = m == null ? Double.NaN : m.allThreadsBytesPerStep() / 1024;
            s.add("allocated per train step b=" + b + " (KiB, all thr.)", Double.NaN, kib, "%.1f", Double.NaN,
                    "near 0 (<= " + NEAR_ZERO_KIB + " KiB)", verdict(kib, kib <= NEAR_ZERO_KIB));
        }
        double ng2048 = h.gflops(MatMulBench.square(2048).name(), MatMulBench.ENGINE_SESSION);
        double fraction = peak == null ? Double.NaN : 100 * ng2048 / peak.allThreadsGflops();
        s.add("matmul n=2048 (% of all-core peak)", Double.NaN, fraction, "%.1f%%", Double.NaN,
                Double.isNaN(PEAK_FRACTION) ? "none set" : String.format(Locale.ROOT, ">= %.0f%%", 100 * PEAK_FRACTION),
                Double.isNaN(PEAK_FRACTION) ? null : verdict(fraction, fraction >= 100 * PEAK_FRACTION));
        s.printTable(out, peak);
    }

    private static double us(Harness.Measurement m) { return m == null ? Double.NaN : m.medianUs(); }

    /** {@code ok}, or null (no verdict) when the figure it is computed from was not measured. */
    private static Boolean verdict(double figure, boolean ok) { return Double.isNaN(figure) ? null : ok; }

    /** One row. NaN stands for "not measured" (or, for TF Java and the ratio, "not applicable"); met null: "n/a". */
    private void add(String what, double tf, double ng, String fmt, double ratio, String target, Boolean met) {
        lines.add(new Line(what, fig(fmt, tf), fig(fmt, ng), fig("%.2fx", ratio), target,
                met == null ? "n/a" : met ? "yes" : "no"));
    }

    private static String fig(String fmt, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    private void printTable(PrintStream out, Peak.Result peak) {
        int w = "what".length();
        for (Line l : lines) w = Math.max(w, l.what().length());
        String fmt = "%-" + w + "s  %10s  %10s  %7s  %-20s  %s%n";
        out.println();
        out.printf(Locale.ROOT, "Summary: targets (%d cores; figures from the tables above)%n",
                Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, fmt, "what", "TF Java", "Nagare", "ratio", "target", "met?");
        out.println("-".repeat(w + 10 + 10 + 7 + 20 + 4 + 10));
        for (Line l : lines) out.printf(Locale.ROOT, fmt, l.what(), l.tf(), l.ng(), l.ratio(), l.target(), l.met());
        out.println("ratio: how far Nagare is ahead of TF Java (rates: Nagare / TF Java; times: TF Java / Nagare);"
                + " allocation: mean over all JVM threads per step; peak: "
                + (peak == null ? "not measured" : String.format(Locale.ROOT, "%.1f GFLOP/s on %d threads",
                        peak.allThreadsGflops(), peak.threads())));
    }
}
