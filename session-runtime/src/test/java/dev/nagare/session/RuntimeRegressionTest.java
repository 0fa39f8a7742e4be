package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.ResourceExhaustedException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Reproducers of issue 10's runtime findings: each failed before its fix. */
class RuntimeRegressionTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    private static SessionOptions interOp(boolean on) { return SessionOptions.defaults().withInterOpParallelism(on); }

    @ParameterizedTest(name = "inter-op {0}")
    @ValueSource(booleans = {false, true})
    void aReadOrderedAfterAnAssignSeesItEvenWhenTheVariableIsFetchedToo(boolean parallel) {
        Output v = tf.variable(tf.constant(1f), "v");
        Output assign = tf.assign(v, tf.constant(5f));
        Output y = tf.withControlDependencies(assign.node()).identity(v);
        try (Session s = new Session(g, interOp(parallel))) {
            s.run(tf.globalVariablesInitializer());
            assertEquals(5f, s.run(y).floatValue());
            s.run(tf.globalVariablesInitializer());
            List<Tensor> both = s.runner().fetch(v).fetch(y).run();
            // v's own read comes first in graph order (before the assign); y is ordered after the assign.
            assertEquals(1f, both.get(0).floatValue());
            assertEquals(5f, both.get(1).floatValue());
            assertEquals(5f, s.run(v).floatValue());
        }
    }

    /** The everyday "train and look at the weights" step: fetching the weights with the loss and the update. */
    @ParameterizedTest(name = "inter-op {0}")
    @ValueSource(booleans = {false, true})
    void trainingWhileFetchingTheWeightsNeverReadsAMissingValue(boolean parallel) {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 4), "x");
        Output w1 = tf.variable(tf.init.heNormal(Shape.of(4, 8), DType.FLOAT32, 1), "w1");
        Output w2 = tf.variable(tf.init.heNormal(Shape.of(8, 2), DType.FLOAT32, 2), "w2");
        Output yHat = tf.matmul(tf.nn.relu(tf.matmul(x, w1)), w2);
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "labels");
        Output loss = tf.losses.meanSquaredError(labels, yHat);
        Node train = tf.train.gradientDescent(0.01).minimize(loss);
        Tensor batch = Tensor.of(Shape.of(3, 4), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3});
        Tensor target = Tensor.of(Shape.of(3, 2), new float[] {1, 0, 0, 1, 1, 1});
        try (Session s = new Session(g, interOp(parallel)); Session reference = new Session(g, interOp(false))) {
            s.run(tf.globalVariablesInitializer());
            reference.run(tf.globalVariablesInitializer());
            for (int step = 0; step < 300; step++) {
                List<Tensor> r = s.runner().feed(x, batch).feed(labels, target).fetch(loss).fetch(w1).fetch(w2).addTarget(train).run();
                List<Tensor> e = reference.runner().feed(x, batch).feed(labels, target).fetch(loss).addTarget(train).run();
                assertEquals(e.get(0).floatValue(), r.get(0).floatValue(), "loss at step " + step);
            }
            assertEquals(reference.run(w1), s.run(w1));
        }
    }

    @Test
    void changingAFetchedVariableChangesNoSession() {
        Output v = tf.variable(tf.constant(new float[] {1, 2, 3}), "v");
        Output c = tf.constant(new float[] {7, 8});
        try (Session s1 = new Session(g); Session s2 = new Session(g)) {
            s1.run(tf.globalVariablesInitializer());
            s2.run(tf.globalVariablesInitializer());
            s1.run(v).floatData()[0] = 100;
            s1.run(c).floatData()[0] = 100;
            assertArrayEquals(new float[] {1, 2, 3}, s1.run(v).floatData());
            assertArrayEquals(new float[] {1, 2, 3}, s2.run(v).floatData());
            assertArrayEquals(new float[] {7, 8}, s2.run(c).floatData());
        }
    }

    @Test
    void changingAFedOrRestoredTensorAfterwardsChangesNoVariable() {
        Output v = tf.variable(tf.constant(new float[] {0, 0}), "v");
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output assign = tf.assign(v, x);
        try (Session s = new Session(g)) {
            float[] fed = {1, 2};
            s.runner().feed(x, Tensor.of(Shape.of(2), fed)).addTarget(assign.node()).run();
            fed[0] = 100;
            assertArrayEquals(new float[] {1, 2}, s.run(v).floatData());
            float[] restored = {3, 4};
            s.restoreVariables(java.util.Map.of(v, Tensor.of(Shape.of(2), restored)));
            restored[0] = 100;
            assertArrayEquals(new float[] {3, 4}, s.run(v).floatData());
        }
    }

    @Test
    void aFetchedResultIsTheCallersAlone() {
        Output v = tf.variable(tf.constant(new float[] {1, 2}), "v");
        Output doubled = tf.add(v, v);
        Output update = tf.assign(v, doubled);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            // The assign's result is the variable's new value: the caller's copy must not be it.
            Tensor newValue = s.runner().fetch(update).run().get(0);
            newValue.floatData()[0] = -1;
            assertArrayEquals(new float[] {2, 4}, s.run(v).floatData());
            // Fetching one array twice gives two arrays.
            List<Tensor> twice = s.runner().fetch(doubled).fetch(doubled).run();
            twice.get(0).floatData()[0] = -1;
            assertEquals(4f, twice.get(1).floatData()[0]);
        }
    }

    @Test
    void aRunQueuedBehindCloseFailsAndCommitsNothing() throws Exception {
        Output v = tf.variable(tf.constant(0f), "v");
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output slow = tf.assignAdd(v, x);
        Session s = new Session(g);
        s.run(tf.globalVariablesInitializer());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            // Many writers race with close; after close returns, the count must not move again.
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 3; t++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2000; i++) {
                        try {
                            s.runner().feed(x, Tensor.scalar(1f)).addTarget(slow.node()).run();
                        } catch (IllegalStateException closed) {
                            assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            Thread.sleep(5);
            s.close();
            assertNull(s.variableStore().get(v.node()), "closing gives every variable's memory back");
            for (Future<?> f : runs) f.get(60, TimeUnit.SECONDS);
            assertNull(s.variableStore().get(v.node()), "a run committed after close() returned");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(v));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void thePlanCacheIsBounded() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output[] sums = new Output[40];
        for (int i = 0; i < sums.length; i++) sums[i] = tf.add(x, tf.constant((float) i));
        try (Session s = new Session(g, SessionOptions.defaults().withMaxCachedPlans(8))) {
            // 40 * 39 distinct two-fetch signatures.
            for (int i = 0; i < sums.length; i++) {
                for (int j = 0; j < sums.length; j++) {
                    if (i == j) continue;
                    List<Tensor> r = s.runner().feed(x, Tensor.scalar(1f)).fetch(sums[i]).fetch(sums[j]).run();
                    assertEquals(1f + i, r.get(0).floatValue());
                    assertEquals(1f + j, r.get(1).floatValue());
                    assertTrue(s.planCount() <= 8, "plans cached: " + s.planCount());
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withMaxCachedPlans(0));
    }

    @Test
    void anAllocationThatCannotBeMetIsATypedErrorAndTheSessionStaysUsable() {
        Output huge = tf.fill(Shape.of(Integer.MAX_VALUE - 8), tf.constant(1f));
        Output small = tf.add(tf.constant(1f), tf.constant(2f));
        Output v = tf.variable(tf.constant(1f), "v");
        Output bump = tf.assignAdd(v, tf.constant(1f));
        Output bumpThenHuge = tf.withControlDependencies(bump.node()).fill(Shape.of(Integer.MAX_VALUE - 8), tf.constant(1f));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            ResourceExhaustedException e = assertThrows(ResourceExhaustedException.class, () -> s.run(huge));
            assertTrue(e.getMessage().contains("'" + huge.node().name() + "'") && e.getMessage().contains("OOM when allocating")
                    && e.getMessage().contains("[2147483639]") && e.getMessage().contains("8589934556 bytes"), e.getMessage());
            assertThrows(ResourceExhaustedException.class, () -> s.run(bumpThenHuge));
            assertEquals(1f, s.run(v).floatValue(), "the failed run committed its assign");
            assertEquals(3f, s.run(small).floatValue());
        }
    }

    @Test
    void aControlDependencyOnAFedPlaceholderIsSatisfiedByTheFeed() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output y = tf.withControlDependencies(x.node()).add(tf.constant(1f), tf.constant(2f));
        try (Session s = new Session(g)) {
            assertEquals(3f, s.runner().feed(x, Tensor.scalar(0f)).fetch(y).run().get(0).floatValue());
            FeedException e = assertThrows(FeedException.class, () -> s.run(y));
            assertTrue(e.getMessage().contains("Placeholder 'x'"), e.getMessage());
        }
    }
}
