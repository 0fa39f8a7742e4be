package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.GraphDefs;
import dev.nagare.ops.Tf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;

class SummaryWriterTest {
    @TempDir Path dir;

    private static final float[] WEIGHTS = {-2.5f, -0.001f, 0f, 0f, 1e-13f, 0.3f, 0.31f, 7f, 1e6f, -1e-30f};

    /** A small graph every op of which TensorFlow knows. */
    private static Graph graph() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        var x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Tf dense = tf.withSubScope("dense");
        var w = dense.constant(Tensor.of(Shape.of(3, 2), new float[] {1, 2, 3, 4, 5, 6}));
        tf.withName("y").add(dense.matmul(x, w), dense.constant(Tensor.of(Shape.of(2), new float[] {0.5f, -0.5f})));
        return g;
    }

    private Path writeSample(Path logdir) throws IOException {
        try (SummaryWriter w = SummaryWriter.create(logdir)) {
            w.graph(0, GraphDefs.forTensorFlow(graph()));
            for (int step = 1; step <= 3; step++) {
                w.scalar("loss", step, 1.0 / step);
                w.scalar("accuracy", step, 0.5 + step / 10.0);
            }
            w.histogram("dense/w", 3, Tensor.of(Shape.of(WEIGHTS.length), WEIGHTS));
            return w.file();
        }
    }

    @Test
    void fileIsNamedAndStartsWithTheVersion() throws IOException {
        Path file = writeSample(dir);
        assertTrue(file.getFileName().toString().matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\.\\d+\\.\\d+"), file.toString());
        List<Event> events = EventFiles.read(file);
        assertEquals("brain.Event:2", events.get(0).getFileVersion());
        assertEquals(1 + 1 + 6 + 1, events.size());
        assertEquals("loss", events.get(2).getSummary().getValue(0).getTag());
        assertEquals(0.5f, events.get(4).getSummary().getValue(0).getSimpleValue());
        assertEquals(2, events.get(4).getStep());
    }

    @Test
    void tensorFlowsReaderReadsEveryRecordAndItsProtosParseThem() throws IOException {
        Path file = writeSample(dir);
        List<byte[]> ours = RecordReader.readAll(file);
        List<byte[]> theirs = TfEvents.readRecords(file);
        assertEquals(ours.size(), theirs.size());
        for (int i = 0; i < ours.size(); i++) {
            assertArrayEquals(ours.get(i), theirs.get(i), "record " + i);
            Event.parseFrom(theirs.get(i));
        }
    }

    @Test
    void sameValuesGiveTheSameEventsAsTensorFlowsWriter() throws IOException {
        GraphDef def = GraphDefs.forTensorFlow(graph());
        List<TfEvents.Item> items = List.of(new TfEvents.GraphItem(0, def), new TfEvents.Scalar("loss", 1, 0.75f),
                new TfEvents.Scalar("loss", 2, 0.5f), new TfEvents.Histo("dense/w", 2, WEIGHTS), new TfEvents.Histo("empty", 2, new float[0]));
        Path tfDir = dir.resolve("tf"), ourDir = dir.resolve("nagare");
        TfEvents.write(tfDir, items);
        try (SummaryWriter w = SummaryWriter.create(ourDir)) {
            for (TfEvents.Item item : items) {
                switch (item) {
                    case TfEvents.Scalar s -> w.scalar(s.tag(), s.step(), s.value());
                    case TfEvents.Histo h -> w.histogram(h.tag(), h.step(), Tensor.of(Shape.of(h.values().length), h.values()));
                    case TfEvents.GraphItem g -> w.graph(g.step(), g.def());
                }
            }
        }
        List<Path> tfFiles = EventFiles.list(tfDir);
        assertEquals(1, tfFiles.size());
        assertTrue(tfFiles.get(0).getFileName().toString().startsWith(EventFiles.PREFIX), tfFiles.toString());
        List<Event> theirs = EventFiles.read(tfFiles.get(0)), ours = EventFiles.read(EventFiles.list(ourDir).get(0));
        assertEquals(theirs.size(), ours.size());
        assertEquals(theirs.get(0).getFileVersion(), ours.get(0).getFileVersion());
        EventAssertions.assertSameEventsAfterTheFirst(theirs, ours);
    }


    @Test
    void theGraphImportsIntoTensorFlow() throws IOException {
        Path file = writeSample(dir);
        Event graphEvent = EventFiles.read(file).stream().filter(Event::hasGraphDef).findFirst().orElseThrow();
        GraphDef def = GraphDef.parseFrom(graphEvent.getGraphDef());
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            g.importGraphDef(def);
            assertTrue(g.operation("y") != null && g.operation("dense/MatMul") != null);
        }
    }

    @Test
    void aFlippedByteOrATruncatedCopyIsRejectedByBothReaders() throws IOException {
        Path file = writeSample(dir);
        byte[] bytes = Files.readAllBytes(file);
        List<Path> bad = new ArrayList<>();
        for (int at : new int[] {3, 9, 20, bytes.length / 2, bytes.length - 2}) {
            byte[] flipped = bytes.clone();
            flipped[at] ^= 0x10;
            bad.add(Files.write(dir.resolve("flipped-" + at), flipped));
        }
        bad.add(Files.write(dir.resolve("truncated"), java.util.Arrays.copyOf(bytes, bytes.length - 5)));
        for (Path p : bad) {
            assertThrows(CorruptRecordException.class, () -> RecordReader.readAll(p), p.toString());
            TensorFlowException e = assertThrows(TensorFlowException.class, () -> TfEvents.readRecords(p), p.toString());
            assertTrue(!(e instanceof TFOutOfRangeException), p + ": " + e);
        }
        // Cut inside the last record's header: ours rejects it; TensorFlow's reader takes a partial header at the
        // end of a file for its end (a writer may still be adding to it) and returns the complete records.
        List<byte[]> records = RecordReader.readAll(file);
        Path cut = Files.write(dir.resolve("truncated-header"), java.util.Arrays.copyOf(bytes, bytes.length - records.getLast().length - 10));
        assertThrows(CorruptRecordException.class, () -> RecordReader.readAll(cut));
        assertEquals(records.size() - 1, TfEvents.readRecords(cut).size());
    }

    @Test
    void stepsMustRisePerTag() throws IOException {
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            w.scalar("loss", 5, 1);
            w.scalar("accuracy", 1, 1);
            StepOrderException e = assertThrows(StepOrderException.class, () -> w.scalar("loss", 5, 0.5));
            assertEquals("loss", e.tag());
            assertEquals(5, e.lastStep());
            assertThrows(StepOrderException.class, () -> w.scalar("loss", 4, 0.5));
            w.scalar("loss", 6, 0.5);
        }
    }

    @Test
    void flushesOnATimerWithoutClose() throws Exception {
        SummaryWriter w = SummaryWriter.create(dir, Duration.ofMillis(50));
        try {
            long first = Files.size(w.file());
            w.scalar("loss", 1, 0.25);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (Files.size(w.file()) == first && System.nanoTime() < deadline) Thread.sleep(20);
            List<Event> events = EventFiles.read(w.file());
            assertEquals(2, events.size());
            assertEquals(0.25f, events.get(1).getSummary().getValue(0).getSimpleValue());
        } finally {
            w.close();
        }
        assertThrows(IllegalStateException.class, () -> w.scalar("loss", 2, 0.1));
    }

    @Test
    void histogramsRefuseNaN() throws IOException {
        try (SummaryWriter w = SummaryWriter.create(dir)) {
            var e = assertThrows(IllegalArgumentException.class, () -> w.histogram("w", 1, new double[] {1, Double.NaN}));
            assertTrue(e.getMessage().contains("'w'") || e.getMessage().contains(": w"), e.getMessage());
        }
    }
}
