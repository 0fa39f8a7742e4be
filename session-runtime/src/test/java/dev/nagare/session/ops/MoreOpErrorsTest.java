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

    /** Builds a node from the graph's Tf, the op's Tf (which names it "bad") and the fed input. */
    interface OnInput { Output build(Tf tf, Tf bad, Output x); }

    /** Runs {@code build} on {@code x} fed to a placeholder of unknown shape; expects a KernelException naming "bad". */
    static KernelException rejectedAtRun(Tensor x, OnInput build, String... fragments) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output in = tf.placeholder(x.dtype(), Shape.unknownRank(), "x");
        Output out = build.build(tf, tf.withName("bad"), in);
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
        rejectedAtRun(Tensor.of(Shape.of(2), new float[] {1, 2}), (tf, bad, x) -> bad.mirrorPad(x, new int[] {2, 0}, "REFLECT"), "axis 0", "REFLECT");
        rejectedAtRun(Tensor.of(Shape.of(2, 2), new float[4]), (tf, bad, x) -> bad.mirrorPad(x, new int[] {1, 1}, "REFLECT"), "two entries per axis");
    }

    @Test
    void gatherWithBatchDims() {
        rejectedAtBuild((tf, bad) -> bad.gather(ph(tf, DType.FLOAT32, 2, 3, 4), ph(tf, DType.INT32, 3, 2), 2, 1), "batch axis 0", "batch_dims 1");
        rejectedAtBuild((tf, bad) -> bad.gather(ph(tf, DType.FLOAT32, 2, 3, 4), ph(tf, DType.INT32, 2, 2), 0, 1), "batch_dims 1", "axis 0");
        rejectedAtBuild((tf, bad) -> bad.gather(ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.INT32, 2), 1, 2), "batch_dims 2", "rank 1");
        rejectedAtBuild((tf, bad) -> bad.gather(ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 2), 0, 0), "indices", "float32");
        // batch axes of unknown size: checked when it runs
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output params = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "params");
        Output out = tf.withName("bad").gather(params, tf.constant(new int[][] {{0}, {1}, {2}}), 1, 1);
        try (Session s = new Session(g)) {
            KernelException e = assertThrows(KernelException.class, () -> s.runner().feed(params, Tensor.of(Shape.of(2, 3), new float[6])).fetch(out).run());
            contains(e.getMessage(), "'bad'");
            contains(e.getMessage(), "batch axis 0");
        }
        rejectedAtRun(Tensor.of(Shape.of(2, 3), new float[6]), (t, bad, x) -> bad.gather(x, t.constant(new int[][] {{0}, {3}}), 1, 1), "index 3", "out of range");
    }

    @Test
    void oneHotAxis() {
        rejectedAtBuild((tf, bad) -> bad.oneHot(ph(tf, DType.INT32, 2, 3), 4, DType.FLOAT32, 1, 0, 3), "axis", "[0, 2]", "3");
        rejectedAtBuild((tf, bad) -> bad.oneHot(ph(tf, DType.INT32, 2), 4, DType.FLOAT32, 1, 0, -2), "axis", "-2");
        rejectedAtBuild((tf, bad) -> bad.oneHot(ph(tf, DType.FLOAT32, 2), 4, DType.FLOAT32, 1, 0, 0), "indices", "float32");
        rejectedAtRun(Tensor.of(Shape.of(2), new int[] {0, 1}), (tf, bad, x) -> bad.oneHot(x, 3, DType.FLOAT32, 1, 0, 2), "axis", "[0, 1]");
    }

    @Test
    void biasAddDataFormat() {
        rejectedAtBuild((tf, bad) -> bad.nn.biasAdd(ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 3), "NCHW"), "rank 2", "NCHW needs at least 3");
        rejectedAtBuild((tf, bad) -> bad.nn.biasAdd(ph(tf, DType.FLOAT32, 2, 3, 4), ph(tf, DType.FLOAT32, 4), "NCHW"), "channel axis 1", "[2, 3, 4]", "[4]");
        rejectedAtBuild((tf, bad) -> bad.nn.biasAdd(ph(tf, DType.FLOAT32, 2, 3, 4), ph(tf, DType.FLOAT32, 4), "CHWN"), "data_format", "CHWN");
        rejectedAtBuild((tf, bad) -> bad.nn.biasAddGrad(ph(tf, DType.FLOAT32, 3), "NHWC"), "rank >= 2");
        rejectedAtRun(Tensor.of(Shape.of(2, 4, 3), new float[24]), (tf, bad, x) -> bad.nn.biasAdd(x, tf.constant(new float[] {1, 2, 3}), "NCHW"),
                "channel axis 1", "NCHW");
    }

    @Test
    void checkNumericsFailsNamingTheNodeAndItsMessage() {
        Tensor nan = Tensor.of(Shape.of(3), new float[] {1, Float.NaN, 2});
        dev.nagare.device.NonFiniteException e = (dev.nagare.device.NonFiniteException) rejectedAtRun(nan,
                (tf, bad, x) -> bad.checkNumerics(x, "logits went bad"), "logits went bad", "NaN values");
        assertTrue(e.hadNaN() && !e.hadInf());
        Tensor both = Tensor.of(Shape.of(2, 2), new double[] {Double.POSITIVE_INFINITY, 0, Double.NaN, -1});
        e = (dev.nagare.device.NonFiniteException) rejectedAtRun(both, (tf, bad, x) -> bad.checkNumerics(x, "m"), "m : Tensor had NaN and Inf values");
        assertTrue(e.hadNaN() && e.hadInf());
        rejectedAtBuild((tf, bad) -> bad.checkNumerics(ph(tf, DType.INT32, 2), "m"), "int32");
    }

    /** The gradient of CheckNumerics is the upstream gradient, checked too: a NaN or infinity there fails naming the check. */
    @Test
    void checkNumericsChecksItsGradient() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(2), "x");
        Output checked = tf.checkNumerics(x, "input");
        Output dx = tf.gradients(tf.reduceSum(tf.mul(checked, tf.constant(new double[] {3, -2}))), java.util.List.of(x)).get(0);
        Output dLog = tf.gradients(tf.reduceSum(tf.log(checked)), java.util.List.of(x)).get(0);
        try (Session s = new Session(g)) {
            double[] got = s.runner().feed(x, Tensor.of(Shape.of(2), new double[] {1, 2})).fetch(dx).run().get(0).doubleData();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {3, -2}, got);
            KernelException e = assertThrows(KernelException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(2), new double[] {0, 2})).fetch(dLog).run()); // d log x / dx = 1/0
            assertTrue(e instanceof dev.nagare.device.NonFiniteException, e.toString());
            contains(e.getMessage(), "detected in gradient. input");
            contains(e.getMessage(), "Inf values");
        }
    }

    @Test
    void einsumRejectsWhatItDoesNotTake() {
        rejectedAtBuild((tf, bad) -> bad.einsum("...ij,...jk->...ik", ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 3, 2)), "'...ij,...jk->...ik'", "ellipses");
        rejectedAtBuild((tf, bad) -> bad.einsum("ii->i", ph(tf, DType.FLOAT32, 3, 3)), "'ii->i'", "repeats 'i'");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij,jk", ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 3, 2)), "'ij,jk'", "'->'");
        rejectedAtBuild((tf, bad) -> bad.einsum("i,i,i->i", ph(tf, DType.FLOAT32, 2), ph(tf, DType.FLOAT32, 2), ph(tf, DType.FLOAT32, 2)), "3 operands");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij->k", ph(tf, DType.FLOAT32, 2, 3)), "'k' is in no operand");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij,jk->ik", ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 4, 2)), "letter 'j'", "3 and 4");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij,jk->ik", ph(tf, DType.FLOAT32, 2, 3, 1), ph(tf, DType.FLOAT32, 3, 2)), "operand 0 'ij'", "rank 2");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij->ji", ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT32, 2, 3)), "1 operand(s), got 2");
        rejectedAtBuild((tf, bad) -> bad.einsum("ij,jk->ik", ph(tf, DType.FLOAT32, 2, 3), ph(tf, DType.FLOAT64, 3, 2)), "float32", "float64");
        rejectedAtRun(Tensor.of(Shape.of(2, 4), new float[8]), (tf, bad, x) -> bad.einsum("ij,jk->ik", x, tf.constant(new float[3][2])), "letter 'j'", "4 and 3");
    }
}
