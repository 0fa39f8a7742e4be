package dev.nagare.session.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.PrintOutput;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.DebugOps;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow 2's printing: StringFormat fills a template with tensors laid out as numpy prints them (the expected
 * texts are spelled out here by hand from TensorFlow's rules; interop's PrintV2TfTest has TensorFlow judge the same
 * formatting), PrintV2 writes a string and its end to a stream or a file.
 */
class PrintV2Test {
    @TempDir Path tmp;

    private static String format(int summarize, Tensor t) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output s = tf.strings.format("<{}>", List.of(tf.constant(t)), "{}", summarize);
        assertEquals(DType.STRING, s.dtype());
        assertEquals(Shape.scalar(), s.shape());
        try (Session session = new Session(g)) {
            String got = session.run(s).stringValue();
            assertTrue(got.startsWith("<") && got.endsWith(">"), got);
            return got.substring(1, got.length() - 1);
        }
    }

    private static int[] iota(int n) { return IntStream.range(0, n).toArray(); }

    /** Every axis in brackets; rows on lines of their own, lined up under their bracket; a blank line between blocks. */
    @Test
    void tensorsAreLaidOutAsNumpyPrintsThem() {
        assertEquals("7", format(3, Tensor.scalar(7)));
        assertEquals("[1 2 3]", format(3, Tensor.of(Shape.of(3), new int[] {1, 2, 3})));
        assertEquals("[[0 1 2]\n [3 4 5]]", format(3, Tensor.of(Shape.of(2, 3), iota(6))));
        assertEquals("[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]", format(3, Tensor.of(Shape.of(2, 2, 2), iota(8))));
        assertEquals("[]", format(3, Tensor.of(Shape.of(0), new float[0])));
        assertEquals("[1 0]", format(3, Tensor.of(Shape.of(2), new boolean[] {true, false})));
        assertEquals("[\"a\\nb\" \"q\\\"\"]", format(3, Tensor.of(Shape.of(2), new String[] {"a\nb", "q\""})));
        assertEquals("[0.1 0.333333343 -inf]", format(3, Tensor.of(Shape.of(3), new float[] {0.1f, 1f / 3, Float.NEGATIVE_INFINITY})));
    }

    /** At most `summarize` entries at each end of every axis, "..." between: per axis, not over the whole tensor. */
    @Test
    void longAxesAreElidedAtBothEnds() {
        assertEquals("[0 1 ... 8 9]", format(2, Tensor.of(Shape.of(10), iota(10))));
        assertEquals("[0 1 2 3 4 5]", format(3, Tensor.of(Shape.of(6), iota(6))));
        assertEquals("[0 ... 6]", format(1, Tensor.of(Shape.of(7), iota(7))));
        assertEquals("[[0 ... 3]\n ...\n [12 ... 15]]", format(1, Tensor.of(Shape.of(4, 4), iota(16))));
        assertEquals("[[0 1 2 3]\n [4 5 6 7]\n [8 9 10 11]]", format(-1, Tensor.of(Shape.of(3, 4), iota(12))));
        assertEquals("[[[0 ... 2]\n  ...\n  [6 ... 8]]\n\n ...\n\n [[18 ... 20]\n  ...\n  [24 ... 26]]]", format(1, Tensor.of(Shape.of(3, 3, 3), iota(27))));
        // TensorFlow's quirks at summarize 0: a separator before the lone "...", and for bools nothing at all.
        assertEquals("[\n ...]", format(0, Tensor.of(Shape.of(2, 2), iota(4))));
        assertEquals("", format(0, Tensor.of(Shape.of(2), new boolean[] {true, false})));
    }

    @Test
    void theTemplateTakesItsInputsInOrderAroundItsPlaceholder() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1), "x");
        Output s = tf.strings.format("x = %s, n = %s%s", List.of(x, tf.constant(3L), tf.constant("!")), "%s", 3);
        Output none = tf.strings.format("no inputs {", List.of(), "{}", 3);
        try (Session session = new Session(g)) {
            assertEquals("x = [0.5 -2], n = 3\"!\"", session.runner().feed(x, Tensor.of(Shape.of(2), new double[] {0.5, -2})).fetch(s).run().get(0).stringValue());
            assertEquals("no inputs {", session.run(none).stringValue(), "no placeholder in the template");
        }
        GraphException e = assertThrows(GraphException.class, () -> tf.withName("two_for_one").strings.format("{} and {}", x));
        assertTrue(e.getMessage().contains("two_for_one") && e.getMessage().contains("2 placeholders") && e.getMessage().contains("1 inputs"), e.getMessage());
        GraphException empty = assertThrows(GraphException.class, () -> tf.withName("blank").strings.format("{}", List.of(x), "", 3));
        assertTrue(empty.getMessage().contains("blank") && empty.getMessage().contains("placeholder is empty"), empty.getMessage());
    }

    private record Written(String stream, String text) {}

    /** Runs {@code target} once with PrintV2's streams captured. */
    private static List<Written> capture(Graph g, Node target) {
        List<Written> out = new ArrayList<>();
        PrintOutput.Streams before = PrintOutput.setStreams((stream, text) -> out.add(new Written(stream, text)));
        try (Session s = new Session(g)) {
            s.run(target);
        } finally {
            PrintOutput.setStreams(before);
        }
        return out;
    }

    /** tf.print: texts as they are, tensors summarized, joined by sep, then end, to the stream named. */
    @Test
    void printV2WritesItsTextAndEndToItsStream() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.constant(new int[][] {{1, 2}, {3, 4}});
        assertEquals(List.of(new Written("stderr", "x: [[1 2]\n [3 4]] sum: 10\n")), capture(g, tf.printV2("x:", x, "sum:", tf.reduceSum(x))));
        assertEquals(List.of(new Written("stdout", "[0 ... 9]|{}|[\"s\"];")),
                capture(g, tf.printV2("stdout", 1, "|", ";", List.of(tf.constant(Tensor.of(Shape.of(10), iota(10))), "{}", tf.constant(Tensor.of(Shape.of(1), new String[] {"s"}))))));
        assertEquals(List.of(new Written("log(warning)", "as it is\n")), capture(g, tf.printV2("log(warning)", 3, " ", "\n", List.of(tf.constant("as it is")))),
                "a lone string scalar is written unquoted");
    }

    @Test
    void printV2AppendsToAFile() throws IOException {
        Path file = tmp.resolve("printed.txt");
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Node p = tf.printV2("file://" + file, 3, " ", "\n", List.of("x =", x));
        try (Session s = new Session(g)) {
            s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {1.5f, -2})).addTarget(p).run();
            s.runner().feed(x, Tensor.of(Shape.of(2), new float[] {0, 0.25f})).addTarget(p).run();
        }
        assertEquals("x = [1.5 -2]\nx = [0 0.25]\n", Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void badStreamsAndInputsAreRefusedNamingTheNode() {
        Tf tf = Tf.of(new Graph());
        GraphException stream = assertThrows(GraphException.class, () -> tf.withName("p").printV2("stdlog", 3, " ", "\n", List.of("x")));
        assertTrue(stream.getMessage().contains("'p") && stream.getMessage().contains("stdlog") && stream.getMessage().contains("log(info)"), stream.getMessage());
        assertThrows(GraphException.class, () -> tf.printV2("file://", 3, " ", "\n", List.of("x")), "a file stream without a path");
        Output texts = tf.placeholder(DType.STRING, Shape.of(2), "texts");
        GraphException vector = assertThrows(GraphException.class, () -> tf.scope().node(DebugOps.PRINT_V2, "v").input(texts).build());
        assertTrue(vector.getMessage().contains("'v") && vector.getMessage().contains("scalar"), vector.getMessage());
    }
}
