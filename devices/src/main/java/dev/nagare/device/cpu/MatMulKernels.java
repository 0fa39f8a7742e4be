package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.MathOps;

/**
 * Matrix product. float32 goes to {@link Gemm#sgemm} (packed, register-blocked, SIMD when the Vector API is
 * there, split over cores when big), which takes the transpose flags itself. The other dtypes handle
 * transposed operands by indexing with strides, so no copy is made; their i-k-j loop order keeps the
 * innermost loop on contiguous rows of the result and of B (when B is not transposed).
 */
final class MatMulKernels {
    private MatMulKernels() {}

    static void register(KernelRegistry r) {
        r.add(MathOps.MATMUL, CpuKernel.bind(MatMulKernels::bind), DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
        r.add(MathOps.BATCH_MATMUL, CpuKernel.bind(MatMulKernels::batch), DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
    }

    /**
     * BatchMatMulV2: one product per batch index, the operands' batch axes broadcast; float32 products through
     * {@link Gemm#sgemm}, the others by plain loops. Shapes are checked and sized before anything is allocated.
     */
    private static CpuKernel batch(Node node) {
        boolean ta = Boolean.TRUE.equals(node.attrs().get("adj_x")), tb = Boolean.TRUE.equals(node.attrs().get("adj_y"));
        return (ctx, in) -> {
            Tensor a = in[0], b = in[1];
            int ra = a.rank(), rb = b.rank();
            if (ra < 2 || rb < 2) throw ctx.fail("needs inputs of rank >= 2, got shapes " + a.shape() + " and " + b.shape());
            int[] ad = a.shape().dims(), bd = b.shape().dims();
            int m = ad[ta ? ra - 1 : ra - 2], k = ad[ta ? ra - 2 : ra - 1];
            int kb = bd[tb ? rb - 1 : rb - 2], n = bd[tb ? rb - 2 : rb - 1];
            if (k != kb) throw ctx.fail("inner dimensions differ: " + a.shape() + (ta ? "^T" : "") + " times " + b.shape() + (tb ? "^T" : ""));
            dev.nagare.graph.Shape sa = dev.nagare.graph.Shape.of(java.util.Arrays.copyOf(ad, ra - 2));
            dev.nagare.graph.Shape sb = dev.nagare.graph.Shape.of(java.util.Arrays.copyOf(bd, rb - 2));
            dev.nagare.graph.Shape batch = Broadcast.shape(ctx, sa, sb);
            long[] outDims = new long[batch.rank() + 2];
            for (int i = 0; i < batch.rank(); i++) outDims[i] = batch.dim(i);
            outDims[batch.rank()] = m;
            outDims[batch.rank() + 1] = n;
            dev.nagare.graph.Shape shape = Sizes.shape(ctx, outDims);
            int count = batch.size(), mk = m * k, kn = k * n, mn = m * n;
            if (shape.size() == 0) return Tensor.zeros(a.dtype(), shape);
            int[] mapA = Broadcast.indexMap(sa, batch), mapB = Broadcast.indexMap(sb, batch);
            // Element (i, p) of op(A) and (p, j) of op(B), within one matrix.
            int asi = ta ? 1 : k, asp = ta ? m : 1, bsp = tb ? 1 : n, bsj = tb ? k : 1;
            switch (a.dtype()) {
                case FLOAT32 -> {
                    // Each product through the GEMM (float32 chains, as TensorFlow's kernel sums in float32), its
                    // operands copied out of the batch first unless they are the whole arrays.
                    float[] av = a.floatData(), bv = b.floatData(), o = ctx.floats(0, shape.size());
                    boolean whole = count == 1 && av.length == mk && bv.length == kn;
                    float[] sa1 = whole ? av : ctx.floats(1, mk), sb1 = whole ? bv : ctx.floats(2, kn);
                    float[] sc = whole ? o : ctx.floats(3, mn);
                    for (int c = 0; c < count; c++) {
                        if (!whole) {
                            System.arraycopy(av, Broadcast.at(mapA, c) * mk, sa1, 0, mk);
                            System.arraycopy(bv, Broadcast.at(mapB, c) * kn, sb1, 0, kn);
                        }
                        Gemm.sgemm(ta, tb, m, n, k, sa1, sb1, sc);
                        if (!whole) System.arraycopy(sc, 0, o, c * mn, mn);
                    }
                    return Tensor.of(shape, o);
                }
                case FLOAT64 -> {
                    double[] o = new double[shape.size()];
                    for (int c = 0; c < count; c++) {
                        int oa = Broadcast.at(mapA, c) * mk, ob = Broadcast.at(mapB, c) * kn;
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double acc = 0;
                                for (int p = 0; p < k; p++) acc += a.getDouble(oa + i * asi + p * asp) * b.getDouble(ob + p * bsp + j * bsj);
                                o[c * mn + i * n + j] = acc;
                            }
                        }
                    }
                    return Tensor.of(shape, o);
                }
                default -> {
                    long[] o = new long[shape.size()];
                    long[] av = (long[]) ArrayKernels.cast(a.data(), DType.INT64), bv = (long[]) ArrayKernels.cast(b.data(), DType.INT64);
                    for (int c = 0; c < count; c++) {
                        int oa = Broadcast.at(mapA, c) * mk, ob = Broadcast.at(mapB, c) * kn;
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                long acc = 0;
                                for (int p = 0; p < k; p++) acc += av[oa + i * asi + p * asp] * bv[ob + p * bsp + j * bsj];
                                o[c * mn + i * n + j] = acc;
                            }
                        }
                    }
                    return a.dtype() == DType.INT64 ? Tensor.of(shape, o) : Tensor.of(shape, (int[]) ArrayKernels.cast(o, DType.INT32));
                }
            }
        };
    }

    private static CpuKernel bind(Node node) {
        // Optional, as in inference: absent means false.
        boolean ta = Boolean.TRUE.equals(node.attrs().get("transpose_a")), tb = Boolean.TRUE.equals(node.attrs().get("transpose_b"));
        return (ctx, in) -> {
            Tensor a = in[0], b = in[1];
            if (a.rank() != 2 || b.rank() != 2) throw ctx.fail("needs two matrices, got shapes " + a.shape() + " and " + b.shape());
            int m = a.shape().dim(ta ? 1 : 0), k = a.shape().dim(ta ? 0 : 1);
            int kb = b.shape().dim(tb ? 1 : 0), n = b.shape().dim(tb ? 0 : 1);
            if (k != kb) throw ctx.fail("inner dimensions differ: " + a.shape() + (ta ? "^T" : "") + " times " + b.shape() + (tb ? "^T" : ""));
            // Element (i, p) of op(A) is at i*ars + p*acs; element (p, j) of op(B) at p*brs + j*bcs.
            int ars = ta ? 1 : k, acs = ta ? m : 1;
            int brs = tb ? 1 : n, bcs = tb ? k : 1;
            Shape out = Sizes.shape(ctx, m, n); // before m * n sizes an array: it may pass 2^31-1
            return switch (a.dtype()) {
                case FLOAT32 -> {
                    float[] c = ctx.floats(0, m * n);
                    Gemm.sgemm(ta, tb, m, n, k, a.floatData(), b.floatData(), c);
                    yield Tensor.of(out, c);
                }
                case FLOAT64 -> Tensor.of(out, matmul(a.doubleData(), b.doubleData(), m, n, k, ars, acs, brs, bcs));
                case INT32 -> Tensor.of(out, matmul(a.intData(), b.intData(), m, n, k, ars, acs, brs, bcs));
                case INT64 -> Tensor.of(out, matmul(a.longData(), b.longData(), m, n, k, ars, acs, brs, bcs));
                case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
            };
        };
    }

    private static double[] matmul(double[] a, double[] b, int m, int n, int k, int ars, int acs, int brs, int bcs) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double aip = a[i * ars + p * acs];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * brs + j * bcs];
            }
        }
        return c;
    }

    private static int[] matmul(int[] a, int[] b, int m, int n, int k, int ars, int acs, int brs, int bcs) {
        int[] c = new int[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                int aip = a[i * ars + p * acs];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * brs + j * bcs];
            }
        }
        return c;
    }

    private static long[] matmul(long[] a, long[] b, int m, int n, int k, int ars, int acs, int brs, int bcs) {
        long[] c = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                long aip = a[i * ars + p * acs];
                for (int j = 0; j < n; j++) c[i * n + j] += aip * b[p * brs + j * bcs];
            }
        }
        return c;
    }
}
