package dev.nagare.bench;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;

/** The same two small graphs as {@link TfJavaSessionBench}, on Nagare's Session. */
final class NagareSessionBench {
    static final String ENGINE = "Nagare";

    private NagareSessionBench() {}

    /** y = x + 2 with x a fed float32 scalar; one input tensor reused, as on the TensorFlow side. */
    static final class FeedAdd implements Runnable {
        private final Session session;
        private final Output x;
        private final Output y;
        private final Tensor input = Tensor.scalar(3f);

        FeedAdd() {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
            y = tf.add(x, tf.constant(2f));
            session = new Session(g);
        }

        float runOnce() { return session.runner().feed(x, input).fetch(y).run().get(0).floatValue(); }

        @Override public void run() { session.runner().feed(x, input).fetch(y).run(); }
    }

    /** A float32 counter starting at 0; each step runs assignAdd(counter, 1) and fetches the new value. */
    static final class CounterStep implements Runnable, AutoCloseable {
        private final Session session;
        private final Output step;

        CounterStep() {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            Output counter = tf.variable(tf.constant(0f), "counter");
            step = tf.assignAdd(counter, tf.constant(1f));
            Node init = tf.globalVariablesInitializer();
            session = new Session(g);
            session.run(init);
        }

        float runOnce() { return session.run(step).floatValue(); }

        @Override public void run() { session.run(step); }

        @Override public void close() { session.close(); }
    }
}
