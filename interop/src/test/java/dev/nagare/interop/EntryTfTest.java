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
        for (OpDef op : OpRegistry.standard().all()) {
            // An entry whose mapping is marked byHand() names the TensorFlow op that judges its hand-written rules.
            if (op.tf() != null && op.tf().exists() && !op.tf().op().isEmpty() && op.tests() != null && !op.tests().isExempt()) out.add(op);
        }
        return out;
    }

    /** The entries judged here: all, or those named by {@code -Dnagare.entries.only=Op1,Op2} (while working on a few). */
    static Stream<OpDef> selected() {
        String only = System.getProperty("nagare.entries.only", "");
        return entries().stream().filter(op -> only.isBlank() || List.of(only.split(",")).contains(op.name()));
    }

    /** One (sample, dtype) of an entry, with its inputs drawn from a seed of its own and the number of outputs compared. */
    record Variant(Sample sample, DType dtype, List<Tensor> inputs, String label, int outputs) {}

    static List<Variant> variants(OpDef op) {
        List<Variant> out = new ArrayList<>();
        for (Sample s : op.tests().samples()) {
            if (!s.tensorFlow()) continue; // beyond TensorFlow's CPU kernels: the reference alone judges it
            for (DType t : DType.values()) {
                if (!op.tests().tfDtypes().contains(t)) continue;
                String label = op.name() + " " + t + " " + s.describe();
                List<Tensor> inputs = OpTests.tensors(s, t, new Random(label.hashCode()));
                out.add(new Variant(s, t, inputs, label, outputCount(op, s, inputs)));
            }
        }
        return out;
    }

    /** How many outputs the entry's reference computes for a sample: those are compared. */
    private static int outputCount(OpDef op, Sample s, List<Tensor> inputs) {
        Tf tf = Tf.of(new dev.nagare.graph.Graph());
        dev.nagare.graph.Node node = OpTests.build(tf, op, OpTests.inputs(tf, s, inputs, false), s);
        return op.tests().reference().apply(node, inputs.stream().map(OpTests::values).toList()).size();
    }

    /** The largest difference from TensorFlow per "op | dtype": [exported and run by TensorFlow, made by TensorFlow and imported]. */
    private static final Map<String, double[]> DIFFS = new java.util.concurrent.ConcurrentSkipListMap<>();

    /**
     * Keyed by the dtype of the sample's input 0 as fed (a sample may fix it whatever the variant's dtype), and
     * the output's where it differs (OneHot's int32 -> float64).
     */
    private static void record(OpDef op, Variant v, DType out, double diff, int direction) {
        DType in = v.inputs().get(0).dtype();
        double[] row = DIFFS.computeIfAbsent(op.name() + " | " + in + (out == in ? "" : " -> " + out), k -> new double[2]);
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
            List<Output> all = new ArrayList<>();
            for (int i = 0; i < v.inputs().size(); i++) {
                Tensor t = v.inputs().get(i);
                if (v.sample().inputs().get(i).constant()) {
                    all.add(tf.constant(t));
                    continue;
                }
                Output p = tf.placeholder(t.dtype(), t.shape(), "x" + i);
                in.put("x" + i, p);
                fed.put("x" + i, t);
                all.add(p);
            }
            dev.nagare.graph.Node node = OpTests.build(tf, op, all, v.sample());
            Map<String, Output> outs = new LinkedHashMap<>();
            for (int o = 0; o < v.outputs(); o++) outs.put("y" + o, node.output(o));
            signatures.put("v" + k, new Signature(in, outs));
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
            double d = Compare.assertAllClose(variants.get(k).label() + " (exported, run by TensorFlow)", tf.get("v" + k), nagare.get("v" + k), tolerance(op));
            record(op, variants.get(k), nagare.get("v" + k).values().iterator().next().dtype(), d, 0);
        }
    }

    private static void importAndJudge(OpDef op) throws IOException {
        TfMapping m = op.tf();
        List<List<String>> fetches = new ArrayList<>();
        List<String> all = new ArrayList<>();
        List<Variant> variants = variants(op);
        List<Tensor> expected;
        Map<String, Tensor> feeds;
        Path pb = tmp.resolve("import-" + op.name() + ".pb");
        boolean variadic = op.inputs().stream().anyMatch(OpDef.Input::variadic);
        try (TfGraph t = new TfGraph()) {
            for (Variant v : variants) {
                List<org.tensorflow.Output<?>> inputs = new ArrayList<>();
                List<DType> dtypes = new ArrayList<>();
                for (int i = 0; i < v.inputs().size(); i++) {
                    Tensor x = v.inputs().get(i);
                    inputs.add(v.sample().inputs().get(i).constant() ? t.constant(x) : t.feed(x));
                    dtypes.add(x.dtype());
                }
                // Inputs that hold an attr's value computed at run time move to that attr's TensorFlow position.
                List<TfMapping.TfAttr> placed = m.attrs().stream().filter(a -> a.input() >= 0)
                        .sorted(java.util.Comparator.comparingInt(TfMapping.TfAttr::input)).toList();
                Map<TfMapping.TfAttr, org.tensorflow.Output<?>> wired = new LinkedHashMap<>();
                Map<TfMapping.TfAttr, DType> wiredTypes = new LinkedHashMap<>();
                for (TfMapping.TfAttr a : placed) {
                    if (a.wiredAs() >= 0 && a.wiredAs() < v.inputs().size() && !v.sample().attrs().containsKey(a.attr().name())) {
                        wired.put(a, inputs.get(a.wiredAs()));
                        wiredTypes.put(a, dtypes.get(a.wiredAs()));
                    }
                }
                for (TfMapping.TfAttr a : placed) {
                    if (!wired.containsKey(a)) continue;
                    inputs.remove(a.wiredAs());
                    dtypes.remove(a.wiredAs());
                }
                int listLength = inputs.size();
                Object list = variadic ? inputs.toArray(org.tensorflow.Output<?>[]::new) : null;
                if (variadic) {
                    inputs.clear();
                    dtypes.clear();
                }
                for (TfMapping.TfAttr a : placed) {
                    int at = a.input() == TfMapping.LAST ? inputs.size() : a.input();
                    if (wired.containsKey(a)) {
                        inputs.add(at, wired.get(a));
                        dtypes.add(at, wiredTypes.get(a));
                        continue;
                    }
                    Object value = v.sample().attrs().getOrDefault(a.attr().name(), a.attr().defaultValue());
                    if (value == null && a.absentMeansAllAxes()) value = OpDef.range(v.inputs().get(0).rank());
                    DType intType = a.dtypeLikeInput() >= 0 ? v.inputs().get(a.dtypeLikeInput()).dtype() : DType.INT32;
                    DType valueType = a.dtypeFrom() == null ? null : (DType) v.sample().attrs().getOrDefault(a.dtypeFrom().name(), a.dtypeFrom().defaultValue());
                    Tensor c = EntryRules.constant(a, value, intType, valueType);
                    inputs.add(at, t.constant(c));
                    dtypes.add(at, c.dtype());
                }
                TfGraph.Op node = t.op(m.op());
                if (variadic) {
                    // A list input comes first (AddN, ConcatV2, Pack, IdentityN, Einsum); constants after it.
                    node.list((org.tensorflow.Output<?>[]) list);
                    for (int i = 0; i < listLength; i++) dtypes.add(i, v.inputs().get(i).dtype());
                }
                node.in(inputs.toArray(org.tensorflow.Output<?>[]::new));
                for (TfMapping.TypeAttr type : m.types()) {
                    if (type.attr() != null) node.attr(type.tfName(), v.sample().attrs().getOrDefault(type.attr().name(), type.attr().defaultValue()));
                    else if (type.input() == TfMapping.ALL_INPUTS) node.attr(type.tfName(), dtypes.toArray(DType[]::new));
                    else node.attr(type.tfName(), dtypes.get(type.input()));
                }
                if (m.count() != null) node.attr(m.count(), listLength);
                for (TfMapping.TfAttr a : m.attrs()) {
                    Object value = v.sample().attrs().get(a.attr().name());
                    if (a.input() < 0 && value != null) node.attr(a.tfName(), value instanceof Double d ? (Object) (float) (double) d : value);
                }
                org.tensorflow.GraphOperation built = node.build();
                List<String> names = new ArrayList<>();
                for (int o = 0; o < v.outputs(); o++) names.add(built.name() + ":" + o);
                fetches.add(names);
                all.addAll(names);
            }
            expected = t.run(all);
            Files.write(pb, t.graph.toGraphDef().toByteArray());
            feeds = new LinkedHashMap<>(t.feeds);
        }
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            Runner r = s.runner();
            feeds.forEach((k, v) -> r.feed(g.output(k), v));
            for (String f : all) r.fetch(g.output(f));
            List<Tensor> actual = r.run();
            int at = 0;
            for (int i = 0; i < fetches.size(); i++) {
                for (int o = 0; o < fetches.get(i).size(); o++, at++) {
                    String what = variants.get(i).label() + (fetches.get(i).size() > 1 ? " output " + o : "") + " (made by TensorFlow, imported)";
                    record(op, variants.get(i), actual.get(at).dtype(), Compare.assertClose(what, expected.get(at), actual.get(at), tolerance(op)), 1);
                }
            }
        }
        assertTrue(!fetches.isEmpty(), op.name() + " has no samples");
    }

    /**
     * Relative tolerance of floats against TensorFlow: the entry's float32 tolerance where it is looser (long
     * float32 sums: TensorFlow and Nagare round in different orders), else {@link OpDifferentialTest#TOLERANCE}.
     */
    private static double tolerance(OpDef op) { return Math.max(OpDifferentialTest.TOLERANCE, op.tests().float32Tolerance()); }
}
