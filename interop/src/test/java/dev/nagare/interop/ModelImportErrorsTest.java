package dev.nagare.interop;

import static dev.nagare.interop.TfJudge.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Models the importers must refuse, each with a typed exception that names the file and the problem. */
class ModelImportErrorsTest {
    @TempDir Path tmp;

    private static NodeDef node(String name, String op, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(Arrays.asList(inputs)).build();
    }

    private static NodeDef placeholder(String name) {
        return node(name, "Placeholder").toBuilder().putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    }

    private static NodeDef typed(String name, String op, String... inputs) {
        return node(name, op, inputs).toBuilder().putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()).build();
    }

    private static NodeDef constant(String name, TensorProto value) {
        return node(name, "Const").toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(value).build())
                .putAttr("dtype", AttrValue.newBuilder().setTypeValue(value.getDtypeValue()).build()).build();
    }

    private Path write(String file, NodeDef... nodes) throws IOException {
        Path p = tmp.resolve(file);
        Files.write(p, GraphDef.newBuilder().addAllNode(List.of(nodes)).build().toByteArray());
        return p;
    }

    private static <T extends Exception> T fails(Class<T> type, Path file, String fragment, org.junit.jupiter.api.function.Executable run) {
        T e = assertThrows(type, run);
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "says '" + fragment + "': " + e.getMessage());
        return e;
    }

    @Test
    void listsEveryMissingOpTypeAtOnce() throws IOException {
        Path pb = write("convnet.pb", placeholder("x"), typed("c1", "Conv3D", "x", "x"), typed("p1", "MaxPool3D", "c1"),
                typed("c2", "Conv3D", "p1", "p1"), typed("r", "Relu", "c2"), typed("s", "Softmax", "r"), typed("e", "Lgamma", "s"));
        UnsupportedModelException e = fails(UnsupportedModelException.class, pb, "Conv3D (node 'c1'), Lgamma (node 'e'), MaxPool3D (node 'p1')",
                () -> GraphDefImporter.importFile(pb));
        assertEquals(List.of("Conv3D", "Lgamma", "MaxPool3D"), e.missingOps());
    }

    @Test
    void missingOpsBehindStaticInputsAreListedToo() throws IOException {
        // Transpose's perm must be a constant, but the op computing it is listed before that is even asked.
        NodeDef perm = typed("perm", "Atan2", "x", "x");
        Path pb = write("hidden.pb", placeholder("x"), perm, typed("t", "Transpose", "x", "perm"), typed("e", "Lgamma", "t"));
        UnsupportedModelException e = fails(UnsupportedModelException.class, pb, "Atan2 (node 'perm'), Lgamma (node 'e')",
                () -> GraphDefImporter.importFile(pb));
        assertEquals(List.of("Atan2", "Lgamma"), e.missingOps());
    }

    @Test
    void staticInputsMustBeConstants() throws IOException {
        NodeDef shape = node("dims", "Placeholder").toBuilder().putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build();
        // (Reshape's shape may be computed at run time; Transpose's permutation must be known when building.)
        Path pb = write("dynamic.pb", placeholder("x"), shape, typed("transposed", "Transpose", "x", "dims"));
        fails(UnsupportedModelException.class, pb, "node 'transposed' (Transpose)", () -> GraphDefImporter.importFile(pb));
    }

    @Test
    void truncatedAndGarbageFiles() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Path dir = tmp.resolve("model");
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, map("x", x), map("y", tf.tanh(tf.reduceSum(x, new int[] {1}, false))));
        }
        Path pb = dir.resolve("saved_model.pb");
        byte[] good = Files.readAllBytes(pb);
        Files.write(pb, Arrays.copyOf(good, good.length / 2));
        fails(ModelFormatException.class, pb, "truncated", () -> SavedModelImporter.load(dir));
        Files.write(pb, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0x01});
        fails(ModelFormatException.class, pb, "not a valid SavedModel", () -> SavedModelImporter.load(dir));
        Files.write(pb, new byte[0]);
        fails(ModelFormatException.class, pb, "no MetaGraphDef is tagged 'serve'", () -> SavedModelImporter.load(dir));
        Files.delete(pb);
        fails(ModelFormatException.class, dir, "has no saved_model.pb", () -> SavedModelImporter.load(dir));
    }

    @Test
    void absurdSizesAreRefusedBeforeAllocating() throws IOException {
        TensorShapeProto huge = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1L << 40)).build();
        Path pb = write("huge.pb", constant("c", TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(huge).addFloatVal(1).build()));
        fails(ModelFormatException.class, pb, "dimension 0 of a shape has size 1099511627776", () -> GraphDefImporter.importFile(pb));

        TensorShapeProto big = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(1 << 30)).build();
        Path expand = write("expand.pb", constant("c", TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(big).addFloatVal(1).build()));
        fails(ModelFormatException.class, expand, "would expand 1 stored values", () -> GraphDefImporter.importFile(expand));

        TensorShapeProto four = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(4)).build();
        Path shortContent = write("short.pb", constant("c", TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(four)
                .setTensorContent(com.google.protobuf.ByteString.copyFrom(new byte[15])).build()));
        fails(ModelFormatException.class, shortContent, "needs 16 bytes of content, it has 15", () -> GraphDefImporter.importFile(shortContent));

        TensorShapeProto negative = TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(-7)).build();
        Path neg = write("neg.pb", constant("c", TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(negative).build()));
        fails(ModelFormatException.class, neg, "size -7", () -> GraphDefImporter.importFile(neg));

        // every dimension fits an int, their product does not: no Nagare tensor can have this shape
        Path square = write("square.pb", placeholder("x").toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(dims(-1, 65536, 65536)).build()).build());
        fails(UnsupportedModelException.class, square, "a shape [-1, 65536, 65536] holds more than 2^31-1 elements",
                () -> GraphDefImporter.importFile(square));
    }

    /** Unpack's num (and Split's num_split) says how many outputs a node has: 2^31-1 of them must not be made. */
    @Test
    void outputCountsFromAttrsAreBounded() throws IOException {
        NodeDef unpack = typed("pieces", "Unpack", "x").toBuilder().putAttr("num", AttrValue.newBuilder().setI(Integer.MAX_VALUE).build())
                .putAttr("axis", AttrValue.newBuilder().setI(0).build()).build();
        Path pb = write("unpack.pb", placeholder("x"), unpack);
        Exception e = assertThrows(Exception.class, () -> GraphDefImporter.importFile(pb));
        assertTrue(e instanceof ModelFormatException || e instanceof UnsupportedModelException, e.toString());
        assertTrue(e.getMessage().contains("pieces") && e.getMessage().contains("2147483647 outputs"), e.getMessage());
    }

    private static TensorShapeProto dims(long... sizes) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long d : sizes) b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return b.build();
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** A Const of {@code dtype} and {@code shape} that stores no values: all zeros, however large. */
    private static NodeDef zeros(String name, DataType dtype, long... shape) {
        return constant(name, TensorProto.newBuilder().setDtype(dtype).setTensorShape(dims(shape)).build());
    }

    @Test
    void constantExpansionHasOneBudgetForTheWholeImport() throws IOException {
        // Five float64 zeros of shape [2^26]: 250 bytes of file, 2.5 GiB of arrays, each within the old per-Const cap.
        NodeDef[] five = new NodeDef[5];
        for (int i = 0; i < five.length; i++) five[i] = zeros("c" + i, DataType.DT_DOUBLE, 1 << 26);
        Path pb = write("zeros.pb", five);
        assertTrue(Files.size(pb) < 300, Files.size(pb) + " bytes");
        long before = allocatedBytes();
        fails(ModelFormatException.class, pb, "node 'c0' (Const): a float64[67108864] tensor would expand 0 stored values to "
                + "67108864 elements (536870912 bytes), beyond the import's budget of 268435456 bytes", () -> GraphDefImporter.importFile(pb));
        assertTrue(allocatedBytes() - before < 16 << 20, "allocated " + (allocatedBytes() - before));

        // The budget is shared: three 1 MiB expansions fit in 3 MiB, the fourth does not, whichever node reads it.
        for (int i = 0; i < five.length; i++) five[i] = zeros("c" + i, DataType.DT_DOUBLE, 1 << 17);
        Path small = write("small.pb", five);
        fails(ModelFormatException.class, small, "node 'c3' (Const): a float64[131072] tensor would expand 0 stored values",
                () -> GraphDefImporter.importFile(small, null, 3 << 20));
        fails(ModelFormatException.class, small, "(3145728 bytes already used by other Consts)",
                () -> GraphDefImporter.importFile(small, null, 3 << 20));
        assertEquals(5, GraphDefImporter.importFile(small, null, 5 << 20).nodes().size());

        // A Const read both as a static value and as a tensor is decoded (and charged) once: [2, 2] in 8 bytes.
        NodeDef shape = constant("shape", TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(dims(2)).addIntVal(2).build());
        NodeDef x = placeholder("x").toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(dims(4)).build()).build();
        NodeDef negated = typed("n", "Neg", "shape").toBuilder().putAttr("T", AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build();
        Path both = write("both.pb", x, shape, typed("r", "Reshape", "x", "shape"), typed("r2", "Reshape", "x", "shape"), negated);
        assertEquals(5, GraphDefImporter.importFile(both, null, 8).nodes().size());
        fails(ModelFormatException.class, both, "budget of 7 bytes", () -> GraphDefImporter.importFile(both, null, 7));
    }

    @Test
    void savedModelConstantsShareTheConfiguredBudget() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 1000), "x");
        Path dir = tmp.resolve("splat");
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, map("x", x), map("y", tf.add(x, tf.constant(new float[1000]))));
        }
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        var graph = sm.getMetaGraphs(0).getGraphDef().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getOp().equals("Const")) graph.setNode(i, zeros(graph.getNode(i).getName(), DataType.DT_FLOAT, 1000));
        }
        Files.write(pb, sm.toBuilder().setMetaGraphs(0, sm.getMetaGraphs(0).toBuilder().setGraphDef(graph)).build().toByteArray());
        fails(ModelFormatException.class, pb, "(4000 bytes), beyond the import's budget of 3999 bytes",
                () -> SavedModelImporter.load(dir, "serve", 3999));
        try (LoadedModel m = SavedModelImporter.load(dir, "serve", 4000)) {
            assertEquals(1, m.signatures().size());
        }
    }

    @Test
    void sliceEndingPastTwoToThe31IsRefusedAtImport() throws IOException {
        NodeDef x = placeholder("x").toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(dims(4)).build()).build();
        NodeDef begin = constant("begin", TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(dims(1)).addIntVal(1).build());
        NodeDef size = constant("size", TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(dims(1)).addIntVal(Integer.MAX_VALUE).build());
        NodeDef slice = typed("s", "Slice", "x", "begin", "size").toBuilder()
                .putAttr("Index", AttrValue.newBuilder().setType(DataType.DT_INT32).build()).build();
        Path pb = write("slice.pb", x, begin, size, slice);
        fails(ModelFormatException.class, pb, "Node 's' (Slice): slice begin [1] size [2147483647] runs past shape [4]",
                () -> GraphDefImporter.importFile(pb));
    }

    @Test
    void malformedGraphs() throws IOException {
        Path dup = write("dup.pb", placeholder("x"), placeholder("x"));
        fails(ModelFormatException.class, dup, "two nodes are named 'x'", () -> GraphDefImporter.importFile(dup));
        Path dangling = write("dangling.pb", typed("y", "Neg", "nowhere:0"));
        fails(ModelFormatException.class, dangling, "no node has that name", () -> GraphDefImporter.importFile(dangling));
        Path cycle = write("cycle.pb", typed("a", "Neg", "b"), typed("b", "Neg", "a"));
        fails(UnsupportedModelException.class, cycle, "cycle", () -> GraphDefImporter.importFile(cycle));
        Path badIndex = write("index.pb", placeholder("x"), typed("y", "Neg", "x:3"));
        fails(ModelFormatException.class, badIndex, "reads output 3 of 'x'", () -> GraphDefImporter.importFile(badIndex));
        Path arity = write("arity.pb", placeholder("x"), typed("y", "AddV2", "x"));
        fails(ModelFormatException.class, arity, "node 'y' (AddV2): has 1 inputs, AddV2 takes 2", () -> GraphDefImporter.importFile(arity));
        Path shapes = write("shapes.pb", placeholder("x").toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(
                TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(3))).build()).build(),
                typed("m", "MatMul", "x", "x"));
        fails(ModelFormatException.class, shapes, "Node 'm' (MatMul): needs two matrices", () -> GraphDefImporter.importFile(shapes));
        Path badName = write("name.pb", placeholder("bad name!"));
        fails(ModelFormatException.class, badName, "not a valid node name", () -> GraphDefImporter.importFile(badName));
        Path dtype = write("uint8.pb", node("s", "Placeholder").toBuilder().putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_UINT8).build()).build());
        fails(UnsupportedModelException.class, dtype, "DT_UINT8", () -> GraphDefImporter.importFile(dtype)); // strings are read since issue 13
        Path missingAttr = write("attr.pb", node("p", "Placeholder"));
        fails(ModelFormatException.class, missingAttr, "attr 'dtype' is missing", () -> GraphDefImporter.importFile(missingAttr));
    }

    /** A SavedModel with variables, for the tests that corrupt its directory. */
    private Path modelWithVariables() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "x");
        Output w = tf.variable(tf.constant(new float[][] {{1, 2}, {3, 4}}), "w");
        Path dir = tmp.resolve("vars");
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            SavedModelExporter.export(s, dir, map("x", x), map("y", tf.matmul(x, w)));
        }
        return dir;
    }

    @Test
    void assetPathsMustStayInsideTheModel() throws IOException {
        Path dir = modelWithVariables();
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        for (String bad : new String[] {"../../etc/passwd", "/etc/passwd", "a/../../b", "..", "C:\\x"}) {
            SavedModel hostile = sm.toBuilder().setMetaGraphs(0, sm.getMetaGraphs(0).toBuilder()
                    .addAssetFileDef(AssetFileDef.newBuilder().setFilename(bad))).build();
            Files.write(pb, hostile.toByteArray());
            fails(ModelFormatException.class, pb, "asset filename", () -> SavedModelImporter.load(dir));
        }
    }

    @Test
    void restoreConstantsThatLieAboutTheirShape() throws IOException {
        Path dir = modelWithVariables();
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        // The shape of a ~1.1 KB model that threw NegativeArraySizeException: its product overflows a long.
        TensorShapeProto huge = dims(2147483647L, 1755416777L, 65691504L);
        for (String node : List.of("save/RestoreV2/tensor_names", "save/SaveV2/tensor_names", "save/RestoreV2/shape_and_slices")) {
            for (boolean content : new boolean[] {true, false}) {
                var graph = sm.getMetaGraphs(0).getGraphDef().toBuilder();
                for (int i = 0; i < graph.getNodeCount(); i++) {
                    if (!graph.getNode(i).getName().equals(node)) continue;
                    TensorProto.Builder t = graph.getNode(i).getAttrOrThrow("value").getTensor().toBuilder().setTensorShape(huge);
                    if (content) t.clearStringVal().setTensorContent(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 'w'}));
                    graph.setNode(i, graph.getNode(i).toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(t).build()).build());
                }
                Files.write(pb, sm.toBuilder().setMetaGraphs(0, sm.getMetaGraphs(0).toBuilder().setGraphDef(graph)).build().toByteArray());
                if (node.equals("save/RestoreV2/tensor_names")) {
                    // needed to find the variables' keys: refused, naming the Const
                    fails(UnsupportedModelException.class, pb, "Const 'save/RestoreV2/tensor_names' (the tensor names of 'save/RestoreV2'): "
                            + "a shape [2147483647, 1755416777, 65691504] holds more than 2^31-1 elements", () -> SavedModelImporter.load(dir));
                } else {
                    // nothing that serves reads it: never decoded
                    try (LoadedModel m = SavedModelImporter.load(dir)) {
                        assertEquals(1, m.signatures().size(), node);
                    }
                }
            }
        }
    }

    @Test
    void savedModelFileThatLeadsOutsideTheModelIsRefused() throws IOException {
        Path dir = modelWithVariables();
        Path outside = Files.createDirectories(tmp.resolve("elsewhere"));
        Path pb = dir.resolve("saved_model.pb");
        Files.move(pb, outside.resolve("saved_model.pb"));
        Files.createSymbolicLink(pb, outside.resolve("saved_model.pb"));
        fails(ModelFormatException.class, pb, "leads outside the model directory", () -> SavedModelImporter.load(dir));
        // a link that stays inside is fine, as for the variables
        Files.delete(pb);
        Files.move(outside.resolve("saved_model.pb"), dir.resolve("real.pb"));
        Files.createSymbolicLink(pb, dir.resolve("real.pb"));
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            assertEquals(1, m.signatures().size());
        }
    }

    @Test
    void variablesThatLeadOutsideTheModelAreRefused() throws IOException {
        Path dir = modelWithVariables();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path vars = dir.resolve("variables");
        for (Path f : List.of(vars.resolve("variables.index"), vars.resolve("variables.data-00000-of-00001"))) {
            Files.move(f, outside.resolve(f.getFileName()));
        }
        Files.delete(vars);
        Files.createSymbolicLink(vars, outside);
        fails(ModelFormatException.class, vars, "leads outside the model directory", () -> SavedModelImporter.load(dir));
        Files.delete(vars);
        Files.createDirectory(vars);
        Files.createSymbolicLink(vars.resolve("variables.index"), outside.resolve("variables.index"));
        fails(ModelFormatException.class, vars.resolve("variables.index"), "leads outside", () -> SavedModelImporter.load(dir));
    }

    @Test
    void missingOrCorruptCheckpoint() throws IOException {
        Path dir = modelWithVariables();
        Path index = dir.resolve("variables/variables.index");
        byte[] good = Files.readAllBytes(index);
        byte[] bad = good.clone();
        bad[bad.length / 3] ^= 0x55;
        Files.write(index, bad);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SavedModelImporter.load(dir));
        assertTrue(e.getMessage().contains("variables"), e.getMessage());
        Files.delete(index);
        e = assertThrows(ModelFormatException.class, () -> SavedModelImporter.load(dir));
        assertTrue(e.getMessage().contains("variables"), e.getMessage());
        assertFalse(e instanceof UnsupportedModelException);
    }

    @Test
    void signatureThatLiesAboutItsDtype() throws IOException {
        Path dir = modelWithVariables();
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        var meta = sm.getMetaGraphs(0).toBuilder();
        var sig = meta.getSignatureDefOrThrow("serving_default").toBuilder();
        sig.putOutputs("y", sig.getOutputsOrThrow("y").toBuilder().setDtype(DataType.DT_INT64).build());
        meta.putSignatureDef("serving_default", sig.build());
        Files.write(pb, sm.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
        ModelFormatException e = fails(ModelFormatException.class, pb, "is declared int64 but the graph computes float32",
                () -> SavedModelImporter.load(dir));
        assertInstanceOf(ModelFormatException.class, e);
    }
}
