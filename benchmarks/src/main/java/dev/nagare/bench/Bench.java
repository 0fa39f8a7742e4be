package dev.nagare.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs Nagare and TensorFlow Java 1.1.0 on the same small graphs and prints a table.
 *
 * <pre>
 *   ./nagare bench            # all cases
 *   ./nagare bench feed-add   # only the named cases (feed-add, counter-step)
 *   ./nagare bench training 2048   # MLP training steps; numbers are batch sizes (default 32 128 512)
 * </pre>
 */
public final class Bench {

    static final String FEED_ADD = "feed-add (y = x + 2)";
    static final String COUNTER = "counter-step (assignAdd)";

    private Bench() {}

    public static void main(String[] args) {
        List<String> only = Arrays.stream(args).map(a -> a.toLowerCase(Locale.ROOT)).toList();
        boolean all = only.isEmpty() || only.contains("all");
        Harness h = new Harness();
        System.err.printf(Locale.ROOT, "Nagare benchmarks on Java %s, %d cores%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors());

        if (all || only.contains("feed-add")) {
            // The first engine recorded per benchmark is the table's baseline (ratio 1.00).
            try (var tf = new TfJavaSessionBench.FeedAdd()) {
                check(FEED_ADD, TfJavaSessionBench.ENGINE, tf.runOnce(), 5f);
                h.run(FEED_ADD, TfJavaSessionBench.ENGINE, tf);
            }
            NagareSessionBench.FeedAdd ng = new NagareSessionBench.FeedAdd();
            check(FEED_ADD, NagareSessionBench.ENGINE, ng.runOnce(), 5f);
            h.run(FEED_ADD, NagareSessionBench.ENGINE, ng);
        }

        if (all || only.contains("counter-step")) {
            try (var tf = new TfJavaSessionBench.CounterStep()) {
                check(COUNTER, TfJavaSessionBench.ENGINE, tf.runOnce(), 1f);
                h.run(COUNTER, TfJavaSessionBench.ENGINE, tf);
            }
            try (NagareSessionBench.CounterStep ng = new NagareSessionBench.CounterStep()) {
                check(COUNTER, NagareSessionBench.ENGINE, ng.runOnce(), 1f);
                h.run(COUNTER, NagareSessionBench.ENGINE, ng);
            }
        }

        if (all || only.contains("matmul")) {
            MatMulBench.run(h); // float32 products: TF Java session, Nagare session, Gemm.sgemm; with GFLOP/s
        }

        TrainingBench training = null;
        if (all || only.contains("training")) {
            // MLP 784-256-128-64-10 SGD steps; numbers among the arguments are batch sizes (default 32 128 512)
            training = TrainingBench.run(h, only);
        }

        System.out.println();
        h.printTable(System.out);
        if (training != null) training.printTable(System.out);
    }

    static void check(String bench, String engine, float got, float want) {
        if (got != want) {
            throw new AssertionError(bench + " on " + engine + ": got " + got + ", expected " + want);
        }
    }
}
