package dev.nagare.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the training step scales, TF Java and Nagare timed back to back in this process for each row: (a) the
 * default MLP 784-256-128-64-10 over batch sizes {@link #BATCHES}; (b) at batch {@value #WIDTH_BATCH}, networks
 * 784-W-W/2-W/4-10 for the widths {@link #WIDTHS}. It shows where each engine's fixed cost per run stops
 * mattering and how both follow the growing matrix products.
 *
 * <p>Thirteen rows of two engines take too long with the default 1 s rounds, so this case has its own
 * {@link Harness} with rounds of at most {@value #ROUND_MS} ms (shorter when {@code nagare.bench.warmupMs} /
 * {@code nagare.bench.roundMs} ask for less); the tables say so. There is no 50-step sanity run per row (the
 * training case does that); after its timed steps each engine's loss on batch 0 must still be finite.
 *
 * <pre>
 *   ./nagare bench scaling
 * </pre>
 */
final class ScalingBench {
    static final int[] BATCHES = {32, 64, 128, 256, 512, 1024, 2048, 4096};
    static final int[] WIDTHS = {64, 128, 256, 512, 1024};
    static final int WIDTH_BATCH = 128;
    static final long ROUND_MS = 300;
    /** Untimed steps per engine before the first row, so that it is not measured on a cold JIT (see {@link #prime}). */
    static final long PRIME_MS = 1_000;

    /** One configuration, both engines' median step time. */
    record Row(String network, int width, int batch, double tfNs, double ngNs) {
        double ratio() { return tfNs / ngNs; } // above 1: Nagare's step is shorter
    }

    private final long warmupMs, roundMs;
    private final String defaultNetwork;
    private final List<Row> byBatch = new ArrayList<>(), byWidth = new ArrayList<>();

    private ScalingBench(long warmupMs, long roundMs, String defaultNetwork) {
        this.warmupMs = warmupMs;
        this.roundMs = roundMs;
        this.defaultNetwork = defaultNetwork;
    }

    static ScalingBench run() {
        long warmupMs = Math.min(ROUND_MS, Long.getLong("nagare.bench.warmupMs", 1_000));
        long roundMs = Math.min(ROUND_MS, Long.getLong("nagare.bench.roundMs", 1_000));
        Harness h = new Harness(warmupMs, roundMs);
        int pool = TrainingBench.POOL;
        for (int b : BATCHES) pool = Math.max(pool, b); // the largest batch must fit in the pool
        TrainingData data = new TrainingData(pool, 1234);
        ScalingBench out = new ScalingBench(warmupMs, roundMs, data.network());
        System.err.printf(Locale.ROOT, "scaling: pool of %d images, %d ms warm-up, %d rounds of %d ms%n",
                pool, warmupMs, Harness.ROUNDS, roundMs);
        prime(data, BATCHES[0]);
        for (int batch : BATCHES) out.byBatch.add(measure(h, data, 0, batch));
        for (int w : WIDTHS) {
            // Same seed: the same images; only the weights (and their shapes) differ
            TrainingData wide = new TrainingData(pool, 1234, w, w / 2, w / 4);
            out.byWidth.add(measure(h, wide, w, WIDTH_BATCH));
        }
        return out;
    }

    private static Row measure(Harness h, TrainingData data, int width, int batch) {
        String bench = String.format(Locale.ROOT, "scaling %s b=%d", data.network(), batch);
        double tf, ng;
        try (TrainingTfJava e = new TrainingTfJava(data, batch)) {
            tf = h.run(bench, e.name(), e).medianNs();
            finiteLoss(e, bench);
        }
        try (TrainingNagare e = new TrainingNagare(data, batch)) {
            ng = h.run(bench, e.name(), e).medianNs();
            finiteLoss(e, bench);
        }
        return new Row(data.network(), width, batch, tf, ng);
    }

    /**
     * Runs each engine's training step untimed for {@value #PRIME_MS} ms. A row's own warm-up is short here, and
     * when this case runs alone the first row would otherwise pay for compiling Nagare's whole session code path
     * (seen as a first row several times slower than the second).
     */
    private static void prime(TrainingData data, int batch) {
        try (TrainingTfJava tf = new TrainingTfJava(data, batch); TrainingNagare ng = new TrainingNagare(data, batch)) {
            for (TrainingEngine e : new TrainingEngine[] {tf, ng}) {
                long end = System.nanoTime() + PRIME_MS * 1_000_000L;
                while (System.nanoTime() < end) e.run();
            }
        }
    }

    /** The cheap check that remains: hundreds of steps later, the loss must not have blown up. */
    private static void finiteLoss(TrainingEngine e, String bench) {
        float loss = e.loss(0);
        if (!Float.isFinite(loss)) throw new AssertionError(bench + " on " + e.name() + ": loss " + loss + " after timing");
    }

    void printTables(PrintStream out) {
        String timing = String.format(Locale.ROOT, "timed with shorter rounds than the other cases: %d ms warm-up, "
                + "median of %d rounds of %d ms", warmupMs, Harness.ROUNDS, roundMs);
        out.println();
        out.printf(Locale.ROOT, "Training scaling with batch size, MLP %s, SGD (%d cores; %s)%n", defaultNetwork,
                Runtime.getRuntime().availableProcessors(), timing);
        String head = "%6s  %13s  %13s  %14s  %14s  %9s%n";
        out.printf(Locale.ROOT, head, "batch", "TF ms/step", "Nagare ms/step", "TF examples/s", "Nagare ex./s", "TF/Nagare");
        out.println("-".repeat(6 + 13 + 13 + 14 + 14 + 9 + 10));
        for (Row r : byBatch) {
            out.printf(Locale.ROOT, "%6d  %13.3f  %13.3f  %14.0f  %14.0f  %9.2f%n", r.batch(), r.tfNs() / 1e6,
                    r.ngNs() / 1e6, r.batch() / (r.tfNs() / 1e9), r.batch() / (r.ngNs() / 1e9), r.ratio());
        }
        out.println();
        out.printf(Locale.ROOT, "Training scaling with width, MLP 784-W-W/2-W/4-10 at batch %d, SGD (%s)%n", WIDTH_BATCH, timing);
        String whead = "%6s  %-22s  %13s  %13s  %9s%n";
        out.printf(Locale.ROOT, whead, "W", "network", "TF ms/step", "Nagare ms/step", "TF/Nagare");
        out.println("-".repeat(6 + 22 + 13 + 13 + 9 + 8));
        for (Row r : byWidth) {
            out.printf(Locale.ROOT, "%6d  %-22s  %13.3f  %13.3f  %9.2f%n", r.width(), r.network(), r.tfNs() / 1e6,
                    r.ngNs() / 1e6, r.ratio());
        }
        out.println("TF/Nagare: TF Java's step time over Nagare's (above 1: Nagare is faster)");
    }
}
