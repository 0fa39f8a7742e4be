package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The TensorFlow 1.x basics tutorials as a new user ports them: TensorFlow's own names (multiply, subtract,
 * an unshaped placeholder, float32 zeros, unseeded random draws) and {@code sess.run(fetch, feed_dict)}.
 */
class TutorialNamesTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    /** "Fit y = 0.1 x + 0.3" from the TensorFlow 1.x getting-started page: the fit must find the true line. */
    @Test
    void linearRegressionOfTheGettingStartedPageFindsTheLine() {
        Random r = new Random(0);
        float[] xs = new float[100], ys = new float[100];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextFloat();
            ys[i] = xs[i] * 0.1f + 0.3f;
        }
        Output x = tf.placeholder(DType.FLOAT32);
        Output yTrue = tf.placeholder(DType.FLOAT32);
        Output w = tf.variable(tf.random.uniform(Shape.of(1), DType.FLOAT32, -1.0, 1.0), "W");
        Output b = tf.variable(tf.zeros(Shape.of(1)), "b");
        Output y = tf.add(tf.multiply(w, x), b);
        Output loss = tf.reduceMean(tf.square(tf.subtract(y, yTrue)));
        Node train = tf.train.gradientDescent(0.5f).minimize(loss);
        Map<Output, Tensor> feed = Map.of(x, Tensor.fromJava(xs), yTrue, Tensor.fromJava(ys));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int step = 0; step < 201; step++) s.run(train, feed);
            assertEquals(0.1f, s.run(w).floatData()[0], 1e-4);
            assertEquals(0.3f, s.run(b).floatData()[0], 1e-4);
            assertEquals(0, s.run(loss, feed).floatData()[0], 1e-8);
        }
    }

    @Test
    void feedDictRunEqualsTheRunnersAndChecksWhatIsFed() {
        Output a = tf.placeholder(DType.FLOAT32, Shape.of(2), "a");
        Output c = tf.placeholder(DType.FLOAT32, Shape.of(2), "c");
        Output q = tf.divide(tf.negative(a), c);
        try (Session s = new Session(g)) {
            Tensor ta = Tensor.fromJava(new float[] {3, -8}), tc = Tensor.fromJava(new float[] {2, 4});
            assertArrayEquals(new float[] {-1.5f, 2f}, s.run(q, Map.of(a, ta, c, tc)).floatData());
            assertArrayEquals(s.runner().feed(a, ta).feed(c, tc).fetch(q).run().get(0).floatData(),
                    s.run(q, Map.of(c, tc, a, ta)).floatData());
            Exception e = assertThrows(RuntimeException.class, () -> s.run(q, Map.of(a, ta)));
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Test
    void unseededDrawsDependOnTheGraphNotOnTheRun() {
        Output first = tf.random.normal(Shape.of(64), DType.FLOAT32, 0, 1);
        Output second = tf.random.normal(Shape.of(64), DType.FLOAT32, 0, 1);
        Graph g2 = new Graph();
        Tf tf2 = Tf.of(g2);
        Output again = tf2.random.normal(Shape.of(64), DType.FLOAT32, 0, 1);
        try (Session s = new Session(g); Session s2 = new Session(g2)) {
            float[] a = s.run(first).floatData(), b = s.run(second).floatData();
            assertFalse(Arrays.equals(a, b), "two unseeded draws in one graph must differ");
            assertFalse(Arrays.equals(a, s.run(first).floatData()), "each run draws anew, as in TensorFlow");
            assertArrayEquals(a, s2.run(again).floatData(), "the same graph built twice draws the same numbers");
        }
    }

    /** Full reductions of an input of unknown rank (an unshaped placeholder) have gradients, as in TensorFlow. */
    @Test
    void fullReductionsOfAnUnshapedInputHaveGradients() {
        Output x = tf.placeholder(DType.FLOAT32);
        Output mean = tf.reduceMean(x), sum = tf.reduceSum(x), max = tf.reduceMax(x), prod = tf.reduceProd(x);
        java.util.List<Output> grads = tf.gradients(tf.addN(java.util.List.of(mean, tf.multiply(sum, tf.constant(2f)),
                tf.multiply(max, tf.constant(3f)), tf.multiply(prod, tf.constant(5f)))), java.util.List.of(x));
        double[][] xs = {{1.5, -2, 4, 0.5, 4, 1}, {2, -1, 0.5}};
        int[][] shapes = {{2, 3}, {3}};
        try (Session s = new Session(g)) {
            for (int c = 0; c < xs.length; c++) {
                double[] v = xs[c];
                float[] in = new float[v.length];
                for (int i = 0; i < v.length; i++) in[i] = (float) v[i];
                float[] got = s.run(grads.get(0), Map.of(x, Tensor.of(Shape.of(shapes[c]), in))).floatData();
                // float64 by hand: d/dx_i of mean + 2 sum + 3 max + 5 prod
                double top = Arrays.stream(v).max().orElseThrow();
                long ties = Arrays.stream(v).filter(e -> e == top).count();
                for (int i = 0; i < v.length; i++) {
                    double others = 1;
                    for (int j = 0; j < v.length; j++) if (j != i) others *= v[j];
                    double want = 1.0 / v.length + 2 + (v[i] == top ? 3.0 / ties : 0) + 5 * others;
                    assertEquals(want, got[i], 1e-5 * Math.max(1, Math.abs(want)), "case " + c + ", element " + i);
                }
            }
        }
    }

    /** A known-shape variable broadcast against an unshaped input gets its gradient summed back to its shape. */
    @Test
    void broadcastAgainstAnUnshapedInputSumsTheGradientBackAtRunTime() {
        Output x = tf.placeholder(DType.FLOAT32);
        Output row = tf.variable(tf.zeros(Shape.of(1, 2)), "row");
        Output scalar = tf.variable(tf.zeros(Shape.scalar()), "scalar");
        Output loss = tf.reduceSum(tf.add(tf.multiply(row, x), tf.multiply(scalar, x)));
        java.util.List<Output> grads = tf.gradients(loss, java.util.List.of(row, scalar));
        float[] in = new float[4 * 5 * 2];
        for (int i = 0; i < in.length; i++) in[i] = (i % 7) - 2.5f;
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            Map<Output, Tensor> feed = Map.of(x, Tensor.of(Shape.of(4, 5, 2), in));
            Tensor dRow = s.run(grads.get(0), feed), dScalar = s.run(grads.get(1), feed);
            double[] want = new double[2];
            double all = 0;
            for (int i = 0; i < in.length; i++) {
                want[i % 2] += in[i];
                all += in[i];
            }
            assertEquals(Shape.of(1, 2), dRow.shape());
            assertEquals(want[0], dRow.floatData()[0], 1e-4);
            assertEquals(want[1], dRow.floatData()[1], 1e-4);
            assertEquals(Shape.scalar(), dScalar.shape());
            assertEquals(all, dScalar.floatData()[0], 1e-4);
        }
    }
}
