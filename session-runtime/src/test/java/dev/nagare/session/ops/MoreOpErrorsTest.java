package dev.nagare.session.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Bad uses of the ops added in issue 11's second part: each fails with a typed exception naming the node
 * ("bad") and what was wrong, while the graph is built where the shapes say so, else when it runs.
 */
class MoreOpErrorsTest {
    /** Builds {@code build} (inputs from the first Tf, the op from the second, named "bad"); expects a GraphException naming it and each fragment. */
    static void rejectedAtBuild(java.util.function.BiFunction<Tf, Tf, Output> build, String... fragments) {
        Tf tf = Tf.of(new Graph());
        GraphException e = assertThrows(GraphException.class, () -> build.apply(tf, tf.withName("bad")));
        contains(e.getMessage(), "'bad'");
        for (String f : fragments) contains(e.getMessage(), f);
    }

    /** Runs {@code build} (named "bad") on {@code x} fed to a placeholder of unknown shape; expects a KernelException. */
    static KernelException rejectedAtRun(Tensor x, Function<Tf, Function<Output, Output>> build, String... fragments) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output in = tf.placeholder(x.dtype(), Shape.unknownRank(), "x");
        Output out = build.apply(tf.withName("bad")).apply(in);
        try (Session s = new Session(g)) {
            KernelException e = assertThrows(KernelException.class, () -> s.runner().feed(in, x).fetch(out).run());
            assertEquals("bad", e.node().name());
            for (String f : fragments) contains(e.getMessage(), f);
            return e;
        }
    }

    static void contains(String message, String fragment) {
        assertTrue(message.contains(fragment), "message lacks '" + fragment + "': " + message);
    }

    static Output ph(Tf tf, DType t, int... dims) { return tf.placeholder(t, Shape.of(dims)); }

    @Test
    void mirrorPad() {
        rejectedAtBuild((tf, bad) -> bad.mirrorPad(ph(tf, DType.FLOAT32, 3, 4), new int[] {1, 1, 1, 1}, "EDGE"), "mode", "REFLECT", "EDGE");
        rejectedAtBuild((tf, bad) -> bad.mirrorPad(ph(tf, DType.FLOAT32, 3, 4), new int[] {3, 0, 0, 0}, "REFLECT"), "axis 0", "at most 2");
        rejectedAtBuild((tf, bad) -> bad.mirrorPad(ph(tf, DType.FLOAT32, 3, 4), new int[] {0, 0, 0, 5}, "SYMMETRIC"), "axis 1", "at most 4");
        rejectedAtBuild((tf, bad) -> bad.mirrorPad(ph(tf, DType.FLOAT32, 3, 4), new int[] {1, 1}, "REFLECT"), "two entries per axis");
        rejectedAtBuild((tf, bad) -> bad.mirrorPad(ph(tf, DType.INT32, 3), new int[] {-1, 0}, "REFLECT"), "negative");
        rejectedAtBuild((tf, bad) -> bad.mirrorPadGrad(ph(tf, DType.FLOAT32, 4), new int[] {2, 2}, "REFLECT"), "axis 0");
        rejectedAtBuild((tf, bad) -> bad.mirrorPadGrad(ph(tf, DType.BOOL, 4), new int[] {1, 1}, "REFLECT"), "bool");
        // the shape is known only when it runs
        rejectedAtRun(Tensor.of(Shape.of(2), new float[] {1, 2}), tf -> x -> tf.mirrorPad(x, new int[] {2, 0}, "REFLECT"), "axis 0", "REFLECT");
        rejectedAtRun(Tensor.of(Shape.of(2, 2), new float[4]), tf -> x -> tf.mirrorPad(x, new int[] {1, 1}, "REFLECT"), "two entries per axis");
    }
}
