package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Test graphs of the summary writer ops, exported and run by TensorFlow, then imported back: the ops have no
 * outputs, so each variant fetches a fed value through an Identity that waits for the op (and the op for the
 * CreateSummaryFileWriter that opens its writer). Both runtimes write event files into the fed log directory; the
 * files themselves are compared with TensorFlow's in the board module's SummaryWriterOpsTest.
 */
final class SummaryWriterOpCases {
    private SummaryWriterOpCases() {}

    static List<OpCase> all() {
        return List.of(
                values("SummaryWriter", v -> {
                    Tf tf = v.variant("a handle alone");
                    Node writer = tf.summary.writer("case-handle").node();
                    v.out(tf.withControlDependencies(writer).identity(v.feed(v.floats(2))));
                }),
                opened("CreateSummaryFileWriter", (tf, w) -> null),
                opened("WriteScalarSummary", (tf, w) -> tf.summary.writeScalar(w, tf.constant(3L), "loss", tf.constant(0.5f))),
                opened("WriteHistogramSummary", (tf, w) -> tf.summary.writeHistogram(w, tf.constant(4), "w", tf.constant(new double[] {1, -2, 0}))),
                opened("WriteSummary", (tf, w) -> tf.summary.write(w, tf.constant(5L), "t", tf.constant(new int[][] {{1, 2}}), new byte[0])),
                opened("WriteGraphSummary", (tf, w) -> tf.summary.writeGraph(w, tf.constant(6L), tf.constant(Tensor.scalar(new byte[0])))),
                opened("WriteRawProtoSummary", (tf, w) -> tf.summary.writeRaw(w, tf.constant(7L), tf.summary.scalar("raw", tf.constant(1.5f)))),
                opened("FlushSummaryWriter", (tf, w) -> tf.summary.flush(w)),
                opened("CloseSummaryWriter", (tf, w) -> tf.summary.close(w)));
    }

    /** A variant whose writer is opened in the fed log directory, then {@code op} (null: none) runs before the fetched Identity. */
    private static OpCase opened(String op, BiFunction<Tf, Output, Node> make) {
        return values(op, v -> {
            Tf tf = v.variant("after CreateSummaryFileWriter");
            Output w = tf.summary.writer("case-" + op);
            Output logdir = v.feed(Tensor.scalar(OpDifferentialTest.tmp.resolve("writer-logs").toString()), Shape.scalar());
            Node open = tf.summary.createFileWriter(w, logdir, tf.constant(10), tf.constant(1000), tf.constant("case"));
            Node node = make.apply(tf.withControlDependencies(open), w);
            v.out(tf.withControlDependencies(node == null ? open : node).identity(v.feed(Tensor.scalar(2.5f))));
        });
    }
}
