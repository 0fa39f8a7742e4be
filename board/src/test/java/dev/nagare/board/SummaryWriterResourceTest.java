package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.EventFileException;
import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/** The summary writer as a resource of its Session: its life, its errors. TensorFlow's behaviour is noted where it is the model. */
class SummaryWriterResourceTest {
    @TempDir Path dir;

    /** A graph with one writer, its file opened at {@code logdir} (fed), and a scalar written at a fed int32 step. */
    private static final class Board {
        final Graph g = new Graph();
        final Tf tf = Tf.of(g);
        final Output logdir = tf.placeholder(DType.STRING, Shape.scalar(), "logdir");
        final Output step = tf.placeholder(DType.INT32, Shape.scalar(), "step");
        final Output loss = tf.placeholder(DType.FLOAT32, Shape.of(-1), "loss");
        final Output writer = tf.summary.writer("w");
        // A long queue and flush period: only a flush, a close or the Session's close bring events to the file.
        final Node open = tf.withName("open").summary.createFileWriter(writer, logdir, tf.constant(1000), tf.constant(600_000), tf.constant(""));
        final Node write = tf.withSubScope("train").withName("write").summary.writeScalar(writer, step, "train/loss", tf.reduceMean(loss));
        final Node flush = tf.summary.flush(writer);
        final Node close = tf.withName("close").summary.close(writer);

        void open(Session s, Path into) { s.runner().feed(logdir, Tensor.scalar(into.toString())).addTarget(open).run(); }

        void write(Session s, int atStep, float... values) {
            s.runner().feed(step, Tensor.scalar(atStep)).feed(loss, Tensor.of(Shape.of(values.length), values)).addTarget(write).run();
        }
    }

    private static List<Event> events(Path logdir) throws IOException {
        List<Path> files = EventFiles.list(logdir);
        assertEquals(1, files.size(), files.toString());
        return EventFiles.read(files.get(0));
    }

    @Test
    void stepsAndTagsAreWrittenAsGivenAndTheSessionsCloseFlushesTheFile() throws IOException {
        Board b = new Board();
        float[][] losses = {{1, 2, 3}, {0.5f}, {-1, 1}};
        int[] steps = {10, 3, 3}; // TensorFlow's writer ops take any order; so do these
        try (Session s = new Session(b.g)) {
            b.open(s, dir);
            for (int i = 0; i < steps.length; i++) b.write(s, steps[i], losses[i]);
            assertEquals(1, events(dir).size(), "only the first event, flushed at once, is in the file before the Session closes");
        }
        List<Event> events = events(dir);
        assertEquals(1 + steps.length, events.size());
        assertTrue(EventFiles.list(dir).get(0).getFileName().toString().endsWith("."), "an empty suffix leaves TensorFlow's final dot");
        for (int i = 0; i < steps.length; i++) {
            Event e = events.get(1 + i);
            assertEquals(steps[i], e.getStep());
            assertEquals(1, e.getSummary().getValueCount());
            assertEquals("train/loss", e.getSummary().getValue(0).getTag());
            double mean = 0;
            for (float v : losses[i]) mean += v;
            assertEquals((float) (mean / losses[i].length), e.getSummary().getValue(0).getSimpleValue());
        }
    }

    @Test
    void eachSessionHasItsOwnWriterUnderOneName() throws IOException {
        Board b = new Board();
        Path first = dir.resolve("first"), second = dir.resolve("second");
        try (Session s1 = new Session(b.g); Session s2 = new Session(b.g)) {
            b.open(s1, first);
            KernelException e = assertThrows(KernelException.class, () -> b.write(s2, 1, 1f));
            assertTrue(e.getMessage().contains("'train/write'") && e.getMessage().contains("'localhost/w'"), e.getMessage());
            b.open(s2, second);
            b.open(s1, second); // open already: changes nothing, as TensorFlow's LookupOrCreate
            b.write(s1, 1, 1f);
            b.write(s2, 2, 2f);
            b.write(s2, 3, 3f);
        }
        assertEquals(List.of(1L), events(first).stream().skip(1).map(Event::getStep).toList());
        assertEquals(List.of(2L, 3L), events(second).stream().skip(1).map(Event::getStep).toList());
    }

    @Test
    void closeEndsTheWriterUntilItIsOpenedAgain() throws IOException {
        Board b = new Board();
        try (Session s = new Session(b.g)) {
            b.open(s, dir.resolve("a"));
            b.write(s, 1, 1f);
            s.run(b.flush);
            assertEquals(2, events(dir.resolve("a")).size());
            s.run(b.close);
            KernelException e = assertThrows(KernelException.class, () -> b.write(s, 2, 1f));
            assertTrue(e.getMessage().contains("'train/write'") && e.getMessage().contains("CreateSummaryFileWriter"), e.getMessage());
            assertThrows(KernelException.class, () -> s.run(b.flush));
            e = assertThrows(KernelException.class, () -> s.run(b.close));
            assertTrue(e.getMessage().contains("'close'"), e.getMessage());
            b.open(s, dir.resolve("b"));
            b.write(s, 2, 5f);
        }
        assertEquals(2, events(dir.resolve("a")).size());
        assertEquals(5f, events(dir.resolve("b")).get(1).getSummary().getValue(0).getSimpleValue());
    }

    @Test
    void aBadLogdirNamesTheNodeAndThePath() throws IOException {
        Board b = new Board();
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Path under = file.resolve("logs");
        try (Session s = new Session(b.g)) {
            EventFileException e = assertThrows(EventFileException.class, () -> b.open(s, under));
            assertEquals(under, e.path());
            assertTrue(e.getMessage().contains("'open'") && e.getMessage().contains(under.toString()), e.getMessage());
            KernelException empty = assertThrows(KernelException.class, () -> s.runner().feed(b.logdir, Tensor.scalar("")).addTarget(b.open).run());
            assertTrue(empty.getMessage().contains("'open'") && empty.getMessage().contains("logdir"), empty.getMessage());
            b.open(s, dir.resolve("good")); // the failures left no writer behind
        }
    }

    @Test
    void badValuesFailTheRunNamingTheNodeAndWriteNothing() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.summary.writer("w");
        Node open = tf.summary.createFileWriter(w, dir.toString());
        Output step = tf.constant(1L);
        Output values = tf.placeholder(DType.FLOAT64, Shape.of(-1), "values");
        Output bytes = tf.placeholder(DType.STRING, Shape.of(-1), "bytes");
        Node histogram = tf.withName("hist").summary.writeHistogram(w, step, "weights", values);
        Node scalar = tf.withName("scalar").summary.writeScalar(w, step, "loss", values);
        Node raw = tf.withName("raw").summary.writeRaw(w, step, bytes);
        Node graph = tf.withName("graph").summary.writeGraph(w, step, tf.reshape(bytes, tf.constant(new int[0])));
        try (Session s = new Session(g)) {
            s.run(open);
            KernelException e = assertThrows(KernelException.class,
                    () -> s.runner().feed(values, Tensor.of(Shape.of(2), new double[] {1, Double.NaN})).addTarget(histogram).run());
            assertTrue(e.getMessage().contains("'hist'") && e.getMessage().contains("NaN in summary histogram for: weights"), e.getMessage());
            // TensorFlow 1.1.0 crashes its JVM here (it reads element 0 of an empty tensor); Nagare refuses it.
            e = assertThrows(KernelException.class, () -> s.runner().feed(values, Tensor.of(Shape.of(0), new double[0])).addTarget(scalar).run());
            assertTrue(e.getMessage().contains("'scalar'") && e.getMessage().contains("empty"), e.getMessage());
            byte[] truncated = {10, 9, 1};
            e = assertThrows(KernelException.class,
                    () -> s.runner().feed(bytes, Tensor.of(Shape.of(2), new byte[][] {new byte[0], truncated})).addTarget(raw).run());
            assertTrue(e.getMessage().contains("'raw'") && e.getMessage().contains("element 1"), e.getMessage());
            e = assertThrows(KernelException.class, () -> s.runner().feed(bytes, Tensor.of(Shape.of(1), new byte[][] {truncated})).addTarget(graph).run());
            assertTrue(e.getMessage().contains("'graph'") && e.getMessage().contains("GraphDef"), e.getMessage());
        }
        assertEquals(1, events(dir).size(), "no failed write left an event");
    }

    @Test
    void badInputsFailWhenTheGraphIsBuilt() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.summary.writer("w");
        GraphException e = assertThrows(GraphException.class, () -> tf.withName("vector_step").summary.writeScalar(w, tf.constant(new long[] {1, 2}), "x", tf.constant(1f)));
        assertTrue(e.getMessage().contains("vector_step") && e.getMessage().contains("step must be a scalar"), e.getMessage());
        e = assertThrows(GraphException.class, () -> tf.withName("float_step").summary.writeScalar(w, tf.constant(1f), "x", tf.constant(1f)));
        assertTrue(e.getMessage().contains("float_step") && e.getMessage().contains("'step' must be"), e.getMessage());
        e = assertThrows(GraphException.class, () -> tf.withName("not_a_writer").summary.flush(tf.constant(1f)));
        assertTrue(e.getMessage().contains("not_a_writer") && e.getMessage().contains("'writer'"), e.getMessage());
    }
}
