package dev.nagare.session.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import dev.nagare.session.grad.GradientCheckCases.GradCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks each differentiable op's symbolic gradient against central finite differences in float64.
 *
 * <p>For a row with inputs x_1..x_k, builds y = reduceSum(op(x) * R) with R a fixed random tensor of the
 * output's shape (so that every output element matters, each with its own weight), takes tf.gradients of y
 * with respect to every floating input, and compares each element with (f(x + h e_i) - f(x - h e_i)) / 2h
 * within tol * (1 + |numeric|).
 */
class GradientCheckTest {

    static Stream<GradCase> cases() { return GradientCheckCases.all(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void symbolicGradientMatchesCentralDifferences(GradCase c) {
        Random random = new Random(c.name().hashCode());
        Tensor[] values = c.inputs().stream().map(gen -> gen.make(random)).toArray(Tensor[]::new);
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] in = new Output[values.length];
        for (int i = 0; i < values.length; i++) in[i] = tf.placeholder(values[i].dtype(), values[i].shape(), "in" + i);
        Output out = c.op().apply(tf, in);

        // The run-time shape of the output (the static one may be partial), for the weights R.
        Tensor forward;
        try (Session s = new Session(g)) {
            forward = run(s, in, values, List.of(out)).get(0);
        }
        Output y = tf.reduceSum(tf.mul(out, tf.constant(weights(forward.dtype(), forward.shape(), random))));

        List<Integer> wrt = new ArrayList<>();
        if (c.wrt() != null) for (int i : c.wrt()) wrt.add(i);
        else for (int i = 0; i < in.length; i++) if (in[i].dtype().isFloating()) wrt.add(i);
        assertFalse(wrt.isEmpty(), "a row needs a floating input");
        List<Output> grads = tf.gradients(y, wrt.stream().map(i -> in[i]).toList());

        try (Session s = new Session(g)) {
            for (int k = 0; k < wrt.size(); k++) {
                assertNotNull(grads.get(k), "no gradient for input " + wrt.get(k) + " (" + in[wrt.get(k)].name() + ")");
            }
            List<Tensor> symbolic = run(s, in, values, grads);
            List<String> failures = new ArrayList<>();
            for (int k = 0; k < wrt.size(); k++) {
                int i = wrt.get(k);
                Tensor sym = symbolic.get(k);
                assertEquals(values[i].shape(), sym.shape(), "shape of the gradient of input " + i);
                assertEquals(values[i].dtype(), sym.dtype(), "dtype of the gradient of input " + i);
                failures.addAll(compare(c, s, in, values, y, i, sym));
            }
            assertTrue(failures.isEmpty(), c.name() + ": symbolic vs numeric gradient differ at "
                    + failures.size() + " element(s):\n  " + String.join("\n  ", failures.subList(0, Math.min(8, failures.size()))));
        }
    }

    /** Compares every element of input {@code i}'s symbolic gradient with its central difference. */
    private static List<String> compare(GradCase c, Session s, Output[] in, Tensor[] values, Output y, int i, Tensor sym) {
        List<String> failures = new ArrayList<>();
        double[] base = values[i].doubleData();
        for (int e = 0; e < base.length; e++) {
            double[] plus = base.clone(), minus = base.clone();
            plus[e] += c.h();
            minus[e] -= c.h();
            double fPlus = eval(s, in, values, y, i, plus), fMinus = eval(s, in, values, y, i, minus);
            double numeric = (fPlus - fMinus) / (plus[e] - minus[e]);
            double symbolic = sym.getDouble(e);
            if (!(Math.abs(symbolic - numeric) <= c.tol() * (1 + Math.abs(numeric)))) {
                failures.add(String.format("input %d (%s) element %d: symbolic %.10g, numeric %.10g, x = %.6g",
                        i, values[i].shape(), e, symbolic, numeric, base[e]));
            }
        }
        return failures;
    }

    /** y with input {@code i} replaced by {@code x}. */
    private static double eval(Session s, Output[] in, Tensor[] values, Output y, int i, double[] x) {
        Tensor[] fed = values.clone();
        fed[i] = Tensor.of(values[i].shape(), x);
        Tensor v = run(s, in, fed, List.of(y)).get(0);
        return v.getDouble(0);
    }

    private static List<Tensor> run(Session s, Output[] in, Tensor[] values, List<Output> fetches) {
        Runner r = s.runner();
        for (int i = 0; i < in.length; i++) r.feed(in[i], values[i]);
        for (Output f : fetches) r.fetch(f);
        return r.run();
    }

    /** Weights in [-1, 1) of a dtype and shape. */
    private static Tensor weights(DType dtype, Shape shape, Random random) {
        int n = shape.size();
        double[] w = new double[n];
        for (int i = 0; i < n; i++) w[i] = random.nextDouble(-1, 1);
        if (dtype == DType.FLOAT64) return Tensor.of(shape, w);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = (float) w[i];
        return Tensor.of(shape, f);
    }
}
