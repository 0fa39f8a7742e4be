package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.ops.ConvGeometry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Every micro-kernel of {@link GemmKernels} on any machine: each species (128, 256, 512 bits) and tile
 * (8x2, 6x2, 4x3) is forced in a child JVM (they are fixed at class load), which checks its products against
 * a float64 reference and, bit for bit, against the chain of fused multiply-adds written here; the sequential
 * path, the parallel one on 1 and 3 threads and the parallel one with own packing, each with A packed and with
 * A's rows read in place, must agree bit for bit; so must the implicit-GEMM convolution ({@link ConvImplicit}) with
 * im2col and the scalar GEMM.
 * The children print a digest of all their results, and this test requires the same digest from every
 * species, tile and blocking: the project's promise that training gives the same bits on every machine.
 */
class GemmTilesTest {

    /**
     * m, n, k: edges of every tile (1..8 rows, 1..48 columns), k-blocks crossed with small kc, MLP-like; single
     * rows (read B in place, 4 vectors, 1 vector and single columns at a time); few rows (B read in place).
     */
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 100, 70}, {1, 37, 300}, {3, 100, 1100}, {5, 3, 9}, {7, 17, 33}, {13, 50, 130}, {37, 100, 70}, {6, 24, 300}, {8, 48, 41}, {64, 10, 97},
        {100, 150, 97},
    };

    private static final Pattern LINE = Pattern.compile("species=(\\d+) tile=(\\dx\\d) kc=(\\d+) digest=([0-9a-f]+) conv=([0-9a-f]+) ok");

    @Test
    void everySpeciesAndTileGivesTheSameBits() throws Exception {
        Map<String, String> digests = new LinkedHashMap<>(), convDigests = new LinkedHashMap<>();
        String[] species = {"128", "256", "512"}, tiles = {"8x2", "6x2", "4x3"};
        // The children run at once (each is mostly one thread); their outputs are read in order after.
        List<List<String>> runs = new ArrayList<>();
        List<Process> children = new ArrayList<>();
        for (String s : species) {
            for (String t : tiles) {
                // Every other child cuts k into blocks of 40 and rows and columns into small blocks, so that
                // blocking differs between children as well.
                boolean tiny = runs.size() % 2 == 1;
                List<String> props = new ArrayList<>(List.of("-Dnagare.gemm.species=" + s, "-Dnagare.gemm.tile=" + t,
                        "-Dnagare.gemm.parallelMin=1000"));
                if (tiny) props.addAll(List.of("-Dnagare.gemm.kc=40", "-Dnagare.gemm.mc=16", "-Dnagare.gemm.nc=64", "-Dnagare.gemm.mb=24",
                        "-Dnagare.conv.blockTiles=2", "-Dnagare.gemm.packAheadFloats=100",
                        "-Dnagare.gemm.packRowsFloats=100"));
                runs.add(props);
                children.add(start(props));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            List<String> props = runs.get(i);
            String out = finish(children.get(i), props);
            Matcher m = LINE.matcher(out);
            assertTrue(m.find(), props + ": " + out);
            String s = props.get(0).substring(props.get(0).indexOf('=') + 1), t = props.get(1).substring(props.get(1).indexOf('=') + 1);
            boolean tiny = props.size() > 3;
            assertEquals(s, m.group(1), "species not applied: " + out);
            assertEquals(t, m.group(2), "tile not applied: " + out);
            if (tiny) assertEquals("40", m.group(3), "kc not applied: " + out);
            digests.put(s + "-bit " + t + (tiny ? " tiny blocks" : ""), m.group(4));
            convDigests.put(s + "-bit " + t + (tiny ? " tiny blocks" : ""), m.group(5));
        }
        assertEquals(1, digests.values().stream().distinct().count(), "results differ between kernels: " + digests);
        // The scalar fallback (no vector module at all) gives the same bits too.
        String expected = digests.values().iterator().next();
        assertEquals(expected, digest(GemmScalar::sgemm), "the scalar path differs from the vector kernels");
        // The implicit-GEMM convolution gives the bits of the patch matrix (im2col) times the filter on the scalar path.
        assertEquals(1, convDigests.values().stream().distinct().count(), "convolutions differ between kernels: " + convDigests);
        assertEquals(convDigests.values().iterator().next(), convDigest((g, x, w, out) -> {
            float[] p = new float[g.n() * g.oh() * g.ow() * g.kh() * g.kw() * g.c()];
            ConvKernels.im2col(g, x, 0, g.n(), p);
            GemmScalar.sgemm(false, false, g.n() * g.oh() * g.ow(), g.oc(), g.kh() * g.kw() * g.c(), p, w, out);
        }), "im2col and the scalar GEMM differ from the implicit-GEMM convolution");
    }

    @Test
    void badForcingIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> GemmKernels.tile("5x5", 16));
        assertTrue(e.getMessage().contains("nagare.gemm.tile") && e.getMessage().contains("5x5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmKernels.species("300"));
        assertTrue(e.getMessage().contains("nagare.gemm.species") && e.getMessage().contains("300"), e.getMessage());
        assertEquals("8x2", GemmKernels.tile(null, 32));
        assertEquals("6x2", GemmKernels.tile(null, 16));
        assertEquals("4x3", GemmKernels.tile(" 4X3 ", 16));
    }

    @Test
    void cacheSizesAreReadFromSysfsAndDefaultedWhenMissing(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        write(dir.resolve("index0"), "1", "Data", "48K", "0");
        write(dir.resolve("index1"), "1", "Instruction", "32K", "0");
        write(dir.resolve("index2"), "2", "Unified", "1024K", "0");
        write(dir.resolve("index3"), "3", "Unified", "32768K", "0-7,16-23");
        CacheSizes c = CacheSizes.read(dir);
        assertEquals(new CacheSizes(48 << 10, 1 << 20, 32 << 20, 16, true), c);
        assertEquals(CacheSizes.DEFAULT, CacheSizes.read(dir.resolve("missing")));
        // Blocking from those sizes: a B panel of kc x NR floats fills twice L1; A's mc x kc block half of L2.
        GemmVector.Blocking b = GemmVector.Blocking.of(c, 6, 16);
        assertEquals(48 * 1024 * 2 / (4 * 16), b.kc());
        assertTrue(b.mc() % 6 == 0 && (long) b.mc() * b.kc() * 4 <= (1 << 20) / 2 + 6L * b.kc() * 4, b.toString());
        assertTrue(b.nc() % 16 == 0 && b.nc() <= 4096, b.toString());
    }

    private static void write(Path index, String level, String type, String size, String shared) throws Exception {
        Files.createDirectories(index);
        Files.writeString(index.resolve("level"), level + "\n");
        Files.writeString(index.resolve("type"), type + "\n");
        Files.writeString(index.resolve("size"), size + "\n");
        Files.writeString(index.resolve("shared_cpu_list"), shared + "\n");
    }

    private static Process start(List<String> props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TilesMain.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String finish(Process p, List<String> props) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "child JVM hung: " + props);
        assertEquals(0, p.exitValue(), props + ": " + out);
        return out;
    }

    interface Impl {
        void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c);
    }

    /**
     * Runs every shape and transpose through {@code impl}, checking each result against float64 (within
     * 1e-5 sqrt(k) of sum |a b|) and bit for bit against the fused multiply-add chain; returns a CRC of all bits.
     */
    static String digest(Impl impl) {
        SplittableRandom rnd = new SplittableRandom(2024);
        CRC32 crc = new CRC32();
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                int m = s[0], n = s[1], k = s[2];
                float[] a = random(rnd, m * k), b = random(rnd, k * n), c = new float[m * n];
                java.util.Arrays.fill(c, Float.NaN);
                impl.sgemm(ta, tb, m, n, k, a, b, c);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        float chain = 0f;
                        double sum = 0, abs = 0;
                        for (int p = 0; p < k; p++) {
                            float x = a[ta ? p * m + i : i * k + p], y = b[tb ? j * k + p : p * n + j];
                            chain = Math.fma(x, y, chain);
                            sum += (double) x * y;
                            abs += Math.abs((double) x * y);
                        }
                        String where = String.format("%s%s m=%d n=%d k=%d (%d, %d)", ta ? "T" : "N", tb ? "T" : "N", m, n, k, i, j);
                        checkAndDigest(where, c[i * n + j], chain, sum, abs, k, crc);
                    }
                }
            }
        }
        return Long.toHexString(crc.getValue());
    }

    interface Conv {
        void forward(ConvGeometry.Window g, float[] x, float[] w, float[] out);
    }

    /**
     * NHWC convolutions (stride, dilation, SAME / VALID / explicit padding, channel counts off the panel widths, edge
     * tiles, enough output pixels for several blocks and threads): {n, h, w, c, kh, kw, oc, strideH, strideW, dilH,
     * dilW, padding (0 SAME, 1 VALID, 2 explicit top 1, bottom 3, left 2, right 0)}.
     */
    static final int[][] CONVS = {
        {2, 7, 9, 3, 3, 3, 5, 1, 1, 1, 1, 0}, {3, 8, 8, 2, 5, 5, 40, 2, 2, 1, 1, 0}, {1, 10, 12, 4, 3, 2, 17, 1, 1, 2, 2, 1},
        {2, 9, 9, 1, 5, 5, 32, 1, 1, 1, 1, 2}, {4, 14, 14, 8, 5, 5, 24, 1, 1, 1, 1, 0}, {2, 11, 10, 6, 3, 3, 64, 2, 1, 1, 2, 0},
        // Row strides of 32 and 64 floats (the strided kernels, MR and 4 rows, where the tile has them; see
        // ConvImplicit.rowPlan): rows of 11, 7 and 14 pixels, a narrow last panel, a dilated width, a stride of 2.
        {2, 9, 11, 32, 3, 3, 40, 1, 1, 1, 1, 0}, {1, 8, 13, 64, 3, 2, 16, 1, 1, 1, 2, 1}, {2, 6, 13, 16, 3, 3, 16, 1, 2, 1, 1, 0},
        {1, 5, 14, 32, 3, 3, 16, 1, 1, 1, 1, 0},
        // Rows that leave 2 pixels after their MR tiles (ConvImplicit.strips; 8, 14, 20 with MR = 6, 10 with MR = 8): strips
        // of MR/2 rows, of 2 and of 1 (7 rows = 3 + 3 + 1), a narrow last panel (gathered strips), a stride of 2 down, a
        // dilated width (a segment per tap), rows of only 2 pixels, a stride of 2 across (16 channels: windows 32 floats
        // apart; rows of 8 and 10).
        {2, 7, 8, 64, 3, 3, 32, 1, 1, 1, 1, 0}, {1, 6, 10, 32, 3, 3, 24, 1, 1, 1, 1, 0}, {2, 11, 20, 64, 3, 3, 40, 2, 1, 1, 1, 0},
        {1, 6, 14, 32, 3, 2, 16, 1, 1, 1, 2, 0}, {2, 5, 2, 32, 3, 3, 16, 1, 1, 1, 1, 0}, {1, 6, 16, 16, 3, 3, 16, 1, 2, 1, 1, 0},
        {1, 5, 20, 16, 3, 3, 16, 1, 2, 1, 1, 0},
    };

    /**
     * Runs every convolution of {@link #CONVS} through {@code impl}, checking each output against float64 and bit for
     * bit against the chain of fused multiply-adds over (ky, kx, c) in order, the padding's taps included as zeros
     * (as the patch matrix holds them); returns a CRC of all bits.
     */
    static String convDigest(Conv impl) {
        SplittableRandom rnd = new SplittableRandom(7);
        CRC32 crc = new CRC32();
        for (int[] s : CONVS) {
            ConvGeometry.Padding padding = ConvGeometry.Padding.values()[s[11]];
            ConvGeometry.Attrs a = new ConvGeometry.Attrs(false, s[7], s[8], s[9], s[10], 0, 0, padding, new int[] {1, 3, 2, 0});
            ConvGeometry.Window g = ConvGeometry.window(a, dev.nagare.graph.Shape.of(s[0], s[1], s[2], s[3]),
                    dev.nagare.graph.Shape.of(s[4], s[5], s[3], s[6]), IllegalArgumentException::new);
            float[] x = random(rnd, s[0] * s[1] * s[2] * s[3]), w = random(rnd, s[4] * s[5] * s[3] * s[6]);
            float[] out = new float[g.n() * g.oh() * g.ow() * g.oc()];
            java.util.Arrays.fill(out, Float.NaN);
            impl.forward(g, x, w, out);
            for (int n = 0; n < g.n(); n++) {
                for (int oy = 0; oy < g.oh(); oy++) {
                    for (int ox = 0; ox < g.ow(); ox++) {
                        for (int o = 0; o < g.oc(); o++) {
                            float chain = 0f;
                            double sum = 0, abs = 0;
                            for (int ky = 0; ky < g.kh(); ky++) {
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int iy = oy * s[7] - g.padTop() + ky * s[9], ix = ox * s[8] - g.padLeft() + kx * s[10];
                                    boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                                    for (int ci = 0; ci < g.c(); ci++) {
                                        float xv = inside ? x[((n * g.h() + iy) * g.w() + ix) * g.c() + ci] : 0f;
                                        float wv = w[((ky * g.kw() + kx) * g.c() + ci) * g.oc() + o];
                                        chain = Math.fma(xv, wv, chain);
                                        sum += (double) xv * wv;
                                        abs += Math.abs((double) xv * wv);
                                    }
                                }
                            }
                            String where = "conv " + java.util.Arrays.toString(s) + " at (" + n + ", " + oy + ", " + ox + ", " + o + ")";
                            checkAndDigest(where, out[((n * g.oh() + oy) * g.ow() + ox) * g.oc() + o], chain, sum, abs, g.kh() * g.kw() * g.c(), crc);
                        }
                    }
                }
            }
        }
        return Long.toHexString(crc.getValue());
    }

    /** A context whose buffers are new arrays (the conv kernels' only use of it here). */
    static final dev.nagare.device.KernelContext CONTEXT = new dev.nagare.device.KernelContext() {
        @Override public dev.nagare.graph.Node node() { return null; }
        @Override public dev.nagare.device.VariableState variables() { return null; }
    };

    /**
     * One output of a product of {@code terms} terms: within float32 rounding of the float64 {@code sum} (whose
     * terms' magnitudes add up to {@code abs}), the same bits as the multiply-add {@code chain}; its bits go into
     * {@code crc}.
     */
    private static void checkAndDigest(String where, float got, float chain, double sum, double abs, int terms, CRC32 crc) {
        if (!(Math.abs(got - sum) <= 1e-5 * Math.sqrt(terms) * abs + 1e-30)) {
            throw new AssertionError(where + ": " + got + " but float64 gives " + sum);
        }
        if (Float.floatToRawIntBits(got) != Float.floatToRawIntBits(chain)) {
            throw new AssertionError(where + ": " + got + " but the multiply-add chain gives " + chain);
        }
        int bits = Float.floatToRawIntBits(got);
        crc.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /** Run in a child JVM by {@link #everySpeciesAndTileGivesTheSameBits}, with a species and tile forced. */
    static final class TilesMain {
        public static void main(String[] args) {
            Impl sequential = (ta, tb, m, n, k, a, b, c) -> GemmVector.sequential(ta, tb, m, n, k, a, b, c, new GemmVector.Buffers());
            String d = digest(GemmVector::sgemm);
            for (int threads = 1; threads <= 3; threads += 2) {
                int th = threads;
                String p = digest((ta, tb, m, n, k, a, b, c) -> GemmVector.parallel(ta, tb, m, n, k, a, b, c, th));
                if (!p.equals(d)) throw new AssertionError("parallel on " + threads + " threads differs: " + p + " vs " + d);
            }
            String own = digest((ta, tb, m, n, k, a, b, c) -> GemmVector.parallel(ta, tb, m, n, k, a, b, c, 2, true));
            if (!own.equals(d)) throw new AssertionError("parallel with own packing differs: " + own + " vs " + d);
            String seq = digest(sequential);
            if (!seq.equals(d)) throw new AssertionError("sequential differs: " + seq + " vs " + d);
            // A packed into slivers rather than read in place (products with few columns read it in place).
            String packed = digest((ta, tb, m, n, k, a, b, c) -> GemmVector.sequential(ta, tb, m, n, k, a, b, c, new GemmVector.Buffers(), false));
            if (!packed.equals(d)) throw new AssertionError("sequential with A packed differs: " + packed + " vs " + d);
            String inPlace = digest((ta, tb, m, n, k, a, b, c) -> GemmVector.sequential(ta, tb, m, n, k, a, b, c, new GemmVector.Buffers(), true));
            if (!inPlace.equals(d)) throw new AssertionError("sequential with A in place differs: " + inPlace + " vs " + d);
            for (boolean place : new boolean[] {false, true}) {
                String par = digest((ta, tb, m, n, k, a, b, c) -> GemmVector.parallel(ta, tb, m, n, k, a, b, c, 2, false, place));
                if (!par.equals(d)) throw new AssertionError("parallel with A in place=" + place + " differs: " + par + " vs " + d);
            }
            String conv = convDigest((g, x, w, out) -> ConvImplicit.forward(CONTEXT, g, x, w, out, 0, 1));
            System.out.println("species=" + GemmKernels.L * Float.SIZE + " tile=" + GemmKernels.TILE + " kc=" + GemmVector.KC
                    + " digest=" + d + " conv=" + conv + " ok");
        }
    }
}
