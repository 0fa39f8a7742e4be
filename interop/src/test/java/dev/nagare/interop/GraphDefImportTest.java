package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Tensor;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Output;

/**
 * Graphs built by TensorFlow Java with every stateless op the importer reads, written with
 * {@code Graph.toGraphDef()}, imported from the .pb file into Nagare, and run by both on the same inputs.
 */
class GraphDefImportTest {
    @TempDir Path tmp;

    @Test
    void casesCoverEveryImportableOp() {
        Set<String> covered = new TreeSet<>();
        for (TfImportCases.Case c : TfImportCases.all()) covered.add(c.tfOp());
        covered.addAll(TfSavedModelImportTest.COVERED);
        covered.addAll(TfFunctionImportTest.COVERED);
        covered.addAll(TfControlFlowImportTest.COVERED);
        covered.addAll(TfTrainImportTest.COVERED);
        for (dev.nagare.ops.OpDef op : EntryTfTest.entries()) covered.add(op.tf().op()); // imported by EntryTfTest
        Set<String> missing = new TreeSet<>(TfOpMapping.importableTfOps());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "importable TensorFlow ops without an import test");
    }

    /**
     * The trained MLP frozen into one GraphDef: TensorFlow imports and runs it, Nagare imports the .pb and
     * must compute the same; pruned to the logits, the dropout branch and ArgMax stay out.
     */
    @Test
    void frozenMlpImportsAndRunsLikeTensorFlow() throws IOException {
        MlpExportTest.Mlp net = new MlpExportTest.Mlp(9);
        Path dir = tmp.resolve("mlp");
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            SavedModelExporter.export(s, dir, java.util.Map.of("images", net.images),
                    java.util.Map.of("logits", net.logits, "predictions", net.predictions));
        }
        var frozen = FrozenGraphs.freeze(dir);
        Path pb = tmp.resolve("frozen.pb");
        Files.write(pb, frozen.toByteArray());
        Tensor images = MlpExportTest.randomImages(new Random(1), 16);
        List<Tensor> expected;
        try (TfGraph t = new TfGraph()) {
            t.graph.importGraphDef(frozen);
            t.feeds.put("images", images);
            expected = t.run(List.of("logits/BiasAdd:0", "ArgMax:0"));
        }
        ImportedGraph g = GraphDefImporter.importFile(pb);
        assertEquals(g.output("logits/BiasAdd"), g.outputs().get("logits/BiasAdd:0"));
        try (Session s = new Session(g.graph())) {
            List<Tensor> actual = s.runner().feed(g.output("images"), images).fetch(g.output("logits/BiasAdd:0")).fetch(g.output("ArgMax")).run();
            Compare.assertClose("logits", expected.get(0), actual.get(0), OpDifferentialTest.TOLERANCE);
            assertEquals(expected.get(1), actual.get(1));
        }
        ImportedGraph pruned = GraphDefImporter.importFile(pb, List.of("logits/BiasAdd:0"));
        assertTrue(pruned.nodes().containsKey("logits/BiasAdd"));
        assertTrue(!pruned.nodes().containsKey("ArgMax") && !pruned.nodes().containsKey("logits/BiasAdd/axes"));
    }

    @TestFactory
    Stream<DynamicTest> everyStatelessOpImportsAndRuns() {
        return TfImportCases.all().stream().map(c -> DynamicTest.dynamicTest(c.tfOp(), () -> run(c)));
    }

    private void run(TfImportCases.Case c) throws IOException {
        List<String> fetches = new ArrayList<>();
        List<Tensor> expected;
        Path pb = tmp.resolve(c.tfOp() + ".pb");
        var feeds = new java.util.LinkedHashMap<String, Tensor>();
        try (TfGraph t = new TfGraph()) {
            for (Output<?> o : c.build().apply(t, new Random(c.tfOp().hashCode()))) fetches.add(o.op().name() + ":" + o.index());
            expected = t.run(fetches);
            Files.write(pb, t.graph.toGraphDef().toByteArray());
            feeds.putAll(t.feeds);
        }
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            Runner r = s.runner();
            feeds.forEach((k, v) -> r.feed(g.output(k), v));
            for (String f : fetches) r.fetch(g.output(f));
            List<Tensor> actual = r.run();
            for (int i = 0; i < fetches.size(); i++) {
                String what = c.tfOp() + " " + fetches.get(i);
                if (c.distribution()) {
                    assertEquals(expected.get(i).shape(), actual.get(i).shape(), what);
                    assertEquals(expected.get(i).dtype(), actual.get(i).dtype(), what);
                    for (int k = 0; k < actual.get(i).size(); k++) assertTrue(Math.abs(actual.get(i).getDouble(k)) < 10, what);
                } else {
                    Compare.assertClose(what, expected.get(i), actual.get(i), OpDifferentialTest.TOLERANCE);
                }
            }
        }
    }
}
