package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.OpTests.Sample;
import dev.nagare.ops.Tf;
import dev.nagare.ops.TfMapping;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow Java 1.1.0 as the judge of every entry that declares a TensorFlow mapping and samples: each
 * sample in each dtype becomes one signature of a SavedModel Nagare exports, which TensorFlow loads and runs;
 * and TensorFlow builds the same op itself (from the entry's mapping: op name, type attr, attrs and constant
 * inputs), writes a GraphDef, and Nagare imports and runs it. Both must give TensorFlow's numbers.
 */
class EntryTfTest {
    @TempDir static Path tmp;

    static List<OpDef> entries() {
        List<OpDef> out = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) if (op.tf() != null && op.tf().exists() && op.tests() != null) out.add(op);
        return out;
    }

    /** The entries judged here: all, or those named by {@code -Dnagare.entries.only=Op1,Op2} (while working on a few). */
    static Stream<OpDef> selected() {
        String only = System.getProperty("nagare.entries.only", "");
        return entries().stream().filter(op -> only.isBlank() || List.of(only.split(",")).contains(op.name()));
    }

    /** One (sample, dtype) of an entry, with its inputs drawn from a seed of its own. */
    record Variant(Sample sample, DType dtype, List<Tensor> inputs, String label) {}

    static List<Variant> variants(OpDef op) {
        List<Variant> out = new ArrayList<>();
        for (Sample s : op.tests().samples()) {
            for (DType t : DType.values()) {
                if (!op.tests().tfDtypes().contains(t)) continue;
                String label = op.name() + " " + t + " " + s.describe();
                out.add(new Variant(s, t, OpTests.tensors(s, t, new Random(label.hashCode())), label));
            }
        }
        return out;
    }

    /** The largest difference from TensorFlow per "op | dtype": [exported and run by TensorFlow, made by TensorFlow and imported]. */
    private static final Map<String, double[]> DIFFS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** Keyed by the sample's dtype, and the output's where it differs (OneHot's int32 -> float64). */
    private static void record(OpDef op, Variant v, DType out, double diff, int direction) {
        double[] row = DIFFS.computeIfAbsent(op.name() + " | " + v.dtype() + (out == v.dtype() ? "" : " -> " + out), k -> new double[2]);
        synchronized (row) { row[direction] = Math.max(row[direction], diff); }
    }

    /** The differential table of the entries: printed, and written to {@code target/entry-diff-table.md}. */
    @org.junit.jupiter.api.AfterAll
    static void writeTable() throws IOException {
        StringBuilder sb = new StringBuilder("| op | dtype | max abs diff, exported and run by TensorFlow | max abs diff, made by TensorFlow and imported |\n| --- | --- | --- | --- |\n");
        DIFFS.forEach((k, d) -> sb.append("| ").append(k).append(" | ").append(number(d[0])).append(" | ").append(number(d[1])).append(" |\n"));
        System.out.println("\nEntry differential table (" + DIFFS.size() + " op/dtype rows):\n" + sb);
        Path out = Path.of("target", "entry-diff-table.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Nagare op entries against TensorFlow Java 1.1.0\n\n" + sb);
    }

    private static String number(double d) { return d == 0 ? "0" : String.format("%.3g", d); }

    @TestFactory
    Stream<DynamicTest> exportedOpRunsInTensorFlowWithTheSameNumbers() {
        return selected().map(op -> DynamicTest.dynamicTest(op.name(), () -> exportAndJudge(op)));
    }

    @TestFactory
    Stream<DynamicTest> opMadeByTensorFlowImportsWithTheSameNumbers() {
        return selected().map(op -> DynamicTest.dynamicTest(op.name(), () -> importAndJudge(op)));
    }

    private static void exportAndJudge(OpDef op) throws IOException {
        dev.nagare.graph.Graph g = new dev.nagare.graph.Graph();
        Map<String, Signature> signatures = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        List<Variant> variants = variants(op);
        for (int k = 0; k < variants.size(); k++) {
            Variant v = variants.get(k);
            Tf tf = Tf.of(g).withSubScope("v" + k);
            Map<String, Output> in = new LinkedHashMap<>();
            Map<String, Tensor> fed = new LinkedHashMap<>();
            for (int i = 0; i < v.inputs().size(); i++) {
                Tensor t = v.inputs().get(i);
                in.put("x" + i, tf.placeholder(t.dtype(), t.shape(), "x" + i));
                fed.put("x" + i, t);
            }
            Output out = OpTests.build(tf, op, List.copyOf(in.values()), v.sample()).output(0);
            signatures.put("v" + k, new Signature(in, Map.of("y", out)));
            feeds.put("v" + k, fed);
        }
        Path dir = tmp.resolve("export-" + op.name());
        Map<String, Map<String, Tensor>> nagare = new LinkedHashMap<>();
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, signatures);
            signatures.forEach((key, sig) -> nagare.put(key, TfJudge.runNagare(s, sig, feeds.get(key))));
        }
        Map<String, Map<String, Tensor>> tf = TfJudge.runTfKeys(dir, feeds);
        for (int k = 0; k < variants.size(); k++) {
            double d = Compare.assertAllClose(variants.get(k).label() + " (exported, run by TensorFlow)", tf.get("v" + k), nagare.get("v" + k), OpDifferentialTest.TOLERANCE);
            record(op, variants.get(k), nagare.get("v" + k).values().iterator().next().dtype(), d, 0);
        }
    }

    private static void importAndJudge(OpDef op) throws IOException {
        TfMapping m = op.tf();
        List<String> fetches = new ArrayList<>();
        List<Variant> variants = variants(op);
        List<Tensor> expected;
        Map<String, Tensor> feeds;
        Path pb = tmp.resolve("import-" + op.name() + ".pb");
        try (TfGraph t = new TfGraph()) {
            for (Variant v : variants) {
                List<org.tensorflow.Output<?>> inputs = new ArrayList<>();
                for (Tensor x : v.inputs()) inputs.add(t.feed(x));
                TfGraph.Op node = t.op(m.op());
                List<TfMapping.TfAttr> asInputs = m.attrs().stream().filter(a -> a.input() >= 0)
                        .sorted(java.util.Comparator.comparingInt(TfMapping.TfAttr::input)).toList();
                for (TfMapping.TfAttr a : asInputs) {
                    Object value = v.sample().attrs().getOrDefault(a.attr().name(), a.attr().defaultValue());
                    if (value == null && a.absentMeansAllAxes()) value = OpDef.range(v.inputs().get(0).rank());
                    DType intType = a.dtypeLikeInput() >= 0 ? v.inputs().get(a.dtypeLikeInput()).dtype() : DType.INT32;
                    DType valueType = a.dtypeFrom() == null ? null : (DType) v.sample().attrs().getOrDefault(a.dtypeFrom().name(), a.dtypeFrom().defaultValue());
                    inputs.add(a.input(), t.constant(EntryRules.constant(a, value, intType, valueType)));
                }
                if (op.inputs() != null && !op.inputs().isEmpty() && op.inputs().get(op.inputs().size() - 1).variadic()) {
                    int fixed = op.inputs().size() - 1; // a list input (Einsum's): TensorFlow takes it as one list
                    node.in(inputs.subList(0, fixed).toArray(org.tensorflow.Output<?>[]::new));
                    node.list(inputs.subList(fixed, inputs.size()).toArray(org.tensorflow.Output<?>[]::new));
                } else {
                    node.in(inputs.toArray(org.tensorflow.Output<?>[]::new));
                }
                for (TfMapping.TypeAttr type : m.types()) {
                    node.attr(type.tfName(), type.attr() != null ? v.sample().attrs().getOrDefault(type.attr().name(), type.attr().defaultValue())
                            : v.inputs().get(type.input()).dtype());
                }
                for (TfMapping.TfAttr a : m.attrs()) {
                    Object value = v.sample().attrs().get(a.attr().name());
                    if (a.input() < 0 && value != null) node.attr(a.tfName(), value instanceof Double d ? (Object) (float) (double) d : value);
                }
                org.tensorflow.Output<?> out = node.out();
                fetches.add(out.op().name() + ":" + out.index());
            }
            expected = t.run(fetches);
            Files.write(pb, t.graph.toGraphDef().toByteArray());
            feeds = new LinkedHashMap<>(t.feeds);
        }
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            Runner r = s.runner();
            feeds.forEach((k, v) -> r.feed(g.output(k), v));
            for (String f : fetches) r.fetch(g.output(f));
            List<Tensor> actual = r.run();
            for (int i = 0; i < fetches.size(); i++) {
                double d = Compare.assertClose(variants.get(i).label() + " (made by TensorFlow, imported)", expected.get(i), actual.get(i), OpDifferentialTest.TOLERANCE);
                record(op, variants.get(i), actual.get(i).dtype(), d, 1);
            }
        }
        assertTrue(!fetches.isEmpty(), op.name() + " has no samples");
    }
}
