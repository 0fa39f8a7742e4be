package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hammers one Session from several threads and checks every result and the final variable values. */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int STEPS = 400;

    @Test
    void oneSessionManyThreads() throws Exception {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1), "x");
        Output y = tf.add(tf.mul(x, tf.constant(2.0)), tf.constant(1.0));
        Output counter = tf.variable(tf.constant(0L), "counter");
        Output increment = tf.assignAdd(counter, tf.constant(1L));
        Output total = tf.variable(tf.constant(0.0), "total");
        Output accumulate = tf.assignAdd(total, tf.reduceSum(x));
        Node init = tf.globalVariablesInitializer();

        try (Session s = new Session(g)) {
            s.run(init);
            ConcurrentLinkedQueue<Long> seenCounts = new ConcurrentLinkedQueue<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Double>> sums = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int seed = t;
                sums.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    double fedSum = 0;
                    start.await();
                    for (int i = 0; i < STEPS; i++) {
                        double[] in = new double[1 + rnd.nextInt(5)];
                        for (int k = 0; k < in.length; k++) in[k] = rnd.nextInt(100);
                        Tensor fed = Tensor.of(Shape.of(in.length), in);
                        // a pure computation: each thread sees its own feed's result
                        Tensor out = s.runner().feed(x, fed).fetch(y).run().get(0);
                        for (int k = 0; k < in.length; k++) assertEquals(2 * in[k] + 1, out.doubleData()[k]);
                        // a read-modify-write: no increment may be lost or seen twice
                        seenCounts.add(s.run(increment).longValue());
                        s.runner().feed(x, fed).addTarget(accumulate.node()).run();
                        for (double v : in) fedSum += v;
                        // a read-only run beside the writers
                        long now = s.run(counter).longValue();
                        assertTrue(now >= 1 && now <= (long) THREADS * STEPS, "counter read " + now);
                    }
                    return fedSum;
                }));
            }
            start.countDown();
            double expectedTotal = 0;
            for (Future<Double> f : sums) expectedTotal += f.get(120, TimeUnit.SECONDS);
            pool.shutdown();

            long n = (long) THREADS * STEPS;
            assertEquals(n, s.run(counter).longValue());
            assertEquals(expectedTotal, s.run(total).doubleValue());
            // every increment returned a distinct value 1..n
            assertEquals(n, seenCounts.stream().distinct().count());
            assertEquals(n, seenCounts.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }
}
