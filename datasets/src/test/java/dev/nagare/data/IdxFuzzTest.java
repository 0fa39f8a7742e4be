package dev.nagare.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.nagare.data.IdxFormatException.Kind;

/**
 * Mutates small valid IDX files (raw and gzipped, images and labels) about 2,000 times with a fixed seed:
 * every read must either succeed with consistent sizes or fail with {@link IdxFormatException}; never another
 * exception, never an error, never a hang.
 */
class IdxFuzzTest {
    private static final int MUTANTS = 2_000;

    @Test
    void mutatedFilesEitherReadConsistentlyOrFailWithIdxFormatException() {
        byte[] images = IdxTestFiles.images(6, 5, 4);
        byte[] labels = IdxTestFiles.labels(6);
        byte[][] bases = {images, IdxTestFiles.gzip(images), labels, IdxTestFiles.gzip(labels)};
        Map<IdxFormatException.Kind, Integer> kinds = new EnumMap<>(IdxFormatException.Kind.class);
        int[] ok = new int[1];

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            Random rnd = new Random(0x1D8L);
            for (int m = 0; m < MUTANTS; m++) {
                int which = m % bases.length;
                StringBuilder how = new StringBuilder();
                byte[] mutant = mutate(bases[which], rnd, how);
                boolean asImages = (which < 2) != (rnd.nextInt(20) == 0);    // now and then the wrong reader
                String name = "mutant-" + m + ".idx";
                try {
                    if (asImages) {
                        IdxReader.Images img = IdxReader.readImages(new ByteArrayInputStream(mutant), name);
                        assertEquals((long) img.count() * img.rows() * img.cols(), img.pixels().length, how::toString);
                        assertTrue(16 + img.pixels().length <= mutant.length || which % 2 == 1, how::toString);
                    } else {
                        int[] lab = IdxReader.readLabels(new ByteArrayInputStream(mutant), name, 10);
                        assertTrue(8 + lab.length <= mutant.length || which % 2 == 1, how::toString);
                        for (int v : lab) {
                            assertTrue(v >= 0 && v < 10, how::toString);
                        }
                    }
                    ok[0]++;
                } catch (IdxFormatException e) {
                    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
                    kinds.merge(e.kind(), 1, Integer::sum);
                } catch (Throwable t) {
                    fail("mutant " + m + " (" + how + ") of base " + which + " threw " + t, t);
                }
            }
        });
        // The mutations reached many code paths: some reads still succeed, and many kinds of failure occur.
        assertTrue(ok[0] > 20, "successful reads: " + ok[0]);
        for (IdxFormatException.Kind k : new IdxFormatException.Kind[] {IdxFormatException.Kind.BAD_MAGIC,
                IdxFormatException.Kind.TRUNCATED, IdxFormatException.Kind.TRAILING_DATA,
                IdxFormatException.Kind.BAD_GZIP, IdxFormatException.Kind.TOO_LARGE,
                IdxFormatException.Kind.BAD_LABEL, IdxFormatException.Kind.BAD_DIMENSION_COUNT}) {
            assertTrue(kinds.containsKey(k), "no " + k + " among " + kinds + " (" + ok[0] + " ok)");
        }
    }

    /**
     * Files that lie in a structured way, about 1,500 of them: a header claiming other sizes than the data has
     * (near misses, zero, 2^31, 2^32-1, products that overflow an int or a long), a reader's budget below or
     * above the truth, gzip trailers that lie, data after the gzip stream, and gzip bombs. Each must end as
     * exactly what it is, and no read may allocate more than a few MiB for these tiny files.
     */
    @Test
    void structuredLiesAreCaughtAsWhatTheyAre() {
        Random rnd = new Random(0x11E5L);
        long[] claims = {0, 1, 2, 3, 7, 65_536, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL};
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int m = 0; m < 1_500; m++) {
                boolean images = rnd.nextBoolean(), gz = rnd.nextBoolean();
                long[] truth = images ? new long[] {rnd.nextInt(8), 1 + rnd.nextInt(6), 1 + rnd.nextInt(6)}
                        : new long[] {rnd.nextInt(40)};
                long[] claim = truth.clone();
                int word = rnd.nextInt(claim.length);
                claim[word] = rnd.nextBoolean() ? claims[rnd.nextInt(claims.length)]
                        : (claim[word] + rnd.nextInt(5) - 2) & 0xFFFF_FFFFL;
                long size = product(truth), claimed = product(claim);
                long budget = rnd.nextInt(4) == 0 ? rnd.nextInt((int) size + 2) : IdxReader.DEFAULT_MAX_ELEMENTS;
                byte[] file = images ? IdxTestFiles.images((int) truth[0], (int) truth[1], (int) truth[2])
                        : IdxTestFiles.labels((int) truth[0]);
                for (int k = 0; k < claim.length; k++) writeInt(file, 4 + 4 * k, claim[k]);
                String lie = Arrays.toString(claim) + " for " + Arrays.toString(truth) + ", budget " + budget;
                Set<Kind> expected;
                if (images && (claim[1] == 0 || claim[2] == 0)) expected = Set.of(Kind.BAD_DIMENSION);
                else if (claimed > budget || images && product(new long[] {claim[1], claim[2]}) > Integer.MAX_VALUE - 16) expected = Set.of(Kind.TOO_LARGE);
                else if (claimed > size) expected = Set.of(Kind.TRUNCATED);
                else if (claimed < size) expected = Set.of(Kind.TRAILING_DATA);
                else expected = Set.of();
                // A lie in the gzip layer shows once the header's sizes pass and the stream is read to its end.
                if (gz && !expected.contains(Kind.TOO_LARGE) && !expected.contains(Kind.BAD_DIMENSION)) {
                    file = IdxTestFiles.gzip(file);
                    int gzipLie = rnd.nextInt(6);
                    if (gzipLie == 1 || gzipLie == 2) {                // the trailer's CRC32 or length
                        file[file.length - (gzipLie == 1 ? 8 : 4)] ^= (byte) (1 + rnd.nextInt(255));
                        expected = Set.of(Kind.BAD_GZIP);
                    } else if (gzipLie == 3) {                         // bytes after the gzip stream
                        file = IdxTestFiles.concat(file, new byte[] {(byte) rnd.nextInt(0x1F), 0x1F, (byte) 0x8B});
                        expected = Set.of(Kind.TRAILING_DATA);
                    } else if (gzipLie == 4) {                         // a bomb appended as a second member
                        file = IdxTestFiles.concat(file, IdxTestFiles.gzip(new byte[4 << 20]));
                        expected = Set.of(Kind.TRAILING_DATA, Kind.TOO_LARGE);
                    }
                    lie += ", gzip lie " + gzipLie;
                }
                byte[] bytes = file;
                long before = threads.getCurrentThreadAllocatedBytes();
                Kind got = null;
                try {
                    if (images) {
                        IdxReader.Images img = IdxReader.readImages(new ByteArrayInputStream(bytes), "lie", budget);
                        assertEquals(size, img.pixels().length, lie);
                    } else {
                        assertEquals(size, IdxReader.readLabels(new ByteArrayInputStream(bytes), "lie", 256, budget).length, lie);
                    }
                } catch (IdxFormatException e) {
                    got = e.kind();
                    assertTrue(e.getMessage().startsWith("lie: "), e.getMessage());
                } catch (Throwable t) {
                    fail(lie + " threw " + t, t);
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertTrue(got == null ? expected.isEmpty() : expected.contains(got), lie + ": expected " + expected + ", got " + got);
                assertTrue(allocated < 4 << 20, lie + ": allocated " + allocated + " bytes for a " + bytes.length + "-byte file");
            }
        });
    }

    /** The exact product of unsigned 32-bit dimensions, or Long.MAX_VALUE past it. */
    private static long product(long[] dims) {
        BigInteger p = BigInteger.ONE;
        for (long d : dims) p = p.multiply(BigInteger.valueOf(d));
        return p.bitLength() < 63 ? p.longValue() : Long.MAX_VALUE;
    }

    private static void writeInt(byte[] b, int at, long v) {
        for (int k = 0; k < 4; k++) b[at + k] = (byte) (v >>> (24 - 8 * k));
    }

    private static byte[] mutate(byte[] base, Random rnd, StringBuilder how) {
        byte[] b = base.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            int len = b.length;
            switch (rnd.nextInt(7)) {
                case 0 -> {                                  // flip one bit
                    if (len == 0) break;
                    int at = rnd.nextInt(len);
                    int bit = rnd.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    how.append("flip bit ").append(bit).append(" at ").append(at).append("; ");
                }
                case 1 -> {                                  // random byte, mostly in the header
                    if (len == 0) break;
                    int at = rnd.nextBoolean() ? rnd.nextInt(Math.min(len, 16)) : rnd.nextInt(len);
                    b[at] = (byte) rnd.nextInt(256);
                    how.append("set ").append(at).append(" to ").append(b[at] & 0xFF).append("; ");
                }
                case 2 -> {                                  // truncate
                    int to = len == 0 ? 0 : rnd.nextInt(len);
                    b = Arrays.copyOf(b, to);
                    how.append("truncate to ").append(to).append("; ");
                }
                case 3 -> {                                  // insert random bytes
                    int at = rnd.nextInt(len + 1);
                    byte[] ins = new byte[1 + rnd.nextInt(8)];
                    rnd.nextBytes(ins);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.writeBytes(ins);
                    out.write(b, at, len - at);
                    b = out.toByteArray();
                    how.append("insert ").append(ins.length).append(" at ").append(at).append("; ");
                }
                case 4 -> {                                  // delete a range
                    if (len == 0) break;
                    int at = rnd.nextInt(len);
                    int cnt = 1 + rnd.nextInt(Math.min(8, len - at));
                    byte[] c = new byte[len - cnt];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + cnt, c, at, len - at - cnt);
                    b = c;
                    how.append("delete ").append(cnt).append(" at ").append(at).append("; ");
                }
                case 5 -> {                                  // an extreme value in a header word (raw files)
                    if (len < 8) break;
                    int word = rnd.nextInt(Math.min(4, len / 4));
                    int[] extremes = {0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x10000, 7, 100_000_001};
                    int v = extremes[rnd.nextInt(extremes.length)];
                    for (int k = 0; k < 4; k++) {
                        b[4 * word + k] = (byte) (v >>> (24 - 8 * k));
                    }
                    how.append("header word ").append(word).append(" = ").append(v).append("; ");
                }
                default -> {                                 // append garbage
                    byte[] c = Arrays.copyOf(b, len + 1 + rnd.nextInt(4));
                    for (int k = len; k < c.length; k++) c[k] = (byte) rnd.nextInt(256);
                    b = c;
                    how.append("append ").append(c.length - len).append("; ");
                }
            }
        }
        return b;
    }
}
