package dev.nagare.device.cpu;

import java.util.Arrays;

/**
 * The portable {@link Gemm} path: plain loops in i-k-j order, so the innermost loop runs over contiguous
 * rows of C and of op(B) (which the JIT auto-vectorizes). A transposed B is first copied to k x n; a
 * transposed A is read with a stride, one element per (i, p). Each element is the same chain of fused
 * multiply-adds over p as in {@link GemmVector}, so both paths give the same bits.
 */
final class GemmScalar {
    private GemmScalar() {}

    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        Arrays.fill(c, 0, m * n, 0f);
        if (k == 0) return;
        if (transB) {
            float[] t = new float[k * n];
            for (int j = 0; j < n; j++) {
                int bj = j * k;
                for (int p = 0; p < k; p++) t[p * n + j] = b[bj + p];
            }
            b = t;
        }
        int ars = transA ? 1 : k, acs = transA ? m : 1;
        for (int i = 0; i < m; i++) {
            int ci = i * n, ai = i * ars;
            for (int p = 0; p < k; p++) {
                float aip = a[ai + p * acs];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] = Math.fma(aip, b[bp + j], c[ci + j]);
            }
        }
    }
}
