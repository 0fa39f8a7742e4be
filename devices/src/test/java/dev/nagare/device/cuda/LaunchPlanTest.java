package dev.nagare.device.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The launch parameters the GPU kernels get, computed in Java, checked against index arithmetic written here
 * from the definitions (NumPy broadcasting, a reduction's output order, cuBLAS's column-major gemm), so that
 * what no GPU runs in CI is still proven to address the right elements.
 */
class LaunchPlanTest {
    private static final Random RANDOM = new Random(15);

    // ---- broadcasting ----

    /** Input {@code in}'s row-major offset for output element {@code index}: NumPy's rule, from the coordinates. */
    private static long numpyOffset(int[] out, int[] in, long index) {
        int[] coord = new int[out.length];
        for (int d = out.length - 1; d >= 0; d--) { coord[d] = (int) (index % out[d]); index /= out[d]; }
        long off = 0;
        for (int k = 0; k < in.length; k++) {
            int d = k + out.length - in.length;
            off = off * in[k] + (in[k] == 1 ? 0 : coord[d]);
        }
        return off;
    }

    private static int[] randomShape(int rank) {
        int[] s = new int[rank];
        for (int d = 0; d < rank; d++) s[d] = 1 + RANDOM.nextInt(4);
        return s;
    }

    /** {@code out} with random axes set to 1 and leading axes dropped: something that broadcasts to it. */
    private static int[] broadcastable(int[] out) {
        int drop = RANDOM.nextInt(out.length + 1);
        int[] in = Arrays.copyOfRange(out, drop, out.length);
        for (int d = 0; d < in.length; d++) if (RANDOM.nextInt(3) == 0) in[d] = 1;
        return in;
    }

    @Test
    void broadcastOffsetsAreNumpys() {
        for (int trial = 0; trial < 300; trial++) {
            int[] out = randomShape(1 + RANDOM.nextInt(6));
            int[][] ins = {broadcastable(out), broadcastable(out), broadcastable(out)};
            BroadcastPlan p = BroadcastPlan.of(out, ins);
            long n = Arrays.stream(out).asLongStream().reduce(1, (a, b) -> a * b);
            assertEquals(n, p.count());
            for (long i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(numpyOffset(out, ins[k], i), p.offset(k, i), "input " + k + " " + Arrays.toString(ins[k]) + " in "
                            + Arrays.toString(out) + " at " + i + ", " + p);
                }
            }
        }
    }

    @Test
    void neighboursWalkedAlikeAreMergedAndEqualShapesNeedNoIndexing() {
        BroadcastPlan bias = BroadcastPlan.of(new int[] {128, 7, 256}, new int[] {128, 7, 256}, new int[] {256});
        assertArrayEquals(new long[] {896, 256}, bias.dims(), "batch axes merged, the channel axis kept");
        assertArrayEquals(new long[] {256, 1}, bias.strides()[0]);
        assertArrayEquals(new long[] {0, 1}, bias.strides()[1]);
        assertFalse(bias.same());
        assertTrue(BroadcastPlan.of(new int[] {4, 5, 6}, new int[] {4, 5, 6}, new int[] {4, 5, 6}).same());
        assertTrue(BroadcastPlan.of(new int[] {}, new int[] {}, new int[] {}).same(), "scalars");
        assertFalse(BroadcastPlan.of(new int[] {3}, new int[] {3}, new int[] {1}).same(), "a scalar broadcast has stride 0");
        long[] packed = bias.packed();
        assertEquals(2, packed[0]);
        assertEquals(896, packed[1]);
        assertEquals(256, packed[1 + 8]);      // input 0's first stride
        assertEquals(1, packed[1 + 16 + 1]);   // input 1's second stride
        assertEquals(33, packed.length, "rank, dims[8], strides[3][8]: the NgBcast struct");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BroadcastPlan.of(new int[] {2, 3}, new int[] {2, 3}, new int[] {2}));
        assertTrue(e.getMessage().contains("[2] does not broadcast to [2, 3]"), e.getMessage());
    }

    // ---- reductions ----

    /** The naive reduction: every input element added to the output element of its kept coordinates, in float64. */
    private static double[] naiveSum(double[] x, int[] dims, boolean[] reduced) {
        int outCount = 1;
        for (int d = 0; d < dims.length; d++) if (!reduced[d]) outCount *= dims[d];
        double[] out = new double[outCount];
        for (int i = 0; i < x.length; i++) {
            int rest = i, o = 0, scale = 1;
            for (int d = dims.length - 1; d >= 0; d--) {
                int c = rest % dims[d];
                rest /= dims[d];
                if (!reduced[d]) { o += c * scale; scale *= dims[d]; }
            }
            out[o] += x[i];
        }
        return out;
    }

    @Test
    void reductionPlansFoldEachInputElementIntoItsOutput() {
        for (int trial = 0; trial < 300; trial++) {
            int[] dims = randomShape(1 + RANDOM.nextInt(6));
            boolean[] reduced = new boolean[dims.length];
            int[] axes = java.util.stream.IntStream.range(0, dims.length).filter(d -> RANDOM.nextBoolean())
                    .map(d -> RANDOM.nextBoolean() ? d : d - dims.length).toArray();
            for (int a : axes) reduced[a < 0 ? a + dims.length : a] = true;
            int n = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
            double[] x = RANDOM.doubles(n).toArray();
            ReductionPlan p = ReductionPlan.of(dims, axes);
            double[] expected = naiveSum(x, dims, reduced);
            assertEquals(expected.length, p.outCount());
            assertEquals(n / expected.length, p.reducedCount());
            for (int o = 0; o < expected.length; o++) {
                double sum = 0;
                for (long k = 0; k < p.reducedCount(); k++) sum += x[(int) (p.base(o) + p.offset(k))];
                assertEquals(expected[o], sum, 1e-12, Arrays.toString(dims) + " over " + Arrays.toString(axes) + ": output " + o + ", " + p);
            }
        }
    }

    @Test
    void reductionKernelChoice() {
        // Bias gradient of a big batch: few outputs, each folding many elements: a block each.
        assertTrue(ReductionPlan.of(new int[] {8192, 256}, new int[] {0}).blockPerOutput());
        // Rows of a [128, 784] input: contiguous folds, a block each; of a [128, 10] one: too short, a thread each.
        assertTrue(ReductionPlan.of(new int[] {128, 784}, new int[] {1}).blockPerOutput());
        assertFalse(ReductionPlan.of(new int[] {128, 10}, new int[] {1}).blockPerOutput());
        // Many outputs folding a strided axis: neighbouring threads read neighbouring elements.
        assertFalse(ReductionPlan.of(new int[] {64, 4096}, new int[] {0}).blockPerOutput());
        ReductionPlan all = ReductionPlan.of(new int[] {2, 3, 4}, new int[] {0, 1, 2});
        assertEquals(1, all.outCount());
        assertArrayEquals(new long[] {24}, all.redDims(), "all axes merged into one contiguous fold");
        assertEquals(34, all.packed().length, "the NgRed struct: 2 ranks and 4 arrays of 8");
        assertThrows(IllegalArgumentException.class, () -> ReductionPlan.of(new int[] {2, 3}, new int[] {2}));
        LaunchConfig c = ReductionPlan.of(new int[] {8192, 256}, new int[] {0}).launch(4);
        assertEquals(256, c.gridX());
        assertEquals(256, c.blockX());
        assertEquals(256 * 4, c.sharedBytes());
    }

    // ---- gemm ----

    /** cuBLAS's gemm as its documentation defines it: column-major, C = op(A) op(B), beta 0. */
    private static void columnMajorGemm(GemmPlan p, double[] a, long aOff, double[] b, long bOff, double[] c, long cOff) {
        for (int i = 0; i < p.m(); i++) {
            for (int j = 0; j < p.n(); j++) {
                double s = 0;
                for (int l = 0; l < p.k(); l++) {
                    double av = p.opA() == Cublas.OP_N ? a[(int) (aOff + i + (long) l * p.lda())] : a[(int) (aOff + l + (long) i * p.lda())];
                    double bv = p.opB() == Cublas.OP_N ? b[(int) (bOff + l + (long) j * p.ldb())] : b[(int) (bOff + j + (long) l * p.ldb())];
                    s += av * bv;
                }
                c[(int) (cOff + i + (long) j * p.ldc())] = s;
            }
        }
    }

    @Test
    void gemmPlansComputeRowMajorMatMulWithEveryTransposeAndBatch() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int batch : new int[] {1, 3}) {
                    for (boolean sharedB : new boolean[] {false, true}) {
                        int m = 1 + RANDOM.nextInt(5), n = 1 + RANDOM.nextInt(5), k = 1 + RANDOM.nextInt(5);
                        double[] a = RANDOM.doubles((long) batch * m * k).toArray();
                        int bBatches = sharedB ? 1 : batch;
                        double[] b = RANDOM.doubles((long) bBatches * k * n).toArray();
                        GemmPlan p = GemmPlan.of(m, n, k, ta, tb, batch, (long) m * k, sharedB ? 0 : (long) k * n);
                        double[] c = new double[batch * m * n];
                        // cuBLAS's first operand is Nagare's B (see Cublas.gemm): strideA applies to it.
                        for (int q = 0; q < batch; q++) columnMajorGemm(p, b, q * p.strideA(), a, q * p.strideB(), c, q * p.strideC());
                        for (int q = 0; q < batch; q++) {
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) {
                                    double s = 0;
                                    for (int l = 0; l < k; l++) {
                                        double av = ta ? a[q * m * k + l * m + i] : a[q * m * k + i * k + l];
                                        int bq = sharedB ? 0 : q;
                                        double bv = tb ? b[bq * k * n + j * k + l] : b[bq * k * n + l * n + j];
                                        s += av * bv;
                                    }
                                    assertEquals(s, c[q * m * n + i * n + j], 1e-12,
                                            "transA=" + ta + " transB=" + tb + " batch " + q + " C[" + i + "][" + j + "] with " + p);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // ---- launch shapes ----

    @Test
    void elementwiseLaunchesCoverEveryElementWithBoundedGrids() {
        assertEquals(1, LaunchConfig.elementwise(0).gridX(), "an empty launch still has a block (the kernel's loop does nothing)");
        assertEquals(4, LaunchConfig.elementwise(1000).gridX());
        LaunchConfig big = LaunchConfig.elementwise(3_000_000_000L);
        assertEquals(LaunchConfig.MAX_BLOCKS, big.gridX(), "grid-stride beyond the block cap");
        assertTrue(big.threads() > 0);
        LaunchConfig rows = LaunchConfig.perRow(100_000, 10, 4);
        assertEquals(65535, rows.gridX());
        assertEquals(2, rows.gridY());
        assertTrue((long) rows.gridX() * rows.gridY() >= 100_000, "every row has a block");
        assertEquals(32, rows.blockX(), "one warp for a row of 10");
        assertEquals(256, LaunchConfig.perRow(8, 100_000, 8).blockX());
        assertEquals(256 * 8, LaunchConfig.perRow(8, 100_000, 8).sharedBytes());
        assertThrows(IllegalArgumentException.class, () -> new LaunchConfig(1, 1, 2048, 0));
    }
}
