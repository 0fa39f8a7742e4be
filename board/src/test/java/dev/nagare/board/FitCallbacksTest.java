package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.layers.Activation;
import dev.nagare.layers.Fit;
import dev.nagare.layers.History;
import dev.nagare.layers.Layers;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.Sequential;
import dev.nagare.ops.Variables;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.NodeDef;

class FitCallbacksTest {
    @TempDir Path dir;

    /** Three blobs in four dimensions, labelled 0, 1, 2. */
    static Tensor[] blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[4 * n];
        int[] y = new int[n];
        double[][] centers = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[4 * i + j] = (float) (centers[y[i]][j] + 0.3 * r.nextGaussian());
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 4), x), Tensor.of(Shape.of(n), y)};
    }

    private static Sequential model() {
        Sequential m = Sequential.of(Layers.input(4), Layers.dense(8, Activation.RELU), Layers.dense(3, Activation.SOFTMAX));
        m.compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
        return m;
    }

    @Test
    void tensorBoardWritesEpochScalarsHistogramsAndTheGraph() throws IOException {
        Tensor[] train = blobs(90, 1), val = blobs(30, 2);
        Path logdir = dir.resolve("logs");
        History h;
        List<String> weights = new ArrayList<>();
        try (Sequential m = model(); TensorBoard tb = TensorBoard.of(m, logdir).histogramFreq(1).batchScalars(true)) {
            h = m.fit(train[0], train[1], val[0], val[1], Fit.epochs(4).batchSize(30).quiet().callbacks(tb));
            for (Variables.Entry v : Variables.trainable(m.graph())) weights.add(v.variable().name());
            // Everything is on disk after each epoch, before close.
            assertEquals(4, scalars(EventFiles.read(tb.trainWriter().file()), "epoch_loss").size());
        }
        List<Event> trainEvents = EventFiles.read(only(logdir.resolve("train")));
        List<Event> valEvents = EventFiles.read(only(logdir.resolve("validation")));
        assertArrayEquals(floats(h.get("loss")), values(scalars(trainEvents, "epoch_loss")));
        assertArrayEquals(floats(h.get("accuracy")), values(scalars(trainEvents, "epoch_accuracy")));
        assertArrayEquals(floats(h.get("val_loss")), values(scalars(valEvents, "epoch_loss")));
        assertArrayEquals(floats(h.get("val_accuracy")), values(scalars(valEvents, "epoch_accuracy")));
        assertEquals(List.of(0L, 1L, 2L, 3L), scalars(trainEvents, "epoch_loss").stream().map(Event::getStep).toList());
        assertEquals(12, scalars(trainEvents, "batch_loss").size(), "3 batches in each of 4 epochs");

        assertEquals(4, weights.size(), "two kernels and two biases");
        for (String w : weights) {
            List<Event> hs = trainEvents.stream().filter(e -> e.getSummary().getValueList().stream().anyMatch(v -> v.getTag().equals(w) && v.hasHisto())).toList();
            assertEquals(4, hs.size(), w);
            HistogramProto p = hs.getFirst().getSummary().getValue(0).getHisto();
            assertEquals(p.getBucketCount(), p.getBucketLimitCount());
            assertEquals(p.getNum(), p.getBucketList().stream().mapToDouble(Double::doubleValue).sum());
        }

        GraphDef g = GraphDef.parseFrom(trainEvents.stream().filter(Event::hasGraphDef).findFirst().orElseThrow().getGraphDef());
        Set<String> names = new HashSet<>();
        for (NodeDef n : g.getNodeList()) names.add(n.getName());
        assertTrue(names.containsAll(weights), names.toString());
        assertTrue(names.contains(Sequential.INPUT));
        assertTrue(g.getNodeList().stream().anyMatch(n -> n.getName().contains("/gradients/")), "the training part of the graph is there too: " + names);

        // The whole training graph imports into TensorFlow (every op of this model has a TensorFlow equivalent).
        try (org.tensorflow.Graph tfGraph = new org.tensorflow.Graph()) {
            tfGraph.importGraphDef(g);
            for (String w : weights) assertTrue(tfGraph.operation(w) != null, w);
        }
        // TensorFlow's reader reads both files to the end.
        assertEquals(trainEvents.size(), TfEvents.readRecords(only(logdir.resolve("train"))).size());
        assertEquals(valEvents.size(), TfEvents.readRecords(only(logdir.resolve("validation"))).size());
    }

    @Test
    void trainingCurvesArePaintedAfterEveryEpoch() throws IOException {
        Tensor[] train = blobs(60, 3), val = blobs(30, 4);
        Path png = dir.resolve("curves.png");
        try (Sequential m = model()) {
            m.fit(train[0], train[1], val[0], val[1], Fit.epochs(3).batchSize(20).quiet().callbacks(TrainingCurves.to(png, 640, 480)));
        }
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(480, img.getHeight());
        assertTrue(count(img, 0x1f77b4) > 100, "training curves drawn");
        assertTrue(count(img, 0xff7f0e) > 100, "validation curves drawn");
    }

    @Test
    void confusionMatrixIsAHeatMap() throws IOException {
        Path png = dir.resolve("confusion.png");
        long[][] counts = {{50, 2, 0}, {3, 40, 7}, {0, 5, 45}};
        Charts.confusionMatrix(counts, List.of("a", "b", "c"), png, 420);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(420, img.getHeight());
        Set<Integer> colors = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colors.add(img.getRGB(x, y) & 0xffffff);
        assertTrue(colors.size() > 20, "shaded cells: " + colors.size() + " colours");
        assertTrue(count(img, 0xffffff) < img.getWidth() * img.getHeight() * 0.9, "not blank");
    }

    private static int count(BufferedImage img, int rgb) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) if ((img.getRGB(x, y) & 0xffffff) == rgb) n++;
        return n;
    }

    private static Path only(Path runDir) throws IOException {
        List<Path> files = EventFiles.list(runDir);
        assertEquals(1, files.size(), files.toString());
        return files.getFirst();
    }

    private static List<Event> scalars(List<Event> events, String tag) {
        return events.stream().filter(e -> e.getSummary().getValueList().stream().anyMatch(v -> v.getTag().equals(tag))).toList();
    }

    private static float[] values(List<Event> events) {
        float[] out = new float[events.size()];
        for (int i = 0; i < out.length; i++) out[i] = events.get(i).getSummary().getValue(0).getSimpleValue();
        return out;
    }

    private static float[] floats(double[] d) {
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

}
