package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {
    @TempDir Path tmp;

    private static Dataset numbers(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return Dataset.fromArrays(Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n), y));
    }

    private static List<Integer> labels(Dataset d) {
        List<Integer> out = new ArrayList<>();
        for (Dataset.Example e : d) for (int v : e.y().intData()) out.add(v);
        return out;
    }

    @Test
    void shuffleIsASeededPermutationWithANewOrderEachPass() {
        Dataset d = numbers(50).shuffle(16, 3);
        List<Integer> first = labels(d), second = labels(d);
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), first.stream().sorted().toList());
        assertNotEquals(first, second, "each pass shuffles anew");
        assertEquals(first, labels(numbers(50).shuffle(16, 3)), "the same seed gives the same first pass");
    }

    @Test
    void batchRepeatMapAndPrefetchKeepEveryExample() {
        Dataset d = numbers(10).batch(4).repeat(2).map(e -> new Dataset.Example(e.x(), e.y())).prefetch(2);
        List<Integer> sizes = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (Dataset.Example b : d) {
            sizes.add(b.x().shape().dim(0));
            assertEquals(Shape.of(b.y().shape().dim(0), 2), b.x().shape());
            for (int i = 0; i < b.y().size(); i++) {
                assertEquals(b.y().intData()[i], b.x().floatData()[2 * i]);
                seen.add(b.y().intData()[i]);
            }
        }
        assertEquals(List.of(4, 4, 2, 4, 4, 2), sizes);
        assertEquals(20, seen.size());
        assertThrows(IllegalStateException.class, () -> numbers(3).batch(2).batch(2));
    }

    @Test
    void anErrorInAPrefetchedMapReachesTheConsumer() {
        Dataset d = numbers(5).batch(1).map(e -> { throw new IllegalStateException("bad example"); }).prefetch(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> labels(d));
        assertEquals("bad example", e.getMessage());
    }

    @Test
    void csvWithAHeaderBecomesFeaturesAndLabels() throws IOException {
        Path f = tmp.resolve("points.csv");
        Files.writeString(f, "x0,label,x1\n1.5,0,2\n-3,1,4.25\n");
        List<Dataset.Example> rows = new ArrayList<>();
        Dataset.fromCsv(f, "label").forEach(rows::add);
        assertEquals(2, rows.size());
        assertArrayEquals(new float[] {-3, 4.25f}, rows.get(1).x().floatData());
        assertEquals(1, rows.get(1).y().intValue());
        Files.writeString(f, "x0,label\n1,zero\n");
        IOException bad = assertThrows(IOException.class, () -> Dataset.fromCsv(f, "label"));
        assertTrue(bad.getMessage().contains("line 2") && bad.getMessage().contains("'label'") && bad.getMessage().contains("zero"), bad.getMessage());
        IOException missing = assertThrows(IOException.class, () -> Dataset.fromCsv(tmp.resolve("points.csv"), "class"));
        assertTrue(missing.getMessage().contains("no column 'class'"), missing.getMessage());
    }

    /** What a CSV file can hold that would train to NaN or to nothing is refused, naming the file, line and column. */
    @Test
    void csvValuesThatAreNotFiniteOrRowsThatAreMissingAreRefused() throws IOException {
        Path f = tmp.resolve("odd.csv");
        for (String bad : new String[] {"NaN", "Infinity", "-inf", "1e39"}) {
            Files.writeString(f, "x0,label\n1,0\n" + bad + ",1\n");
            IOException e = assertThrows(IOException.class, () -> Dataset.fromCsv(f, "label"), bad);
            assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("line 3") && e.getMessage().contains("'x0'"), e.getMessage());
        }
        Files.writeString(f, "x0,label\n\n");
        IOException empty = assertThrows(IOException.class, () -> Dataset.fromCsv(f, "label"));
        assertTrue(empty.getMessage().contains("no rows"), empty.getMessage());
        // A byte-order mark before the header (as some editors save CSV) is not part of the first column's name.
        Files.writeString(f, "\uFEFFlabel,x0\n1,2.5\n");
        List<Dataset.Example> rows = new ArrayList<>();
        Dataset.fromCsv(f, "label").forEach(rows::add);
        assertEquals(1, rows.get(0).y().intValue());
        assertArrayEquals(new float[] {2.5f}, rows.get(0).x().floatData());
    }

    /** fit over a dataset gives the same model as fit over the arrays in the same batches. */
    @Test
    void fitOverADatasetMatchesFitOverArrays() {
        Tensor[] d = DnnClassifierTest.flowers(64, 9);
        float[] viaArrays, viaDataset;
        try (Sequential m = Sequential.of(Layers.input(4), Layers.dense(3, Activation.SOFTMAX))) {
            m.compile(Optimizers.sgd(0.1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            m.fit(d[0], d[1], Fit.epochs(3).batchSize(16).shuffle(false, 0).quiet());
            viaArrays = m.predict(d[0]).floatData();
        }
        try (Sequential m = Sequential.of(Layers.input(4), Layers.dense(3, Activation.SOFTMAX))) {
            m.compile(Optimizers.sgd(0.1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History h = m.fit(Dataset.fromArrays(d[0], d[1]).batch(16).prefetch(2), Dataset.fromArrays(d[0], d[1]).batch(64), Fit.epochs(3).quiet());
            viaDataset = m.predict(d[0]).floatData();
            assertEquals(3, h.epochs());
            assertEquals(h.last("val_accuracy"), m.evaluate(d[0], d[1]).get("accuracy"), 1e-9);
        }
        assertArrayEquals(viaArrays, viaDataset, 0f);
    }
}
