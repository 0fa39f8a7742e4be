package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;
import static dev.nagare.session.ops.ErrorCases.bad;
import static dev.nagare.session.ops.ErrorCases.ph;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.ops.Variables;
import dev.nagare.session.FeedException;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import dev.nagare.session.ops.Reference.Arr;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op of the op set on random inputs (fixed seeds), checked against float64 references computed by
 * the test ({@link Reference}). Ops declared as entries are tested from them (EntryOpTest); what is left here: the
 * DSL's overloads and compositions, and the ops not yet entries. The table lives in {@link ReductionCases},
 * {@link ArrayCases} and {@link NnCases}: one row per op, dtype and shapes. Each row runs three ways:
 * against the reference with fully known placeholder shapes, for agreement of the shape inferred at build
 * time with the run-time shape, and with placeholders of unknown rank so that kernels work from run-time
 * shapes alone. Below the table: build-time and run-time errors.
 */
class OpReferenceTest {

    static Stream<OpCase> cases() {
        return Stream.of(ReductionCases.all(), ArrayCases.all(), NnCases.all(), NormCases.all()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(OpCase c) {
        Tensor got = run(c, false).value;
        assertMatches(c, got);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void inferredShapeMatchesRuntime(OpCase c) {
        Result r = run(c, false);
        assertEquals(r.out.dtype(), r.value.dtype(), c + ": inferred dtype vs run-time dtype");
        assertTrue(r.out.shape().isFullyDefined(), c + ": inputs are fully known but the inferred shape is " + r.out.shape());
        assertEquals(r.out.shape(), r.value.shape(), c + ": inferred shape vs run-time shape");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownRankInputsGiveSameResult(OpCase c) {
        Result r = run(c, true);
        assertTrue(r.out.shape().isCompatibleWith(r.value.shape()),
                c + ": inferred " + r.out.shape() + " does not admit run-time " + r.value.shape());
        assertMatches(c, r.value);
    }

    /**
     * The op's result consumed by another node and run again in the same Session: the second run gets the
     * op's buffers back (filled with NaN by the tests' nagare.arena.poison), so a kernel that does not write
     * every element, or adds to what was there, fails here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void secondRunWithReusedBuffersGivesSameResult(OpCase c) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] in = new Output[c.inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = c.constants ? tf.constant(c.inputs[i]) : tf.placeholder(c.inputs[i].dtype(), c.inputs[i].shape(), "in" + i);
        Output out = c.build.apply(tf, in);
        // A copy that does not share the op's array, so the op's buffer stays with the Session between runs.
        Output copy = out.dtype() == DType.BOOL ? tf.logicalOr(out, out) : tf.add(out, tf.zerosLike(out));
        boolean stateful = !Variables.all(g).isEmpty();
        try (Session s = new Session(g)) {
            for (String run : List.of(" (first run)", " (second run)")) {
                // Variable updates start from the initial values each time.
                if (stateful) feed(s.runner(), c, in).addTarget(tf.globalVariablesInitializer()).run();
                assertMatches(c + run, c.out, c.expected(), feed(s.runner(), c, in).fetch(copy).run().get(0), c.tolerance);
            }
        }
    }

    @Test
    void caseNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        cases().forEach(c -> assertTrue(seen.add(c.name), "duplicate case name: " + c.name));
        assertTrue(seen.size() > 100, "the table has " + seen.size() + " rows");
    }

    // ---- harness ----

    record Result(Output out, Tensor value) {}

    /**
     * Builds the row's op on placeholders or constants and runs it. Placeholders are declared with the inputs'
     * shapes, or with an unknown rank (unknown dimensions for ops that need the rank).
     */
    static Result run(OpCase c, boolean unknownRank) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] in = new Output[c.inputs.length];
        for (int i = 0; i < in.length; i++) {
            Tensor t = c.inputs[i];
            Shape declared = !unknownRank ? t.shape() : c.needsRank ? Shape.unknownDims(t.rank()) : Shape.unknownRank();
            in[i] = c.constants ? tf.constant(t) : tf.placeholder(t.dtype(), declared, "in" + i);
        }
        Output out;
        try {
            out = c.build.apply(tf, in);
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": building failed: " + e, e);
        }
        try (Session s = new Session(g)) {
            if (!Variables.all(g).isEmpty()) feed(s.runner(), c, in).addTarget(tf.globalVariablesInitializer()).run();
            return new Result(out, feed(s.runner(), c, in).fetch(out).run().get(0));
        } catch (RuntimeException e) {
            throw new AssertionError(c + ": running failed: " + e, e);
        }
    }

    private static Runner feed(Runner r, OpCase c, Output[] in) {
        if (!c.constants) for (int i = 0; i < in.length; i++) r.feed(in[i], c.inputs[i]);
        return r;
    }

    static void assertMatches(OpCase c, Tensor got) {
        assertMatches(c.toString(), c.out, c.expected(), got, c.tolerance);
    }

    /** Same dtype and shape; ints and bools equal, floats within {@code tol} relative (absolute below 1). */
    static void assertMatches(String what, DType dtype, Arr expected, Tensor got, double tol) {
        assertEquals(dtype, got.dtype(), what + ": dtype");
        assertArrayEquals(expected.shape(), got.shape().dims(), () -> what + ": shape " + OpCase.shape(expected.shape()) + " expected, got " + got.shape());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.v()[i], a = got.getDouble(i);
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) || tol == 0 ? e == a
                    : Math.abs(a - e) <= tol * Math.max(1, Math.abs(e));
            if (!ok) {
                fail(what + ": element " + i + " " + OpCase.shape(dev.nagare.ops.OpTests.unravel(i, expected.shape())) + " expected " + e + " but got " + a
                        + " (tolerance " + tol + ")\n  expected " + expected + "\n  got      " + got);
            }
        }
    }

    // ---- variables keep their values between runs ----

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64", "INT32", "INT64"})
    void variableUpdatesPersistAcrossRuns(DType t) {
        int[] shape = {2, 3};
        Random r = new Random(42 + t.ordinal());
        Tensor init = RandomTensors.UNIFORM.make(t, shape, r), d1 = RandomTensors.UNIFORM.make(t, shape, r);
        Tensor d2 = RandomTensors.UNIFORM.make(t, shape, r), v3 = RandomTensors.UNIFORM.make(t, shape, r);
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output var = tf.variable(tf.constant(init), "v");
        Output delta = tf.placeholder(t, Shape.of(shape), "delta");
        Output add = tf.assignAdd(var, delta), sub = tf.assignSub(var, delta), set = tf.assign(var, delta);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            s.runner().feed(delta, d1).fetch(add).run();
            s.runner().feed(delta, d1).fetch(add).run();
            Tensor afterSub = s.runner().feed(delta, d2).fetch(sub).run().get(0);
            Arr expected = Reference.zip(Reference.zip(Arr.of(init), Reference.map(Arr.of(d1), x -> 2 * x), Double::sum),
                    Arr.of(d2), (a, b) -> a - b);
            assertMatches("v + 2*d1 - d2 (output of assignSub)", t, expected, afterSub, OpCase.tolerance(t, false));
            assertMatches("v + 2*d1 - d2 (read back)", t, expected, s.run(var), OpCase.tolerance(t, false));
            s.runner().feed(delta, v3).fetch(set).run();
            assertMatches("v after assign", t, Arr.of(v3), s.run(var), 0);
        }
    }

    // ---- build-time errors ----

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nagare.session.ops.ErrorCases#buildErrors")
    void rejectedWhileBuilding(String name, Consumer<Tf> build, List<String> fragments) {
        Tf tf = Tf.of(new Graph());
        GraphException e = assertThrows(GraphException.class, () -> build.accept(tf), name);
        assertTrue(e.getMessage().contains("'bad'"), () -> "the message should name node 'bad': " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "the message should contain '" + f + "': " + e.getMessage());
        }
    }

    // ---- run-time errors ----

    /** Runs {@code out} with the feeds (placeholder, value pairs) and expects a KernelException naming "bad". */
    private static KernelException kernelFails(Output out, Object... feeds) {
        try (Session s = new Session(out.graph())) {
            if (!Variables.all(out.graph()).isEmpty()) s.run(Tf.of(out.graph()).globalVariablesInitializer());
            Runner r = s.runner();
            for (int i = 0; i < feeds.length; i += 2) r.feed((Output) feeds[i], (Tensor) feeds[i + 1]);
            KernelException e = assertThrows(KernelException.class, () -> r.fetch(out).run());
            assertTrue(e.getMessage().contains("'bad'"), () -> "the message should name node 'bad': " + e.getMessage());
            assertEquals("bad", e.node().name());
            // The kernel's own check, not the session's wrapper around an index or size exception.
            assertFalse(e.getMessage().contains("kernel failed"), () -> "an unchecked exception escaped the kernel: " + e.getMessage());
            return e;
        }
    }

    @ParameterizedTest(name = "gather out of range, {0} indices")
    @EnumSource(value = DType.class, names = {"INT32", "INT64"})
    void gatherIndexOutOfRange(DType it) {
        Tf tf = Tf.of(new Graph());
        Output params = ph(tf, FLOAT32, 5, 3), idx = tf.placeholder(it, Shape.of(-1));
        Output out = bad(tf).gather(params, idx);
        Tensor p = Tensor.of(Shape.of(5, 3), new float[15]);
        Tensor high = it == INT32 ? Tensor.of(Shape.of(2), new int[] {0, 7}) : Tensor.of(Shape.of(2), new long[] {0, 7});
        Tensor negative = it == INT32 ? Tensor.of(Shape.of(1), new int[] {-1}) : Tensor.of(Shape.of(1), new long[] {-1});
        assertTrue(kernelFails(out, params, p, idx, high).getMessage().contains("7"));
        assertTrue(kernelFails(out, params, p, idx, negative).getMessage().contains("-1"));
    }

    @Test
    void gatherIndexOutOfRangeOnAxis1() {
        Tf tf = Tf.of(new Graph());
        Output params = ph(tf, FLOAT64, 2, 3);
        Output out = bad(tf).gather(params, tf.constant(new int[] {3}), 1);
        assertTrue(kernelFails(out, params, Tensor.of(Shape.of(2, 3), new double[6])).getMessage().contains("3"));
    }

    @Test
    void feedOfWrongShapeNamesThePlaceholder() {
        Tf tf = Tf.of(new Graph());
        Output x = tf.placeholder(FLOAT32, Shape.of(-1, 3), "x");
        Output y = tf.add(x, tf.constant(new float[] {1, 2, 3}));
        try (Session s = new Session(tf.graph())) {
            FeedException e = assertThrows(FeedException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(2, 4), new float[8])).fetch(y).run());
            assertTrue(e.getMessage().contains("'x'"), e.getMessage());
            assertTrue(e.getMessage().contains("[2, 4]"), e.getMessage());
            // A fitting feed still runs in the same session.
            Tensor ok = s.runner().feed(x, Tensor.of(Shape.of(2, 3), new float[6])).fetch(y).run().get(0);
            assertEquals(Shape.of(2, 3), ok.shape());
        }
    }

    @Test
    void feedOfWrongDtypeAndMissingFeedNameThePlaceholder() {
        Tf tf = Tf.of(new Graph());
        Output x = tf.placeholder(FLOAT32, Shape.of(-1), "x");
        Output y = tf.neg(x);
        try (Session s = new Session(tf.graph())) {
            FeedException e = assertThrows(FeedException.class, () -> s.runner().feed(x, Tensor.of(Shape.of(2), new double[2])).fetch(y).run());
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("float64"), e.getMessage());
            FeedException missing = assertThrows(FeedException.class, () -> s.runner().fetch(y).run());
            assertTrue(missing.getMessage().contains("'x'"), missing.getMessage());
        }
    }

    @ParameterizedTest(name = "integer division by zero, {0}")
    @EnumSource(value = DType.class, names = {"INT32", "INT64"})
    void integerDivisionByZero(DType t) {
        Tf tf = Tf.of(new Graph());
        Output a = ph(tf, t, 3), b = ph(tf, t, 3);
        Output out = bad(tf).div(a, b);
        Tensor x = RandomTensors.tensor(t, new int[] {3}, new double[] {6, 7, 8});
        Tensor y = RandomTensors.tensor(t, new int[] {3}, new double[] {2, 0, 1});
        kernelFails(out, a, x, b, y);
    }

    /** Errors that only the kernels can see: the placeholders have unknown rank. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nagare.session.ops.ErrorCases#runErrors")
    void rejectedWhileRunning(String name, List<Tensor> values, ErrorCases.RunBuild build, List<String> fragments) {
        Tf tf = Tf.of(new Graph());
        Output[] in = new Output[values.size()];
        for (int i = 0; i < in.length; i++) in[i] = tf.placeholder(values.get(i).dtype(), Shape.unknownRank(), "in" + i);
        Output out = build.apply(tf, in);
        Object[] feeds = new Object[2 * in.length];
        for (int i = 0; i < in.length; i++) { feeds[2 * i] = in[i]; feeds[2 * i + 1] = values.get(i); }
        KernelException e = kernelFails(out, feeds);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "the message should contain '" + f + "': " + e.getMessage());
        }
    }

    // ---- values a float64 reference cannot hold ----

    @Test
    void argmaxOfInt64BeyondDoublePrecision() {
        Tf tf = Tf.of(new Graph());
        long big = 1L << 53; // big and big + 1 are the same double
        Output out = tf.argmax(tf.constant(new long[] {big, big + 1, big - 1}), 0);
        try (Session s = new Session(tf.graph())) {
            assertEquals(1L, s.run(out).longValue(), "argmax of [2^53, 2^53+1, 2^53-1]");
        }
    }

    @Test
    void int64ArithmeticBeyondDoublePrecision() {
        Tf tf = Tf.of(new Graph());
        long big = (1L << 53) + 1;
        Output a = tf.constant(new long[] {big, big});
        try (Session s = new Session(tf.graph())) {
            assertArrayEquals(new long[] {big + 2, big + 2}, s.run(tf.add(a, tf.constant(new long[] {2, 2}))).longData());
            assertArrayEquals(new long[] {2 * big}, s.run(tf.reduceSum(a, new int[] {0}, true)).longData());
            assertEquals(big, s.run(tf.reduceMax(a)).longValue());
            assertEquals(big - 1, s.run(tf.reduceMin(tf.sub(a, tf.constant(new long[] {0, 1})))).longValue());
        }
    }
}
