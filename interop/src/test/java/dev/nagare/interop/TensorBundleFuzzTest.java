package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Seeded random damage to real bundles, ours and TensorFlow's, and structured lies in a well-formed index:
 * every read either gives back exactly the original tensors or fails with a BundleFormatException; nothing
 * else, and never a hang.
 */
class TensorBundleFuzzTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir Path dir;

    /** A bundle's two files and the tensors they hold. */
    private record Sample(String name, byte[] index, byte[] data, Map<String, Tensor> values) {}

    private enum Target { INDEX, DATA }

    @Test
    void randomDamageToOurBundle() throws IOException {
        SortedMap<String, Tensor> values = TensorBundleTestSupport.samples();
        Path prefix = dir.resolve("ours/ckpt");
        TensorBundle.write(prefix, values);
        fuzz(load("ours", prefix, values), 1_500, 1);
    }

    @Test
    void randomDamageToTensorFlowsBundle() throws IOException {
        // reverse key order: TensorFlow lays the data out in the order it was given, unlike ours
        List<String> keys = new ArrayList<>(TensorBundleTestSupport.samples().keySet());
        Collections.reverse(keys);
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (String k : keys) values.put(k, TensorBundleTestSupport.samples().get(k));
        Path prefix = dir.resolve("tf/ckpt");
        TensorBundleTestSupport.tfSaveV2(prefix, values);
        fuzz(load("tensorflow", prefix, values), 1_500, 2);
    }

    @Test
    void randomDamageToAnIndexOfSeveralBlocks() throws IOException {
        SortedMap<String, Tensor> values = new TreeMap<>();
        for (int i = 0; i < 12_000; i++) values.put(String.format("model/layer_%05d/w", i), Tensor.scalar(i));
        Path prefix = dir.resolve("many/ckpt");
        TensorBundle.write(prefix, values);
        fuzz(load("several blocks", prefix, values), 150, 3);
    }

    @Test
    void everyTruncationAndEverySingleBitFlipOfOurIndex() throws IOException {
        SortedMap<String, Tensor> values = TensorBundleTestSupport.samples();
        Path prefix = dir.resolve("ours/ckpt");
        TensorBundle.write(prefix, values);
        Sample s = load("ours", prefix, values);
        Path work = dir.resolve("work/ckpt");
        assertTimeoutPreemptively(LIMIT, () -> {
            int failures = 0;
            for (int len = 0; len < s.index().length; len++) {
                failures += check(s, work, java.util.Arrays.copyOf(s.index(), len), s.data(), "index truncated to " + len) ? 0 : 1;
            }
            for (int len = 0; len < s.data().length; len++) {
                failures += check(s, work, s.index(), java.util.Arrays.copyOf(s.data(), len), "data truncated to " + len) ? 0 : 1;
            }
            assertEquals(s.index().length + s.data().length, failures, "every truncation must be caught");
            for (int bit = 0; bit < 8 * s.index().length; bit++) {
                byte[] index = s.index().clone();
                index[bit / 8] ^= (byte) (1 << (bit % 8));
                check(s, work, index, s.data(), "index bit " + bit + " flipped");
            }
        });
    }

    /** Dimensions a lying entry draws from: small, zero, negative, at and past int range, overflowing a long. */
    private static final long[] CLAIMS = {0, 1, 2, 3, 7, 65_536, 1L << 30, Integer.MAX_VALUE, 1L << 31, 1L << 40, -1, -2,
            1_755_416_777, 65_691_504};

    /**
     * Structured lies in an index that is otherwise well formed (re-encoded, so every block checksum is right):
     * an entry claims another shape (its size sometimes made to agree), size, offset, shard, dtype or checksum,
     * or the header another shard count, byte order or version. Every read gives back the original tensors or
     * fails with a BundleFormatException, and none allocates more than a few MiB: a lie must not buy memory.
     */
    @Test
    void structuredLiesInAnIndex() throws IOException {
        SortedMap<String, Tensor> values = TensorBundleTestSupport.samples();
        Path prefix = dir.resolve("ours/ckpt");
        TensorBundle.write(prefix, values);
        Sample s = load("ours", prefix, values);
        List<TensorBundleTable.Entry> table = TensorBundleTableDecoder.decode(s.index(), TensorBundle.indexFile(prefix));
        Path work = dir.resolve("lies/ckpt");
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(LIMIT, () -> {
            int rejected = 0, lies = 1_500;
            for (int i = 0; i < lies; i++) {
                String liar;
                Random rnd = new Random(0x11E5L * 1_000_003L + i);
                List<TensorBundleTable.Entry> lied = new ArrayList<>(table);
                StringBuilder how = new StringBuilder("lie " + i + ":");
                if (rnd.nextInt(10) == 0) {
                    BundleHeaderProto.Builder h = BundleHeaderProto.parseFrom(table.getFirst().value()).toBuilder();
                    switch (rnd.nextInt(3)) {
                        case 0 -> h.setNumShards(new int[] {0, -1, 2, 1 << 30, Integer.MAX_VALUE}[rnd.nextInt(5)]);
                        case 1 -> h.setEndianness(BundleHeaderProto.Endianness.BIG);
                        default -> h.setVersion(h.getVersion().toBuilder().setMinConsumer(1 + rnd.nextInt(3)));
                    }
                    how.append(" header ").append(h.build().toString().replace('\n', ' '));
                    liar = null;
                    lied.set(0, new TensorBundleTable.Entry(new byte[0], h.build().toByteArray()));
                } else {
                    int k = 1 + rnd.nextInt(lied.size() - 1);
                    BundleEntryProto.Builder e = BundleEntryProto.parseFrom(lied.get(k).value()).toBuilder();
                    switch (rnd.nextInt(6)) {
                        case 0 -> {
                            TensorShapeProto.Builder shape = e.getShape().toBuilder();
                            long claim = CLAIMS[rnd.nextInt(CLAIMS.length)];
                            if (shape.getDimCount() > 0 && rnd.nextBoolean()) shape.setDim(rnd.nextInt(shape.getDimCount()), TensorShapeProto.Dim.newBuilder().setSize(claim));
                            else shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(claim));
                            e.setShape(shape);
                            if (rnd.nextBoolean()) e.setSize(claimedBytes(e));   // a size that agrees with the lie
                        }
                        case 1 -> e.setSize(new long[] {e.getSize() + 1, e.getSize() - 1, 2 * e.getSize(), -1, Long.MAX_VALUE}[rnd.nextInt(5)]);
                        case 2 -> e.setOffset(new long[] {e.getOffset() + 1, e.getOffset() - 1, s.data().length, -1, Long.MAX_VALUE}[rnd.nextInt(5)]);
                        case 3 -> e.setShardId(new int[] {1, -1, Integer.MAX_VALUE}[rnd.nextInt(3)]);
                        case 4 -> e.setDtypeValue(new int[] {1, 2, 3, 7, 9, 10, 19, 99}[rnd.nextInt(8)]);
                        default -> e.setCrc32C(e.getCrc32C() ^ (1 << rnd.nextInt(32)));
                    }
                    liar = new String(lied.get(k).key(), java.nio.charset.StandardCharsets.UTF_8);
                    how.append(" entry ").append(TensorBundleTableDecoder.show(lied.get(k).key())).append(' ').append(e.build().toString().replace('\n', ' '));
                    lied.set(k, new TensorBundleTable.Entry(lied.get(k).key(), e.build().toByteArray()));
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                rejected += checkLie(s, work, TensorBundleTable.encode(lied), liar, how.toString()) ? 0 : 1;
                long used = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(used < 4 << 20, how + ": allocated " + used + " bytes");
            }
            assertTrue(rejected > lies * 3 / 4, "rejected " + rejected + " of " + lies);
        });
    }

    /**
     * Like {@link #check}, but a lie the bytes cannot expose may be read as told: the lying entry may come back
     * with another dtype or shape if its data is the same bytes (an empty tensor of another dtype, a [3] as
     * [3, 1]), which the size and checksum checks already guarantee. Every other tensor must be the original.
     */
    private static boolean checkLie(Sample s, Path work, byte[] index, String liar, String how) throws IOException {
        Files.createDirectories(work.getParent());
        Files.write(TensorBundle.indexFile(work), index);
        Files.write(TensorBundle.dataFile(work, 0, 1), s.data());
        try {
            Map<String, Tensor> read = TensorBundle.read(work);
            assertEquals(s.values().keySet(), read.keySet(), how);
            for (String key : read.keySet()) {
                Tensor want = s.values().get(key), got = read.get(key);
                if (key.equals(liar) && !want.equals(got)) {
                    assertEquals(TensorBundleData.byteSize(want), TensorBundleData.byteSize(got), how + ": read as " + got);
                } else {
                    assertEquals(want, got, how + ": tensor '" + key + "'");
                }
            }
            return true;
        } catch (BundleFormatException e) {
            assertTrue(e.getMessage().startsWith(work.getParent().toString()), how + ": message does not name the file: " + e.getMessage());
            return false;
        } catch (Throwable t) {
            fail(how + " threw " + t, t);
            return false;
        }
    }

    /** The bytes an entry's shape and dtype claim, or Long.MAX_VALUE where they overflow. */
    private static long claimedBytes(BundleEntryProto.Builder e) {
        java.math.BigInteger n = java.math.BigInteger.valueOf(Math.max(1, e.getDtypeValue() == 2 || e.getDtypeValue() == 9 ? 8 : 4));
        for (TensorShapeProto.Dim d : e.getShape().getDimList()) n = n.multiply(java.math.BigInteger.valueOf(d.getSize()));
        return n.bitLength() < 63 ? n.longValue() : Long.MAX_VALUE;
    }

    private Sample load(String name, Path prefix, Map<String, Tensor> values) throws IOException {
        byte[] index = Files.readAllBytes(TensorBundle.indexFile(prefix));
        byte[] data = Files.readAllBytes(TensorBundle.dataFile(prefix, 0, 1));
        assertEquals(values, TensorBundle.read(prefix), "the undamaged " + name + " bundle");
        return new Sample(name, index, data, values);
    }

    private void fuzz(Sample s, int perFile, long seed) {
        Path work = dir.resolve("work-" + seed + "/ckpt");
        assertTimeoutPreemptively(LIMIT, () -> {
            Map<Target, int[]> outcomes = new LinkedHashMap<>(); // [read fine, rejected]
            for (Target target : Target.values()) {
                int[] counts = new int[2];
                for (int i = 0; i < perFile; i++) {
                    Random rnd = new Random(seed * 1_000_003L + target.ordinal() * 100_000L + i);
                    StringBuilder how = new StringBuilder(s.name() + " " + target + " case " + i + ":");
                    byte[] index = target == Target.INDEX ? mutate(s.index(), rnd, how) : s.index();
                    byte[] data = target == Target.DATA ? mutate(s.data(), rnd, how) : s.data();
                    counts[check(s, work, index, data, how.toString()) ? 0 : 1]++;
                }
                outcomes.put(target, counts);
            }
            // the damage must mostly be caught, or the test is not testing much
            for (Map.Entry<Target, int[]> e : outcomes.entrySet()) {
                assertTrue(e.getValue()[1] > perFile / 2, s.name() + " " + e.getKey() + ": read fine " + e.getValue()[0] + ", rejected " + e.getValue()[1]);
            }
        });
    }

    /** Writes the files and reads them: true if the read succeeded (with the original values), false if rejected. */
    private static boolean check(Sample s, Path work, byte[] index, byte[] data, String how) throws IOException {
        Files.createDirectories(work.getParent());
        Files.write(TensorBundle.indexFile(work), index);
        Files.write(TensorBundle.dataFile(work, 0, 1), data);
        try {
            Map<String, Tensor> read = TensorBundle.read(work);
            assertEquals(s.values(), read, how + " read without error but gave other tensors");
            return true;
        } catch (BundleFormatException e) {
            assertTrue(e.getMessage().startsWith(work.getParent().toString()), how + ": message does not name the file: " + e.getMessage());
            return false;
        } catch (Throwable t) {
            fail(how + " threw " + t, t);
            return false;
        }
    }

    /** One to three random changes: bit flips, random bytes, truncation, insertion, deletion, duplication. */
    private static byte[] mutate(byte[] original, Random rnd, StringBuilder how) {
        byte[] b = original.clone();
        int n = 1 + rnd.nextInt(3);
        for (int m = 0; m < n; m++) {
            int kind = rnd.nextInt(6);
            int at = b.length == 0 ? 0 : rnd.nextInt(b.length);
            switch (kind) {
                case 0 -> { if (b.length > 0) { b[at] ^= (byte) (1 << rnd.nextInt(8)); how.append(" flip bit at ").append(at); } }
                case 1 -> { if (b.length > 0) { b[at] = (byte) rnd.nextInt(256); how.append(" set byte at ").append(at); } }
                case 2 -> { b = java.util.Arrays.copyOf(b, at); how.append(" truncate to ").append(at); }
                case 3 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(ins);
                    b = splice(b, at, 0, ins);
                    how.append(" insert ").append(ins.length).append(" at ").append(at);
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
                    b = splice(b, at, len, new byte[0]);
                    how.append(" delete ").append(len).append(" at ").append(at);
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + rnd.nextInt(32));
                    byte[] copy = java.util.Arrays.copyOfRange(b, at, at + len);
                    int to = b.length == 0 ? 0 : rnd.nextInt(b.length);
                    System.arraycopy(copy, 0, b, to, Math.min(len, b.length - to));
                    how.append(" copy ").append(len).append(" from ").append(at).append(" to ").append(to);
                }
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] r = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(insert, 0, r, at, insert.length);
        System.arraycopy(b, at + remove, r, at + insert.length, b.length - at - remove);
        return r;
    }
}
