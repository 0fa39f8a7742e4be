package dev.nagare.session.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Adagrad, RMSProp (plain, with momentum, centered) and AdamW, step by step in float64, against TensorFlow's
 * update formulas written out here (tensorflow/core/kernels/training_ops.cc, and Keras's AdamW for the decay).
 */
class MoreOptimizersTest {
    private static final double[] W0 = {0.5, -1.0, 2.0};
    private static final double[] X = {1.0, 2.0, -1.5};
    private static final double TARGET = 3.0;
    private static final int STEPS = 6;

    /** loss = (w . x - target)^2: dloss/dw = 2 (w . x - target) x. */
    private static double[] gradient(double[] w) {
        double r = -TARGET;
        for (int i = 0; i < w.length; i++) r += w[i] * X[i];
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) g[i] = 2 * r * X[i];
        return g;
    }

    private interface Rule { void step(double[] w, double[] g, int t); }

    private static void check(BiFunction<Tf, Output, Node> optimizer, Rule rule) {
        Graph graph = new Graph();
        Tf tf = Tf.of(graph);
        Output w = tf.variable(tf.constant(W0.clone()), "w");
        Output loss = tf.square(tf.sub(tf.reduceSum(tf.mul(w, tf.constant(X.clone()))), tf.constant(TARGET)));
        Node train = optimizer.apply(tf, loss);
        Node init = tf.globalVariablesInitializer();
        double[] expected = W0.clone();
        try (Session s = new Session(graph)) {
            s.run(init);
            for (int t = 1; t <= STEPS; t++) {
                rule.step(expected, gradient(expected), t);
                s.run(train);
                double[] got = s.run(w).doubleData();
                for (int i = 0; i < expected.length; i++) assertEquals(expected[i], got[i], 1e-12 * (1 + Math.abs(expected[i])), "step " + t + " w[" + i + "]");
            }
        }
    }

    @Test
    void adagrad() {
        double[] accum = {0.1, 0.1, 0.1}; // TensorFlow 1's initial accumulator value
        check((tf, loss) -> tf.train.adagrad(0.3).minimize(loss), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                accum[i] += g[i] * g[i];
                w[i] -= 0.3 * g[i] / Math.sqrt(accum[i]);
            }
        });
    }

    @Test
    void adagradWithAnotherInitialAccumulator() {
        double[] accum = {2, 2, 2};
        check((tf, loss) -> tf.train.adagrad(0.5, 2).minimize(loss), (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                accum[i] += g[i] * g[i];
                w[i] -= 0.5 * g[i] / Math.sqrt(accum[i]);
            }
        });
    }

    /** TensorFlow 1's RMSProp: ms starts at ones, mom at zeros. */
    private static Rule rmsProp(double lr, double rho, double momentum, double eps, boolean centered) {
        double[] ms = {1, 1, 1}, mom = new double[3], mg = new double[3];
        return (w, g, t) -> {
            for (int i = 0; i < w.length; i++) {
                ms[i] = rho * ms[i] + (1 - rho) * g[i] * g[i];
                double denominator = ms[i] + eps;
                if (centered) {
                    mg[i] = rho * mg[i] + (1 - rho) * g[i];
                    denominator -= mg[i] * mg[i];
                }
                mom[i] = momentum * mom[i] + lr * g[i] / Math.sqrt(denominator);
                w[i] -= mom[i];
            }
        };
    }

    @Test
    void rmsProp() {
        check((tf, loss) -> tf.train.rmsProp(0.05).minimize(loss), rmsProp(0.05, 0.9, 0, 1e-10, false));
    }

    @Test
    void rmsPropWithMomentum() {
        check((tf, loss) -> tf.train.rmsProp(0.02, 0.8, 0.7, 1e-6, false).minimize(loss), rmsProp(0.02, 0.8, 0.7, 1e-6, false));
    }

    @Test
    void centeredRmsPropWithMomentum() {
        check((tf, loss) -> tf.train.rmsProp(0.02, 0.9, 0.5, 1e-7, true).minimize(loss), rmsProp(0.02, 0.9, 0.5, 1e-7, true));
    }

    @Test
    void adamW() {
        double[] m = new double[3], v = new double[3];
        double lr = 0.1, wd = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        check((tf, loss) -> tf.train.adamW(lr, wd).minimize(loss), (w, g, t) -> {
            // the gradient g was taken before the decay; the Adam step moves the decayed variable
            for (int i = 0; i < w.length; i++) w[i] -= lr * wd * w[i];
            double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < w.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
                w[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
            }
        });
    }

    /** With no decay, AdamW is Adam: the same numbers as tf.train.adam. */
    @Test
    void adamWWithoutDecayIsAdam() {
        double[][] runs = new double[2][];
        int k = 0;
        for (Function<Tf, Optimizer> make : java.util.List.<Function<Tf, Optimizer>>of(tf -> tf.train.adam(0.1), tf -> tf.train.adamW(0.1, 0))) {
            Graph graph = new Graph();
            Tf tf = Tf.of(graph);
            Output w = tf.variable(tf.constant(W0.clone()), "w");
            Node train = make.apply(tf).minimize(tf.square(tf.sub(tf.reduceSum(tf.mul(w, tf.constant(X.clone()))), tf.constant(TARGET))));
            try (Session s = new Session(graph)) {
                s.run(tf.globalVariablesInitializer());
                for (int t = 0; t < STEPS; t++) s.run(train);
                runs[k++] = s.run(w).doubleData();
            }
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(runs[0], runs[1]);
    }

    /** Each new optimizer fits y = 3 x0 - 2 x1 + 0.5 in float32 from a glorot start. */
    @Test
    void eachLearnsALinearRegression() {
        java.util.Map<String, Function<Tf, Optimizer>> optimizers = new java.util.LinkedHashMap<>();
        optimizers.put("adagrad", tf -> tf.train.adagrad(0.5));
        optimizers.put("rmsProp", tf -> tf.train.rmsProp(0.01));
        optimizers.put("centered rmsProp with momentum", tf -> tf.train.rmsProp(0.005, 0.9, 0.5, 1e-10, true));
        optimizers.put("adamW", tf -> tf.train.adamW(0.05, 1e-4));
        java.util.Random rnd = new java.util.Random(7);
        float[] xs = new float[200], ys = new float[100];
        for (int i = 0; i < 100; i++) {
            xs[2 * i] = (float) rnd.nextGaussian();
            xs[2 * i + 1] = (float) rnd.nextGaussian();
            ys[i] = 3 * xs[2 * i] - 2 * xs[2 * i + 1] + 0.5f;
        }
        Tensor tx = Tensor.of(Shape.of(100, 2), xs), ty = Tensor.of(Shape.of(100, 1), ys);
        optimizers.forEach((name, make) -> {
            Graph graph = new Graph();
            Tf tf = Tf.of(graph);
            Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "x"), y = tf.placeholder(DType.FLOAT32, Shape.of(-1, 1), "y");
            Output w = tf.variable(tf.init.glorotUniform(Shape.of(2, 1), DType.FLOAT32, 1), "w");
            Output b = tf.variable(tf.init.zeros(Shape.of(1), DType.FLOAT32), "b");
            Output loss = tf.losses.meanSquaredError(y, tf.nn.biasAdd(tf.matmul(x, w), b));
            Node train = make.apply(tf).minimize(loss);
            try (Session s = new Session(graph)) {
                s.run(tf.globalVariablesInitializer());
                float first = s.runner().feed(x, tx).feed(y, ty).fetch(loss).run().get(0).floatValue();
                for (int i = 0; i < 800; i++) s.runner().feed(x, tx).feed(y, ty).addTarget(train).run();
                float last = s.runner().feed(x, tx).feed(y, ty).fetch(loss).run().get(0).floatValue();
                assertTrue(first > 1 && last < 1e-3, name + ": loss " + first + " -> " + last);
            }
        });
    }

    @Test
    void badHyperParametersAreRejected() {
        Tf tf = Tf.of(new Graph());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tf.train.adagrad(0.1, 0)).getMessage().contains("initial accumulator"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tf.train.rmsProp(0.1, 1.0, 0, 1e-10, false)).getMessage().contains("decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tf.train.adamW(0.1, -1)).getMessage().contains("weight decay"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> tf.train.rmsProp(-0.1)).getMessage().contains("learning rate"));
    }
}
