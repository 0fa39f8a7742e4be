package dev.nagare.session.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Gradients through tf.cond and tf.whileLoop, in float64, against the derivative written out here and against
 * central finite differences of the same graph.
 */
class ControlFlowGradientTest {
    private static final double[] X = {0.7, -1.3, 2.1};
    private static final double W = 0.9;

    /** y = p ? sum(x * x * w) : sum(sin x) + w. */
    @Test
    void condGradientIsTheTakenBranchsGradient() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output p = tf.placeholder(DType.BOOL, Shape.scalar(), "p");
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output w = tf.placeholder(DType.FLOAT64, Shape.scalar(), "w");
        Output y = tf.cond(p, () -> tf.reduceSum(tf.mul(tf.mul(x, x), w)), () -> tf.add(tf.reduceSum(tf.sin(x)), w));
        List<Output> grads = tf.gradients(y, List.of(x, w));
        try (Session s = new Session(g)) {
            for (boolean taken : new boolean[] {true, false}) {
                Map<Output, Tensor> feeds = Map.of(p, Tensor.scalar(taken), x, vector(X), w, Tensor.scalar(W));
                double[] dx = new double[3];
                double dw = 0;
                for (int i = 0; i < 3; i++) {
                    dx[i] = taken ? 2 * X[i] * W : Math.cos(X[i]);
                    dw += taken ? X[i] * X[i] : 0;
                }
                if (!taken) dw = 1;
                checkGradients(s, y, grads, feeds, x, w, dx, dw);
            }
        }
    }

    /** n iterations of x = x * w + sin(x), then y = sum(x); w is captured, the counter is an int loop variable. */
    @Test
    void whileGradientRunsTheIterationsBackwards() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output n = tf.placeholder(DType.INT32, Shape.scalar(), "n");
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output w = tf.placeholder(DType.FLOAT64, Shape.scalar(), "w");
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), n),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.add(tf.mul(v.get(1), w), tf.sin(v.get(1)))),
                List.of(tf.constant(0), x));
        Output y = tf.reduceSum(r.get(1));
        List<Output> grads = tf.gradients(y, List.of(x, w));
        try (Session s = new Session(g)) {
            for (int iterations : new int[] {3, 1, 0}) {
                // Forward-mode by hand: xi' = xi w + sin xi, d xi'/d x0 = (w + cos xi) d xi/d x0, d xi'/d w = xi + (w + cos xi) d xi/d w.
                double[] xi = X.clone(), dx = {1, 1, 1}, dwi = new double[3];
                for (int it = 0; it < iterations; it++) {
                    for (int i = 0; i < 3; i++) {
                        double slope = W + Math.cos(xi[i]);
                        dwi[i] = xi[i] + slope * dwi[i];
                        dx[i] = slope * dx[i];
                        xi[i] = xi[i] * W + Math.sin(xi[i]);
                    }
                }
                double dw = dwi[0] + dwi[1] + dwi[2];
                Map<Output, Tensor> feeds = Map.of(n, Tensor.scalar(iterations), x, vector(X), w, Tensor.scalar(W));
                checkGradients(s, y, grads, feeds, x, w, dx, dw);
            }
        }
    }

    /** A cond inside a loop body, differentiated through both: x = sum(x) > 0 ? x * w : x - w, three times. */
    @Test
    void nestedCondInsideWhileAgreesWithFiniteDifferences() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output w = tf.placeholder(DType.FLOAT64, Shape.scalar(), "w");
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(3)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)),
                        tf.cond(tf.greater(tf.reduceSum(v.get(1)), tf.scalar(0, DType.FLOAT64)),
                                () -> tf.mul(v.get(1), w), () -> tf.sub(tf.square(v.get(1)), w))),
                List.of(tf.constant(0), x));
        Output y = tf.reduceSum(tf.mul(r.get(1), r.get(1)));
        List<Output> grads = tf.gradients(y, List.of(x, w));
        // By hand: track x and its derivatives through whichever branch each iteration takes.
        double[] xi = {0.4, -0.9, 0.2}, dx = {1, 1, 1}, dwi = new double[3];
        for (int it = 0; it < 3; it++) {
            boolean positive = xi[0] + xi[1] + xi[2] > 0;
            for (int i = 0; i < 3; i++) {
                if (positive) { dwi[i] = xi[i] + W * dwi[i]; dx[i] = W * dx[i]; xi[i] = xi[i] * W; }
                else { dwi[i] = 2 * xi[i] * dwi[i] - 1; dx[i] = 2 * xi[i] * dx[i]; xi[i] = xi[i] * xi[i] - W; }
            }
        }
        double[] dyDx = new double[3];
        double dyDw = 0;
        for (int i = 0; i < 3; i++) { dyDx[i] = 2 * xi[i] * dx[i]; dyDw += 2 * xi[i] * dwi[i]; }
        try (Session s = new Session(g)) {
            checkGradients(s, y, grads, Map.of(x, vector(new double[] {0.4, -0.9, 0.2}), w, Tensor.scalar(W)), x, w, dyDx, dyDw);
        }
    }

    @Test
    void aBodyThatWritesAVariableHasNoGradientAndSaysWhy() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output counter = tf.variable(tf.constant(0f), "counter");
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(2f)),
                v -> List.of(tf.add(v.get(0), tf.assignAdd(counter, tf.constant(1f)))), List.of(x));
        GraphException e = assertThrows(GraphException.class, () -> tf.gradients(r.get(0), List.of(x)));
        assertTrue(e.getMessage().contains("'while'") && e.getMessage().contains("AssignAdd"), e.getMessage());
    }

    private static void checkGradients(Session s, Output y, List<Output> grads, Map<Output, Tensor> feeds, Output x, Output w,
                                       double[] dx, double dw) {
        Runner run = s.runner();
        feeds.forEach(run::feed);
        var got = run.fetch(grads.get(0)).fetch(grads.get(1)).run();
        double[] gx = got.get(0).doubleData();
        for (int i = 0; i < 3; i++) {
            assertEquals(dx[i], gx[i], 1e-9 * (1 + Math.abs(dx[i])), "dy/dx[" + i + "] against the math");
            assertEquals(finiteDifference(s, y, feeds, x, i), gx[i], 1e-6 * (1 + Math.abs(dx[i])), "dy/dx[" + i + "] against finite differences");
        }
        double gw = got.get(1).doubleValue();
        assertEquals(dw, gw, 1e-9 * (1 + Math.abs(dw)), "dy/dw against the math");
        assertEquals(finiteDifference(s, y, feeds, w, 0), gw, 1e-6 * (1 + Math.abs(dw)), "dy/dw against finite differences");
    }

    /** (y(v + h e_i) - y(v - h e_i)) / 2h for the fed input {@code in}. */
    private static double finiteDifference(Session s, Output y, Map<Output, Tensor> feeds, Output in, int i) {
        double h = 1e-6;
        double[] plus = feeds.get(in).doubleData().clone(), minus = plus.clone();
        plus[i] += h;
        minus[i] -= h;
        return (eval(s, y, feeds, in, plus) - eval(s, y, feeds, in, minus)) / (2 * h);
    }

    private static double eval(Session s, Output y, Map<Output, Tensor> feeds, Output in, double[] value) {
        Runner run = s.runner();
        feeds.forEach((o, t) -> run.feed(o, o == in ? Tensor.of(DType.FLOAT64, t.shape(), value) : t));
        return run.fetch(y).run().get(0).doubleValue();
    }

    private static Tensor vector(double[] v) { return Tensor.of(Shape.of(v.length), v.clone()); }
}
