package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Device;
import dev.nagare.device.KernelException;
import dev.nagare.device.cpu.CpuDevice;
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
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The device seam proved on {@link AsyncTestDevice}, whose kernels finish later than they return: training
 * gives the CPU device's numbers to the bit, a device whose events lie (a Session that skipped its waits)
 * fails, copies are planned once, each Session opens, synchronizes and closes its own device, and the memory
 * it used there is given back (a buffer still out at close is named).
 */
class AsyncDeviceTest {
    private static final CpuDevice CPU = new CpuDevice();
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);
    private final Tf gpu = tf.withDevice("/gpu:0");

    private static SessionOptions on(Device... devices) {
        return SessionOptions.defaults().withDevices(List.of(devices)).withSoftPlacement(true);
    }

    private static float[] random(SplittableRandom r, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
        return a;
    }

    /** An MLP built on /gpu:0 (training ops included), with its inputs, loss, training step and weights. */
    private record Mlp(Output x, Output labels, Output loss, Node train, List<Output> weights, Tensor images, Tensor targets) {}

    private Mlp mlp(BiFunction<Tf, Output, Node> optimizer, double dropout) {
        SplittableRandom r = new SplittableRandom(11);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 64), "x");
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 4), "labels");
        Output h = x;
        List<Output> weights = new ArrayList<>();
        int[] widths = {64, 100, 50, 4};
        for (int l = 0; l + 1 < widths.length; l++) {
            Output w = gpu.variable(gpu.constant(Tensor.of(Shape.of(widths[l], widths[l + 1]), random(r, widths[l] * widths[l + 1], 0.1f))), "w" + l);
            Output b = gpu.variable(gpu.zeros(Shape.of(widths[l + 1]), DType.FLOAT32), "b" + l);
            weights.add(w);
            weights.add(b);
            h = gpu.nn.biasAdd(gpu.matmul(h, w), b);
            if (l + 2 < widths.length) {
                h = gpu.nn.relu(h);
                if (dropout > 0) h = gpu.nn.dropout(h, dropout, gpu.constant(true), 7 + l);
            }
        }
        Output loss = gpu.losses.softmaxCrossEntropy(labels, h);
        Node train = optimizer.apply(gpu, loss);
        float[] oneHot = new float[128 * 4];
        for (int i = 0; i < 128; i++) oneHot[i * 4 + i % 4] = 1;
        return new Mlp(x, labels, loss, train, weights, Tensor.of(Shape.of(128, 64), random(r, 128 * 64, 1)),
                Tensor.of(Shape.of(128, 4), oneHot));
    }

    /** Losses of {@code steps} training steps, then every weight, as one array. */
    private float[] train(Mlp m, SessionOptions options, int steps) {
        List<Float> all = new ArrayList<>();
        try (Session s = new Session(g, options)) {
            s.run(tf.globalVariablesInitializer());
            for (int i = 0; i < steps; i++) {
                all.add(s.runner().feed(m.x, m.images).feed(m.labels, m.targets).fetch(m.loss).addTarget(m.train).run().get(0).floatValue());
            }
            for (Output w : m.weights) for (float f : s.run(w).floatData()) all.add(f);
        }
        float[] flat = new float[all.size()];
        for (int i = 0; i < flat.length; i++) flat[i] = all.get(i);
        return flat;
    }

    private void trainsLikeTheCpu(Mlp m, int steps) {
        float[] cpu = train(m, on(CPU), steps);
        for (boolean interOp : new boolean[] {false, true}) {
            AsyncTestDevice delayed = AsyncTestDevice.delayed(200, 3);
            assertArrayEquals(cpu, train(m, on(CPU, delayed).withInterOpParallelism(interOp), steps), "delayed device, inter-op " + interOp);
            assertTrue(delayed.opened().get(0).kernelsRun() > 20 * steps, "the training ran on the device");
            assertArrayEquals(cpu, train(m, on(CPU, AsyncTestDevice.lazy()).withInterOpParallelism(interOp), steps), "lazy device, inter-op " + interOp);
        }
    }

    @Test
    void anMlpTrainedWithMomentumOnTheDeviceEqualsTheCpuBitForBit() {
        trainsLikeTheCpu(mlp((t, loss) -> t.train.momentum(0.05, 0.9).minimize(loss), 0), 15);
    }

    @Test
    void adamWithDropoutOnTheDeviceEqualsTheCpuBitForBit() {
        trainsLikeTheCpu(mlp((t, loss) -> t.train.adam(0.01).minimize(loss), 0.25), 10);
    }

    @Test
    void aConvNetTrainedOnTheDeviceEqualsTheCpuBitForBit() {
        SplittableRandom r = new SplittableRandom(3);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 8, 8, 2), "x");
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "labels");
        Output k = gpu.variable(gpu.constant(Tensor.of(Shape.of(3, 3, 2, 4), random(r, 72, 0.3f))), "k");
        Output w = gpu.variable(gpu.constant(Tensor.of(Shape.of(64, 3), random(r, 192, 0.2f))), "w");
        Output h = gpu.nn.relu(gpu.nn.conv2d(x, k, new int[] {1, 1, 1, 1}, "SAME"));
        h = gpu.nn.maxPool(h, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "VALID");
        Output logits = gpu.matmul(gpu.reshape(h, gpu.constant(new int[] {-1, 64})), w);
        Output loss = gpu.losses.softmaxCrossEntropy(labels, logits);
        Node train = gpu.train.adam(0.01).minimize(loss);
        float[] oneHot = new float[16 * 3];
        for (int i = 0; i < 16; i++) oneHot[i * 3 + i % 3] = 1;
        Mlp m = new Mlp(x, labels, loss, train, List.of(k, w), Tensor.of(Shape.of(16, 8, 8, 2), random(r, 16 * 128, 1)),
                Tensor.of(Shape.of(16, 3), oneHot));
        trainsLikeTheCpu(m, 6);
    }

    /** A while loop run by the host whose body's ops are on the device, with a variable the body updates there. */
    @Test
    void aLoopWhoseBodyRunsOnTheDeviceEqualsTheCpu() {
        Output n = tf.placeholder(DType.INT32, Shape.scalar(), "n");
        Output total = gpu.variable(gpu.constant(new float[] {0, 0}), "total");
        List<Output> loop = tf.whileLoop(v -> tf.less(v.get(0), n),
                v -> {
                    Output step = gpu.withControlDependencies(gpu.assignAdd(total, v.get(1)).node()).add(v.get(0), gpu.constant(1));
                    return List.of(step, gpu.mul(v.get(1), gpu.constant(new float[] {2, 0.5f})));
                },
                List.of(tf.constant(0), tf.constant(new float[] {1, 1})));
        List<Tensor> cpu = new ArrayList<>(), async = new ArrayList<>();
        for (List<Tensor> into : List.of(cpu, async)) {
            try (Session s = new Session(g, into == cpu ? on(CPU) : on(CPU, AsyncTestDevice.delayed(100, 5)))) {
                s.run(tf.globalVariablesInitializer());
                for (int limit : new int[] {4, 0, 3}) into.addAll(s.runner().feed(n, Tensor.scalar(limit)).fetch(loop.get(1)).run());
                into.add(s.run(total));
            }
        }
        assertEquals(cpu, async);
        assertArrayEquals(new float[] {15 + 7, 1.875f + 1.75f}, cpu.get(cpu.size() - 1).floatData(), "1+2+4+8, then 1+2+4");
    }

    /**
     * The proof that the waits matter: on a lazy device whose events say "done" at once and whose synchronize
     * does not wait (so every wait of the Session is skipped), a fetch, a CPU node reading the device's value,
     * and a variable the device wrote all read work that has not run, and fail; the same graph on the honest
     * lazy device gives the right values.
     */
    @Test
    void withoutTheWaitsReadsSeeWorkThatHasNotRun() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        Output y = gpu.mul(x, gpu.constant(new float[] {1, 2, 3}));
        Output onHost = tf.add(y, tf.constant(1f));
        Output v = gpu.variable(tf.constant(new float[] {0, 0, 0}), "v"); // initialized on the host, updated on the device
        Output bump = gpu.assignAdd(v, y);
        Tensor feed = Tensor.of(Shape.of(3), new float[] {1, 1, 1});

        AsyncTestDevice honest = AsyncTestDevice.lazy();
        try (Session s = new Session(g, on(CPU, honest))) {
            assertArrayEquals(new float[] {1, 2, 3}, s.runner().feed(x, feed).fetch(y).run().get(0).floatData());
            assertArrayEquals(new float[] {2, 3, 4}, s.runner().feed(x, feed).fetch(onHost).run().get(0).floatData());
            s.run(tf.globalVariablesInitializer());
            s.runner().feed(x, feed).addTarget(bump).run();
            assertArrayEquals(new float[] {1, 2, 3}, s.run(v).floatData());
        }

        AsyncTestDevice broken = AsyncTestDevice.lazy().withLyingEvents();
        try (Session s = new Session(g, on(CPU, broken))) {
            for (Output fetch : List.of(y, onHost)) {
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.runner().feed(x, feed).fetch(fetch).run());
                assertTrue(e.getMessage().contains("before its work was done"), e.getMessage());
            }
            s.run(tf.globalVariablesInitializer());
            s.runner().feed(x, feed).addTarget(bump).run(); // commits a value whose work never ran
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.run(v));
            assertTrue(e.getMessage().contains("before its work was done"), e.getMessage());
        }
    }

    /** Work that fails on the device fails its run, naming the node, after the kernel returned; nothing is committed. */
    @Test
    void aKernelThatFailsOnTheDeviceFailsItsRunAndCommitsNothing() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.unknownRank(), "x");
        Output v = gpu.variable(gpu.constant(1f), "v");
        Output product = gpu.withName("product").matmul(x, gpu.constant(new float[][] {{1}, {2}}));
        Output bump = gpu.withControlDependencies(product.node()).assignAdd(v, gpu.constant(1f));
        try (Session s = new Session(g, on(CPU, AsyncTestDevice.delayed(100, 9)))) {
            s.run(tf.globalVariablesInitializer());
            s.runner().feed(x, Tensor.fromJava(new float[][] {{1, 2}})).addTarget(bump).run();
            KernelException e = assertThrows(KernelException.class,
                    () -> s.runner().feed(x, Tensor.fromJava(new float[][] {{1, 2, 3}})).addTarget(bump).run());
            assertTrue(e.getMessage().contains("'product'"), e.getMessage());
            assertEquals(2f, s.run(v).floatValue(), "the failed run committed nothing");
            s.runner().feed(x, Tensor.fromJava(new float[][] {{1, 2}})).addTarget(bump).run();
            assertEquals(3f, s.run(v).floatValue());
        }
    }

    /**
     * A feed that two device nodes take goes to the device once per run; a device value that two CPU nodes take
     * and that is also fetched comes back once.
     */
    @Test
    void copiesArePlannedOncePerValueAndDevice() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output a = gpu.mul(x, x);
        Output b = gpu.add(x, a);
        Output c = tf.add(b, tf.constant(1f));
        Output d = tf.mul(b, tf.constant(2f));
        AsyncTestDevice device = AsyncTestDevice.delayed(50, 1);
        try (Session s = new Session(g, on(CPU, device))) {
            for (int run = 1; run <= 3; run++) {
                List<Tensor> out = s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {1, 2})).fetch(c).fetch(d).fetch(b).run();
                assertEquals("[3., 7.]", out.get(0).toString());
                assertEquals("[4., 12.]", out.get(1).toString());
                assertEquals("[2., 6.]", out.get(2).toString());
                AsyncTestDevice used = device.opened().get(0);
                assertEquals(run, used.copiesIn.get(), "x goes to the device once per run");
                assertEquals(run, used.copiesOut.get(), "b comes back once per run, for c, d and the fetch");
            }
        }
    }

    /** Each Session opens its own instance; closing the Session synchronizes and closes it, and frees every buffer there. */
    @Test
    void eachSessionOpensItsOwnDeviceAndClosesIt() {
        Mlp m = mlp((t, loss) -> t.train.gradientDescent(0.1).minimize(loss), 0);
        AsyncTestDevice template = AsyncTestDevice.delayed(50, 2);
        float[] first = train(m, on(CPU, template), 3);
        float[] second = train(m, on(CPU, template), 3);
        assertArrayEquals(first, second, "two Sessions, each with its own variables and device");
        assertEquals(2, template.opened().size());
        assertNotSame(template.opened().get(0), template.opened().get(1));
        for (AsyncTestDevice d : template.opened()) {
            assertTrue(d.isClosed());
            assertTrue(d.synchronizations.get() > 3, "synchronized by the runs and at close");
            assertTrue(d.allocations.get() > 0);
            assertEquals(d.allocations.get(), d.frees.get(), "every buffer allocated on the device was freed");
        }
    }

    /** A plan dropped from the cache gives its device buffers back, also when a run still held it. */
    @Test
    void aPlanDroppedFromTheCacheGivesItsBuffersBack() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output y = gpu.mul(x, gpu.constant(new float[] {3, 4}));
        Output z = gpu.add(x, gpu.constant(new float[] {3, 4}));
        AsyncTestDevice device = AsyncTestDevice.delayed(50, 4);
        try (Session s = new Session(g, on(CPU, device).withMaxCachedPlans(1))) {
            for (int i = 0; i < 4; i++) {
                assertEquals("[3., 8.]", s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {1, 2})).fetch(y).run().get(0).toString());
                assertEquals("[4., 6.]", s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {1, 2})).fetch(z).run().get(0).toString());
            }
            AsyncTestDevice used = device.opened().get(0);
            assertTrue(used.allocations.get() >= 8, "each of the 8 plans made buffers on the device");
            assertTrue(used.allocations.get() - used.frees.get() <= 2, "only the cached plan's buffers (x's copy, its result) are out");
        } // and close() finds no leak
        assertEquals(device.opened().get(0).allocations.get(), device.opened().get(0).frees.get());
    }

    /** Runs from several threads at once share the device's stream; each gets its own answer. */
    @Test
    void concurrentRunsOnTheDeviceEachGetTheirOwnAnswer() throws Exception {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Output w = gpu.variable(tf.constant(new float[][] {{1, 0}, {0, 2}, {1, 1}}), "w");
        Output y = tf.reduceSum(gpu.nn.relu(gpu.matmul(x, w)));
        try (Session s = new Session(g, on(CPU, AsyncTestDevice.delayed(50, 8)))) {
            s.run(tf.globalVariablesInitializer());
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<?>> all = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    all.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            float a = thread * 100 + i; // relu([a, 2a] + a) summed: 5a for a >= 0
                            Tensor in = Tensor.of(Shape.of(1, 3), new float[] {a, a, a});
                            assertEquals(5 * a, s.runner().feed(x, in).fetch(y).run().get(0).floatValue());
                        }
                        return null;
                    }));
                }
                for (var f : all) f.get();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** A buffer still out when the Session closes is a leak: with failOnLeak (as in these tests) close fails naming who made it. */
    @Test
    void aBufferStillOutAtCloseIsNamed() {
        Output x = tf.withName("maker").constant(1f);
        Session s = new Session(g);
        s.hostMemory().allocate(DType.FLOAT32, 16, x.node()); // held by no one: nothing will give it back
        IllegalStateException e = assertThrows(IllegalStateException.class, s::close);
        assertTrue(e.getMessage().contains("1 buffer(s) still out") && e.getMessage().contains("[16] made by node 'maker' (Const)"),
                e.getMessage());
        s.close(); // closing again does nothing
    }
}
