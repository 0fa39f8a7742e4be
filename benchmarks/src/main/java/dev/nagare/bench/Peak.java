package dev.nagare.bench;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 peak: how many fused multiply-adds per second the cores retire through the Vector API
 * ({@link FloatVector#SPECIES_PREFERRED}), on one thread and on one thread per core. It is the yardstick for the
 * matmul rows' "% of peak" column: a GEMM cannot go faster than this, so the fraction tells how much of the
 * machine an engine uses rather than only how it compares with the other engine.
 *
 * <p>Each thread runs {@link Kernel}: {@value #ACCUMULATORS} independent vector accumulators, each updated by
 * {@code v = a * b + v}. One FMA chain waits for the previous result (4 cycles or so), so a single chain would
 * measure latency; {@value #ACCUMULATORS} chains keep both FMA pipes of any current x86 or ARM core busy. The
 * timing is {@link Harness#time}: its warm-up lets C2 compile the kernel (vectors kept in registers), and the
 * median of its rounds is the figure. For all cores, one plain thread per core times its own kernel; the threads
 * are released together and their rates are summed.
 */
final class Peak {
    static final int ACCUMULATORS = 12;
    /** Inner iterations per call: long enough that the call overhead vanishes, short enough for Harness batches. */
    static final int ITERATIONS = 4096;
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    /** GFLOP/s on one thread and summed over {@code threads} threads (one per core). */
    record Result(int lanes, double oneThreadGflops, int threads, double allThreadsGflops, double[] perThreadGflops) {
        String describe() {
            return String.format(Locale.ROOT, "Machine peak, float32 FMA (Vector API, %d lanes, %d accumulators): "
                    + "1 thread %.1f GFLOP/s, %d threads %.1f GFLOP/s (sum of each thread's own rate)",
                    lanes, ACCUMULATORS, oneThreadGflops, threads, allThreadsGflops);
        }
    }

    private Peak() {}

    /**
     * Times of each measurement kept (the highest): the peak is a ceiling of the hardware, and whatever else runs on a
     * shared machine (or its hypervisor) only lowers a reading; one reading taken at a busy moment once gave 94
     * GFLOP/s on two threads where the others gave 156-159, and "% of peak" figures above 100%.
     */
    static final int ATTEMPTS = 3;

    /** Measures 1 thread, then all cores, with {@code h}'s warm-up and rounds; prints progress on stderr. */
    static Result measure(Harness h) {
        int lanes = SPECIES.length();
        double one = 0;
        for (int a = 0; a < ATTEMPTS; a++) one = Math.max(one, timeOne(h));
        System.err.printf(Locale.ROOT, "  %-28s %-18s %.1f GFLOP/s%n", "peak fp32 FMA", "1 thread", one);
        int threads = Runtime.getRuntime().availableProcessors();
        double[] each = null;
        double sum = 0;
        for (int a = 0; a < ATTEMPTS; a++) {
            double[] e = timeAll(h, threads);
            double s = 0;
            for (double g : e) s += g;
            if (s > sum) {
                sum = s;
                each = e;
            }
        }
        System.err.printf(Locale.ROOT, "  %-28s %-18s %.1f GFLOP/s (per thread: %s)%n", "peak fp32 FMA",
                threads + " threads", sum, java.util.Arrays.stream(each)
                        .mapToObj(g -> String.format(Locale.ROOT, "%.1f", g)).collect(java.util.stream.Collectors.joining(" ")));
        return new Result(lanes, one, threads, sum, each);
    }

    private static double timeOne(Harness h) {
        Kernel k = new Kernel();
        double g = Kernel.FLOPS / h.time(k).medianNs();
        k.check();
        return g;
    }

    /** One thread per core, started together by a latch; each times its own kernel; returns their GFLOP/s. */
    private static double[] timeAll(Harness h, int threads) {
        double[] gflops = new double[threads];
        Kernel[] kernels = new Kernel[threads];
        Thread[] workers = new Thread[threads];
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int i = t;
            kernels[i] = new Kernel();
            workers[i] = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                gflops[i] = Kernel.FLOPS / h.time(kernels[i]).medianNs();
            }, "nagare-peak-" + i);
            workers[i].start();
        }
        go.countDown();
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the peak", e);
            }
        }
        for (Kernel k : kernels) k.check(); // join() makes the workers' writes visible here
        return gflops;
    }

    /**
     * {@value #ACCUMULATORS} accumulators, {@value #ITERATIONS} FMAs each per call. They live in {@link #state}
     * between calls and are stored back after each call: the JIT must compute them, and {@link #check} reads them.
     * With {@code a = 0.5, b = 0} every accumulator stays exactly where it started: no overflow, no subnormals
     * (which would slow the FMAs down), and a result known in advance; the hardware does not skip a multiply by zero.
     */
    static final class Kernel implements Runnable {
        static final double FLOPS = 2.0 * ACCUMULATORS * ITERATIONS * SPECIES.length();

        private final float[] state = new float[ACCUMULATORS * SPECIES.length()];
        // Fields, not constants, so that the JIT cannot fold the arithmetic
        private float mul = 0.5f, zero = 0f;

        Kernel() {
            for (int i = 0; i < state.length; i++) state[i] = (float) i / state.length;
        }

        @Override
        public void run() {
            int n = SPECIES.length();
            FloatVector a = FloatVector.broadcast(SPECIES, mul), b = FloatVector.broadcast(SPECIES, zero);
            // Twelve named locals (not an array of vectors) so that C2 keeps each in a register
            FloatVector v0 = FloatVector.fromArray(SPECIES, state, 0), v1 = FloatVector.fromArray(SPECIES, state, n);
            FloatVector v2 = FloatVector.fromArray(SPECIES, state, 2 * n), v3 = FloatVector.fromArray(SPECIES, state, 3 * n);
            FloatVector v4 = FloatVector.fromArray(SPECIES, state, 4 * n), v5 = FloatVector.fromArray(SPECIES, state, 5 * n);
            FloatVector v6 = FloatVector.fromArray(SPECIES, state, 6 * n), v7 = FloatVector.fromArray(SPECIES, state, 7 * n);
            FloatVector v8 = FloatVector.fromArray(SPECIES, state, 8 * n), v9 = FloatVector.fromArray(SPECIES, state, 9 * n);
            FloatVector v10 = FloatVector.fromArray(SPECIES, state, 10 * n), v11 = FloatVector.fromArray(SPECIES, state, 11 * n);
            // v = a * b + v: each chain runs through the addend, as a GEMM's accumulators do. Chained through the
            // multiplicand instead (v = v * a + b), the same loop measured 15-20% slower on the AVX2 EPYC (79 against
            // 93 GFLOP/s on one thread, alternating in one process), which made GEMMs look closer to the peak than they are.
            for (int i = 0; i < ITERATIONS; i++) {
                v0 = a.fma(b, v0); v1 = a.fma(b, v1); v2 = a.fma(b, v2); v3 = a.fma(b, v3);
                v4 = a.fma(b, v4); v5 = a.fma(b, v5); v6 = a.fma(b, v6); v7 = a.fma(b, v7);
                v8 = a.fma(b, v8); v9 = a.fma(b, v9); v10 = a.fma(b, v10); v11 = a.fma(b, v11);
            }
            v0.intoArray(state, 0); v1.intoArray(state, n); v2.intoArray(state, 2 * n); v3.intoArray(state, 3 * n);
            v4.intoArray(state, 4 * n); v5.intoArray(state, 5 * n); v6.intoArray(state, 6 * n); v7.intoArray(state, 7 * n);
            v8.intoArray(state, 8 * n); v9.intoArray(state, 9 * n); v10.intoArray(state, 10 * n); v11.intoArray(state, 11 * n);
        }

        /** Consumes the result: adding 0.5 x 0 leaves every accumulator exactly where it started (see the class comment). */
        void check() {
            for (int i = 0; i < state.length; i++) {
                if (state[i] != (float) i / state.length) {
                    throw new AssertionError("peak kernel: accumulator " + i + " is " + state[i] + ", expected " + (float) i / state.length);
                }
            }
        }
    }
}
