package dev.nagare.device.cpu;

import java.util.ArrayList;
import java.util.List;

/**
 * This machine's GEMM micro-kernels (the tile {@link Gemm#describe} names) as calls that can be timed alone, for
 * {@code ./nagare bench kernels}: each on one packed sliver and panel (or MR rows of A read in place) of {@code kc}
 * steps that stay in cache; beside them, whole single-thread products, so that what packing, edge tiles and memory
 * cost shows as the gap between the two. The kernels are package-private; this hands them out, the bench times them.
 *
 * <p>Each case is its own lambda: called from one loop that sees every case, the JIT inlines none of the kernels
 * into it, so a kernel runs as the compiled method a product calls. Timed from a harness that switched on the
 * kernel's name in one method, the 6 x 16 kernels once read 0.64-0.79 of the peak loop; this way, on the AVX2 EPYC,
 * 0.93-0.96 at depth 784 (the narrow and one-row kernels, with 6 and 4 accumulator chains, are bound by the FMA's
 * latency: 0.58-0.67 and about 0.33).
 */
public final class GemmKernelCases {
    private GemmKernelCases() {}

    /** What one call runs, its tile or shape, its depth (0 for a whole product), its floating-point operations. */
    public record Case(String what, String shape, int depth, double flops, Runnable call) {}

    /**
     * The full and narrow kernels (packed sliver, then MR rows of A read in place), setting and adding, and the
     * one-row kernel, at depth {@code kc}; then single-thread products of the given shapes ({@code {m, n, k}} each).
     * Empty where the Vector API is missing (the scalar loops have no micro-kernels).
     */
    public static List<Case> of(int kc, int[]... products) {
        if (!Gemm.SIMD) return List.of();
        int mr = GemmVector.MR, nr = GemmVector.NR, l = GemmVector.L, lda = kc + 3 * l; // rows in place, not adjacent
        float[] ap = filled(mr * kc + 2 * l), a = filled(mr * lda), bp = filled(nr * kc + 2 * l), c = new float[mr * nr];
        float[] row = filled(kc), bRow = filled(kc * 4 * l), cRow = new float[4 * l];
        String tile = mr + "x" + nr, narrow = mr + "x" + l;
        double full = 2.0 * mr * nr * kc, half = 2.0 * mr * l * kc;
        List<Case> cases = new ArrayList<>(List.of(
                new Case("full tile, packed A, set", tile, kc, full, () -> GemmKernels.full(false, ap, 0, bp, 0, nr, kc, c, 0, nr)),
                new Case("full tile, packed A, add", tile, kc, full, () -> GemmKernels.full(true, ap, 0, bp, 0, nr, kc, c, 0, nr)),
                new Case("narrow tile, packed A, set", narrow, kc, half, () -> GemmKernels.narrow(false, ap, 0, bp, 0, l, kc, c, 0, nr)),
                new Case("narrow tile, packed A, add", narrow, kc, half, () -> GemmKernels.narrow(true, ap, 0, bp, 0, l, kc, c, 0, nr)),
                new Case("full tile, A in place, set", tile, kc, full, () -> GemmKernels.fullRows(false, a, 0, lda, bp, 0, nr, kc, c, 0, nr)),
                new Case("full tile, A in place, add", tile, kc, full, () -> GemmKernels.fullRows(true, a, 0, lda, bp, 0, nr, kc, c, 0, nr)),
                new Case("narrow tile, A in place, set", narrow, kc, half, () -> GemmKernels.narrowRows(false, a, 0, lda, bp, 0, l, kc, c, 0, nr)),
                new Case("one row, B in place", "1x" + 4 * l, kc, 2.0 * 4 * l * kc,
                        () -> GemmKernels.row(true, false, row, 0, 1, bRow, 0, 4 * l, kc, cRow, 0))));
        for (int[] p : products) {
            int m = p[0], n = p[1], k = p[2];
            float[] pa = filled(m * k), pb = filled(k * n), pc = new float[m * n];
            GemmVector.Buffers buf = new GemmVector.Buffers();
            cases.add(new Case("whole product, one thread", m + "x" + n + "x" + k, 0, 2.0 * m * n * k,
                    () -> GemmVector.sequential(false, false, m, n, k, pa, pb, pc, buf)));
        }
        return cases;
    }

    /** Small values (no overflow over any depth here, no subnormals to slow the FMAs down). */
    private static float[] filled(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (i % 7 + 1) * 0.01f;
        return x;
    }
}
