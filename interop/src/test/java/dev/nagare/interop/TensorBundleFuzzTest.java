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

/**
 * Seeded random damage to real bundles, ours and TensorFlow's: every read either gives back exactly the
 * original tensors or fails with a BundleFormatException; nothing else, and never a hang.
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
