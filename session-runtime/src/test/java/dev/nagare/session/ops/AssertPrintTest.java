package dev.nagare.session.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.AssertionFailedException;
import dev.nagare.device.PrintOutput;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Assert and TensorFlow 1's Print: an assertion fails the run naming its node with TensorFlow's message (the data
 * summarized as TensorFlow's Tensor::SummarizeValue writes it, spelled out here by hand; interop's
 * AssertPrintTfTest has TensorFlow judge the same messages), Print passes its input through and writes its line.
 */
class AssertPrintTest {
    @Test
    void assertionPassesOrFailsTheRunNamingTheNodeAndTheData() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1), "x");
        Node check = tf.withName("x_positive").assertThat(tf.reduceAll(tf.greater(x, tf.constant(0f))),
                tf.constant(Tensor.scalar("x must be positive".getBytes(java.nio.charset.StandardCharsets.UTF_8))), x,
                tf.constant(new int[][] {{1, 2, 3}, {4, 5, 6}}));
        Output y = tf.withControlDependencies(check).identity(x);
        try (Session s = new Session(g)) {
            Tensor ok = Tensor.of(Shape.of(2), new float[] {1, 2});
            assertEquals(ok, s.runner().feed(x, ok).fetch(y).run().get(0));
            AssertionFailedException e = assertThrows(AssertionFailedException.class,
                    () -> s.runner().feed(x, Tensor.of(Shape.of(4), new float[] {-1.5f, 2, 3.25f, 4})).fetch(y).run());
            assertEquals(check, e.node());
            assertEquals("Node 'x_positive' (Assert): assertion failed: [x must be positive] [-1.5 2 3.25...] [[1 2 3]...]", e.getMessage());
        }
    }

    /** TensorFlow's number formats: %g of 6 digits (float64: 15), 9 (17) where that does not read back; bools 1/0. */
    @Test
    void dataIsSummarizedAsTensorFlowWritesIt() {
        assertMessage(4, Tensor.of(Shape.of(2, 3), new int[] {1, 2, 3, 4, 5, 6}), "[1 2 3][4...]...");
        assertMessage(-1, Tensor.of(Shape.of(2, 1, 2), new long[] {1, -2, 3, 40000000000L}), "[[1 -2]][[3 40000000000]]");
        assertMessage(3, Tensor.of(Shape.of(3), new float[] {0.1f, 1f / 3, 1e10f}), "0.1 0.333333343 1e+10");
        assertMessage(3, Tensor.of(Shape.of(4), new double[] {0.1, 1.0 / 3, -2.5e-7, Double.NaN}), "0.1 0.33333333333333331 -2.5e-07...");
        assertMessage(3, Tensor.of(Shape.of(2), new boolean[] {true, false}), "1 0");
        assertMessage(3, Tensor.of(Shape.of(0, 2), new float[0]), "");
        assertMessage(0, Tensor.of(Shape.of(2), new float[] {Float.POSITIVE_INFINITY, 1}), "...");
        assertMessage(3, Tensor.scalar(Float.NEGATIVE_INFINITY), "-inf");
    }

    private static void assertMessage(int summarize, Tensor data, String expected) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Node check = tf.assertThat(tf.constant(false), summarize, tf.constant(data));
        try (Session s = new Session(g)) {
            AssertionFailedException e = assertThrows(AssertionFailedException.class, () -> s.run(check));
            assertTrue(e.getMessage().endsWith("assertion failed: [" + expected + "]"), data + " summarized to " + summarize + ": " + e.getMessage());
        }
    }

    @Test
    void aConditionThatIsNoScalarIsRefused() {
        Tf tf = Tf.of(new Graph());
        GraphException e = assertThrows(GraphException.class, () -> tf.withName("bad").assertThat(tf.constant(new boolean[] {true, false})));
        assertTrue(e.getMessage().contains("bad") && e.getMessage().contains("scalar"), e.getMessage());
    }

    @Test
    void printPassesItsInputThroughAndWritesTheFirstNLines() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(3), "x");
        Output printed = tf.print(x, List.of(x, tf.constant(7)), "x and seven: ", 2, 2);
        Output y = tf.mul(printed, tf.constant(2.0));
        List<String> lines = new ArrayList<>();
        Consumer<String> before = PrintOutput.set(lines::add);
        try (Session s = new Session(g)) {
            for (int i = 0; i < 3; i++) {
                Tensor got = s.runner().feed(x, Tensor.of(Shape.of(3), new double[] {i, 0.5, -1})).fetch(y).run().get(0);
                assertArrayEquals(new double[] {2 * i, 1, -2}, got.doubleData());
            }
        } finally {
            PrintOutput.set(before);
        }
        assertEquals(List.of("x and seven: [0 0.5...][7]", "x and seven: [1 0.5...][7]"), lines, "first_n = 2 of 3 runs");
    }

    /**
     * first_n counts a node's runs in its Session, whatever the fetches (each set of fetches is a plan of its own),
     * and a second Session counts afresh, as TensorFlow's kernel, which each session makes once per node.
     */
    @Test
    void printsFirstNCountIsPerSessionAcrossPlans() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.INT32, Shape.of(), "x");
        Output printed = tf.print(x, List.of(x), "", 3, 3);
        Output doubled = tf.mul(printed, tf.constant(2)), negated = tf.neg(printed);
        List<String> lines = new ArrayList<>();
        Consumer<String> before = PrintOutput.set(lines::add);
        try {
            try (Session s = new Session(g)) {
                for (int i = 0; i < 2; i++) s.runner().feed(x, Tensor.scalar(i)).fetch(doubled).run();
                for (int i = 2; i < 4; i++) s.runner().feed(x, Tensor.scalar(i)).fetch(negated).run();
                s.runner().feed(x, Tensor.scalar(4)).fetch(doubled).fetch(negated).run();
            }
            assertEquals(List.of("[0]", "[1]", "[2]"), lines, "3 of the first Session's 5 runs, over three plans");
            try (Session s = new Session(g)) {
                s.runner().feed(x, Tensor.scalar(9)).fetch(negated).run();
            }
            assertEquals(List.of("[0]", "[1]", "[2]", "[9]"), lines, "a second Session counts from 0");
        } finally {
            PrintOutput.set(before);
        }
    }

    /** d/dx sum(print(x) * w) = w: the gradient passes through Print to its input. */
    @Test
    void gradientPassesThroughPrint() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(2), "x");
        Output dx = tf.gradients(tf.reduceSum(tf.mul(tf.print(x, List.of(x), "", -1, 3), tf.constant(new double[] {3, -2}))), List.of(x)).get(0);
        Consumer<String> before = PrintOutput.set(line -> { });
        try (Session s = new Session(g)) {
            assertArrayEquals(new double[] {3, -2}, s.runner().feed(x, Tensor.of(Shape.of(2), new double[] {1, 2})).fetch(dx).run().get(0).doubleData());
        } finally {
            PrintOutput.set(before);
        }
    }
}
