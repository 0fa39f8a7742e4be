package dev.nagare.interop;

import static dev.nagare.interop.TfJudge.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/** What the exporter writes, what it refuses, and that a refusal leaves nothing behind. */
class SavedModelExportTest {
    @TempDir Path tmp;

    private static MetaGraphDef meta(Path dir) throws IOException {
        return SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb"))).getMetaGraphs(0);
    }

    private void assertNothingWritten(Path dir) throws IOException {
        assertFalse(Files.exists(dir), dir + " exists");
        try (var left = Files.list(dir.getParent())) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "a temporary directory is left");
        }
    }

    @Test
    void writesTheFormatSavedModelMdDescribes() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "x");
        Output w = tf.variable(tf.constant(new float[][] {{1, 2}, {3, 4}}), "w");
        Output y = tf.matmul(x, w);
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            SavedModelExporter.export(s, dir, map("x", x), map("y", y));
        }
        assertTrue(Files.isRegularFile(dir.resolve("variables/variables.index")));
        assertTrue(Files.isRegularFile(dir.resolve("variables/variables.data-00000-of-00001")));
        MetaGraphDef m = meta(dir);
        assertEquals(List.of("serve"), m.getMetaInfoDef().getTagsList());
        assertEquals(1994, m.getGraphDef().getVersions().getProducer());
        assertEquals(0, m.getGraphDef().getVersions().getMinConsumer());
        assertEquals("save/Const:0", m.getSaverDef().getFilenameTensorName());
        assertEquals("save/control_dependency:0", m.getSaverDef().getSaveTensorName());
        assertEquals("save/restore_all", m.getSaverDef().getRestoreOpName());
        var sig = m.getSignatureDefOrThrow("serving_default");
        assertEquals("tensorflow/serving/predict", sig.getMethodName());
        assertEquals("x:0", sig.getInputsOrThrow("x").getName());
        assertEquals("MatMul:0", sig.getOutputsOrThrow("y").getName());
        assertEquals(-1, sig.getOutputsOrThrow("y").getTensorShape().getDim(0).getSize());
        AttrCheck.check(m.getGraphDef());
        assertEquals(Map.of("y", Tensor.fromJava(new float[][] {{7, 10}})),
                TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of("x", Tensor.fromJava(new float[][] {{1, 2}}))));
    }

    @Test
    void modelWithoutVariablesHasNoSaver() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.INT32, Shape.of(3), "x");
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, map("x", x), map("y", tf.square(x)));
        }
        assertFalse(meta(dir).hasSaverDef());
        assertTrue(meta(dir).getGraphDef().getNodeList().stream().noneMatch(n -> n.getName().startsWith("save")));
        assertEquals(Tensor.fromJava(new int[] {1, 4, 9}), TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of("x", Tensor.fromJava(new int[] {1, 2, 3}))).get("y"));
    }

    @Test
    void refusesANonEmptyDirectoryAndAcceptsAnEmptyOne() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output c = tf.constant(1.5f);
        Path full = Files.createDirectories(tmp.resolve("full"));
        Files.writeString(full.resolve("keep.txt"), "mine");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (Session s = new Session(g)) {
            assertThrows(FileAlreadyExistsException.class, () -> SavedModelExporter.export(s, full, Map.of(), map("c", c)));
            assertEquals("mine", Files.readString(full.resolve("keep.txt")));
            SavedModelExporter.export(s, empty, Map.of(), map("c", c));
        }
        assertEquals(Tensor.scalar(1.5f), TfJudge.runTf(empty, Signature.DEFAULT_KEY, Map.of()).get("c"));
    }

    @Test
    void everyPlaceholderAnOutputNeedsMustBeAnInput() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = tf.placeholder(DType.FLOAT32, Shape.of(2), "a");
        Output b = tf.placeholder(DType.FLOAT32, Shape.of(2), "b");
        Output unused = tf.placeholder(DType.FLOAT32, Shape.of(2), "unused");
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            ExportException e = assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, map("a", a), map("y", tf.add(a, b))));
            assertTrue(e.getMessage().contains("placeholder 'b'"), e.getMessage());
            assertNothingWritten(dir);
            // a placeholder no output needs is neither required nor exported
            SavedModelExporter.export(s, dir, map("a", a, "b", b), map("y", tf.add(a, b)));
        }
        assertTrue(meta(dir).getGraphDef().getNodeList().stream().noneMatch(n -> n.getName().equals(unused.node().name())));
    }

    @Test
    void refusesUninitializedVariablesAndForeignOrEchoedTensors() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output v = tf.variable(tf.constant(new float[] {1, 2}), "v");
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        Output other = Tf.of(new Graph()).constant(1f);
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            ExportException e = assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, Map.of(), map("v", v)));
            assertTrue(e.getMessage().contains("'v'"), e.getMessage());
            e = assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, map("x", x), map("x", x)));
            assertTrue(e.getMessage().contains("also its input"), e.getMessage());
            e = assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, Map.of(), map("o", other)));
            assertTrue(e.getMessage().contains("not in the Session's graph"), e.getMessage());
            assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, Map.of()));
        }
        assertNothingWritten(dir);
    }

    @Test
    void reducingAllAxesOfUnknownRankCannotBeWritten() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.unknownRank(), "x");
        Output sum = tf.withName("total").reduceSum(x);
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            ExportException e = assertThrows(ExportException.class, () -> SavedModelExporter.export(s, dir, map("x", x), map("s", sum)));
            assertTrue(e.getMessage().contains("'total' (Sum)"), e.getMessage());
        }
        assertNothingWritten(dir);
    }

    /** Names the exporter adds (the saver scope, the constants for attrs) never collide with the graph's own. */
    @Test
    void addedNamesAvoidTheGraphsNames() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2, 3), "x");
        Output taken = tf.constant(new int[] {5}, "total/axes");
        Output save = tf.variable(tf.constant(2f), "save/Const");
        Output total = tf.withName("total").reduceSum(x, new int[] {1}, false);
        Output y = tf.add(tf.mul(total, save), tf.cast(taken, DType.FLOAT32));
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            SavedModelExporter.export(s, dir, map("x", x), map("y", y));
        }
        MetaGraphDef m = meta(dir);
        assertEquals("save_1/Const:0", m.getSaverDef().getFilenameTensorName());
        NodeDef sum = m.getGraphDef().getNodeList().stream().filter(n -> n.getName().equals("total")).findFirst().orElseThrow();
        assertEquals("total/axes_1", sum.getInput(1));
        var out = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of("x", Tensor.fromJava(new float[][] {{1, 2, 3}, {4, 5, 6}})));
        assertEquals(Tensor.fromJava(new float[] {17, 35}), out.get("y"));
    }

    /** Several signatures over one graph, each with only what it needs fed. */
    @Test
    void severalSignatures() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = tf.placeholder(DType.FLOAT64, Shape.of(-1), "a");
        Output b = tf.placeholder(DType.FLOAT64, Shape.of(-1), "b");
        Path dir = tmp.resolve("m");
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, Map.of("neg", new Signature(map("a", a), map("y", tf.neg(a))),
                    "sum", new Signature(map("a", a, "b", b), map("y", tf.add(a, b)))));
        }
        var out = TfJudge.runTfKeys(dir, Map.of("neg", Map.of("a", Tensor.fromJava(new double[] {1, -2})),
                "sum", Map.of("a", Tensor.fromJava(new double[] {1}), "b", Tensor.fromJava(new double[] {2}))));
        assertEquals(Tensor.fromJava(new double[] {-1, 2}), out.get("neg").get("y"));
        assertEquals(Tensor.fromJava(new double[] {3}), out.get("sum").get("y"));
    }
}
