package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm}, {@link GemmVector} and {@link GemmScalar} against a float64 reference, over edge sizes
 * (0, 1, tails of the micro-tile and of the vector length), MLP-like shapes and all four transpose
 * combinations. Tolerance: 1e-5 * sqrt(k) relative to sum_p |a_ip| |b_pj| per element.
 */
class GemmTest {

    interface Impl {
        void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c);
    }

    private static final Impl VECTOR = GemmVector::sgemm;
    private static final Impl SCALAR = GemmScalar::sgemm;
    private static final Impl SEQUENTIAL = (ta, tb, m, n, k, a, b, c) -> {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        GemmVector.sequential(ta, tb, m, n, k, a, b, c, new GemmVector.Buffers());
    };
    private static final Impl PARALLEL3 = (ta, tb, m, n, k, a, b, c) -> {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        GemmVector.parallel(ta, tb, m, n, k, a, b, c, 3);
    };
    /** The parallel path with every thread packing each sliver and panel it uses into its own buffers. */
    private static final Impl PARALLEL3_OWN = (ta, tb, m, n, k, a, b, c) -> {
        Gemm.check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        GemmVector.parallel(ta, tb, m, n, k, a, b, c, 3, true);
    };

    /** Edge sizes: empty, single, below/at/above the tile (6 x 2 vectors) and vector length. */
    private static final int[] SMALL = {0, 1, 2, 5, 6, 7, 15, 16, 17, 31, 33, 65};

    private static final int[][] SHAPES = { // m, n, k
        {127, 255, 129}, {300, 256, 784}, {128, 256, 784}, {128, 128, 256}, {784, 256, 128}, {128, 784, 256},
        {32, 10, 64}, {1, 256, 784}, {3, 300, 50}, {500, 3, 70}, {40, 40, 1100}, {13, 1000, 9}, {97, 67, 2100},
    };

    @Test
    void vectorPathIsPickedWhenTheModuleIsThere() {
        // Surefire runs with --add-modules jdk.incubator.vector and without -Dnagare.simd=false.
        assertTrue(Gemm.SIMD, "the vector path should be on in tests");
        assertTrue(Gemm.detectSimd(null));
        assertTrue(Gemm.detectSimd("true"));
        assertFalse(Gemm.detectSimd("false"));
    }

    @Test
    void scalarFallbackInAJvmWithoutTheVectorModule() throws Exception {
        // Without --add-modules jdk.incubator.vector, and with the module but -Dnagare.simd=false.
        for (List<String> flags : List.of(List.<String>of(), List.of("--add-modules", "jdk.incubator.vector", "-Dnagare.simd=false"))) {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(flags);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FallbackMain.class.getName()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM hung");
            assertEquals(0, p.exitValue(), flags + ": " + out);
            assertTrue(out.contains("simd=false ok"), flags + ": " + out);
        }
    }

    /**
     * The blocking loops (several column blocks, k-blocks and row blocks, sequential and parallel) with block
     * sizes small enough that test shapes cross them, in a child JVM since the sizes are fixed at class load.
     */
    @Test
    void manyBlocksInAJvmWithTinyBlockSizes() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dnagare.gemm.nc=64", "-Dnagare.gemm.kc=40", "-Dnagare.gemm.mb=24",
                "-Dnagare.gemm.mc=16", "-Dnagare.gemm.parallelMin=1000", "-cp", System.getProperty("java.class.path"),
                TinyBlocksMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM hung");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("tiny blocks ok"), out);
    }

    /** Run in a child JVM by {@link #manyBlocksInAJvmWithTinyBlockSizes}. */
    static final class TinyBlocksMain {
        public static void main(String[] args) {
            if (GemmVector.NC != 64 || GemmVector.KC != 40) throw new AssertionError("block sizes not applied");
            SplittableRandom rnd = new SplittableRandom(17);
            for (int[] s : new int[][] {{100, 150, 97}, {57, 200, 130}, {9, 70, 41}, {130, 33, 200}}) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    new Case(rnd, ta, tb, s[0], s[1], s[2]).check("tiny blocks vector", GemmVector::sgemm);
                    new Case(rnd, ta, tb, s[0], s[1], s[2]).check("tiny blocks sequential", SEQUENTIAL);
                    new Case(rnd, ta, tb, s[0], s[1], s[2]).check("tiny blocks parallel x3", PARALLEL3);
                    new Case(rnd, ta, tb, s[0], s[1], s[2]).check("tiny blocks parallel x3, own packing", PARALLEL3_OWN);
                }
            }
            System.out.println("tiny blocks ok");
        }
    }

    /** Run in a child JVM by {@link #scalarFallbackInAJvmWithoutTheVectorModule}. */
    static final class FallbackMain {
        public static void main(String[] args) {
            SplittableRandom rnd = new SplittableRandom(5);
            Case c = new Case(rnd, true, false, 37, 41, 300);
            c.check("fallback", Gemm::sgemm);
            // The elementwise loops take the same path: plain loops, loaded without the vector module.
            float[] x = {1, -2, 3}, y = {0.5f, 0.5f, 0.5f}, o = new float[3];
            FloatLoops.add(x, 0, y, 0, o, 0, 3);
            FloatLoops.relu(o, 0, o, 0, 3);
            if (o[0] != 1.5f || o[1] != 0f || o[2] != 3.5f) throw new AssertionError(java.util.Arrays.toString(o));
            System.out.println("simd=" + Gemm.SIMD + (Gemm.SIMD ? "" : " ok"));
        }
    }

    @Test
    void smallSizesAllTransposes() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int m : SMALL) for (int n : SMALL) for (int k : SMALL) {
            if ((m + n + k) % 2 == 1 && m > 6 && n > 6 && k > 6) continue; // keep the test short
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                checkAll(rnd, ta, tb, m, n, k);
            }
        }
    }

    @Test
    void largerShapesAllTransposes() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) checkAll(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2]);
        }
    }

    @Test
    void sequentialAndParallelPathsDirectly() {
        // Shapes that cross the row-block, column-block and k-block boundaries, on both paths.
        SplittableRandom rnd = new SplittableRandom(13);
        int[][] shapes = {{200, 1100, 70}, {2100, 40, 30}, {61, 90, 2050}, {7, 7, 7}, {1, 40, 33}, {40, 1, 33}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                Case c = new Case(rnd, ta, tb, s[0], s[1], s[2]);
                c.check("sequential", SEQUENTIAL);
                c.check("parallel(3)", PARALLEL3);
                c.check("parallel(3), own packing", PARALLEL3_OWN);
            }
        }
    }

    @Test
    void aTimesBTransposedWithFewRowsIsTheTransposedProductToTheBit() {
        // Shapes GemmVector.sgemm computes as (B A^T)^T: every element must be the bits of the direct product.
        SplittableRandom rnd = new SplittableRandom(17);
        int[][] shapes = {{GemmKernels.NR, 200, 70}, {32, 784, 256}, {33, 300, 1024}, {64, 500, 1030}};
        for (int[] s : shapes) {
            assertTrue(GemmVector.swapsTransposedB(false, true, s[0], s[1], s[2]), "not a swapped shape: " + Arrays.toString(s));
            Case c = new Case(rnd, false, true, s[0], s[1], s[2]);
            c.check("swapped", VECTOR);
            float[] swapped = c.c.clone();
            c.check("direct, sequential", SEQUENTIAL);
            assertTrue(Arrays.equals(swapped, c.c), "swapped and direct products differ for " + Arrays.toString(s));
            c.check("direct, parallel(3)", PARALLEL3);
            assertTrue(Arrays.equals(swapped, c.c), "swapped and parallel products differ for " + Arrays.toString(s));
        }
        assertFalse(GemmVector.swapsTransposedB(false, true, 64, 3136, 256));
        assertFalse(GemmVector.swapsTransposedB(false, false, 32, 784, 256));
    }

    @Test
    void deepTilesAreTheSequentialProductToTheBit() {
        // Few rows and columns, several k-blocks: both operands read in place, tile by tile over all of k,
        // partial slivers and panels (narrow and packed) included.
        SplittableRandom rnd = new SplittableRandom(19);
        int k = 2 * GemmVector.KC + 37;
        int[][] shapes = {{25, 32}, {9, 40}, {30, 16}, {32, 20}, {7, 64}, {5, 50}, {13, 3}};
        for (int[] s : shapes) {
            assertTrue(GemmVector.readsBothInPlace(false, false, s[0], s[1], k), "not a deep-tile shape: " + Arrays.toString(s));
            Case c = new Case(rnd, false, false, s[0], s[1], k);
            c.check("deep tiles", (ta, tb, m, n, kk, a, b, cc) -> GemmVector.deepTiles(m, n, kk, a, b, cc));
            float[] tiled = c.c.clone();
            c.check("sequential", SEQUENTIAL);
            assertTrue(Arrays.equals(tiled, c.c), "deep tiles and the sequential product differ for " + Arrays.toString(s));
        }
        assertFalse(GemmVector.readsBothInPlace(false, false, 25, 32, GemmVector.KC), "one k-block");
        assertFalse(GemmVector.readsBothInPlace(false, false, GemmVector.DIRECT_B_ROWS + 1, 32, k), "too many rows");
        assertFalse(GemmVector.readsBothInPlace(false, false, 25, GemmVector.DIRECT_A_COLS + 1, k), "too many columns");
        assertFalse(GemmVector.readsBothInPlace(true, false, 25, 32, k), "A transposed");
        assertFalse(GemmVector.readsBothInPlace(false, true, 25, 32, k), "B transposed");
    }

    @Test
    void madeRowsAreTheStoredProductToTheBit() {
        // A's rows made on demand (as the filter gradient makes its patch matrix) against the same A stored: B
        // taken from a row offset of a longer array, partial slivers and panels, one and several k-blocks.
        SplittableRandom rnd = new SplittableRandom(23);
        int[][] shapes = {{800, 64, 2 * GemmVector.KC + 11}, {37, 40, 300}, {6, 16, GemmVector.KC + 1}, {13, 3, 50}, {100, 70, 5}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2], bRow = 7;
            Case c = new Case(rnd, false, false, m, n, k);
            float[] longB = new float[(bRow + k + 2) * n];
            java.util.Arrays.fill(longB, Float.NaN); // rows outside [bRow, bRow + k) must not be read
            System.arraycopy(c.b, 0, longB, bRow * n, k * n);
            GemmVector.RowMaker rows = (r0, count, p0, kc, dst) -> {
                for (int i = 0; i < count; i++) System.arraycopy(c.a, (r0 + i) * k + p0, dst, i * kc, kc);
            };
            c.check("made rows", (ta, tb, mm, nn, kk, a, b, cc) -> GemmVector.sgemmMadeRows(rows, mm, nn, kk, longB, bRow, cc));
            float[] made = c.c.clone();
            c.check("stored", VECTOR);
            assertTrue(Arrays.equals(made, c.c), "made rows and the stored product differ for " + Arrays.toString(s));
        }
        assertThrows(IllegalArgumentException.class, () -> GemmVector.sgemmMadeRows((r0, count, p0, kc, dst) -> {}, 2, 2, 3,
                new float[7], 1, new float[4]), "B too short for its row offset");
    }

    /**
     * Packing shared by the threads of a parallel product, with no thread ever waiting for another's packing
     * (-Dnagare.gemm.packWaitSpins=0: a sliver or panel found half packed is packed again by whoever needs
     * it), under callers that keep all threads busy so that such meetings happen; in a child JVM since the
     * setting is read at class load. Also the MLP shapes of the training step.
     */
    @Test
    void packingNeverWaitedForInAJvmWithNoPackWait() throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dnagare.gemm.packWaitSpins=0", "-Dnagare.gemm.parallelMin=1000",
                "-Dnagare.gemm.mb=64", "-Dnagare.gemm.kc=96", "-cp", System.getProperty("java.class.path"),
                NoPackWaitMain.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM hung");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("no pack wait ok"), out);
    }

    /** Run in a child JVM by {@link #packingNeverWaitedForInAJvmWithNoPackWait}. */
    static final class NoPackWaitMain {
        public static void main(String[] args) throws Exception {
            if (GemmVector.PACK_WAIT_SPINS != 0 || GemmVector.KC != 96) throw new AssertionError("settings not applied");
            int[][] shapes = {{128, 256, 784}, {784, 256, 128}, {128, 784, 256}, {200, 150, 97}, {57, 300, 130}, {130, 33, 200}};
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int seed = t;
                    futures.add(pool.submit(() -> {
                        SplittableRandom rnd = new SplittableRandom(40 + seed);
                        for (int[] s : shapes) {
                            for (int x = 0; x < 4; x++) {
                                boolean ta = (x & 1) != 0, tb = (x & 2) != 0;
                                Case c = new Case(rnd, ta, tb, s[0], s[1], s[2]);
                                c.check("no pack wait, vector", VECTOR);
                                c.check("no pack wait, parallel x3", PARALLEL3);
                                c.check("no pack wait, parallel x3, own packing", PARALLEL3_OWN);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) f.get();
            } finally {
                pool.shutdown();
            }
            System.out.println("no pack wait ok");
        }
    }

    @Test
    void overwritesWhateverIsInC() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (Impl impl : List.of(VECTOR, SCALAR, PARALLEL3, PARALLEL3_OWN)) {
            Case c = new Case(rnd, false, false, 70, 90, 300);
            Arrays.fill(c.c, Float.NaN);
            c.run(impl);
            c.verify("prefilled C");
        }
        // k == 0: the product is all zeros.
        float[] out = {1, 2, 3, 4, 5, 6, 9};
        Gemm.sgemm(false, false, 2, 3, 0, new float[0], new float[0], out);
        assertEquals("[0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 9.0]", Arrays.toString(out));
        out = new float[] {1, 2};
        GemmScalar.sgemm(true, true, 1, 2, 0, new float[0], new float[0], out);
        assertEquals("[0.0, 0.0]", Arrays.toString(out));
    }

    @Test
    void nanAndInfinityPropagate() {
        float[] a = {0f, 1f}, b = {Float.NaN, 2f, 1f, 3f}; // [1x2] x [2x2]: 0*NaN + 1*1 = NaN
        for (Impl impl : List.of(VECTOR, SCALAR)) {
            float[] c = new float[2];
            impl.sgemm(false, false, 1, 2, 2, a, b, c);
            assertTrue(Float.isNaN(c[0]), "NaN lost");
            assertEquals(3f, c[1]);
        }
    }

    @Test
    void rejectsShortArraysAndNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 2, 2, 2, new float[3], new float[4], new float[4]));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, 2, 2, 2, new float[4], new float[4], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Gemm.sgemm(false, false, -1, 2, 2, new float[4], new float[4], new float[4]));
    }

    @Test
    void concurrentCallersGetTheirOwnResults() throws Exception {
        // Several threads at once on the parallel path: buffers are per caller, helpers are shared.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom rnd = new SplittableRandom(100 + seed);
                    for (int rep = 0; rep < 3; rep++) {
                        Case c = new Case(rnd, seed % 2 == 0, seed % 3 == 0, 150 + seed, 170, 220);
                        c.check("concurrent", VECTOR);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdown();
        }
    }

    // ---- helpers ----

    private static void checkAll(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k) {
        Case c = new Case(rnd, ta, tb, m, n, k);
        c.check("Gemm", Gemm::sgemm);
        c.check("GemmVector", VECTOR);
        c.check("GemmScalar", SCALAR);
    }

    private static final class Case {
        final boolean ta, tb;
        final int m, n, k;
        final float[] a, b, c;
        final double[] want, bound;

        Case(SplittableRandom rnd, boolean ta, boolean tb, int m, int n, int k) {
            this.ta = ta;
            this.tb = tb;
            this.m = m;
            this.n = n;
            this.k = k;
            a = random(rnd, m * k);
            b = random(rnd, k * n);
            c = new float[m * n];
            want = new double[m * n];
            bound = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0, abs = 0;
                    for (int p = 0; p < k; p++) {
                        double x = a[ta ? p * m + i : i * k + p], y = b[tb ? j * k + p : p * n + j];
                        s += x * y;
                        abs += Math.abs(x * y);
                    }
                    want[i * n + j] = s;
                    bound[i * n + j] = 1e-5 * Math.sqrt(Math.max(1, k)) * abs + 1e-30;
                }
            }
        }

        void run(Impl impl) { impl.sgemm(ta, tb, m, n, k, a, b, c); }

        void check(String what, Impl impl) {
            Arrays.fill(c, 12345f);
            run(impl);
            verify(what);
        }

        void verify(String what) {
            for (int i = 0; i < m * n; i++) {
                double err = Math.abs(c[i] - want[i]);
                if (!(err <= bound[i])) {
                    fail(String.format("%s %s%s m=%d n=%d k=%d: element (%d, %d) = %s, want %s (bound %.3g)", what,
                            ta ? "T" : "N", tb ? "T" : "N", m, n, k, i / n, i % n, c[i], want[i], bound[i]));
                }
            }
        }

        private static float[] random(SplittableRandom rnd, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
            return x;
        }
    }
}
