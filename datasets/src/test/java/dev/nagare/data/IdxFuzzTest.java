package dev.nagare.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

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
