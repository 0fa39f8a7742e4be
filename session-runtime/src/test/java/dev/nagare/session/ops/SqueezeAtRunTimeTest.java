package dev.nagare.session.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Squeeze without axes of a value whose sizes are known only at run time (TensorFlow's semantics): every axis of
 * size 1 in the run-time shape goes, so the build-time shape is unknown (even its rank) wherever a size is.
 */
class SqueezeAtRunTimeTest {
    /** 0, 1, 2, ... in {@code dims}, float64. */
    private static Tensor iota(int... dims) {
        double[] v = new double[Shape.of(dims).size()];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.5 - 1;
        return Tensor.of(Shape.of(dims), v);
    }

    @Test
    void dropsTheSizeOneAxesOfTheRunTimeShape() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1, 3, -1), "x");
        Output y = tf.squeeze(x);
        assertFalse(y.shape().hasRank(), "whether axes 0 and 2 go is decided at run time, so is the rank: " + y.shape());
        // fed shape -> the shape with its size-1 axes gone (the values keep their order)
        int[][][] rows = {{{1, 3, 1}, {3}}, {{2, 3, 1}, {2, 3}}, {{1, 3, 4}, {3, 4}}, {{2, 3, 5}, {2, 3, 5}}, {{0, 3, 1}, {0, 3}}};
        try (Session s = new Session(g)) {
            for (int[][] r : rows) {
                Tensor in = iota(r[0]);
                Tensor out = s.runner().feed(x, in).fetch(y).run().get(0);
                assertArrayEquals(r[1], out.shape().dims(), "squeeze of a " + Shape.of(r[0]));
                assertArrayEquals(in.doubleData(), out.doubleData());
            }
        }
    }

    @Test
    void knownSizesStillDecideAtBuildTime() {
        Tf tf = Tf.of(new Graph());
        assertEquals(Shape.of(3, 2), tf.squeeze(tf.placeholder(DType.FLOAT32, Shape.of(1, 3, 2), "known")).shape());
        // named axes: an unknown size there is taken to be 1 (checked at run time), the others stay
        assertEquals(Shape.of(-1, 3), tf.squeeze(tf.placeholder(DType.FLOAT32, Shape.of(-1, 3, -1), "named"), 2).shape());
    }

    @Test
    void aNamedAxisThatIsNotOneAtRunTimeFailsNamingTheNode() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1, 3, -1), "x");
        Output y = tf.withName("drop_last").squeeze(x, 2);
        try (Session s = new Session(g)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> s.runner().feed(x, iota(2, 3, 4)).fetch(y).run());
            assertTrue(e.getMessage().contains("drop_last") && e.getMessage().contains("axis 2"), e.getMessage());
        }
    }

    /**
     * d/dx sum(squeeze(x) * w) = w, laid out in x's run-time shape: the gradient must reshape back to a shape
     * the graph does not know.
     */
    @Test
    void gradientTakesTheInputsRunTimeShape() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1, 3, -1), "x");
        Output w = tf.placeholder(DType.FLOAT64, Shape.unknownRank(), "w");
        Output y = tf.reduceSum(tf.mul(tf.squeeze(x), w));
        Output dx = tf.gradients(y, List.of(x)).get(0);
        int[][][] rows = {{{1, 3, 1}, {3}}, {{2, 3, 1}, {2, 3}}, {{1, 3, 2}, {3, 2}}};
        try (Session s = new Session(g)) {
            for (int[][] r : rows) {
                Tensor weights = iota(r[1]);
                Tensor grad = s.runner().feed(x, iota(r[0])).feed(w, weights).fetch(dx).run().get(0);
                assertArrayEquals(r[0], grad.shape().dims(), "gradient of a " + Shape.of(r[0]));
                assertArrayEquals(weights.doubleData(), grad.doubleData());
            }
        }
    }
}
