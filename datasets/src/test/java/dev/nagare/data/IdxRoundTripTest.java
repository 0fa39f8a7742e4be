package dev.nagare.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxRoundTripTest {
    @TempDir
    Path dir;

    /** A small random data set whose pixels are exact multiples of 1/255. */
    static MnistData sample(int count, int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        byte[] px = new byte[count * rows * cols];
        rnd.nextBytes(px);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rnd.nextInt(10);
        }
        return MnistData.fromBytes(px, labels, count, rows, cols);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void writeThenReadGivesTheSameData(boolean gzip) throws IOException {
        MnistData data = sample(37, 28, 28, 1);
        Path images = dir.resolve("images.idx");
        Path labels = dir.resolve("labels.idx");
        IdxWriter.write(data, images, labels, gzip);

        byte[] head = Arrays.copyOf(Files.readAllBytes(images), 2);
        assertEquals(gzip, (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B, "gzip magic iff gzip");

        MnistData back = MnistData.load(images, labels);
        assertEquals(data, back);
        assertEquals(37, back.count());
        assertEquals(28, back.rows());
        assertEquals(28, back.cols());
        assertEquals(37 * 784, back.images().length);
        for (float v : back.images()) {
            assertTrue(v >= 0f && v <= 1f);
        }
        // No temporary file left behind.
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("images.idx", "labels.idx"), files.map(p -> p.getFileName().toString()).sorted()
                    .toList());
        }
    }

    @Test
    void writerFormatIsTheStandardOne() throws IOException {
        Path images = dir.resolve("i");
        Path labels = dir.resolve("l");
        IdxWriter.writeImages(images, new float[] {0f, 1f, 0.5f, 1 / 255f, 0.999f, 0.002f}, 2, 1, 3, false);
        IdxWriter.writeLabels(labels, new int[] {7, 0}, false);
        assertArrayEquals(IdxTestFiles.concat(IdxTestFiles.header(0x803, 2, 1, 3),
                new byte[] {0, (byte) 255, (byte) 128, 1, (byte) 255, 1}), Files.readAllBytes(images));
        assertArrayEquals(IdxTestFiles.concat(IdxTestFiles.header(0x801, 2), new byte[] {7, 0}),
                Files.readAllBytes(labels));
    }

    @Test
    void gzipIsDetectedByContentNotByName() throws IOException {
        byte[] raw = IdxTestFiles.images(3, 2, 2);
        Path gzNamedRaw = dir.resolve("raw.gz");
        Path rawNamedGz = dir.resolve("compressed.idx");
        Files.write(gzNamedRaw, raw);
        Files.write(rawNamedGz, IdxTestFiles.gzip(raw));
        assertEquals(IdxReader.readImages(gzNamedRaw), IdxReader.readImages(rawNamedGz));
        assertEquals(3, IdxReader.readImages(rawNamedGz).count());
        assertEquals(3 + 7 * 5, IdxReader.readImages(rawNamedGz).pixel(1, 0, 1));
    }

    @Test
    void readsStandardNamesFromAFolder() throws IOException {
        MnistData train = sample(5, 4, 3, 2);
        MnistData test = sample(2, 4, 3, 3);
        IdxWriter.write(train, dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"),
                true);
        IdxWriter.write(test, dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"), false);
        assertEquals(train, MnistData.loadTrain(dir));
        assertEquals(test, MnistData.loadTest(dir));
    }

    @Test
    void writtenFilesGetTheUsualPermissions() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path idx = dir.resolve("labels.idx");
        IdxWriter.writeLabels(idx, new int[] {1}, false);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(idx),
                "not the owner-only permissions of Files.createTempFile");
    }

    @Test
    void emptyDataSetRoundTrips() throws IOException {
        MnistData empty = sample(0, 28, 28, 4);
        IdxWriter.write(empty, dir.resolve("i.gz"), dir.resolve("l.gz"), true);
        assertEquals(empty, MnistData.load(dir.resolve("i.gz"), dir.resolve("l.gz")));
    }

    @Test
    void rewritingReplacesTheFileWhole() throws IOException {
        Path labels = dir.resolve("labels");
        IdxWriter.writeLabels(labels, new int[] {1, 2, 3, 4, 5}, false);
        IdxWriter.writeLabels(labels, new int[] {9}, true);
        assertArrayEquals(new int[] {9}, IdxReader.readLabels(labels, 10));
    }

    @Test
    void writerRejectsBadInputAndLeavesNothing() throws IOException {
        Path f = dir.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeImages(f, new float[] {1.5f}, 1, 1, 1, false));
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeImages(f, new float[] {Float.NaN}, 1, 1, 1,
                false));
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeImages(f, new float[3], 1, 2, 2, false));
        assertThrows(IllegalArgumentException.class, () -> IdxWriter.writeLabels(f, new int[] {256}, false));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void sliceShuffleAndSplit() {
        MnistData data = sample(10_000, 28, 28, 5);
        MnistData.Split split = data.shuffled(42).split(8_000);
        assertEquals(8_000, split.first().count());
        assertEquals(2_000, split.second().count());
        assertEquals(8_000 * 784, split.first().images().length);

        assertEquals(data.shuffled(42), data.shuffled(42), "same seed, same order");
        assertNotEquals(data.shuffled(42), data.shuffled(43));
        assertNotEquals(data, data.shuffled(42));
        // A shuffle is a permutation: same class counts, and every image still carries its label.
        MnistData s = data.shuffled(7);
        assertArrayEquals(data.classCounts(), s.classCounts());
        int[] p = MnistData.permutation(10_000, 7);
        for (int k = 0; k < 100; k++) {
            assertEquals(data.label(p[k]), s.label(k));
            assertArrayEquals(data.image(p[k]), s.image(k));
        }
        // The permutation of a seed is pinned (java.util.Random is specified), so splits never drift.
        assertArrayEquals(new int[] {4, 3, 0, 2, 1}, MnistData.permutation(5, 7), "permutation(5, 7) changed");

        MnistData slice = data.slice(10, 13);
        assertEquals(3, slice.count());
        assertArrayEquals(data.image(11), slice.image(1));
        assertEquals(data.label(12), slice.label(2));
        assertEquals(0, data.slice(4, 4).count());
        assertThrows(IndexOutOfBoundsException.class, () -> data.slice(5, 4));
        assertThrows(IndexOutOfBoundsException.class, () -> data.slice(0, 10_001));
        assertThrows(IndexOutOfBoundsException.class, () -> data.split(10_001));
    }

    @Test
    void pixelOutsideTheImageIsAnIndexError() {
        byte[] px = new byte[2 * 3 * 4];
        for (int i = 0; i < px.length; i++) px[i] = (byte) i;
        IdxReader.Images img = new IdxReader.Images(2, 3, 4, px);
        assertEquals(23, img.pixel(1, 2, 3));
        int[][] bad = {{0, 0, 4}, {0, 0, -1}, {0, 3, 0}, {0, -1, 0}, {2, 0, 0}, {-1, 0, 0}};
        String[] says = {"col 4 is outside 0..3", "col -1 is outside 0..3", "row 3 is outside 0..2",
                "row -1 is outside 0..2", "image 2 is outside 0..1", "image -1 is outside 0..1"};
        for (int k = 0; k < bad.length; k++) {
            int[] b = bad[k];
            IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> img.pixel(b[0], b[1], b[2]));
            assertTrue(e.getMessage().contains(says[k]), e.getMessage());
        }
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> new IdxReader.Images(0, 3, 4, new byte[0]).pixel(0, 0, 0));
        assertTrue(e.getMessage().contains("image 0 is outside the 0 images"), e.getMessage());
    }

    @Test
    void recordRejectsInconsistentArrays() {
        assertThrows(IllegalArgumentException.class, () -> new MnistData(new float[5], new int[1], 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new MnistData(new float[4], new int[2], 1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new MnistData(new float[4], new int[] {10}, 1, 2, 2));
    }
}
