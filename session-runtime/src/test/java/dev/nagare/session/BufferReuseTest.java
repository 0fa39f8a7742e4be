package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A Session reuses kernel buffers across runs of a plan, and a variable's old array for its next value.
 * What a caller holds must never change under it, and a steady training step must allocate (close to)
 * nothing.
 */
class BufferReuseTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    @Test
    void fetchedResultsAreNotOverwrittenByLaterRuns() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(4), "x");
        Output y = tf.nn.relu(tf.mul(x, tf.constant(2f)));
        Output z = tf.add(y, tf.constant(1f)); // y also stays an intermediate of this fetch
        try (Session s = new Session(g)) {
            Tensor first = s.runner().feed(x, Tensor.of(Shape.of(4), new float[] {1, -2, 3, -4})).fetch(y).fetch(z).run().get(0);
            for (int i = 0; i < 5; i++) s.runner().feed(x, Tensor.of(Shape.of(4), new float[] {9, 9, 9, 9})).fetch(y).fetch(z).run();
            assertArrayEquals(new float[] {2, 0, 6, 0}, first.floatData());
        }
    }

    @Test
    void aFetchedVariableValueSurvivesTraining() {
        Output w = tf.variable(tf.constant(new float[] {1, 2, 3}), "w");
        Output loss = tf.reduceSum(tf.square(w));
        Node train = tf.train.gradientDescent(0.1).minimize(loss);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int i = 0; i < 3; i++) s.run(train);
            Tensor held = s.run(w);
            float[] snapshot = held.floatData().clone();
            for (int i = 0; i < 6; i++) s.run(train);
            assertArrayEquals(snapshot, held.floatData(), "a fetched value must not change");
            // w <- w (1 - 0.2) per step, in float arithmetic: 9 steps in all
            float[] expect = {1, 2, 3};
            for (int step = 0; step < 9; step++) for (int i = 0; i < 3; i++) expect[i] = expect[i] - 0.1f * (2 * expect[i]);
            assertArrayEquals(expect, s.run(w).floatData());
            assertFalse(Arrays.equals(snapshot, s.run(w).floatData()));
        }
    }

    @Test
    void aVariableAssignedFromAnotherKeepsItsValueWhenTheOtherMoves() {
        Output v1 = tf.variable(tf.constant(new float[] {0, 0}), "v1");
        Output v2 = tf.variable(tf.constant(new float[] {0, 0}), "v2");
        Output step = tf.assignAdd(v1, tf.constant(new float[] {1, 10}));
        Output copy = tf.assign(v2, v1);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            s.run(step.node());
            s.run(step.node()); // v1 now holds an array the Session made: {2, 20}
            s.run(copy.node()); // v2 holds the same array
            for (int i = 0; i < 4; i++) s.run(step.node());
            assertArrayEquals(new float[] {2, 20}, s.run(v2).floatData());
            assertArrayEquals(new float[] {6, 60}, s.run(v1).floatData());
        }
    }

    /** One fresh result assigned to two variables in one run: each keeps a buffer of its own. */
    @Test
    void twoVariablesAssignedOneFreshValueDoNotShareIt() {
        Output v1 = tf.variable(tf.constant(new float[] {0, 0}), "v1");
        Output v2 = tf.variable(tf.constant(new float[] {0, 0}), "v2");
        Output fresh = tf.mul(tf.constant(new float[] {1, 2}), tf.constant(3f));
        Node both = tf.group(tf.assign(v1, fresh).node(), tf.assign(v2, fresh).node());
        Output bump = tf.assignAdd(v1, tf.constant(new float[] {10, 10}));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            s.run(both);
            for (int i = 0; i < 3; i++) s.run(bump.node());
            assertArrayEquals(new float[] {33, 36}, s.run(v1).floatData());
            assertArrayEquals(new float[] {3, 6}, s.run(v2).floatData());
        }
    }

    @Test
    void aFailedRunLeavesTheBuffersUsable() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.unknownRank(), "x");
        Output y = tf.matmul(x, tf.constant(new float[][] {{1}, {2}}));
        try (Session s = new Session(g)) {
            assertEquals(5f, s.runner().feed(x, Tensor.fromJava(new float[][] {{1, 2}})).fetch(y).run().get(0).floatData()[0]);
            assertTrue(assertThrowsAny(() -> s.runner().feed(x, Tensor.fromJava(new float[][] {{1, 2, 3}})).fetch(y).run()));
            assertEquals(11f, s.runner().feed(x, Tensor.fromJava(new float[][] {{3, 4}})).fetch(y).run().get(0).floatData()[0]);
        }
    }

    private static boolean assertThrowsAny(Runnable r) {
        try {
            r.run();
            return false;
        } catch (RuntimeException e) {
            return true;
        }
    }

    /**
     * A training step of a small MLP, run many times: once warm, a step allocates on the calling thread less
     * than an eighth of one weight matrix (before buffer reuse it allocated every intermediate and every new
     * variable value, over 1 MB here). Allocation is counted by the JVM, not timed.
     */
    @Test
    void aSteadyTrainingStepAllocatesAlmostNothing() {
        int batch = 16, in = 784, hidden = 128, classes = 10;
        SplittableRandom r = new SplittableRandom(7);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, in), "x");
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, classes), "labels");
        Output w1 = tf.variable(tf.constant(Tensor.of(Shape.of(in, hidden), random(r, in * hidden, 0.05f))), "w1");
        Output b1 = tf.variable(tf.zeros(Shape.of(hidden), DType.FLOAT32), "b1");
        Output w2 = tf.variable(tf.constant(Tensor.of(Shape.of(hidden, classes), random(r, hidden * classes, 0.05f))), "w2");
        Output b2 = tf.variable(tf.zeros(Shape.of(classes), DType.FLOAT32), "b2");
        Output h = tf.nn.relu(tf.nn.biasAdd(tf.matmul(x, w1), b1));
        Output logits = tf.nn.biasAdd(tf.matmul(h, w2), b2);
        Output loss = tf.losses.softmaxCrossEntropy(labels, logits);
        Node train = tf.train.gradientDescent(0.01).minimize(loss);
        Tensor images = Tensor.of(Shape.of(batch, in), random(r, batch * in, 1f));
        float[] oneHot = new float[batch * classes];
        for (int i = 0; i < batch; i++) oneHot[i * classes + i % classes] = 1;
        Tensor targets = Tensor.of(Shape.of(batch, classes), oneHot);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Session s = new Session(g, SessionOptions.defaults().withInterOpParallelism(false))) {
            s.run(tf.globalVariablesInitializer());
            Runnable step = () -> s.runner().feed(x, images).feed(labels, targets).addTarget(train).run();
            // Until the JIT has compiled the kernels, Vector API code allocates its vectors; in a JVM that has
            // just compiled thousands of test graphs that takes a few seconds. So windows of steps are measured
            // until one is below the bound (or 40,000 steps have run): the best window is the steady state.
            long weightBytes = 4L * in * hidden, perStep = Long.MAX_VALUE;
            for (int window = 0; window < 400 && perStep >= weightBytes / 8; window++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 100; i++) step.run();
                perStep = Math.min(perStep, (threads.getCurrentThreadAllocatedBytes() - before) / 100);
            }
            assertTrue(perStep < weightBytes / 8, "a steady step allocated " + perStep + " bytes; w1 alone is " + weightBytes);
        }
    }

    private static float[] random(SplittableRandom r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }
}
