package dev.nagare.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training steps of an MLP 784-256-128-64-10 (ReLU hidden layers, softmax cross-entropy against one-hot
 * labels, plain SGD at learning rate 0.01, weights from a truncated normal of stddev 0.05, zero biases) on
 * TensorFlow Java 1.1.0 and on Nagare, for several batch sizes.
 *
 * <p>One step is forward + backward + the update of all 8 variables, on a batch taken round-robin from a
 * fixed pool of random images whose tensors are made before timing. Both engines start from the same
 * weights and see the same batches. For each batch size: a sanity check (50 steps per engine, the loss on
 * batch 0 must fall, and both engines' losses are compared), then TF Java and Nagare are timed back to back
 * with {@link Harness}, then Nagare's allocation per step and heap peak are measured.
 *
 * <pre>
 *   ./nagare bench training              # batch sizes 32, 128, 512
 *   ./nagare bench training 2048 64      # other batch sizes
 * </pre>
 */
final class TrainingBench {
    static final int[] DEFAULT_BATCHES = {32, 128, 512};
    static final int POOL = 4096;
    static final int SANITY_STEPS = 50;
    /** Steps over which Nagare's allocation is measured. */
    static final int ALLOC_STEPS = Integer.getInteger("nagare.bench.allocSteps", 300);

    /** One timed row. */
    record Row(int batch, String engine, double msPerStep, double examplesPerSec, double speedup) {}

    /** Nagare's memory figures for one batch size. */
    record Memory(int batch, int steps, double callerBytesPerStep, double allThreadsBytesPerStep, int threadsSeen,
                  long liveBeforeBytes, long peakBytes, long liveAfterBytes) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<Memory> memory = new ArrayList<>();
    private final String network;

    private TrainingBench(String network) { this.network = network; }

    /** Examples per second of {@code engine} at {@code batch}, or NaN when that was not measured. */
    double examplesPerSec(int batch, String engine) {
        for (Row r : rows) if (r.batch() == batch && r.engine().equals(engine)) return r.examplesPerSec();
        return Double.NaN;
    }

    /** Nagare's memory figures at {@code batch}, or null when that was not measured. */
    Memory memory(int batch) {
        for (Memory m : memory) if (m.batch() == batch) return m;
        return null;
    }

    /** The batch sizes among {@code args} (the numbers), or the defaults when none is given. */
    static int[] batchSizes(List<String> args) {
        int[] given = args.stream().filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).filter(b -> b > 0).toArray();
        return given.length > 0 ? given : DEFAULT_BATCHES.clone();
    }

    /** Steps a fresh engine takes before its allocation is measured. */
    static final int WARM_STEPS = 200;

    /** Runs every batch size of {@code args} (see {@link #batchSizes}); returns the results for {@link #printTable}. */
    static TrainingBench run(Harness h, List<String> args) {
        int[] batches = batchSizes(args);
        int pool = POOL;
        for (int b : batches) pool = Math.max(pool, b);
        TrainingData data = new TrainingData(pool, 1234);
        System.err.printf(Locale.ROOT, "training: MLP %s, SGD lr %.2f, pool of %d images, batches %s, %d cores%n",
                data.network(), TrainingData.LEARNING_RATE, pool,
                java.util.Arrays.toString(batches), Runtime.getRuntime().availableProcessors());
        TrainingBench out = new TrainingBench(data.network());
        for (int batch : batches) out.runBatch(h, data, batch);
        return out;
    }

    private void runBatch(Harness h, TrainingData data, int batch) {
        String bench = String.format(Locale.ROOT, "training MLP b=%d", batch);
        double tfMedian, ngMedian;
        String ngName;
        // Both engines timed in turns (a drifting machine slows both alike), from the same start.
        try (TrainingTfJava tf = new TrainingTfJava(data, batch); TrainingNagare ng = new TrainingNagare(data, batch)) {
            compare(batch, sanity(tf, batch), sanity(ng, batch));
            h.runInTurns(bench, tf.name(), tf, ng.name(), ng, 0);
            tfMedian = h.find(bench, tf.name()).medianNs();
            ngMedian = h.find(bench, ng.name()).medianNs();
            ngName = ng.name();
        }
        rows.add(row(batch, TfJavaSessionBench.ENGINE, tfMedian, tfMedian));
        rows.add(row(batch, ngName, ngMedian, tfMedian));

        // Nagare's memory: a fresh engine, so that the live heap before it is measured without it (or TF Java)
        MemoryStats.gcAndResetPeaks();
        long liveBefore = MemoryStats.heapUsed();
        try (TrainingNagare ng = new TrainingNagare(data, batch)) {
            for (int i = 0; i < WARM_STEPS; i++) ng.run(); // plans and buffers made, code compiled
            MemoryStats.Alloc alloc = MemoryStats.allocated(ng, ALLOC_STEPS);
            long peak = MemoryStats.heapPeak();
            long liveAfter = MemoryStats.gcAndHeapUsed();
            Memory m = new Memory(batch, ALLOC_STEPS, (double) alloc.callerBytes() / ALLOC_STEPS,
                    (double) alloc.allThreadsBytes() / ALLOC_STEPS, alloc.threads(), liveBefore, peak, liveAfter);
            memory.add(m);
            System.err.printf(Locale.ROOT, "  %-28s Nagare allocates %.1f KiB/step on the calling thread, %.1f KiB/step over "
                    + "all %d threads; heap peak %.1f MiB (live %.1f MiB before, %.1f MiB after, after GC)%n",
                    bench, m.callerBytesPerStep() / 1024, m.allThreadsBytesPerStep() / 1024, m.threadsSeen(),
                    mib(peak), mib(liveBefore), mib(liveAfter));
        }
    }

    private static Row row(int batch, String engine, double medianNs, double baselineNs) {
        return new Row(batch, engine, medianNs / 1e6, batch / (medianNs / 1e9), baselineNs / medianNs);
    }

    /**
     * {@value #SANITY_STEPS} training steps; returns {loss on batch 0 before, per-step losses..., loss on batch 0
     * after}. Fails unless the loss on batch 0 fell and every loss is finite.
     */
    private static float[] sanity(TrainingEngine e, int batch) {
        float[] out = new float[SANITY_STEPS + 2];
        out[0] = e.loss(0);
        for (int s = 0; s < SANITY_STEPS; s++) out[s + 1] = e.stepWithLoss();
        out[SANITY_STEPS + 1] = e.loss(0);
        for (float v : out) {
            if (!Float.isFinite(v)) throw new AssertionError("training b=" + batch + " on " + e.name() + ": loss " + v);
        }
        float first = out[0], last = out[SANITY_STEPS + 1];
        System.err.printf(Locale.ROOT, "  training b=%-5d %-14s loss on batch 0: %.5f -> %.5f after %d steps "
                + "(step losses: first 5 mean %.5f, last 5 mean %.5f)%n", batch, e.name(), first, last, SANITY_STEPS,
                mean(out, 1, 6), mean(out, SANITY_STEPS - 4, SANITY_STEPS + 1));
        if (!(last < first)) {
            throw new AssertionError("training b=" + batch + " on " + e.name() + ": loss did not fall (" + first + " -> " + last + ")");
        }
        return out;
    }

    /** Same weights and batches: the losses should agree up to float32 rounding. */
    private static void compare(int batch, float[] tf, float[] ng) {
        double worst = 0;
        for (int i = 0; i < tf.length; i++) worst = Math.max(worst, Math.abs(tf[i] - ng[i]) / Math.max(1, Math.abs(tf[i])));
        System.err.printf(Locale.ROOT, "  training b=%-5d TF Java vs Nagare: largest relative loss difference over %d "
                + "losses %.2e%s%n", batch, tf.length, worst, worst > 1e-3 ? "  WARNING: the engines disagree" : "");
    }

    private static double mean(float[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += a[i];
        return s / (to - from);
    }

    private static double mib(long bytes) { return bytes / (1024.0 * 1024.0); }

    /** Prints the per-step table and Nagare's memory figures. */
    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Training step, MLP %s, SGD (%d cores)%n", network, Runtime.getRuntime().availableProcessors());
        String head = "%6s  %-14s  %10s  %12s  %20s%n";
        out.printf(Locale.ROOT, head, "batch", "engine", "ms/step", "examples/s", "speedup vs TF Java");
        out.println("-".repeat(6 + 14 + 10 + 12 + 20 + 8));
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%6d  %-14s  %10.3f  %12.0f  %20.2f%n", r.batch(), r.engine(), r.msPerStep(),
                    r.examplesPerSec(), r.speedup());
        }
        if (memory.isEmpty()) return;
        out.println();
        out.println("Nagare memory per training step (allocation: mean over the steps measured; heap in MiB)");
        String mhead = "%6s  %6s  %16s  %18s  %8s  %11s  %9s  %10s%n";
        out.printf(Locale.ROOT, mhead, "batch", "steps", "KiB/step caller", "KiB/step all thr.", "threads",
                "live before", "heap peak", "live after");
        out.println("-".repeat(6 + 6 + 16 + 18 + 8 + 11 + 9 + 10 + 14));
        for (Memory m : memory) {
            out.printf(Locale.ROOT, "%6d  %6d  %16.1f  %18.1f  %8d  %11.1f  %9.1f  %10.1f%n", m.batch(), m.steps(),
                    m.callerBytesPerStep() / 1024, m.allThreadsBytesPerStep() / 1024, m.threadsSeen(),
                    mib(m.liveBeforeBytes()), mib(m.peakBytes()), mib(m.liveAfterBytes()));
        }
        out.println("caller: the benchmark thread (ThreadMXBean#getCurrentThreadAllocatedBytes); all thr.: every live"
                + " JVM thread's allocation over the same steps (includes Nagare's GEMM ForkJoin workers; "
                + "threads: how many allocated anything)");
        out.println("live before/after: heap used after System.gc() before building Nagare's engine / after its runs "
                + "(engine still alive); heap peak: sum of the heap pools' peak usage since the reset before the build"
                + " (mostly young-generation sizing, an upper bound)");
    }

    /** Heap and allocation readings from the platform MXBeans. */
    static final class MemoryStats {
        private MemoryStats() {}

        record Alloc(long callerBytes, long allThreadsBytes, int threads) {}

        private static List<MemoryPoolMXBean> heapPools() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
        }

        static void gcAndResetPeaks() {
            System.gc();
            for (MemoryPoolMXBean p : heapPools()) p.resetPeakUsage();
        }

        static long heapUsed() { return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(); }

        static long gcAndHeapUsed() {
            System.gc();
            return heapUsed();
        }

        /** Sum over the heap pools of their peak usage since the last reset. */
        static long heapPeak() {
            long sum = 0;
            for (MemoryPoolMXBean p : heapPools()) sum += p.getPeakUsage().getUsed();
            return sum;
        }

        /** Bytes allocated while running {@code op} {@code steps} times: by this thread, and by all threads. */
        static Alloc allocated(Runnable op, int steps) {
            com.sun.management.ThreadMXBean tmx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            if (!tmx.isThreadAllocatedMemorySupported()) return new Alloc(-1, -1, 0);
            if (!tmx.isThreadAllocatedMemoryEnabled()) tmx.setThreadAllocatedMemoryEnabled(true);
            long[] ids0 = tmx.getAllThreadIds();
            long[] before = tmx.getThreadAllocatedBytes(ids0);
            long self0 = tmx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < steps; i++) op.run();
            long self1 = tmx.getCurrentThreadAllocatedBytes();
            long[] ids1 = tmx.getAllThreadIds();
            long[] after = tmx.getThreadAllocatedBytes(ids1);
            Map<Long, Long> start = new HashMap<>();
            for (int i = 0; i < ids0.length; i++) if (before[i] >= 0) start.put(ids0[i], before[i]);
            long all = 0;
            int threads = 0;
            for (int i = 0; i < ids1.length; i++) {
                if (after[i] < 0) continue; // thread gone
                long d = after[i] - start.getOrDefault(ids1[i], 0L); // a thread started meanwhile counts whole
                if (d > 0) {
                    all += d;
                    threads++;
                }
            }
            return new Alloc(self1 - self0, all, threads);
        }
    }
}
