package dev.nagare.device.cpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times this machine's GEMM micro-kernels (the tile {@link Gemm#describe} names) alone, for {@code ./nagare bench
 * kernels}: each on one packed sliver and panel (or MR rows of A read in place) of {@code kc} steps that stay in
 * cache, called over and over on the calling thread, the kernels taking turns in short rounds. Beside them, whole
 * single-thread products, so that what packing, edge tiles and memory cost shows as the gap between the two.
 *
 * <p>Each kernel is called through its own lambda from one loop (a call site that sees every kernel, so the JIT
 * inlines none of them into it): the kernel runs as the compiled method a product calls. Timed from a harness that
 * switched on the kernel's name in one method, the 6 x 16 kernels once read 0.64-0.79 of the peak loop; this way, on
 * the AVX2 EPYC, 0.93-0.96 at depth 784 (the narrow and one-row kernels, with 6 and 4 accumulator chains, are bound
 * by the FMA's latency: 0.58-0.67 and about 0.33).
 */
public final class GemmKernelTimings {
    private GemmKernelTimings() {}

    /**
     * One row: what was timed, its tile or shape, its median rate over the rounds in GFLOP/s, and the median over the
     * rounds of its rate over the reference loop's rate in the same round (the machine's speed drifts; the ratio in
     * one round does not).
     */
    public record Timing(String what, String shape, double gflops, double ofReference) {}

    /** Rounds run before the timed ones: enough for C2 to compile every kernel (at 50 ms, 8 rounds of all cases). */
    static final int WARMUP_ROUNDS = 8;

    private record Case(String what, String shape, double flops, Runnable call) {}

    /**
     * Medians over {@code rounds} rounds of {@code roundNanos} per case (after {@value #WARMUP_ROUNDS} rounds of
     * warm-up): the full and narrow kernels (packed sliver, then MR rows of A read in place), setting and adding, at
     * depth {@code kc}; the one-row kernel; then single-thread products of the given shapes ({@code {m, n, k}} each).
     * {@code reference} (doing {@code referenceFlops} per call, typically the machine's FMA peak loop) runs in every
     * round too, and each row says its rate as a fraction of the reference's in the same round.
     */
    public static List<Timing> measure(int kc, int rounds, long roundNanos, Runnable reference, double referenceFlops,
                                       int[]... products) {
        if (!Gemm.SIMD) return List.of();
        int mr = GemmVector.MR, nr = GemmVector.NR, l = GemmVector.L, lda = kc + 3 * l; // rows in place, not adjacent
        float[] ap = filled(mr * kc + 2 * l), a = filled(mr * lda), bp = filled(nr * kc + 2 * l), c = new float[mr * nr];
        float[] row = filled(kc), bRow = filled(kc * 4 * l), cRow = new float[4 * l];
        String tile = mr + "x" + nr, narrow = mr + "x" + l;
        double full = 2.0 * mr * nr * kc, half = 2.0 * mr * l * kc;
        List<Case> cases = new ArrayList<>(List.of(
                new Case("full tile, packed A, set", tile, full, () -> GemmKernels.full(false, ap, 0, bp, 0, nr, kc, c, 0, nr)),
                new Case("full tile, packed A, add", tile, full, () -> GemmKernels.full(true, ap, 0, bp, 0, nr, kc, c, 0, nr)),
                new Case("narrow tile, packed A, set", narrow, half, () -> GemmKernels.narrow(false, ap, 0, bp, 0, l, kc, c, 0, nr)),
                new Case("narrow tile, packed A, add", narrow, half, () -> GemmKernels.narrow(true, ap, 0, bp, 0, l, kc, c, 0, nr)),
                new Case("full tile, A in place, set", tile, full, () -> GemmKernels.fullRows(false, a, 0, lda, bp, 0, nr, kc, c, 0, nr)),
                new Case("full tile, A in place, add", tile, full, () -> GemmKernels.fullRows(true, a, 0, lda, bp, 0, nr, kc, c, 0, nr)),
                new Case("narrow tile, A in place, set", narrow, half, () -> GemmKernels.narrowRows(false, a, 0, lda, bp, 0, l, kc, c, 0, nr)),
                new Case("one row, B in place", "1x" + 4 * l, 2.0 * 4 * l * kc,
                        () -> GemmKernels.row(true, false, row, 0, 1, bRow, 0, 4 * l, kc, cRow, 0))));
        for (int[] p : products) {
            int m = p[0], n = p[1], k = p[2];
            float[] pa = filled(m * k), pb = filled(k * n), pc = new float[m * n];
            GemmVector.Buffers buf = new GemmVector.Buffers();
            cases.add(new Case("whole product, one thread", m + "x" + n + "x" + k, 2.0 * m * n * k,
                    () -> GemmVector.sequential(false, false, m, n, k, pa, pb, pc, buf)));
        }
        cases.add(new Case("reference", "", referenceFlops, reference));
        double[][] rates = new double[cases.size()][rounds];
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            for (int i = 0; i < cases.size(); i++) {
                Case cs = cases.get(i);
                long calls = 0, t0 = System.nanoTime(), t;
                do {
                    cs.call().run();
                    calls++;
                    t = System.nanoTime();
                } while (t - t0 < roundNanos);
                if (r >= 0) rates[i][r] = cs.flops() * calls / (t - t0);
            }
        }
        int ref = cases.size() - 1;
        List<Timing> out = new ArrayList<>();
        for (int i = 0; i < ref; i++) {
            double[] sorted = rates[i].clone(), ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) ratios[r] = rates[i][r] / rates[ref][r];
            Arrays.sort(sorted);
            Arrays.sort(ratios);
            out.add(new Timing(cases.get(i).what(), cases.get(i).shape(), sorted[rounds / 2], ratios[rounds / 2]));
        }
        return out;
    }

    /** Small values (no overflow over any depth here, no subnormals to slow the FMAs down). */
    private static float[] filled(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (i % 7 + 1) * 0.01f;
        return x;
    }
}
