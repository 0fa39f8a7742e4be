package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;

class SummariesTest {
    @TempDir Path dir;

    /** TensorFlow's merge of a ScalarSummary and a HistogramSummary of the same values. */
    private static Summary tfMerged(float loss, float[] w) throws IOException {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
            Ops tf = Ops.create(g);
            var merged = tf.summary.mergeSummary(List.of(tf.summary.scalarSummary(tf.constant("loss"), tf.constant(loss)).summary(),
                    tf.summary.histogramSummary(tf.constant("layer/w"), tf.constant(w)).summary()));
            try (Result r = s.runner().fetch(merged.summary()).run()) {
                return Summary.parseFrom(((TString) r.get(0)).asBytes().getObject());
            }
        }
    }

    @Test
    void eachRunWritesOneMergedEventEqualToTensorFlowsSummaryOps() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        Output w = tf.withSubScope("layer").withName("w").identity(tf.mul(x, tf.constant(2f)));
        Output loss = tf.withName("loss").reduceMean(x);
        Path file;
        float[][] feeds = {{1, 2, 3}, {-0.5f, 0, 1e-3f}};
        float[] losses = new float[feeds.length];
        try (SummaryWriter writer = SummaryWriter.create(dir); Session s = new Session(g)) {
            file = writer.file();
            Summaries summaries = Summaries.to(writer).scalar("loss", loss).histogram("layer/w", w);
            for (int step = 0; step < feeds.length; step++) {
                var results = summaries.run(s.runner().feed(x, Tensor.of(Shape.of(3), feeds[step])).fetch(loss), step);
                assertEquals(results.get(0), results.get(loss));
                losses[step] = results.get(loss).floatValue();
            }
            assertThrows(IllegalArgumentException.class, () -> Summaries.to(writer).scalar("w", w));
        }
        List<Event> events = EventFiles.read(file);
        assertEquals(1 + feeds.length, events.size());
        for (int step = 0; step < feeds.length; step++) {
            Event e = events.get(1 + step);
            assertEquals(step, e.getStep());
            float[] f = feeds[step];
            float[] doubled = {2 * f[0], 2 * f[1], 2 * f[2]};
            assertEquals(tfMerged(losses[step], doubled), e.getSummary(), "step " + step);
        }
    }

    /**
     * The same summaries made by graph ops inside the run (tf.summary.scalar, histogram, merge): the fetched string
     * holds TensorFlow's bytes exactly, and SummaryWriter writes it as the event TensorFlow's values give.
     */
    @Test
    void summaryOpsInTheGraphGiveTensorFlowsBytesAndAreWritten() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        Output loss = tf.reduceMean(x);
        Output merged = tf.summary.merge(List.of(tf.summary.scalar("loss", loss), tf.summary.histogram("layer/w", tf.mul(x, tf.constant(2f)))));
        float[] feed = {-0.5f, 0, 1e-3f};
        Path file;
        Tensor fetched;
        try (SummaryWriter writer = SummaryWriter.create(dir); Session s = new Session(g)) {
            file = writer.file();
            var results = s.runner().feed(x, Tensor.of(Shape.of(3), feed)).fetch(merged).fetch(loss).run();
            fetched = results.get(0);
            writer.summary(7, fetched);
            Summary expected = tfMerged(results.get(1).floatValue(), new float[] {2 * feed[0], 2 * feed[1], 2 * feed[2]});
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected.toByteArray(), fetched.bytesValue());
            assertThrows(IllegalArgumentException.class, () -> writer.summary(8, Tensor.scalar(new byte[] {10, 9})));
            assertThrows(IllegalArgumentException.class, () -> writer.summary(8, Tensor.scalar(1f)));
            assertThrows(StepOrderException.class, () -> writer.summary(7, fetched));
        }
        List<Event> events = EventFiles.read(file);
        assertEquals(2, events.size());
        assertEquals(7, events.get(1).getStep());
        assertEquals(Summary.parseFrom(fetched.bytesValue()), events.get(1).getSummary());
    }
}
