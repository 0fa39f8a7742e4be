package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Inter-op parallelism: independent nodes of a run go to other threads, yet every run gives what running
 * the nodes one by one in graph order gives, variable accesses included, and a failure anywhere changes
 * nothing.
 */
class ParallelRunTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /**
     * A chain whose only other steps are constants (a served model's layers with their weights) runs on the
     * caller alone; branches that compute side by side still get the parallel scheduler.
     */
    @Test
    void aChainWithConstantWeightsIsNotScheduledInParallel() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.nagare.device.Workers.THREADS > 1, "one core: nothing is parallel");
        SplittableRandom r = new SplittableRandom(5);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 20), "x");
        Output h = x;
        for (int l = 0; l < 3; l++) {
            Output w = tf.constant(Tensor.of(Shape.of(20, 20), random(r, 400)));
            Output b = tf.constant(Tensor.of(Shape.of(20), random(r, 20)));
            h = tf.nn.relu(tf.nn.biasAdd(tf.matmul(h, w), b));
        }
        Output y = tf.nn.softmax(h);
        Output side = tf.matmul(x, tf.constant(Tensor.of(Shape.of(20, 20), random(r, 400))));
        List<dev.nagare.device.Device> devices = dev.nagare.device.Devices.discover().all();
        java.util.Map<dev.nagare.device.Device, DeviceMemory> memory = new java.util.HashMap<>();
        for (var d : devices) memory.put(d, new DeviceMemory(d));
        Planner planner = new Planner(g, devices, memory, false, null, "", true);
        assertTrue(!planner.plan(List.of(x), List.of(y), List.of()).parallel, "a chain went to the parallel scheduler");
        assertTrue(planner.plan(List.of(x), List.of(y, side), List.of()).parallel, "two branches did not");
    }

    /** Four independent branches of 150x150 products: worth handing off, so they do run at the same time. */
    @Test
    void independentBranchesGiveTheSequentialResults() {
        SplittableRandom r = new SplittableRandom(3);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(150, 150), "x");
        List<Output> branches = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            Output w = tf.constant(Tensor.of(Shape.of(150, 150), random(r, 150 * 150)));
            branches.add(tf.reduceSum(tf.nn.relu(tf.matmul(tf.matmul(x, w), w)), new int[] {1}, false));
        }
        Output total = tf.add(tf.add(branches.get(0), branches.get(1)), tf.add(branches.get(2), branches.get(3)));
        Tensor in = Tensor.of(Shape.of(150, 150), random(r, 150 * 150));
        Tensor expected;
        try (Session s = new Session(g, SessionOptions.defaults().withInterOpParallelism(false))) {
            expected = s.runner().feed(x, in).fetch(total).run().get(0);
        }
        try (Session s = new Session(g)) {
            for (int i = 0; i < 30; i++) {
                // Each branch's arithmetic is the same on any thread: equal to the bit.
                assertArrayEquals(expected.floatData(), s.runner().feed(x, in).fetch(total).run().get(0).floatData());
            }
        }
    }

    /**
     * A product that reads v, and an update of v created after it with no edge between them: the read
     * comes first in graph order, so it must see v before the update on every run, however the two are
     * scheduled.
     */
    @Test
    void aReadAndALaterUpdateOfAVariableKeepGraphOrder() {
        int n = 120;
        Output v = tf.variable(tf.constant(Tensor.of(Shape.of(n, n), new float[n * n])), "v");
        Output product = tf.reduceSum(tf.matmul(v, tf.constant(Tensor.of(Shape.of(n, n), ones(n * n)))));
        Output bump = tf.assignAdd(v, tf.constant(Tensor.of(Shape.of(n, n), ones(n * n))));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int step = 0; step < 60; step++) {
                float got = s.runner().fetch(product).addTarget(bump.node()).run().get(0).floatValue();
                // v is all `step` before this run's update: sum of v * ones = step * n * n * n
                assertEquals((float) step * n * n * n, got, 0f, "run " + step);
            }
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    @Test
    void aFailingBranchFailsTheRunAndChangesNoVariable() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.unknownRank(), "x");
        Output counter = tf.variable(tf.constant(0f), "counter");
        Output bump = tf.assignAdd(counter, tf.constant(1f));
        SplittableRandom r = new SplittableRandom(5);
        Output w = tf.constant(Tensor.of(Shape.of(100, 100), random(r, 100 * 100)));
        Output heavy = tf.reduceSum(tf.matmul(tf.matmul(w, w), w));
        Output bad = tf.matmul(x, w); // fails unless x has 100 columns
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            Tensor good = Tensor.of(Shape.of(1, 100), new float[100]);
            Tensor wrong = Tensor.of(Shape.of(1, 7), new float[7]);
            for (int i = 0; i < 5; i++) s.runner().feed(x, good).fetch(heavy).fetch(bad).addTarget(bump.node()).run();
            for (int i = 0; i < 5; i++) {
                KernelException e = assertThrows(KernelException.class,
                        () -> s.runner().feed(x, wrong).fetch(heavy).fetch(bad).addTarget(bump.node()).run());
                assertTrue(e.getMessage().contains("MatMul"), e.getMessage());
            }
            assertEquals(5f, s.run(counter).floatValue(), "only the successful runs count");
            s.runner().feed(x, good).fetch(heavy).fetch(bad).addTarget(bump.node()).run();
            assertEquals(6f, s.run(counter).floatValue());
        }
    }

    /** An MLP trained for 25 steps with and without inter-op parallelism: the same weights, to the bit. */
    @Test
    void trainingIsTheSameWithAndWithoutInterOpParallelism() {
        SplittableRandom r = new SplittableRandom(11);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 64), "x");
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 4), "labels");
        Output h = x;
        List<Output> weights = new ArrayList<>();
        int[] widths = {64, 200, 100, 4};
        for (int l = 0; l + 1 < widths.length; l++) {
            Output w = tf.variable(tf.constant(Tensor.of(Shape.of(widths[l], widths[l + 1]), scaled(random(r, widths[l] * widths[l + 1]), 0.1f))), "w" + l);
            Output b = tf.variable(tf.zeros(Shape.of(widths[l + 1]), DType.FLOAT32), "b" + l);
            weights.add(w);
            weights.add(b);
            h = tf.nn.biasAdd(tf.matmul(h, w), b);
            if (l + 2 < widths.length) h = tf.nn.relu(h);
        }
        Output loss = tf.losses.softmaxCrossEntropy(labels, h);
        Node train = tf.train.momentum(0.05, 0.9).minimize(loss);
        Tensor images = Tensor.of(Shape.of(256, 64), random(r, 256 * 64));
        float[] oneHot = new float[256 * 4];
        for (int i = 0; i < 256; i++) oneHot[i * 4 + i % 4] = 1;
        Tensor targets = Tensor.of(Shape.of(256, 4), oneHot);
        List<float[]> results = new ArrayList<>();
        for (boolean interOp : new boolean[] {false, true}) {
            try (Session s = new Session(g, SessionOptions.defaults().withInterOpParallelism(interOp))) {
                s.run(tf.globalVariablesInitializer());
                float last = 0;
                for (int i = 0; i < 25; i++) last = s.runner().feed(x, images).feed(labels, targets).fetch(loss).addTarget(train).run().get(0).floatValue();
                List<Float> all = new ArrayList<>(List.of(last));
                for (Output w : weights) for (float f : s.run(w).floatData()) all.add(f);
                float[] flat = new float[all.size()];
                for (int i = 0; i < flat.length; i++) flat[i] = all.get(i);
                results.add(flat);
            }
        }
        assertArrayEquals(results.get(0), results.get(1));
    }

    private static float[] scaled(float[] a, float s) {
        for (int i = 0; i < a.length; i++) a[i] *= s;
        return a;
    }
}
