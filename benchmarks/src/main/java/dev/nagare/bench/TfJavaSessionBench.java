package dev.nagare.bench;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssignAdd;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.math.Add;
import org.tensorflow.types.TFloat32;

/**
 * The TensorFlow Java 1.1.0 side of the session benchmarks. Each case owns its graph, session and tensors;
 * close it when done.
 */
public final class TfJavaSessionBench {

    public static final String ENGINE = "TF Java 1.1.0";

    private TfJavaSessionBench() {}

    /** (a) y = x + 2 with x a fed float32 scalar placeholder; one input tensor reused, results closed each run. */
    public static final class FeedAdd implements AutoCloseable, Runnable {
        private final Graph graph = new Graph();
        private final Session session;
        private final Placeholder<TFloat32> x;
        private final Add<TFloat32> y;
        private final TFloat32 input = TFloat32.scalarOf(3f);

        public FeedAdd() {
            Ops tf = Ops.create(graph);
            x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            y = tf.math.add(x, tf.constant(2f));
            session = new Session(graph);
        }

        /** One run; returns the fetched value. */
        public float runOnce() {
            try (Result r = session.runner().feed(x, input).fetch(y).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }

        @Override public void run() { runOnce(); }

        @Override public void close() {
            input.close();
            session.close();
            graph.close();
        }
    }

    /** (b) a float32 counter variable initialised to 0; one step is {@code assignAdd(counter, 1)} fetched. */
    public static final class CounterStep implements AutoCloseable, Runnable {
        private final Graph graph = new Graph();
        private final Session session;
        private final AssignAdd<TFloat32> step;

        public CounterStep() {
            Ops tf = Ops.create(graph);
            Variable<TFloat32> counter = tf.variable(tf.constant(0f)); // initialiser registered in the graph
            step = tf.assignAdd(counter, tf.constant(1f));
            session = new Session(graph);
            session.initialize();
        }

        /** One step; returns the counter's new value. */
        public float runOnce() {
            try (Result r = session.runner().fetch(step).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }

        @Override public void run() { runOnce(); }

        @Override public void close() {
            session.close();
            graph.close();
        }
    }
}
