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
            // NAGARE: feed-add on Nagare, e.g.
            //   Graph g = new Graph(); Tf tf = Tf.of(g);
            //   var x = tf.placeholder(FLOAT32, Shape.scalar(), "x"); var y = tf.math.add(x, tf.constant(2f));
            //   try (var s = new dev.nagare.session.Session(g); var t = <scalar tensor 3f>) {
            //       check(FEED_ADD, "Nagare", <value of s.runner().feed(x, t).fetch(y).run().get(0)>, 5f);
            //       h.run(FEED_ADD, "Nagare", () -> s.runner().feed(x, t).fetch(y).run());
            //   }
        }

        if (all || only.contains("counter-step")) {
            try (var tf = new TfJavaSessionBench.CounterStep()) {
                check(COUNTER, TfJavaSessionBench.ENGINE, tf.runOnce(), 1f);
                h.run(COUNTER, TfJavaSessionBench.ENGINE, tf);
            }
            // NAGARE: counter-step on Nagare: a float32 variable initialised to 0, assignAdd(counter, 1) per step,
            //   run as a target or fetched; check the first step gives 1, then h.run(COUNTER, "Nagare", ...).
        }

        System.out.println();
        h.printTable(System.out);
    }

    static void check(String bench, String engine, float got, float want) {
        if (got != want) {
            throw new AssertionError(bench + " on " + engine + ": got " + got + ", expected " + want);
        }
    }
}
