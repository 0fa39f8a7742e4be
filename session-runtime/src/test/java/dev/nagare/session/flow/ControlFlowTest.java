package dev.nagare.session.flow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.PlacementException;
import dev.nagare.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tf.cond and tf.whileLoop: laziness, iteration counts, variables inside bodies, shape invariants, errors. */
class ControlFlowTest {

    @Test
    void condRunsOnlyTheTakenBranch() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output p = tf.placeholder(DType.BOOL, Shape.scalar(), "p");
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output thenRuns = tf.variable(tf.constant(0), "thenRuns");
        Output elseRuns = tf.variable(tf.constant(0), "elseRuns");
        // Each branch counts its runs: a branch that ran without being taken would show in its counter.
        Output y = tf.cond(p,
                () -> tf.withControlDependencies(tf.assignAdd(thenRuns, tf.constant(1)).node()).mul(x, tf.constant(2f)),
                () -> tf.withControlDependencies(tf.assignAdd(elseRuns, tf.constant(1)).node()).sub(x, tf.constant(1f)));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            Tensor xs = Tensor.of(Shape.of(2), new float[] {3, -4});
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(new float[] {6, -8}, s.runner().feed(p, Tensor.scalar(true)).feed(x, xs).fetch(y).run().get(0).floatData());
            }
            assertArrayEquals(new float[] {2, -5}, s.runner().feed(p, Tensor.scalar(false)).feed(x, xs).fetch(y).run().get(0).floatData());
            assertEquals(3, s.run(thenRuns).intValue());
            assertEquals(1, s.run(elseRuns).intValue());
        }
    }

    @Test
    void whileRunsAsManyIterationsAsItsConditionSays() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output n = tf.placeholder(DType.INT32, Shape.scalar(), "n");
        Output iterations = tf.variable(tf.constant(0), "iterations");
        // sum of 1..n, and a counter the body bumps once per iteration
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), n),
                v -> {
                    Output i = tf.withControlDependencies(tf.assignAdd(iterations, tf.constant(1)).node()).add(v.get(0), tf.constant(1));
                    return List.of(i, tf.add(v.get(1), i));
                },
                List.of(tf.constant(0), tf.constant(0)));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int limit : new int[] {10, 0, 3}) {
                var out = s.runner().feed(n, Tensor.scalar(limit)).fetch(r.get(0)).fetch(r.get(1)).run();
                assertEquals(limit, out.get(0).intValue());
                assertEquals(limit * (limit + 1) / 2, out.get(1).intValue());
            }
            assertEquals(13, s.run(iterations).intValue(), "10 + 0 + 3 iterations");
        }
    }

    @Test
    void variablesInsideABodyAreReadAtUseAfterTheWritesBeforeThem() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output v = tf.variable(tf.constant(1f), "v");
        // body: v = v * 2, then the loop variable takes the value of v read after that write
        List<Output> r = tf.whileLoop(vars -> tf.less(vars.get(0), tf.constant(4)),
                vars -> {
                    Output doubled = tf.assign(v, tf.mul(v, tf.constant(2f)));
                    Output seen = tf.withControlDependencies(doubled.node()).identity(v);
                    return List.of(tf.add(vars.get(0), tf.constant(1)), tf.add(vars.get(1), seen));
                },
                List.of(tf.constant(0), tf.constant(0f)));
        // An outside read ordered after the loop sees all of its writes.
        Output after = tf.withControlDependencies(r.get(1).node()).identity(v);
        // A run that fails after the loop (a reshape to a fed, wrong shape) commits none of the loop's writes.
        Output shape = tf.placeholder(DType.INT32, Shape.of(1), "shape");
        Output failing = tf.reshape(after, shape);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            var out = s.runner().fetch(r.get(1)).fetch(after).run();
            assertEquals(2f + 4f + 8f + 16f, out.get(0).floatValue());
            assertEquals(16f, out.get(1).floatValue());
            assertThrows(KernelException.class, () -> s.runner().feed(shape, Tensor.of(Shape.of(1), new int[] {3})).fetch(failing).run());
            assertEquals(16f, s.run(v).floatValue(), "the failed run's four doublings were not committed");
        }
    }

    @Test
    void aLoopVariableMayGrowWithinItsShapeInvariant() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(3)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.concat(List.of(v.get(1), tf.reshape(tf.cast(v.get(0), DType.FLOAT32), 1)), 0)),
                List.of(tf.constant(0), tf.constant(new float[] {9})), List.of(Shape.scalar(), Shape.of(-1)));
        assertEquals(Shape.of(-1), r.get(1).shape());
        try (Session s = new Session(g)) {
            assertArrayEquals(new float[] {9, 0, 1, 2}, s.run(r.get(1)).floatData());
        }
    }

    @Test
    void condInsideAWhileBody() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        // Collatz steps from 27: n even -> n / 2, odd -> 3n + 1, counted until n == 1.
        List<Output> r = tf.whileLoop(v -> tf.notEqual(v.get(0), tf.constant(1)),
                v -> List.of(tf.cond(tf.equal(tf.floorMod(v.get(0), tf.constant(2)), tf.constant(0)),
                                () -> tf.floorDiv(v.get(0), tf.constant(2)),
                                () -> tf.add(tf.mul(v.get(0), tf.constant(3)), tf.constant(1))),
                        tf.add(v.get(1), tf.constant(1))),
                List.of(tf.constant(27), tf.constant(0)));
        int steps = 0;
        for (long m = 27; m != 1; steps++) m = m % 2 == 0 ? m / 2 : 3 * m + 1;
        try (Session s = new Session(g)) {
            assertEquals(steps, s.run(r.get(1)).intValue());
        }
    }

    @Test
    void badPredicatesAndBranchesAreBuildErrorsNamingTheNode() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.constant(new float[] {1, 2});
        GraphException notBool = assertThrows(GraphException.class, () -> tf.cond(tf.constant(1f), () -> x, () -> x));
        assertTrue(notBool.getMessage().contains("'cond'") && notBool.getMessage().contains("must be bool, got float32"), notBool.getMessage());
        GraphException notScalar = assertThrows(GraphException.class,
                () -> tf.cond(tf.constant(new boolean[] {true, false}), () -> x, () -> x));
        assertTrue(notScalar.getMessage().contains("bool scalar") && notScalar.getMessage().contains("[2]"), notScalar.getMessage());
        GraphException dtypes = assertThrows(GraphException.class,
                () -> tf.cond(tf.constant(true), () -> x, () -> tf.constant(new int[] {1, 2})));
        assertTrue(dtypes.getMessage().contains("float32") && dtypes.getMessage().contains("int32"), dtypes.getMessage());
        GraphException shapes = assertThrows(GraphException.class,
                () -> tf.cond(tf.constant(true), () -> x, () -> tf.constant(new float[] {1, 2, 3})));
        assertTrue(shapes.getMessage().contains("[2]") && shapes.getMessage().contains("[3]"), shapes.getMessage());
    }

    @Test
    void aBodyThatBreaksItsShapeInvariantFailsNamingTheLoop() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        GraphException e = assertThrows(GraphException.class, () -> tf.whileLoop(v -> tf.less(v.get(0), tf.constant(3)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.concat(List.of(v.get(1), v.get(1)), 0)),
                List.of(tf.constant(0), tf.constant(new float[] {1}))));
        assertTrue(e.getMessage().contains("'while'") && e.getMessage().contains("shape invariant [1]"), e.getMessage());

        // Known only at run time: the body reshapes to a fed shape.
        Output shape = tf.placeholder(DType.INT32, Shape.of(1), "shape");
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(2)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.reshape(tf.concat(List.of(v.get(1), v.get(1)), 0), shape)),
                List.of(tf.constant(0), tf.constant(new float[] {1, 2})), List.of(Shape.scalar(), Shape.of(-1)));
        Output shape2 = tf.placeholder(DType.INT32, Shape.of(2), "shape2");
        List<Output> fixed = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(2)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.reshape(v.get(1), shape2)),
                List.of(tf.constant(0), tf.constant(new float[][] {{1, 2}})), List.of(Shape.scalar(), Shape.of(1, 2)));
        try (Session s = new Session(g)) {
            assertArrayEquals(new float[] {1, 2, 1, 2, 1, 2, 1, 2}, s.runner().feed(shape, Tensor.of(Shape.of(1), new int[] {-1}))
                    .fetch(r.get(1)).run().get(0).floatData());
            KernelException k = assertThrows(KernelException.class, () -> s.runner()
                    .feed(shape2, Tensor.of(Shape.of(2), new int[] {2, 1})).fetch(fixed.get(1)).run());
            assertTrue(k.getMessage().contains("'" + fixed.get(1).node().name() + "'") && k.getMessage().contains("[2, 1]")
                    && k.getMessage().contains("invariant [1, 2]"), k.getMessage());
        }
    }

    @Test
    void aNonScalarConditionAtRunTimeFailsNamingTheNode() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output p = tf.placeholder(DType.BOOL, Shape.unknownRank(), "p");
        Output y = tf.cond(p, () -> tf.constant(1f), () -> tf.constant(2f));
        try (Session s = new Session(g)) {
            KernelException e = assertThrows(KernelException.class,
                    () -> s.runner().feed(p, Tensor.of(Shape.of(2), new boolean[] {true, true})).fetch(y).run());
            assertTrue(e.getMessage().contains("'cond'") && e.getMessage().contains("single bool"), e.getMessage());
        }
    }

    @Test
    void aBranchNodeCannotBeFetchedOutsideItsCond() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output[] inner = new Output[1];
        tf.cond(tf.constant(true), () -> inner[0] = tf.square(tf.constant(3f)), () -> tf.constant(0f));
        try (Session s = new Session(g)) {
            PlacementException e = assertThrows(PlacementException.class, () -> s.run(inner[0]));
            assertTrue(e.getMessage().contains("cond/then") && e.getMessage().contains(inner[0].node().name()), e.getMessage());
        }
        GraphException v = assertThrows(GraphException.class, () -> tf.cond(tf.constant(true),
                () -> tf.variable(tf.constant(1f), "inside"), () -> tf.constant(0f)));
        assertTrue(v.getMessage().contains("inside"), v.getMessage());
    }
}
