package dev.nagare.interop;

import static dev.nagare.interop.TensorBundleTestSupport.samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our writer and reader together, and the writer's promises: order, atomicity, cleanliness. */
class TensorBundleRoundTripTest {
    @TempDir Path dir;

    @Test
    void everyDtypeScalarsAndEmptyTensorsRoundTrip() throws IOException {
        SortedMap<String, Tensor> values = samples();
        Path prefix = dir.resolve("variables/variables");
        TensorBundle.write(prefix, values);
        assertTrue(Files.exists(dir.resolve("variables/variables.index")));
        assertTrue(Files.exists(dir.resolve("variables/variables.data-00000-of-00001")));
        assertEquals(values, TensorBundle.read(prefix));
    }

    @Test
    void readIteratesInUnsignedByteOrder() throws IOException {
        SortedMap<String, Tensor> values = new TreeMap<>();
        for (String k : List.of("😀", "\uE000", "b", "B", "a/b", "a")) values.put(k, Tensor.scalar(k.length()));
        Path prefix = dir.resolve("order");
        TensorBundle.write(prefix, values);
        List<String> expected = values.keySet().stream()
                .sorted((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8))).toList();
        assertEquals(List.of("B", "a", "a/b", "b", "\uE000", "😀"), expected);
        assertEquals(expected, List.copyOf(TensorBundle.read(prefix).keySet()));
    }

    @Test
    void emptyBundleHoldsOnlyItsHeader() throws IOException {
        Path prefix = dir.resolve("empty");
        TensorBundle.write(prefix, new TreeMap<>());
        assertEquals(0, Files.size(TensorBundle.dataFile(prefix, 0, 1)));
        assertEquals(Map.of(), TensorBundle.read(prefix));
    }

    @Test
    void tensorsLargerThanTheStreamingBufferRoundTrip() throws IOException {
        Random rnd = new Random(1);
        float[] f = new float[700_000];
        for (int i = 0; i < f.length; i++) f[i] = rnd.nextFloat();
        boolean[] b = new boolean[3_000_001];
        for (int i = 0; i < b.length; i++) b[i] = rnd.nextBoolean();
        long[] l = new long[300_001];
        for (int i = 0; i < l.length; i++) l[i] = rnd.nextLong();
        SortedMap<String, Tensor> values = new TreeMap<>(Map.of(
                "f", Tensor.of(Shape.of(700, 1000), f), "b", Tensor.of(Shape.of(b.length), b), "l", Tensor.of(Shape.of(l.length), l)));
        Path prefix = dir.resolve("big");
        TensorBundle.write(prefix, values);
        assertEquals(values, TensorBundle.read(prefix));
    }

    @Test
    void manyKeysFillSeveralDataBlocks() throws IOException {
        SortedMap<String, Tensor> values = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) values.put(String.format("layer_%05d/kernel", i), Tensor.scalar((double) i));
        Path prefix = dir.resolve("many");
        TensorBundle.write(prefix, values);
        assertTrue(Files.size(TensorBundle.indexFile(prefix)) > TensorBundleTable.BLOCK_SIZE);
        assertEquals(values, TensorBundle.read(prefix));
    }

    @Test
    void separatorsAreTheShortestKeysBetweenBlocks() {
        assertArrayEquals(bytes("abd"), TensorBundleTable.shortestSeparator(bytes("abcdef"), bytes("abzz")));
        assertArrayEquals(bytes("abcdef"), TensorBundleTable.shortestSeparator(bytes("abcdef"), bytes("abd")));  // 'c'+1 == 'd'
        assertArrayEquals(bytes("abc"), TensorBundleTable.shortestSeparator(bytes("abc"), bytes("abcd")));      // prefix
        assertArrayEquals(bytes("b"), TensorBundleTable.shortSuccessor(bytes("abc")));
        assertArrayEquals(new byte[] {(byte) 0xff, 1}, TensorBundleTable.shortSuccessor(new byte[] {(byte) 0xff, 0, 7}));
        assertArrayEquals(new byte[] {(byte) 0xff}, TensorBundleTable.shortSuccessor(new byte[] {(byte) 0xff}));
    }

    @Test
    void rewritingAPrefixReplacesItAndLeavesNoTemporaryFiles() throws IOException {
        Path prefix = dir.resolve("ckpt");
        TensorBundle.write(prefix, samples());
        SortedMap<String, Tensor> second = new TreeMap<>(Map.of("only", Tensor.scalar(2f)));
        TensorBundle.write(prefix, second);
        assertEquals(second, TensorBundle.read(prefix));
        assertEquals(List.of("ckpt.data-00000-of-00001", "ckpt.index"), names(dir));
    }

    @Test
    void theEmptyKeyIsReservedForTheHeader() {
        SortedMap<String, Tensor> values = new TreeMap<>(Map.of("", Tensor.scalar(1), "x", Tensor.scalar(2)));
        assertThrows(IllegalArgumentException.class, () -> TensorBundle.write(dir.resolve("bad"), values));
        assertEquals(List.of(), names(dir));
    }

    @Test
    void keysThatAreNotValidUnicodeAreRefused() {
        SortedMap<String, Tensor> values = new TreeMap<>(Map.of("a\uD800", Tensor.scalar(1), "a\uDC00", Tensor.scalar(2)));
        assertThrows(IllegalArgumentException.class, () -> TensorBundle.write(dir.resolve("bad"), values));
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Path prefix = dir.resolve("ckpt");
        Files.createDirectories(dir.resolve("ckpt.index/occupied")); // the index cannot be moved over a non-empty directory
        assertThrows(IOException.class, () -> TensorBundle.write(prefix, samples()));
        assertEquals(List.of("ckpt.index"), names(dir));
        assertFalse(Files.exists(TensorBundle.dataFile(prefix, 0, 1)));
    }

    @Test
    void aMissingIndexIsAnIoErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> TensorBundle.read(dir.resolve("nothing")));
        assertTrue(e.getMessage().contains("nothing.index"), e.getMessage());
    }

    private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static List<String> names(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }
}
