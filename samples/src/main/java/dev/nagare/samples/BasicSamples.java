package dev.nagare.samples;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.PrintStream;

/** The TensorFlow-basics tutorials, each as it reads there. */
final class BasicSamples {
    private BasicSamples() {}

    /** 1 + 2 with two constants. */
    static void add(PrintStream out) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = tf.constant(1, "a");
        Output b = tf.constant(2, "b");
        Output sum = tf.add(a, b);
        try (Session s = new Session(g)) {
            out.println(a.node().name() + " + " + b.node().name() + " = " + s.run(sum));
        }
    }

    /** A counter variable that starts at 0 and is increased by a constant 1 through assign. */
    static void counter(PrintStream out) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output state = tf.variable(tf.constant(0), "counter");
        Output one = tf.constant(1);
        Output update = tf.assign(state, tf.add(state, one));
        Node init = tf.globalVariablesInitializer();
        try (Session s = new Session(g)) {
            s.run(init);
            out.println("counter starts at " + s.run(state));
            for (int i = 0; i < 3; i++) {
                s.run(update.node());
                out.println(s.run(state));
            }
        }
    }

    /** x + y with x a constant and y fed through a feed dictionary, first 1 then 3. */
    static void placeholder(PrintStream out) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.constant(1, "x");
        Output y = tf.placeholder(DType.INT32, Shape.scalar(), "y");
        Output sum = tf.add(x, y);
        try (Session s = new Session(g)) {
            for (int fed : new int[] {1, 3}) {
                Tensor result = s.runner().feed(y, Tensor.scalar(fed)).fetch(sum).run().get(0);
                out.println("x + y with y = " + fed + ": " + result);
            }
        }
    }

    /** Two Sessions over one counter graph, advanced separately: each keeps its own count. */
    static void sessions(PrintStream out) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output counter = tf.variable(tf.constant(0), "counter");
        Output increment = tf.assignAdd(counter, tf.constant(1));
        Node init = tf.globalVariablesInitializer();
        try (Session first = new Session(g); Session second = new Session(g)) {
            first.run(init);
            second.run(init);
            for (int i = 0; i < 3; i++) first.run(increment.node());
            second.run(increment.node());
            out.println("session 1 counter: " + first.run(counter));
            out.println("session 2 counter: " + second.run(counter));
            first.run(increment.node());
            out.println("after one more step in session 1: session 1 = " + first.run(counter)
                    + ", session 2 = " + second.run(counter));
        }
    }

    /** The add on rank-2 tensors, then tensors of rank 0 to 3 with their shapes. */
    static void rank(PrintStream out) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = tf.constant(new int[][] {{1, 2}, {1, 2}});
        Output b = tf.constant(new int[][] {{3, 4}, {3, 4}});
        Output sum = tf.add(a, b);
        Output[] ranks = {
            tf.constant(7),
            tf.constant(new int[] {1, 2, 3}),
            tf.constant(new float[][] {{1.5f, 2}, {3, 4}}),
            tf.constant(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}}),
        };
        try (Session s = new Session(g)) {
            out.println(s.run(a) + " + " + s.run(b) + " = " + s.run(sum));
            for (int r = 0; r < ranks.length; r++) {
                Tensor t = s.run(ranks[r]);
                out.println("rank " + t.rank() + ", shape " + t.shape() + ", " + t.dtype() + ": " + t);
            }
        }
    }
}
