package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    @Test
    void runsOnlyTheSubgraphTheFetchesNeed() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output c = tf.constant(2f);
        Output needsX = tf.mul(x, c);
        Output independent = tf.add(c, c);
        try (Session s = new Session(g)) {
            // x is not fed, but the fetch does not depend on it
            assertEquals(4f, s.run(independent).floatValue());
            FeedException e = assertThrows(FeedException.class, () -> s.run(needsX));
            assertTrue(e.getMessage().contains("Placeholder 'x'"), e.getMessage());
            assertTrue(e.getMessage().contains("must be fed"), e.getMessage());
        }
    }

    @Test
    void feedReplacesAnyOutputAndStopsPruningThere() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output y = tf.mul(x, tf.constant(3f));
        Output z = tf.add(y, tf.constant(1f));
        try (Session s = new Session(g)) {
            // feeding y means x is never needed
            assertEquals(11f, s.runner().feed(y, Tensor.scalar(10f)).fetch(z).run().get(0).floatValue());
        }
    }

    @Test
    void feedOfWrongDtypeNamesThePlaceholder() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Output y = tf.reduceSum(x);
        try (Session s = new Session(g)) {
            FeedException e = assertThrows(FeedException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(1, 3), new int[3])).fetch(y).run());
            assertTrue(e.getMessage().contains("placeholder 'x'") && e.getMessage().contains("int32")
                    && e.getMessage().contains("float32"), e.getMessage());
        }
    }

    @Test
    void feedOfIncompatibleShapeNamesThePlaceholderAndBothShapes() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Output y = tf.reduceSum(x);
        try (Session s = new Session(g)) {
            FeedException e = assertThrows(FeedException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(2, 4), new float[8])).fetch(y).run());
            assertTrue(e.getMessage().contains("placeholder 'x'") && e.getMessage().contains("[2, 4]")
                    && e.getMessage().contains("[?, 3]"), e.getMessage());
            // any batch size fits the unknown dimension
            assertEquals(0f, s.runner().feed(x, Tensor.of(Shape.of(5, 3), new float[15])).fetch(y).run().get(0).floatValue());
        }
    }

    @Test
    void unknownRankPlaceholderAcceptsAnyShape() {
        Output x = tf.placeholder(DType.INT32, Shape.unknownRank(), "x");
        Output y = tf.reduceSum(x);
        try (Session s = new Session(g)) {
            assertEquals(6, s.runner().feed(x, Tensor.fromJava(new int[][] {{1, 2}, {3, 0}})).fetch(y).run().get(0).intValue());
            assertEquals(5, s.runner().feed(x, Tensor.scalar(5)).fetch(y).run().get(0).intValue());
        }
    }

    @Test
    void namesNotInTheGraphFailNamingThem() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        try (Session s = new Session(g)) {
            FeedException feed = assertThrows(FeedException.class, () -> s.runner().feed("nope", Tensor.scalar(1f)).fetch(x).run());
            assertTrue(feed.getMessage().contains("'nope'"), feed.getMessage());
            FeedException fetch = assertThrows(FeedException.class, () -> s.runner().fetch("missing:0").run());
            assertTrue(fetch.getMessage().contains("'missing'"), fetch.getMessage());
            FeedException badIndex = assertThrows(FeedException.class, () -> s.runner().fetch("x:3").run());
            assertTrue(badIndex.getMessage().contains("no output 3"), badIndex.getMessage());
            // by name works
            assertEquals(2f, s.runner().feed("x:0", Tensor.scalar(2f)).fetch("x").run().get(0).floatValue());
        }
    }

    @Test
    void outputsOfAnotherGraphAreRejected() {
        Graph other = new Graph();
        Output foreign = Tf.of(other).constant(1f);
        tf.constant(1f);
        try (Session s = new Session(g)) {
            FeedException e = assertThrows(FeedException.class, () -> s.run(foreign));
            assertTrue(e.getMessage().contains("another graph"), e.getMessage());
        }
        GraphException build = assertThrows(GraphException.class, () -> tf.add(tf.constant(1f), foreign));
        assertTrue(build.getMessage().contains("another graph"), build.getMessage());
    }

    @Test
    void readingAnUninitializedVariableNamesIt() {
        Output v = tf.variable(tf.constant(1f), "weights");
        try (Session s = new Session(g)) {
            UninitializedVariableException e = assertThrows(UninitializedVariableException.class, () -> s.run(v));
            assertTrue(e.getMessage().contains("'weights'"), e.getMessage());
        }
    }

    @Test
    void eachSessionHasItsOwnVariables() {
        Output counter = tf.variable(tf.constant(0L), "counter");
        Node step = tf.assignAdd(counter, tf.constant(1L)).node();
        Node init = tf.globalVariablesInitializer();
        try (Session a = new Session(g); Session b = new Session(g)) {
            a.run(init);
            b.run(init);
            for (int i = 0; i < 5; i++) a.run(step);
            b.run(step);
            assertEquals(5L, a.run(counter).longValue());
            assertEquals(1L, b.run(counter).longValue());
        }
        try (Session c = new Session(g)) {
            assertThrows(UninitializedVariableException.class, () -> c.run(counter));
        }
    }

    @Test
    void aFailedRunChangesNoVariable() {
        Output a = tf.variable(tf.constant(10), "a");
        Output b = tf.variable(tf.constant(20), "b");
        Output divisor = tf.placeholder(DType.INT32, Shape.scalar(), "divisor");
        Output setA = tf.assign(a, tf.constant(99));
        // setB runs after setA (control dependency) and fails on a zero divisor
        Output setB = tf.withControlDependencies(setA.node()).assign(b, tf.div(tf.constant(100), divisor));
        Node init = tf.globalVariablesInitializer();
        try (Session s = new Session(g)) {
            s.run(init);
            KernelException e = assertThrows(KernelException.class,
                    () -> s.runner().feed(divisor, Tensor.scalar(0)).addTarget(setB.node()).run());
            assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
            assertEquals(10, s.run(a).intValue(), "the assign that ran before the failure is not applied");
            assertEquals(20, s.run(b).intValue());
            s.runner().feed(divisor, Tensor.scalar(4)).addTarget(setB.node()).run();
            assertEquals(99, s.run(a).intValue());
            assertEquals(25, s.run(b).intValue());
        }
    }

    @Test
    void thePlanOfASignatureIsComputedOnce() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output y = tf.add(x, tf.constant(1f));
        try (Session s = new Session(g)) {
            for (int i = 0; i < 10; i++) {
                assertEquals(i + 1f, s.runner().feed(x, Tensor.scalar((float) i)).fetch(y).run().get(0).floatValue());
            }
            assertEquals(1, s.planCount());
            s.runner().fetch(y).feed(x, Tensor.scalar(0f)).fetch(x).run();
            assertEquals(2, s.planCount());
        }
    }

    @Test
    void controlDependenciesRunFirstAndGroupRunsAll() {
        Output v = tf.variable(tf.constant(1), "v");
        Output w = tf.variable(tf.constant(1), "w");
        Node init = tf.globalVariablesInitializer();
        Output doubleV = tf.assign(v, tf.mul(v, tf.constant(2)));
        Output incW = tf.assignAdd(w, tf.constant(5));
        Node both = tf.group(doubleV.node(), incW.node());
        Output readAfter = tf.withControlDependencies(doubleV.node()).identity(v);
        try (Session s = new Session(g)) {
            s.run(init);
            s.run(both);
            assertEquals(2, s.run(v).intValue());
            assertEquals(6, s.run(w).intValue());
            assertEquals(4, s.run(readAfter).intValue(), "identity sees the value its control dependency wrote");
        }
    }

    @Test
    void aClosedSessionRefusesToRun() {
        Output c = tf.constant(1);
        Session s = new Session(g);
        s.close();
        assertThrows(IllegalStateException.class, () -> s.run(c));
    }

    @Test
    void fetchedTensorsAreFreshValues() {
        Output v = tf.variable(tf.constant(new float[] {1, 2}), "v");
        Node init = tf.globalVariablesInitializer();
        try (Session s = new Session(g)) {
            s.run(init);
            Tensor before = s.run(v);
            s.run(tf.assignAdd(v, tf.constant(new float[] {1, 1})).node());
            Tensor after = s.run(v);
            assertNotSame(before, after);
            assertEquals("[1., 2.]", before.toString());
            assertEquals("[2., 3.]", after.toString());
        }
    }

    @Test
    void assignOfAValueOfAnotherShapeFailsAtBuildTime() {
        Output v = tf.variable(tf.constant(new float[] {1, 2}), "v");
        GraphException e = assertThrows(GraphException.class, () -> tf.assign(v, tf.constant(new float[] {1, 2, 3})));
        assertTrue(e.getMessage().contains("'v'") && e.getMessage().contains("[3]"), e.getMessage());
        GraphException notVar = assertThrows(GraphException.class, () -> tf.assign(tf.constant(1f), tf.constant(2f)));
        assertTrue(notVar.getMessage().contains("must be a variable"), notVar.getMessage());
    }

    @Test
    void multipleFetchesComeBackInOrder() {
        Output a = tf.constant(1);
        Output b = tf.constant(2);
        Output sum = tf.add(a, b);
        try (Session s = new Session(g)) {
            List<Tensor> r = s.runner().fetch(sum).fetch(a).fetch(b).fetch(sum).run();
            List<Integer> values = new ArrayList<>();
            for (Tensor t : r) values.add(t.intValue());
            assertEquals(List.of(3, 1, 2, 3), values);
        }
    }
}
