package dev.nagare.interop;

import static dev.nagare.interop.TensorBundleTestSupport.constant;
import static dev.nagare.interop.TensorBundleTestSupport.fromTf;
import static dev.nagare.interop.TensorBundleTestSupport.namer;
import static dev.nagare.interop.TensorBundleTestSupport.samples;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/** TensorFlow Java 1.1.0 judges our bundles: it reads what we write, and we read what it writes. */
class TensorBundleTensorFlowTest {
    @TempDir Path dir;

    @Test
    void tensorFlowRestoresOurBundleIntoItsVariables() throws IOException {
        SortedMap<String, Tensor> values = samples();
        Path prefix = dir.resolve("ours/model.ckpt");
        TensorBundle.write(prefix, values);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Function<String, Ops> named = namer(tf);
            for (Map.Entry<String, Tensor> e : values.entrySet()) {
                Tensor t = e.getValue();
                named.apply(e.getKey()).variable(constant(tf, Tensor.zeros(t.dtype(), t.shape())));
            }
            s.restore(prefix.toString());
            Session.Runner runner = s.runner();
            values.keySet().forEach(runner::fetch);
            try (Result r = runner.run()) {
                int i = 0;
                for (Map.Entry<String, Tensor> e : values.entrySet()) assertEquals(e.getValue(), fromTf(r.get(i++)), e.getKey());
            }
        }
    }

    @Test
    void ourFilesMatchTensorFlowsSessionSaveByteForByte() throws IOException {
        SortedMap<String, Tensor> values = samples();
        Path theirs = dir.resolve("tf/ckpt");
        Path ours = dir.resolve("nagare/ckpt");
        TensorBundleTestSupport.tfSaveVariables(theirs, values);
        TensorBundle.write(ours, values);
        assertSameFiles(theirs, ours);
    }

    @Test
    void manyLongKeysSpanSeveralIndexBlocksByteForByte() throws IOException {
        Map<String, Tensor> values = longKeys(new Random(42), 400);
        Path theirs = dir.resolve("tf/many");
        Path ours = dir.resolve("nagare/many");
        TensorBundleTestSupport.tfSaveV2(theirs, values);
        TensorBundle.write(ours, new TreeMap<>(values));
        assertTrue(Files.size(TensorBundle.indexFile(ours)) > 2 * TensorBundleTable.BLOCK_SIZE, "the index should hold several data blocks");
        assertSameFiles(theirs, ours);
        assertEquals(values, TensorBundle.read(ours));

        List<String> some = List.copyOf(values.keySet()).subList(100, 110);
        List<Tensor> restored = TensorBundleTestSupport.tfRestoreV2(ours, some, some.stream().map(k -> DType.INT32).toList());
        for (int i = 0; i < some.size(); i++) assertEquals(values.get(some.get(i)), restored.get(i));
    }

    @Test
    void unicodeKeysAreSortedByUtf8BytesAsTensorFlowSortsThem() throws IOException {
        // In UTF-16 (String order) U+1F600 sorts below U+E000; in UTF-8 bytes it sorts above.
        SortedMap<String, Tensor> values = new TreeMap<>();
        for (String k : List.of("z", "é", "日本/変数", "\uE000", "😀", "a/b", "a", "a0")) values.put(k, Tensor.scalar((float) k.hashCode()));
        Path ours = dir.resolve("unicode");
        TensorBundle.write(ours, values);

        Map<String, Tensor> byBytes = new LinkedHashMap<>();
        values.keySet().stream().sorted((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))
                .forEach(k -> byBytes.put(k, values.get(k)));
        Path theirs = dir.resolve("unicode-tf");
        TensorBundleTestSupport.tfSaveV2(theirs, byBytes);
        assertSameFiles(theirs, ours);

        List<String> keys = List.copyOf(byBytes.keySet());
        assertEquals(keys, List.copyOf(TensorBundle.read(ours).keySet()));
        List<Tensor> restored = TensorBundleTestSupport.tfRestoreV2(ours, keys, keys.stream().map(k -> DType.FLOAT32).toList());
        for (int i = 0; i < keys.size(); i++) assertEquals(values.get(keys.get(i)), restored.get(i), keys.get(i));
    }

    @Test
    void weReadWhatTensorFlowsSessionSaved() throws IOException {
        SortedMap<String, Tensor> values = samples();
        Path theirs = dir.resolve("tf/model");
        TensorBundleTestSupport.tfSaveVariables(theirs, values);
        Map<String, Tensor> read = TensorBundle.read(theirs);
        assertEquals(values, read);

        // and they are what TensorFlow itself reads back from its own file
        List<String> keys = List.copyOf(values.keySet());
        List<Tensor> tfRead = TensorBundleTestSupport.tfRestoreV2(theirs, keys, keys.stream().map(k -> values.get(k).dtype()).toList());
        for (int i = 0; i < keys.size(); i++) assertEquals(tfRead.get(i), read.get(keys.get(i)), keys.get(i));
    }

    @Test
    void weReadTensorFlowsBundleWrittenOutOfKeyOrder() throws IOException {
        Map<String, Tensor> unordered = new LinkedHashMap<>();
        unordered.put("zeta", Tensor.of(Shape.of(2), new int[] {1, 2}));
        unordered.put("alpha", Tensor.of(Shape.of(3), new double[] {1, 2, 3}));
        unordered.put("mid", Tensor.scalar(true));
        Path theirs = dir.resolve("tf/unordered");
        TensorBundleTestSupport.tfSaveV2(theirs, unordered);
        assertEquals(unordered, TensorBundle.read(theirs));
    }

    @Test
    void weReadTensorFlowsMergedMultiShardBundle() throws IOException {
        SortedMap<String, Tensor> values = samples();
        Map<String, Tensor> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, Tensor> e : values.entrySet()) (i++ % 2 == 0 ? first : second).put(e.getKey(), e.getValue());
        Path p0 = dir.resolve("parts/p0"), p1 = dir.resolve("parts/p1"), merged = dir.resolve("merged/ckpt");
        TensorBundleTestSupport.tfSaveV2(p0, first);
        TensorBundleTestSupport.tfSaveV2(p1, second);
        Files.createDirectories(merged.getParent());
        TensorBundleTestSupport.tfMerge(List.of(p0, p1), merged);
        assertTrue(Files.exists(TensorBundle.dataFile(merged, 0, 2)) && Files.exists(TensorBundle.dataFile(merged, 1, 2)),
                "TensorFlow's merge should leave two shards");
        assertEquals(values, TensorBundle.read(merged));
    }

    /** Random long keys over a small alphabet (so separators often cannot be shortened), some prefixes of others. */
    static Map<String, Tensor> longKeys(Random rnd, int count) {
        TreeMap<String, Tensor> keys = new TreeMap<>();
        String alphabet = "abcd/_";
        List<String> made = new ArrayList<>();
        while (keys.size() < count) {
            StringBuilder sb = new StringBuilder();
            int len = 1500 + rnd.nextInt(2000);
            for (int j = 0; j < len; j++) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            String k = rnd.nextInt(8) == 0 && !made.isEmpty() ? made.get(rnd.nextInt(made.size())) + "/x" : sb.toString();
            made.add(k);
            keys.put(k, Tensor.scalar(keys.size()));
        }
        return keys; // all ASCII: String order is byte order
    }

    private static void assertSameFiles(Path theirs, Path ours) throws IOException {
        byte[] tfIndex = Files.readAllBytes(TensorBundle.indexFile(theirs));
        byte[] ourIndex = Files.readAllBytes(TensorBundle.indexFile(ours));
        assertEquals(tfIndex.length, ourIndex.length, "index length");
        assertArrayEquals(tfIndex, ourIndex, "index bytes");
        assertArrayEquals(Files.readAllBytes(TensorBundle.dataFile(theirs, 0, 1)), Files.readAllBytes(TensorBundle.dataFile(ours, 0, 1)), "data bytes");
    }
}
