package dev.nagare.data;

import static dev.nagare.data.IdxTestFiles.concat;
import static dev.nagare.data.IdxTestFiles.gzip;
import static dev.nagare.data.IdxTestFiles.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.nagare.data.IdxFormatException.Kind;

class IdxErrorTest {
    @TempDir
    Path dir;

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** Asserts the failure's type and kind, that its message names the file, and that it contains each part. */
    private static IdxFormatException fails(Kind kind, Path file, Executable read, String... parts) {
        IdxFormatException e = assertThrows(IdxFormatException.class, read);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(file.toString(), e.file());
        assertTrue(e.getMessage().startsWith(file + ": "), "message names the file: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message contains '" + part + "': " + e.getMessage());
        }
        assertTrue(e instanceof IOException);
        return e;
    }

    @Test
    void wrongMagicNumber() throws IOException {
        Path f = file("bad-magic.idx", concat(header(0x12345678, 1, 2, 2), new byte[4]));
        fails(Kind.BAD_MAGIC, f, () -> IdxReader.readImages(f), "wrong magic number", "expected 0x00000803",
                "found 0x12345678");
        Path g = file("bad-magic-labels.gz", gzip(concat(header(0xCAFEBABE, 1), new byte[1])));
        fails(Kind.BAD_MAGIC, g, () -> IdxReader.readLabels(g), "wrong magic number", "expected 0x00000801",
                "found 0xCAFEBABE");
    }

    @Test
    void labelsFileReadAsImagesAndTheOtherWayRound() throws IOException {
        Path labels = file("labels.idx", IdxTestFiles.labels(3));
        fails(Kind.BAD_DIMENSION_COUNT, labels, () -> IdxReader.readImages(labels), "number of dimensions",
                "expected 0x00000803", "found 0x00000801", "this is a labels file");
        Path images = file("images.idx", IdxTestFiles.images(3, 2, 2));
        fails(Kind.BAD_DIMENSION_COUNT, images, () -> IdxReader.readLabels(images), "number of dimensions",
                "expected 0x00000801", "found 0x00000803", "this is an images file");
        // Swapped arguments to MnistData.load are caught the same way.
        fails(Kind.BAD_DIMENSION_COUNT, images, () -> MnistData.load(labels, images), "this is an images file");
    }

    @Test
    void wrongElementType() throws IOException {
        Path f = file("floats.idx", concat(header(0x00000D03, 1, 1, 1), new byte[4]));
        fails(Kind.BAD_ELEMENT_TYPE, f, () -> IdxReader.readImages(f), "element type 0x0D (float32)",
                "expected 0x00000803", "found 0x00000D03");
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        Path f = file("4d.idx", concat(header(0x00000804, 1, 1, 1, 1), new byte[1]));
        fails(Kind.BAD_DIMENSION_COUNT, f, () -> IdxReader.readImages(f), "number of dimensions",
                "found 0x00000804 with 4 dimensions");
    }

    @Test
    void emptyAndTruncatedHeader() throws IOException {
        Path empty = file("empty.idx", new byte[0]);
        fails(Kind.TRUNCATED, empty, () -> IdxReader.readImages(empty), "empty file", "expected 4 bytes",
                "found 0");
        Path shortMagic = file("short.idx", new byte[] {0, 0, 8});
        fails(Kind.TRUNCATED, shortMagic, () -> IdxReader.readImages(shortMagic), "truncated header",
                "expected 4 bytes", "found 3");
        Path shortDims = file("short-dims.idx.gz", gzip(Arrays.copyOf(header(0x803, 5, 28, 28), 10)));
        fails(Kind.TRUNCATED, shortDims, () -> IdxReader.readImages(shortDims), "truncated header",
                "expected 12 bytes", "found 6");
    }

    @Test
    void truncatedData() throws IOException {
        byte[] full = IdxTestFiles.images(5, 4, 3);          // 16-byte header + 60 pixels
        Path raw = file("cut.idx", Arrays.copyOf(full, 16 + 40));
        fails(Kind.TRUNCATED, raw, () -> IdxReader.readImages(raw), "truncated data", "expected 60 bytes",
                "found 40");
        Path gz = file("cut-inside.gz", gzip(Arrays.copyOf(full, 16 + 59)));
        fails(Kind.TRUNCATED, gz, () -> IdxReader.readImages(gz), "truncated data", "expected 60 bytes",
                "found 59");
        Path labels = file("cut-labels", Arrays.copyOf(IdxTestFiles.labels(10), 8 + 3));
        fails(Kind.TRUNCATED, labels, () -> IdxReader.readLabels(labels), "truncated data", "expected 10 bytes",
                "found 3");
    }

    @Test
    void truncatedGzipStreamFailsWithoutHanging() throws IOException {
        byte[] gz = gzip(IdxTestFiles.images(50, 28, 28));
        for (int cut : new int[] {3, 10, gz.length / 2, gz.length - 8, gz.length - 1}) {
            Path f = file("cut-" + cut + ".gz", Arrays.copyOf(gz, cut));
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    fails(Kind.TRUNCATED, f, () -> IdxReader.readImages(f), "truncated"));
        }
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(IdxTestFiles.images(5, 4, 3));
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 0x55;                       // CRC32 in the trailer
        Path f = file("bad-crc.gz", badCrc);
        fails(Kind.BAD_GZIP, f, () -> IdxReader.readImages(f), "corrupt gzip", "Corrupt GZIP trailer");
        byte[] badMethod = gz.clone();
        badMethod[2] = 7;                                    // compression method other than deflate
        Path g = file("bad-method.gz", badMethod);
        fails(Kind.BAD_GZIP, g, () -> IdxReader.readImages(g), "corrupt gzip");
    }

    @Test
    void trailingData() throws IOException {
        Path f = file("long.idx", concat(IdxTestFiles.images(2, 2, 2), new byte[] {1, 2, 3}));
        fails(Kind.TRAILING_DATA, f, () -> IdxReader.readImages(f), "unexpected data after the end",
                "3 extra bytes");
        Path g = file("long-labels.gz", gzip(concat(IdxTestFiles.labels(4), new byte[1])));
        fails(Kind.TRAILING_DATA, g, () -> IdxReader.readLabels(g), "1 extra byte");
    }

    @Test
    void dataAfterTheGzipStreamIsRefused() throws IOException {
        byte[] gz = gzip(IdxTestFiles.images(2, 2, 2));
        for (byte[] junk : new byte[][] {{1, 2, 3}, {0}, {0x1F}, new byte[100]}) {
            Path f = file("junk-" + junk.length + "-" + junk[0] + ".gz", concat(gz, junk));
            fails(Kind.TRAILING_DATA, f, () -> IdxReader.readImages(f), "after the end of the gzip stream",
                    "at compressed byte " + gz.length);
        }
        // Members back to back (as `cat a.gz b.gz` makes) are one gzip stream, not trailing data.
        byte[] raw = IdxTestFiles.images(2, 2, 2);
        Path two = file("two-members.gz", concat(gzip(Arrays.copyOf(raw, 10)), gzip(Arrays.copyOfRange(raw, 10, raw.length))));
        assertEquals(IdxReader.readImages(new ByteArrayInputStream(raw), "raw"), IdxReader.readImages(two));
    }

    @Test
    void gzipBombIsRefusedBeforeItExpands() throws IOException {
        // 100M zero pixels (exactly the default limit) compress to about 100 KB, a 1000-fold expansion.
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(header(0x803, 1000, 100, 1000));
            byte[] zeros = new byte[1 << 20];
            for (long left = 100_000_000L; left > 0; left -= zeros.length) out.write(zeros, 0, (int) Math.min(left, zeros.length));
        }
        Path bomb = file("bomb.gz", bytes.toByteArray());
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        fails(Kind.TOO_LARGE, bomb, () -> IdxReader.readImages(bomb), "expands more than 100-fold", "gzip bomb");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 30_000_000, "allocated " + allocated + " bytes for a " + bytes.size() + "-byte file");
        Path labels = file("labels-bomb.gz", gzip(concat(header(0x801, 50_000_000), new byte[50_000_000])));
        fails(Kind.TOO_LARGE, labels, () -> MnistData.load(bomb, labels), "expands more than 100-fold");
    }

    @Test
    void countsOfImagesAndLabelsMustMatch() throws IOException {
        Path images = file("images.gz", gzip(IdxTestFiles.images(10, 2, 2)));
        Path labels = file("labels.gz", gzip(IdxTestFiles.labels(9)));
        fails(Kind.COUNT_MISMATCH, labels, () -> MnistData.load(images, labels), "count mismatch",
                "has 9 labels", "has 10 images", images.toString());
    }

    @Test
    void labelsOutsideZeroToNine() throws IOException {
        Path f = file("labels-10.idx", concat(header(0x801, 4), new byte[] {1, 9, 10, 3}));
        fails(Kind.BAD_LABEL, f, () -> IdxReader.readLabels(f, 10), "label 10 at index 2 is outside 0..9");
        Path images = file("images", IdxTestFiles.images(4, 1, 1));
        fails(Kind.BAD_LABEL, f, () -> MnistData.load(images, f), "outside 0..9");
        Path g = file("labels-255.idx", concat(header(0x801, 2), new byte[] {0, (byte) 255}));
        fails(Kind.BAD_LABEL, g, () -> IdxReader.readLabels(g, 10), "label 255 at index 1");
        assertEquals(255, IdxReader.readLabels(g)[1], "without a class count any byte is a label");
    }

    @Test
    void emptyImageSize() throws IOException {
        Path f = file("zero-rows.idx", header(0x803, 3, 0, 28));
        fails(Kind.BAD_DIMENSION, f, () -> IdxReader.readImages(f), "image size 0x28 is empty");
    }

    @Test
    void absurdSizes() throws IOException {
        Path overflow = file("overflow.idx", concat(header(0x803, 1, 65536, 65536), new byte[8]));
        fails(Kind.TOO_LARGE, overflow, () -> IdxReader.readImages(overflow), "1 images of 65536x65536",
                "more than the limit of 100000000");
        Path huge = file("huge.idx", header(0x803, -1, -1, -1));      // 0xFFFFFFFF everywhere
        fails(Kind.TOO_LARGE, huge, () -> IdxReader.readImages(huge), "4294967295 images of 4294967295x4294967295");
        Path big = file("big.gz", gzip(header(0x803, 10_000, 100, 101)));    // 101M pixels, just over
        fails(Kind.TOO_LARGE, big, () -> IdxReader.readImages(big), "10000 images of 100x101");
        Path labels = file("labels-huge", header(0x801, 0x7FFFFFFF));
        fails(Kind.TOO_LARGE, labels, () -> IdxReader.readLabels(labels), "2147483647 labels");
        Path noImages = file("no-images.idx", header(0x803, 0, 2, -1));  // no pixels, but 2^32-1 columns
        fails(Kind.TOO_LARGE, noImages, () -> IdxReader.readImages(noImages), "images of 2x4294967295 pixels");
        Path small = file("small-limit", IdxTestFiles.images(10, 2, 2));
        fails(Kind.TOO_LARGE, small, () -> IdxReader.readImages(small, 39), "more than the limit of 39");
        assertEquals(10, IdxReader.readImages(small, 40).count());
    }

    @Test
    void headerClaimingTwoToThe31ImagesFailsFastWithoutAllocating() {
        // 2^31 images of 28x28, and plenty of bytes behind the header; only the 16 header bytes may be read.
        byte[] content = concat(header(0x803, 0x8000_0000, 28, 28), new byte[100_000]);
        var in = new ByteArrayInputStream(content);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            IdxFormatException e = assertThrows(IdxFormatException.class,
                    () -> IdxReader.readImages(in, "claims-2^31.idx"));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(Kind.TOO_LARGE, e.kind());
            assertTrue(e.getMessage().startsWith("claims-2^31.idx: header declares 2147483648 images of 28x28"),
                    e.getMessage());
            assertTrue(allocated < 1_000_000, "allocated " + allocated + " bytes");
        });
    }

    @Test
    void largeButAllowedHeaderOnATinyFileAllocatesLittle() {
        // 99.9M pixels declared (under the limit) but only 10 bytes of data: the buffer grows with the data
        // actually read, so this costs about the first 1 MiB chunk, not 100 MB.
        byte[] content = concat(header(0x803, 999, 100, 1000), new byte[10]);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            long before = threads.getCurrentThreadAllocatedBytes();
            IdxFormatException e = assertThrows(IdxFormatException.class,
                    () -> IdxReader.readImages(new ByteArrayInputStream(content), "tiny"));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertEquals(Kind.TRUNCATED, e.kind());
            assertTrue(e.getMessage().contains("expected 99900000 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("found 10"), e.getMessage());
            assertTrue(allocated < 4_000_000, "allocated " + allocated + " bytes");
        });
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        Path missing = dir.resolve("nope.gz");
        assertThrows(NoSuchFileException.class, () -> IdxReader.readImages(missing));
    }
}
