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
                && wrt(c).size() > 0);
    }

    /** The inputs the gradient check differentiates: the float64, non-empty placeholders. */
    private static List<Integer> wrt(EntryCase c) {
        List<Integer> wrt = new ArrayList<>();
        for (int i = 0; i < c.inputs().size(); i++) {
            Tensor t = c.inputs().get(i);
            if (t.dtype() == DType.FLOAT64 && t.size() > 0 && !c.sample().inputs().get(i).constant()) wrt.add(i);
        }
        return wrt;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(EntryCase c) {
        Run r = run(c, false);
        assertAllMatch(c.toString(), c.expected(r.node), r.values, c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferredShapeMatchesRuntime(EntryCase c) {
        Run r = run(c, false);
        for (int k = 0; k < r.values.size(); k++) {
            Output out = r.node.output(k);
            Tensor value = r.values.get(k);
            assertEquals(out.dtype(), value.dtype(), c + ": output " + k + ": inferred dtype vs run-time dtype");
            assertTrue(out.shape().isFullyDefined(), c + ": inputs are fully known but the inferred shape of output " + k + " is " + out.shape());
            assertEquals(out.shape(), value.shape(), c + ": output " + k + ": inferred shape vs run-time shape");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownRankInputsGiveSameResult(EntryCase c) {
        Run r = run(c, true);
        for (int k = 0; k < r.values.size(); k++) {
            Output out = r.node.output(k);
            assertTrue(out.shape().isCompatibleWith(r.values.get(k).shape()), c + ": output " + k + ": inferred " + out.shape()
                    + " does not admit run-time " + r.values.get(k).shape());
        }
        assertAllMatch(c + " (unknown rank)", c.expected(r.node), r.values, c);
    }

    /**
     * The op's results consumed by other nodes and run twice in one Session: the second run gets the op's
     * buffers back filled with NaN, so a kernel that does not write every element, or adds to what was there,
     * fails here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondRunWithReusedBuffersGivesSameResult(EntryCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = OpTests.inputs(tf, c.sample(), c.inputs(), false);
        Node node = c.build(tf, in);
        List<Output> copies = new ArrayList<>();
        for (int k = 0; k < c.expected(node).size(); k++) {
            Output out = node.output(k);
            copies.add(out.dtype() == DType.BOOL ? tf.logicalOr(out, out) : tf.add(out, tf.zerosLike(out)));
        }
        try (Session s = new Session(g)) {
            for (String run : List.of(" (first run)", " (second run)")) {
                Runner r = feed(s.runner(), c, in);
                copies.forEach(r::fetch);
                assertAllMatch(c + run, c.expected(node), r.run(), c);
            }
        }
    }

    /**
     * y = sum_k sum(out_k * R_k) over the outputs the entry names (all floating ones by default), R_k fixed
     * random weights; each element of dy/dx from tf.gradients against (y(x + h e_i) - y(x - h e_i)) / 2h,
     * within tol * (1 + |numeric|).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("gradientCases")
    void gradientMatchesFiniteDifferences(EntryCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = OpTests.inputs(tf, c.sample(), c.inputs(), false);
        Node node = c.build(tf, in);
        Random random = new Random(c.toString().hashCode());
        List<Output> outs = new ArrayList<>();
        int[] through = c.tests().gradientOutputs();
        if (through != null) for (int k : through) outs.add(node.output(k));
        else for (int k = 0; k < c.expected(node).size(); k++) if (node.output(k).dtype().isFloating()) outs.add(node.output(k));
        List<Tensor> forward;
        try (Session s = new Session(g)) {
            Runner r = feed(s.runner(), c, in);
            outs.forEach(r::fetch);
            forward = r.run();
        }
        Output y = null;
        for (int k = 0; k < outs.size(); k++) {
            double[] w = new double[forward.get(k).size()];
            for (int i = 0; i < w.length; i++) w[i] = random.nextDouble(-1, 1);
            Output weighted = tf.mul(outs.get(k), tf.cast(tf.constant(Tensor.of(forward.get(k).shape(), w)), outs.get(k).dtype()));
            Output term = tf.cast(tf.reduceSum(weighted), DType.FLOAT64);
            y = y == null ? term : tf.add(y, term);
        }
        List<Integer> wrt = wrt(c);
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
        List<Output> in = OpTests.inputs(tf, c.sample(), c.inputs(), false);
        Output out = c.build(tf, in).output(0);
        dev.nagare.ops.GradientDisabledException e = org.junit.jupiter.api.Assertions.assertThrows(dev.nagare.ops.GradientDisabledException.class,
                () -> tf.gradients(tf.reduceSum(out), List.of(in.get(0))));
        assertEquals(out.node(), e.node());
        assertTrue(e.getMessage().contains("'" + out.node().name() + "'"), c + ": " + e.getMessage());
    }

    // ---- harness ----

    /** The node built and the values of the outputs the reference computes. */
    record Run(Node node, List<Tensor> values) {}

    static Run run(EntryCase c, boolean unknownRank) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = OpTests.inputs(tf, c.sample(), c.inputs(), unknownRank);
        Node node;
        try {
            node = c.build(tf, in);
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": building failed: " + e, e);
        }
        int outputs = c.expected(node).size();
        try (Session s = new Session(g)) {
            Runner r = feed(s.runner(), c, in);
            for (int k = 0; k < outputs; k++) r.fetch(node.output(k));
            return new Run(node, r.run());
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": running failed: " + e, e);
        }
    }

    /** Feeds the sample's placeholders (its constants are in the graph). */
    private static Runner feed(Runner r, EntryCase c, List<Output> in) {
        for (int i = 0; i < in.size(); i++) if (!c.sample().inputs().get(i).constant()) r.feed(in.get(i), c.inputs().get(i));
        return r;
    }

    private static double eval(Session s, EntryCase c, List<Output> in, Output y, int i, double[] x) {
        Runner r = s.runner();
        for (int k = 0; k < in.size(); k++) {
            if (!c.sample().inputs().get(k).constant()) r.feed(in.get(k), k == i ? Tensor.of(c.inputs().get(i).shape(), x) : c.inputs().get(k));
        }
        return r.fetch(y).run().get(0).getDouble(0);
    }

    /** Each output the reference computes against the run's, output by output. */
    static void assertAllMatch(String what, List<Values> expected, List<Tensor> got, EntryCase c) {
        assertEquals(expected.size(), got.size(), what + ": outputs compared");
        for (int k = 0; k < expected.size(); k++) {
            assertMatches(expected.size() == 1 ? what : what + " output " + k, expected.get(k), got.get(k), c.tolerance(got.get(k).dtype()));
        }
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
