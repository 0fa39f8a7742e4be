package dev.nagare.session.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Kernels big enough to be split over the cores (over 65,536 elements), against float64 references written
 * here, each run twice in one Session (the second run on reused buffers). The op table's shapes are small,
 * so this is where the split paths are checked.
 */
class SplitKernelsTest {
    private static final SplittableRandom R = new SplittableRandom(99);

    private static float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) R.nextGaussian();
        return a;
    }

    /** Runs out = op(x, y) twice and checks each element against ref(x, y) broadcast by the given index maps. */
    private static void check(String what, Shape xs, Shape ys, BiFunction<Tf, Output[], Output> op, Expected expected) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Tensor x = Tensor.of(xs, random(xs.size())), y = Tensor.of(ys, random(ys.size()));
        Output px = tf.placeholder(DType.FLOAT32, xs, "x"), py = tf.placeholder(DType.FLOAT32, ys, "y");
        Output out = op.apply(tf, new Output[] {px, py});
        Output copy = tf.add(out, tf.zerosLike(out)); // keeps out's buffer with the Session between runs
        try (Session s = new Session(g)) {
            for (int run = 0; run < 2; run++) {
                Tensor got = s.runner().feed(px, x).feed(py, y).fetch(copy).run().get(0);
                float[] gd = got.floatData();
                double[] want = expected.values(x.floatData(), y.floatData());
                assertEquals(want.length, gd.length, what);
                for (int i = 0; i < want.length; i++) {
                    double tol = 1e-5 * Math.max(1, Math.abs(want[i]));
                    assertEquals(want[i], gd[i], tol, what + " run " + run + " element " + i);
                }
            }
        }
    }

    interface Expected { double[] values(float[] x, float[] y); }

    private static Expected elementwise(DoubleBinaryOperator f, int yPeriod) {
        return (x, y) -> {
            double[] o = new double[x.length];
            for (int i = 0; i < x.length; i++) o[i] = f.applyAsDouble(x[i], y[yPeriod == 1 ? 0 : i % yPeriod]);
            return o;
        };
    }

    @Test
    void binaryOpsSameShapeScalarAndRow() {
        Shape big = Shape.of(300, 400);
        check("add", big, big, (tf, in) -> tf.add(in[0], in[1]), elementwise(Double::sum, big.size()));
        check("sub scalar", big, Shape.scalar(), (tf, in) -> tf.sub(in[0], in[1]), elementwise((a, b) -> a - b, 1));
        check("mul row", big, Shape.of(400), (tf, in) -> tf.mul(in[0], in[1]), elementwise((a, b) -> a * b, 400));
        check("biasAdd", big, Shape.of(400), (tf, in) -> tf.nn.biasAdd(in[0], in[1]), elementwise(Double::sum, 400));
    }

    @Test
    void columnOperands() {
        Shape big = Shape.of(300, 400), column = Shape.of(300, 1);
        check("mul column", big, column, (tf, in) -> tf.mul(in[0], in[1]), (x, y) -> {
            double[] o = new double[x.length];
            for (int i = 0; i < x.length; i++) o[i] = (double) x[i] * y[i / 400];
            return o;
        });
        check("column - matrix", big, column, (tf, in) -> tf.sub(in[1], in[0]), (x, y) -> {
            double[] o = new double[x.length];
            for (int i = 0; i < x.length; i++) o[i] = (double) y[i / 400] - x[i];
            return o;
        });
        check("small column", Shape.of(5, 3), Shape.of(5, 1), (tf, in) -> tf.add(in[0], in[1]), (x, y) -> {
            double[] o = new double[x.length];
            for (int i = 0; i < x.length; i++) o[i] = (double) x[i] + y[i / 3];
            return o;
        });
    }

    @Test
    void unaryReluAndReluGradient() {
        Shape big = Shape.of(500, 200);
        check("relu", big, Shape.scalar(), (tf, in) -> tf.nn.relu(in[0]), elementwise((a, b) -> Math.max(a, 0), 1));
        check("exp", big, Shape.scalar(), (tf, in) -> tf.exp(tf.mul(in[0], tf.constant(0.1f))), elementwise((a, b) -> Math.exp((float) (a * 0.1f)), 1));
        // d/dx sum(relu(x) * y) = y where x > 0: the gradient goes through ReluGrad
        check("reluGrad", big, big, (tf, in) -> tf.gradients(tf.reduceSum(tf.mul(tf.nn.relu(in[0]), in[1])), java.util.List.of(in[0])).get(0),
                elementwise((a, b) -> a > 0 ? b : 0, big.size()));
    }

    @Test
    void columnAndBlockSums() {
        check("sum over rows", Shape.of(700, 300), Shape.scalar(), (tf, in) -> tf.reduceSum(in[0], new int[] {0}, false), (x, y) -> {
            double[] o = new double[300];
            for (int r = 0; r < 700; r++) for (int c = 0; c < 300; c++) o[c] += x[r * 300 + c];
            return o;
        });
        check("mean over the middle axis", Shape.of(4, 250, 100), Shape.scalar(), (tf, in) -> tf.reduceMean(in[0], new int[] {1}, false), (x, y) -> {
            double[] o = new double[400];
            for (int a = 0; a < 4; a++) for (int m = 0; m < 250; m++) for (int c = 0; c < 100; c++) o[a * 100 + c] += x[(a * 250 + m) * 100 + c] / 250.0;
            return o;
        });
    }
}
