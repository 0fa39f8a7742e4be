package dev.nagare.session.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import org.junit.jupiter.api.Test;

/** Each optimizer's update rule, step by step, against the same rule computed by hand in double. */
class OptimizerTest {
    private static final double[] W0 = {0.5, -1.0, 2.0};
    private static final double[] X = {1.0, 2.0, -1.5};
    private static final double TARGET = 3.0;

    /** loss = (w . x - target)^2, so dloss/dw = 2 (w . x - target) x. */
    private static double[] gradient(double[] w) {
        double r = -TARGET;
        for (int i = 0; i < w.length; i++) r += w[i] * X[i];
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) g[i] = 2 * r * X[i];
        return g;
    }

    private interface Rule { void step(double[] w, double[] g, int t); }

    private static void check(java.util.function.BiFunction<Tf, Output, Node> optimizer, Rule rule) {
        Graph graph = new Graph();
        Tf tf = Tf.of(graph);
        Output w = tf.variable(tf.constant(W0.clone()), "w");
        Output x = tf.constant(X.clone());
        Output prediction = tf.reduceSum(tf.mul(w, x));
        Output loss = tf.square(tf.sub(prediction, tf.constant(TARGET)));
        Node train = optimizer.apply(tf, loss);
        Node init = tf.globalVariablesInitializer();
        double[] expected = W0.clone();
        try (Session s = new Session(graph)) {
            s.run(init);
            for (int t = 1; t <= 5; t++) {
                rule.step(expected, gradient(expected), t);
                s.run(train);
                double[] got = s.run(w).doubleData();
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], 1e-12, "step " + t + " w[" + i + "]");
            }
        }
    }

    @Test
    void gradientDescent() {
        check((tf, loss) -> tf.train.gradientDescent(0.05).minimize(loss), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) w[i] -= 0.05 * g[i];
        });
    }

    @Test
    void momentum() {
        double[] accum = new double[3];
        check((tf, loss) -> tf.train.momentum(0.02, 0.9).minimize(loss), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                accum[i] = 0.9 * accum[i] + g[i];
                w[i] -= 0.02 * accum[i];
            }
        });
    }

    @Test
    void adam() {
        double[] m = new double[3], v = new double[3];
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        check((tf, loss) -> tf.train.adam(lr).minimize(loss), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(b1, t)), vHat = v[i] / (1 - Math.pow(b2, t));
                // TensorFlow's form: lr_t m / (sqrt(v) + eps) with lr_t = lr sqrt(1-b2^t)/(1-b1^t);
                // it equals lr mHat / (sqrt(vHat) + eps / sqrt(1-b2^t))
                w[i] -= lr * mHat / (Math.sqrt(vHat) + eps / Math.sqrt(1 - Math.pow(b2, t)));
            }
        });
    }

    @Test
    void linearRegressionLearns() {
        Graph graph = new Graph();
        Tf tf = Tf.of(graph);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "x");
        Output y = tf.placeholder(DType.FLOAT32, Shape.of(-1, 1), "y");
        Output w = tf.variable(tf.init.glorotUniform(Shape.of(2, 1), DType.FLOAT32, 1), "w");
        Output b = tf.variable(tf.init.zeros(Shape.of(1), DType.FLOAT32), "b");
        Output pred = tf.nn.biasAdd(tf.matmul(x, w), b);
        Output loss = tf.losses.meanSquaredError(y, pred);
        Node train = tf.train.adam(0.05).minimize(loss);
        Node init = tf.globalVariablesInitializer();
        // y = 3 x0 - 2 x1 + 0.5
        java.util.Random rnd = new java.util.Random(7);
        float[] xs = new float[200], ys = new float[100];
        for (int i = 0; i < 100; i++) {
            xs[2 * i] = (float) rnd.nextGaussian();
            xs[2 * i + 1] = (float) rnd.nextGaussian();
            ys[i] = 3 * xs[2 * i] - 2 * xs[2 * i + 1] + 0.5f;
        }
        Tensor tx = Tensor.of(Shape.of(100, 2), xs), ty = Tensor.of(Shape.of(100, 1), ys);
        try (Session s = new Session(graph)) {
            s.run(init);
            float first = s.runner().feed(x, tx).feed(y, ty).fetch(loss).run().get(0).floatValue();
            for (int i = 0; i < 500; i++) s.runner().feed(x, tx).feed(y, ty).addTarget(train).run();
            float last = s.runner().feed(x, tx).feed(y, ty).fetch(loss).run().get(0).floatValue();
            assertTrue(last < 1e-3 && first > 1, "loss " + first + " -> " + last);
            float[] learned = s.run(w).floatData();
            assertEquals(3, learned[0], 0.05);
            assertEquals(-2, learned[1], 0.05);
            assertEquals(0.5, s.run(b).floatData()[0], 0.05);
        }
    }
}
