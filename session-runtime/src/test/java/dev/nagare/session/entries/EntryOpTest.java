package dev.nagare.session.entries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.OpTests.Values;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The op tests generated from the entries ({@code OpDef.tests()}): every sample of every entry, in every dtype
 * the entry names, run on the CPU and compared with the entry's float64 reference; the shape inferred at build
 * time against the run-time one; the same with inputs of unknown rank; a second run that gets back buffers
 * the arena filled with NaN (surefire sets {@code nagare.arena.poison}); and for entries with a gradient rule,
 * the symbolic gradient against central finite differences in float64.
 */
class EntryOpTest {
    static Stream<EntryCase> cases() { return EntryCase.all(); }

    /** Gradient rows: float64 samples that the entry lets the gradient check take, of ops with a rule. */
    static Stream<EntryCase> gradientCases() {
        return cases().filter(c -> c.dtype() == DType.FLOAT64 && c.sample().gradient() && c.op().gradientRule() != null
                && c.inputs().stream().anyMatch(t -> t.dtype().isFloating() && t.size() > 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(EntryCase c) {
        Run r = run(c, false);
        assertMatches(c.toString(), c.expected(r.node), r.value, c.tolerance(r.value.dtype()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferredShapeMatchesRuntime(EntryCase c) {
        Run r = run(c, false);
        assertEquals(r.out.dtype(), r.value.dtype(), c + ": inferred dtype vs run-time dtype");
        assertTrue(r.out.shape().isFullyDefined(), c + ": inputs are fully known but the inferred shape is " + r.out.shape());
        assertEquals(r.out.shape(), r.value.shape(), c + ": inferred shape vs run-time shape");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownRankInputsGiveSameResult(EntryCase c) {
        Run r = run(c, true);
        assertTrue(r.out.shape().isCompatibleWith(r.value.shape()), c + ": inferred " + r.out.shape() + " does not admit run-time " + r.value.shape());
        assertMatches(c + " (unknown rank)", c.expected(r.node), r.value, c.tolerance(r.value.dtype()));
    }

    /**
     * The op's result consumed by another node and run twice in one Session: the second run gets the op's
     * buffers back filled with NaN, so a kernel that does not write every element, or adds to what was there,
     * fails here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondRunWithReusedBuffersGivesSameResult(EntryCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = placeholders(tf, c, false);
        Output out = c.build(tf, in);
        Output copy = out.dtype() == DType.BOOL ? tf.logicalOr(out, out) : tf.add(out, tf.zerosLike(out));
        try (Session s = new Session(g)) {
            for (String run : List.of(" (first run)", " (second run)")) {
                Tensor got = feed(s.runner(), c, in).fetch(copy).run().get(0);
                assertMatches(c + run, c.expected(out.node()), got, c.tolerance(got.dtype()));
            }
        }
    }

    /**
     * y = sum(op(x) * R) with R fixed random weights; each element of dy/dx from tf.gradients against
     * (y(x + h e_i) - y(x - h e_i)) / 2h, within tol * (1 + |numeric|).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void gradientMatchesFiniteDifferences(EntryCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = placeholders(tf, c, false);
        Output out = c.build(tf, in);
        Random random = new Random(c.toString().hashCode());
        Tensor forward;
        try (Session s = new Session(g)) {
            forward = feed(s.runner(), c, in).fetch(out).run().get(0);
        }
        double[] w = new double[forward.size()];
        for (int i = 0; i < w.length; i++) w[i] = random.nextDouble(-1, 1);
        Output y = tf.reduceSum(tf.mul(out, tf.constant(Tensor.of(forward.shape(), w))));
        List<Integer> wrt = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) if (in.get(i).dtype().isFloating()) wrt.add(i);
        List<Output> grads = tf.gradients(y, wrt.stream().map(in::get).toList());
        double h = 1e-6, tol = c.tests().gradientTolerance();
        List<String> failures = new ArrayList<>();
        try (Session s = new Session(g)) {
            for (int k = 0; k < wrt.size(); k++) {
                int i = wrt.get(k);
                assertNotNull(grads.get(k), c + ": no gradient reaches input " + i);
                Tensor symbolic = feed(s.runner(), c, in).fetch(grads.get(k)).run().get(0);
                assertEquals(c.inputs().get(i).shape(), symbolic.shape(), c + ": shape of the gradient of input " + i);
                double[] base = c.inputs().get(i).doubleData();
                for (int e = 0; e < base.length; e++) {
                    double[] plus = base.clone(), minus = base.clone();
                    plus[e] += h;
                    minus[e] -= h;
                    double numeric = (eval(s, c, in, y, i, plus) - eval(s, c, in, y, i, minus)) / (2 * h);
                    double sym = symbolic.getDouble(e);
                    if (!(Math.abs(sym - numeric) <= tol * (1 + Math.abs(numeric)))) {
                        failures.add("input " + i + " element " + e + ": symbolic " + sym + ", numeric " + numeric + ", x = " + base[e]);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), c + ": symbolic vs numeric gradient:\n  " + String.join("\n  ", failures.subList(0, Math.min(8, failures.size()))));
    }

    /** Ops whose rule refuses the gradient (PreventGradient): one row per sample, any dtype of its tests. */
    static Stream<EntryCase> refusingCases() {
        return cases().filter(c -> c.op().gradientRule() instanceof dev.nagare.ops.Gradient.Refusal && c.dtype() == DType.FLOAT32);
    }

    /** Asking for the gradient through a refusing op fails naming the node, instead of giving a number. */
    @ParameterizedTest(name = "{0}", allowZeroInvocations = true) // none while -Dnagare.entries.only leaves them out
    @MethodSource("refusingCases")
    void refusedGradientFailsNamingTheNode(EntryCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = placeholders(tf, c, false);
        Output out = c.build(tf, in);
        dev.nagare.ops.GradientDisabledException e = org.junit.jupiter.api.Assertions.assertThrows(dev.nagare.ops.GradientDisabledException.class,
                () -> tf.gradients(tf.reduceSum(out), List.of(in.get(0))));
        assertEquals(out.node(), e.node());
        assertTrue(e.getMessage().contains("'" + out.node().name() + "'"), c + ": " + e.getMessage());
    }

    // ---- harness ----

    record Run(Node node, Output out, Tensor value) {}

    static Run run(EntryCase c, boolean unknownRank) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = placeholders(tf, c, unknownRank);
        Output out;
        try {
            out = c.build(tf, in);
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": building failed: " + e, e);
        }
        try (Session s = new Session(g)) {
            return new Run(out.node(), out, feed(s.runner(), c, in).fetch(out).run().get(0));
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": running failed: " + e, e);
        }
    }

    private static List<Output> placeholders(Tf tf, EntryCase c, boolean unknownRank) {
        List<Output> in = new ArrayList<>();
        for (int i = 0; i < c.inputs().size(); i++) {
            Tensor t = c.inputs().get(i);
            in.add(tf.placeholder(t.dtype(), unknownRank ? Shape.unknownRank() : t.shape(), "in" + i));
        }
        return in;
    }

    private static Runner feed(Runner r, EntryCase c, List<Output> in) {
        for (int i = 0; i < in.size(); i++) r.feed(in.get(i), c.inputs().get(i));
        return r;
    }

    private static double eval(Session s, EntryCase c, List<Output> in, Output y, int i, double[] x) {
        Runner r = s.runner();
        for (int k = 0; k < in.size(); k++) r.feed(in.get(k), k == i ? Tensor.of(c.inputs().get(i).shape(), x) : c.inputs().get(k));
        return r.fetch(y).run().get(0).getDouble(0);
    }

    /** Same shape; integers and bools equal; floats within {@code tol} relative (absolute below 1); NaN where NaN. */
    static void assertMatches(String what, Values expected, Tensor got, double tol) {
        assertArrayEquals(expected.shape(), got.shape().dims(), () -> what + ": shape " + Arrays.toString(expected.shape()) + " expected, got " + got.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.v()[i], a = got.getDouble(i);
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) || tol == 0 ? e == a
                    : Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
            if (!ok) fail(what + ": element " + i + " expected " + e + " but got " + a + " (tolerance " + tol + ")\n  expected " + expected + "\n  got      " + got);
        }
    }
}
