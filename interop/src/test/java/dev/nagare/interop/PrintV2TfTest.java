package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow Java 1.1.0 judges TensorFlow 2's printing: a StringFormat TensorFlow builds over tensors of every dtype
 * and many shapes gives the same text in Nagare, for several summarize values; a TensorFlow graph of StringFormat
 * and PrintV2 writes the same bytes (TensorFlow's PrintV2 appends to a file named "file://..."); and Nagare's export
 * of both runs in TensorFlow with the same text.
 */
class PrintV2TfTest {
    @TempDir Path tmp;

    /** Assert's data (every dtype, floats that need 9 and 17 digits) and shapes whose axes are elided at both ends. */
    private static List<Tensor> data() {
        List<Tensor> d = new ArrayList<>(AssertPrintTfTest.data());
        d.add(Tensor.scalar(-7L));
        d.add(Tensor.of(Shape.of(10), IntStream.range(0, 10).toArray()));
        d.add(Tensor.of(Shape.of(3, 3, 3), IntStream.range(0, 27).mapToDouble(i -> i / 4.0).toArray()));
        boolean[] bools = new boolean[20];
        for (int i = 0; i < bools.length; i++) bools[i] = i % 3 == 0;
        d.add(Tensor.of(Shape.of(4, 1, 5), bools));
        d.add(Tensor.of(Shape.of(5), new String[] {"a", "b\tc", "ü", "", "\"q\""}));
        d.add(Tensor.of(Shape.of(2, 0), new int[0]));
        d.add(Tensor.of(Shape.of(0), new float[0]));
        return d;
    }

    @Test
    void stringFormatMadeByTensorFlowGivesTensorFlowsText() throws IOException {
        List<Tensor> data = data();
        String template = "start " + "{} | ".repeat(data.size()) + "end";
        for (int summarize : new int[] {3, 1, 2, 0, -1}) {
            Path pb = tmp.resolve("format" + summarize + ".pb");
            Tensor tfText;
            try (TfGraph t = new TfGraph()) {
                List<org.tensorflow.Output<?>> in = new ArrayList<>();
                List<DType> types = new ArrayList<>();
                for (Tensor d : data) {
                    in.add(t.feed(d));
                    types.add(d.dtype());
                }
                t.op("StringFormat").named("text").list(in.toArray(org.tensorflow.Output<?>[]::new)).attr("T", types.toArray(DType[]::new))
                        .attr("template", template).attr("placeholder", "{}").attr("summarize", summarize).build();
                Files.write(pb, t.graph.toGraphDef().toByteArray());
                tfText = t.run(List.of("text")).get(0);
            }
            ImportedGraph g = GraphDefImporter.importFile(pb);
            try (Session s = new Session(g.graph())) {
                var r = s.runner();
                for (int i = 0; i < data.size(); i++) r.feed(g.output("in" + i), data.get(i));
                Tensor text = r.fetch(g.output("text")).run().get(0);
                assertEquals(tfText.stringValue(), text.stringValue(), "summarize " + summarize);
            }
        }
    }

    /** TensorFlow's graph, as its tf.print builds it: StringFormat into PrintV2, written to a file by TensorFlow and by Nagare. */
    @Test
    void printV2MadeByTensorFlowWritesTheSameBytes() throws IOException {
        Path written = tmp.resolve("printed.txt");
        Path pb = tmp.resolve("print.pb");
        Tensor x = Tensor.of(Shape.of(2, 4), new float[] {0.5f, -1, 1e-9f, 3, 4, 5, 6, 7});
        try (TfGraph t = new TfGraph()) {
            var text = t.op("StringFormat").list(t.feed(x), t.constant(Tensor.scalar(42))).attr("T", new DType[] {DType.FLOAT32, DType.INT32})
                    .attr("template", "x: {} answer: {}").attr("placeholder", "{}").attr("summarize", 2).out();
            t.op("PrintV2").named("print").in(text).attr("output_stream", "file://" + written).attr("end", " <end>\n").build();
            Files.write(pb, t.graph.toGraphDef().toByteArray());
            try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph); org.tensorflow.Tensor in = TfTensors.toTf(x)) {
                s.runner().feed("in0", in).addTarget("print").run();
            }
        }
        String tfWrote = Files.readString(written, StandardCharsets.UTF_8);
        assertEquals("x: [[0.5 -1 1e-09 3]\n [4 5 6 7]] answer: 42 <end>\n", tfWrote, "TensorFlow's own output: 4 = 2 x 2 entries, none left out");
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            s.runner().feed(g.output("in0"), x).addTarget(g.nodes().get("print")).run();
        }
        assertEquals(tfWrote + tfWrote, Files.readString(written, StandardCharsets.UTF_8), "Nagare appended the same bytes");
    }

    /** Nagare's tf.print, its text also fetched; made twice, each printing to a file of its own. */
    private record Printing(Graph graph, Output x, Output y) {
        static Printing to(Path file) {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            Output x = tf.placeholder(DType.FLOAT64, Shape.of(-1), "x");
            Output text = tf.strings.format("x = {}, sum = {}, {}", List.of(x, tf.reduceSum(x), tf.constant("done")), "{}", 2);
            Node print = tf.printV2("file://" + file, 3, " ", "\n", List.of("x:", x, "and", tf.constant(new int[][] {{1, 2, 3}, {4, 5, 6}})));
            return new Printing(g, x, tf.withControlDependencies(print).identity(text));
        }
    }

    /** Nagare's tf.print exported: TensorFlow computes the same text, and writes what Nagare writes. */
    @Test
    void exportedPrintV2RunsInTensorFlowLikeNagare() throws IOException {
        Tensor x = Tensor.of(Shape.of(7), new double[] {1, 1.0 / 3, -2.5e-7, 1e300, 5, 6, 7});
        Path nagareFile = tmp.resolve("nagare.txt"), tfFile = tmp.resolve("tf.txt"), dir = tmp.resolve("model");
        Printing ours = Printing.to(nagareFile), theirs = Printing.to(tfFile);
        Tensor nagareY;
        try (Session s = new Session(ours.graph())) {
            nagareY = s.runner().feed(ours.x(), x).fetch(ours.y()).run().get(0);
        }
        try (Session s = new Session(theirs.graph())) {
            SavedModelExporter.export(s, dir, Map.of("x", theirs.x()), Map.of("y", theirs.y()));
        }
        Tensor tfY = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of("x", x)).get("y");
        assertEquals(nagareY.stringValue(), tfY.stringValue());
        assertEquals("x = [1 0.33333333333333331 ... 6 7], sum = 1e+300, \"done\"", nagareY.stringValue(), "a string scalar is quoted");
        String nagareWrote = Files.readString(nagareFile, StandardCharsets.UTF_8);
        assertEquals(nagareWrote, Files.readString(tfFile, StandardCharsets.UTF_8), "TensorFlow wrote what Nagare wrote");
        assertEquals("x: [1 0.33333333333333331 -2.5e-07 ... 5 6 7] and [[1 2 3]\n [4 5 6]]\n", nagareWrote);
    }

    /** To standard error, captured: what Nagare's PrintV2 hands its stream is what TensorFlow wrote to the file. */
    @Test
    void printV2ToStandardErrorWritesThroughPrintOutput() throws IOException {
        Path written = tmp.resolve("stderr-equivalent.txt");
        Path pb = tmp.resolve("stderr.pb");
        Tensor x = Tensor.of(Shape.of(3), new long[] {1L << 40, -3, 0});
        for (String stream : List.of("file://" + written, "stderr")) {
            try (TfGraph t = new TfGraph()) {
                var text = t.op("StringFormat").list(t.feed(x)).attr("T", new DType[] {DType.INT64}).attr("template", "x=%s").out();
                t.op("PrintV2").named("print").in(text).attr("output_stream", stream).build();
                if (stream.equals("stderr")) {
                    Files.write(pb, t.graph.toGraphDef().toByteArray());
                } else {
                    try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph); org.tensorflow.Tensor in = TfTensors.toTf(x)) {
                        s.runner().feed("in0", in).addTarget("print").run();
                    }
                }
            }
        }
        String tfWrote = Files.readString(written, StandardCharsets.UTF_8);
        List<String> got = new ArrayList<>();
        PrintOutput.Streams before = PrintOutput.setStreams((stream, text) -> got.add(stream + ":" + text));
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            s.runner().feed(g.output("in0"), x).addTarget(g.nodes().get("print")).run();
        } finally {
            PrintOutput.setStreams(before);
        }
        assertEquals(List.of("stderr:" + tfWrote), got);
        assertEquals("x=[1099511627776 -3 0]\n", tfWrote);
    }
}
