package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.AssertionFailedException;
import dev.nagare.device.PrintOutput;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * TensorFlow Java 1.1.0 judges Assert and Print: an assertion TensorFlow builds, imported, fails in Nagare with
 * TensorFlow's own message (the data summarized the same way, element for element), and Nagare's exported
 * Assert and Print run in TensorFlow with the same results and the same message.
 */
class AssertPrintTfTest {
    @TempDir Path tmp;

    /** Data of every dtype, shapes that cut rows short, floats that need 9 and 17 digits (PrintV2TfTest's too). */
    static List<Tensor> data() {
        return List.of(Tensor.scalar("x is \"bad\"\n".getBytes(StandardCharsets.UTF_8)),
                Tensor.of(Shape.of(2, 3), new float[] {-1.5f, 1f / 3, 1e10f, 0.1f, Float.NaN, Float.NEGATIVE_INFINITY}),
                Tensor.of(Shape.of(2, 2, 2), new double[] {0.1, 1.0 / 3, -2.5e-7, 123456789.25, 1e300, 5, 6, 7}),
                Tensor.of(Shape.of(3), new int[] {7, -8, 9}), Tensor.of(Shape.of(1, 2), new long[] {1L << 40, -3}),
                Tensor.of(Shape.of(2), new boolean[] {true, false}), Tensor.of(Shape.of(0, 2), new float[0]));
    }

    /** The "assertion failed: ..." part of an exception's message (TensorFlow adds the node after it). */
    private static String assertionText(Throwable e) {
        String m = e.getMessage();
        int at = m.indexOf("assertion failed:");
        assertTrue(at >= 0, m);
        String rest = m.substring(at);
        int node = rest.indexOf("\n\t [[");
        return node >= 0 ? rest.substring(0, node) : rest;
    }

    @Test
    void assertionMadeByTensorFlowFailsInNagareWithTensorFlowsMessage() throws IOException {
        for (int summarize : new int[] {3, 5, -1, 0}) {
            Path pb = tmp.resolve("assert" + summarize + ".pb");
            String tfMessage;
            try (TfGraph t = new TfGraph()) {
                List<org.tensorflow.Output<?>> data = new ArrayList<>();
                List<DType> types = new ArrayList<>();
                for (Tensor d : data()) {
                    data.add(t.constant(d));
                    types.add(d.dtype());
                }
                t.op("Assert").named("check").in(t.feed(Tensor.scalar(false))).list(data.toArray(org.tensorflow.Output<?>[]::new))
                        .attr("T", types.toArray(DType[]::new)).attr("summarize", summarize).build();
                Files.write(pb, t.graph.toGraphDef().toByteArray());
                try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph);
                     org.tensorflow.Tensor no = TfTensors.toTf(Tensor.scalar(false))) {
                    tfMessage = assertionText(assertThrows(RuntimeException.class, () -> s.runner().feed("in0", no).addTarget("check").run()));
                }
            }
            ImportedGraph g = GraphDefImporter.importFile(pb);
            try (Session s = new Session(g.graph())) {
                AssertionFailedException e = assertThrows(AssertionFailedException.class,
                        () -> s.runner().feed(g.output("in0"), Tensor.scalar(false)).addTarget(g.nodes().get("check")).run());
                assertEquals(tfMessage, assertionText(e), "summarize " + summarize);
                s.runner().feed(g.output("in0"), Tensor.scalar(true)).addTarget(g.nodes().get("check")).run(); // passes
            }
        }
    }

    @Test
    void exportedAssertAndPrintRunInTensorFlowLikeNagare() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1), "x");
        List<Output> data = new ArrayList<>();
        for (Tensor d : data()) data.add(tf.constant(d));
        data.add(x);
        Node check = tf.withName("x_positive").assertThat(tf.reduceAll(tf.greater(x, tf.constant(0f))), 4, data.toArray(Output[]::new));
        Output y = tf.mul(tf.withControlDependencies(check).print(x, List.of(x), "x: ", -1, 2), tf.constant(2f));
        Path dir = tmp.resolve("model");
        Tensor good = Tensor.of(Shape.of(3), new float[] {1, 2, 3}), bad = Tensor.of(Shape.of(3), new float[] {1, -2, 3});
        List<String> lines = new ArrayList<>();
        Consumer<String> before = PrintOutput.set(lines::add);
        Tensor nagareY;
        String nagareMessage;
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, Map.of("x", x), Map.of("y", y));
            nagareY = s.runner().feed(x, good).fetch(y).run().get(0);
            nagareMessage = assertionText(assertThrows(AssertionFailedException.class, () -> s.runner().feed(x, bad).fetch(y).run()));
        } finally {
            PrintOutput.set(before);
        }
        assertEquals(List.of("x: [1 2...]"), lines, "printed once, by the run that passed the assertion");
        Compare.assertAllClose("y", TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of("x", good)), Map.of("y", nagareY), 0);
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve"); org.tensorflow.Tensor in = TfTensors.toTf(bad)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> b.function(Signature.DEFAULT_KEY).call(Map.of("x", in)).close());
            assertEquals(assertionText(e), nagareMessage);
        }
    }
}
