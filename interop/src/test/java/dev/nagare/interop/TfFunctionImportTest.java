package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;
import org.tensorflow.types.TString;
import org.tensorflow.types.TFloat32;

/**
 * TensorFlow 2 style SavedModels: signatures that call a function library through StatefulPartitionedCall,
 * layers as functions over resource variables, variables keyed by the object graph. TensorFlow Java builds
 * the functions (ConcreteFunction, Ops.call) and writes the checkpoint with its own SaveV2; it loads and
 * runs the same SavedModel as the judge.
 */
class TfFunctionImportTest {
    static final Set<String> COVERED = Set.of("StatefulPartitionedCall", "PartitionedCall", "AssignAddVariableOp", "AssignSubVariableOp",
            "ResourceGather", "ResourceApplyGradientDescent", "ResourceApplyMomentum", "ResourceApplyAdam");

    @TempDir Path tmp;

    /** A dense layer as a function of its input and its two variable handles: act(x @ kernel + bias). */
    private static ConcreteFunction dense(org.tensorflow.Graph fg, String name, int in, boolean relu) {
        Ops f = Ops.create(fg);
        var x = f.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, in)));
        Output<?> k = resourcePlaceholder(fg, "kernel"), b = resourcePlaceholder(fg, "bias");
        var kv = f.withSubScope("MatMul").withName("ReadVariableOp").readVariableOp(k, TFloat32.class);
        var bv = f.withSubScope("BiasAdd").withName("ReadVariableOp").readVariableOp(b, TFloat32.class);
        Operand<TFloat32> y = f.withName("BiasAdd").nn.biasAdd(f.withName("MatMul").linalg.matMul(x, kv), bv);
        if (relu) y = f.withName("Relu").nn.relu(y);
        return ConcreteFunction.create(org.tensorflow.Signature.builder(name).input("x", x).input("kernel", k).input("bias", b)
                .output("y", y).build(), fg);
    }

    /**
     * TensorFlow 2's layout end to end: serving_default calls the layer through StatefulPartitionedCall; the
     * saver is a function too (saver_filename, StatefulPartitionedCall_1 into a save function of
     * StaticRegexFullMatch, Select, StringJoin, ShardedFilename, SaveV2, Pack, MergeV2Checkpoints, which
     * TensorFlow itself runs to write the checkpoint, with the checkpoint's own object graph as the string
     * entry _CHECKPOINTABLE_OBJECT_GRAPH), restore is StatefulPartitionedCall_2 into a RestoreV2 function that
     * TensorFlow's loader runs. Nagare leaves the saver out, and finds the keys from the object graph, or,
     * with the object graph removed, from the inlined restore function; TensorFlow judges both files.
     */
    @Test
    void tensorFlow2LayoutWithSaverFunctions() throws IOException {
        Path dir = tmp.resolve("tf2");
        Random r = new Random(23);
        Map<String, Tensor> feeds = Map.of("input_1", TfImportCases.f(r, 3, 4));
        String[] names = {"dense/kernel", "dense/bias"};
        String[] keys = {"layer_with_weights-0/kernel" + ObjectGraphKeys.VALUE_SUFFIX, "layer_with_weights-0/bias" + ObjectGraphKeys.VALUE_SUFFIX};
        SavedObjectGraph.Builder og = SavedObjectGraph.newBuilder().addNodes(user("Sequential").addChildren(ref(1, "layer_with_weights-0")))
                .addNodes(user("Dense").addChildren(ref(2, "kernel")).addChildren(ref(3, "bias")));
        TrackableObjectGraph.Builder ckpt = TrackableObjectGraph.newBuilder()
                .addNodes(TrackableObjectGraph.TrackableObject.newBuilder().addChildren(ref(1, "layer_with_weights-0")))
                .addNodes(TrackableObjectGraph.TrackableObject.newBuilder().addChildren(ref(2, "kernel")).addChildren(ref(3, "bias")));
        for (int i = 0; i < 2; i++) {
            og.addNodes(SavedObject.newBuilder().setVariable(SavedVariable.newBuilder().setName(names[i]).setDtype(DataType.DT_FLOAT)));
            ckpt.addNodes(TrackableObjectGraph.TrackableObject.newBuilder().addAttributes(TrackableObjectGraph.TrackableObject.SerializedTensor
                    .newBuilder().setName("VARIABLE_VALUE").setFullName(names[i]).setCheckpointKey(keys[i])));
        }
        try (TfGraph t = new TfGraph(); var gd = new org.tensorflow.Graph(); var gs = new org.tensorflow.Graph();
                var gr = new org.tensorflow.Graph()) {
            ConcreteFunction layer = dense(gd, "dense", 4, true);
            Tensor[] init = {TfImportCases.f(r, 4, 5), TfImportCases.f(r, 5)};
            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            Map<String, Output<?>> handles = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) handles.put("h" + i, resourceVariable(t, vars, names[i], init[i], keys[i]));
            var x = Ops.create(t.graph).withName("serving_default_input_1").placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 4)));
            GraphOperation call = statefulCall(t.graph, "StatefulPartitionedCall", layer,
                    Map.of("x", x.asOutput(), "kernel", handles.get("h0"), "bias", handles.get("h1")));
            Output<?> filename = t.graph.opBuilder("Placeholder", "saver_filename", t.graph.baseScope()).setAttr("dtype", DataType.DT_STRING)
                    .setAttr("shape", org.tensorflow.ndarray.Shape.scalar()).build().output(0);
            Map<String, Output<?>> saverArgs = new LinkedHashMap<>(handles);
            saverArgs.put("file_prefix", filename);
            GraphOperation save = statefulCall(t.graph, "StatefulPartitionedCall_1", saveFunction(gs, keys, ckpt.build().toByteArray()), saverArgs);
            statefulCall(t.graph, "StatefulPartitionedCall_2", restoreFunction(gr, keys), saverArgs);
            Files.createDirectories(dir.resolve("variables"));
            try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph);
                    TString prefix = TString.scalarOf(dir.resolve("variables/variables").toString())) {
                org.tensorflow.Session.Runner init0 = s.runner();
                for (TfSavedModelWriter.Var v : vars) init0.addTarget(v.init());
                init0.run();
                s.runner().feed(filename, prefix).fetch(save.output(0)).run().close();
            }
            MetaGraphDef.Builder meta = MetaGraphDef.newBuilder().setGraphDef(t.graph.toGraphDef())
                    .setSaverDef(SaverDef.newBuilder().setFilenameTensorName("saver_filename:0").setSaveTensorName("StatefulPartitionedCall_1:0")
                            .setRestoreOpName("StatefulPartitionedCall_2").setVersion(SaverDef.CheckpointFormatVersion.V2))
                    .putSignatureDef("serving_default", sig(Map.of("input_1", x.asOutput()), Map.of("output_0", call.output(0))))
                    .setObjectGraphDef(og);
            meta.getMetaInfoDefBuilder().addTags("serve");
            Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().toByteArray());
        }
        byte[] index = Files.readAllBytes(dir.resolve("variables/variables.index"));
        assertTrue(new String(index, java.nio.charset.StandardCharsets.ISO_8859_1).contains("_CHECKPOINTABLE_OBJECT_GRAPH"));
        assertTrue(Files.exists(dir.resolve("variables/variables.data-00000-of-00001")));

        Path noObjects = tmp.resolve("tf2-without-object-graph");
        copy(dir, noObjects);
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(noObjects.resolve("saved_model.pb")));
        sm = sm.toBuilder().setMetaGraphs(0, sm.getMetaGraphs(0).toBuilder().clearObjectGraphDef()).build();
        Files.write(noObjects.resolve("saved_model.pb"), sm.toByteArray());
        for (Path model : List.of(dir, noObjects)) {
            Map<String, Tensor> expected = TfJudge.runTf(model, "serving_default", feeds);
            try (LoadedModel m = SavedModelImporter.load(model)) {
                Compare.assertAllClose(model.getFileName().toString(), expected, TfJudge.runNagare(m.session(), m.signature(), feeds),
                        OpDifferentialTest.TOLERANCE);
                assertTrue(m.graph().nodes().stream().noneMatch(n -> n.name().startsWith("StatefulPartitionedCall_")), "the saver is left out");
            }
        }
    }

    private static Output<?> raw(org.tensorflow.Graph g, String type, String name, Object... inputsThenAttrs) {
        var b = g.opBuilder(type, name, g.baseScope());
        for (int i = 0; i < inputsThenAttrs.length; i++) {
            Object o = inputsThenAttrs[i];
            if (o instanceof Output<?> in) b.addInput(in);
            else if (o instanceof Output<?>[] list) b.addInputList(list);
            else if (o instanceof GraphOperation c) b.addControlInput(c);
            else {
                String k = (String) o;
                Object v = inputsThenAttrs[++i];
                switch (v) {
                    case DataType d -> b.setAttr(k, d);
                    case DataType[] d -> b.setAttr(k, d);
                    case String str -> b.setAttr(k, str);
                    default -> throw new IllegalArgumentException(k);
                }
            }
        }
        GraphOperation op = b.build();
        return op.numOutputs() > 0 ? op.output(0) : null;
    }

    private static GraphOperation rawOp(org.tensorflow.Graph g, String name) { return g.operation(name); }

    private static Output<?> strings(org.tensorflow.Graph g, String name, String... values) {
        try (TString v = values.length == 1 && name.startsWith("Const") ? TString.scalarOf(values[0]) : TString.vectorOf(values)) {
            return g.opBuilder("Const", name, g.baseScope()).setAttr("value", v).setAttr("dtype", DataType.DT_STRING).build().output(0);
        }
    }

    private static Output<?> stringPlaceholder(org.tensorflow.Graph g, String name) {
        return g.opBuilder("Placeholder", name, g.baseScope()).setAttr("dtype", DataType.DT_STRING)
                .setAttr("shape", org.tensorflow.ndarray.Shape.scalar()).build().output(0);
    }

    /** TensorFlow 2's save function: (file_prefix, h0, h1) -> file_prefix once the checkpoint is written and merged. */
    private static ConcreteFunction saveFunction(org.tensorflow.Graph g, String[] keys, byte[] objectGraph) {
        Output<?> prefix = stringPlaceholder(g, "file_prefix");
        Output<?> h0 = resourcePlaceholder(g, "h0"), h1 = resourcePlaceholder(g, "h1");
        Output<?> s3 = raw(g, "StaticRegexFullMatch", "StaticRegexFullMatch", prefix, "pattern", "^s3://.*");
        Output<?> suffix = raw(g, "Select", "Select", s3, strings(g, "Const", ".part"), strings(g, "Const_1", "_temp/part"), "T", DataType.DT_STRING);
        Output<?> joined = raw(g, "StringJoin", "StringJoin", (Object) new Output<?>[] {prefix, suffix});
        Output<?> shard;
        try (var zero = org.tensorflow.types.TInt32.scalarOf(0); var one = org.tensorflow.types.TInt32.scalarOf(1)) {
            Output<?> z = g.opBuilder("Const", "num_shard_0", g.baseScope()).setAttr("value", zero).setAttr("dtype", DataType.DT_INT32).build().output(0);
            Output<?> n = g.opBuilder("Const", "num_shards", g.baseScope()).setAttr("value", one).setAttr("dtype", DataType.DT_INT32).build().output(0);
            shard = raw(g, "ShardedFilename", "ShardedFilename", joined, z, n);
        }
        Output<?> r0 = raw(g, "ReadVariableOp", "read_0", h0, "dtype", DataType.DT_FLOAT);
        Output<?> r1 = raw(g, "ReadVariableOp", "read_1", h1, "dtype", DataType.DT_FLOAT);
        Output<?> graphBytes;
        try (TString v = TString.tensorOfBytes(org.tensorflow.ndarray.NdArrays.scalarOfObject(objectGraph))) {
            graphBytes = g.opBuilder("Const", "object_graph", g.baseScope()).setAttr("value", v).setAttr("dtype", DataType.DT_STRING).build().output(0);
        }
        raw(g, "SaveV2", "SaveV2", shard, strings(g, "tensor_names", keys[0], keys[1], "_CHECKPOINTABLE_OBJECT_GRAPH"),
                strings(g, "shape_and_slices", "", "", ""), new Output<?>[] {r0, r1, graphBytes},
                "dtypes", new DataType[] {DataType.DT_FLOAT, DataType.DT_FLOAT, DataType.DT_STRING});
        GraphOperation saved = rawOp(g, "SaveV2");
        Output<?> shards = raw(g, "Pack", "Pack", new Output<?>[] {shard}, saved, "T", DataType.DT_STRING);
        raw(g, "MergeV2Checkpoints", "MergeV2Checkpoints", shards, prefix, saved);
        Output<?> out = raw(g, "Identity", "Identity", prefix, rawOp(g, "MergeV2Checkpoints"), "T", DataType.DT_STRING);
        return ConcreteFunction.create(org.tensorflow.Signature.builder("save").input("file_prefix", prefix).input("h0", h0).input("h1", h1)
                .output("out", out).build(), g);
    }

    /** TensorFlow 2's restore function: RestoreV2, an AssignVariableOp per variable, file_prefix after them. */
    private static ConcreteFunction restoreFunction(org.tensorflow.Graph g, String[] keys) {
        Output<?> prefix = stringPlaceholder(g, "file_prefix");
        Output<?> h0 = resourcePlaceholder(g, "h0"), h1 = resourcePlaceholder(g, "h1");
        raw(g, "RestoreV2", "RestoreV2", prefix, strings(g, "tensor_names", keys), strings(g, "shape_and_slices", "", ""),
                "dtypes", new DataType[] {DataType.DT_FLOAT, DataType.DT_FLOAT});
        GraphOperation restore = rawOp(g, "RestoreV2");
        Output<?> id0 = raw(g, "Identity", "Identity_1", restore.output(0), "T", DataType.DT_FLOAT);
        Output<?> id1 = raw(g, "Identity", "Identity_2", restore.output(1), "T", DataType.DT_FLOAT);
        raw(g, "AssignVariableOp", "AssignVariableOp", h0, id0, "dtype", DataType.DT_FLOAT);
        raw(g, "AssignVariableOp", "AssignVariableOp_1", h1, id1, "dtype", DataType.DT_FLOAT);
        raw(g, "NoOp", "NoOp", rawOp(g, "AssignVariableOp"), rawOp(g, "AssignVariableOp_1"));
        Output<?> out = raw(g, "Identity", "Identity", prefix, rawOp(g, "NoOp"), "T", DataType.DT_STRING);
        return ConcreteFunction.create(org.tensorflow.Signature.builder("restore").input("file_prefix", prefix).input("h0", h0).input("h1", h1)
                .output("out", out).build(), g);
    }

    /**
     * The resource forms of the optimizer updates and of Gather, each read back after it runs; the signatures
     * called by name through {@link LoadedModel#call}, as TensorFlow Java's {@code function(name).call}.
     */
    @Test
    void resourceOptimizerUpdatesAndGather() throws IOException {
        Path dir = tmp.resolve("resource-updates");
        Random r = new Random(29);
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        try (TfGraph t = new TfGraph()) {
            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            Output<?> emb = resourceVariable(t, vars, "embedding", TfImportCases.f(r, 5, 3), "embedding");
            Output<?> gd = resourceVariable(t, vars, "gd", TfImportCases.f(r, 3), "gd");
            Output<?> mom = resourceVariable(t, vars, "mom", TfImportCases.f(r, 3), "mom");
            Output<?> acc = resourceVariable(t, vars, "mom_acc", TfImportCases.floats(r, 0, 1, 3), "mom_acc");
            Output<?> adam = resourceVariable(t, vars, "adam", TfImportCases.f(r, 3), "adam");
            Output<?> am = resourceVariable(t, vars, "adam_m", TfImportCases.floats(r, -0.1, 0.1, 3), "adam_m");
            Output<?> av = resourceVariable(t, vars, "adam_v", TfImportCases.floats(r, 0.01, 0.1, 3), "adam_v");
            Output<?> grad = t.feed(TfImportCases.f(r, 3));
            Output<?> ids = t.feed(dev.nagare.graph.Tensor.of(dev.nagare.graph.Shape.of(4), new int[] {4, 0, 2, 2}));
            Output<?> lr = t.constant(Tensor.scalar(0.1f));
            GraphOperation g1 = t.op("ResourceApplyGradientDescent").named("apply_gd").in(gd, lr, grad).attr("T", DType.FLOAT32).build();
            GraphOperation g2 = t.op("ResourceApplyMomentum").named("apply_momentum").in(mom, acc, lr, grad, t.constant(Tensor.scalar(0.9f)))
                    .attr("T", DType.FLOAT32).build();
            GraphOperation g3 = t.op("ResourceApplyAdam").named("apply_adam").in(adam, am, av, t.constant(Tensor.scalar(0.81f)),
                    t.constant(Tensor.scalar(0.998f)), lr, t.constant(Tensor.scalar(0.9f)), t.constant(Tensor.scalar(0.999f)),
                    t.constant(Tensor.scalar(1e-7f)), grad).attr("T", DType.FLOAT32).build();
            Map<String, Output<?>> after = new LinkedHashMap<>();
            Object[][] reads = {{"gd", gd, g1}, {"mom", mom, g2}, {"mom_acc", acc, g2}, {"adam", adam, g3}, {"adam_m", am, g3}, {"adam_v", av, g3}};
            for (Object[] rd : reads) {
                after.put((String) rd[0], t.op("ReadVariableOp").named(rd[0] + "/read_after").in((Output<?>) rd[1]).attr("dtype", DType.FLOAT32)
                        .control((GraphOperation) rd[2]).out());
            }
            Output<?> rows = t.op("ResourceGather").named("lookup").in(emb, ids).attr("dtype", DType.FLOAT32).attr("Tindices", DType.INT32).out();
            Map<String, SignatureDef> sigs = new LinkedHashMap<>();
            sigs.put("train", sig(Map.of("grad", grad), after));
            sigs.put("lookup", sig(Map.of("ids", ids), Map.of("rows", rows)));
            feeds.put("train", Map.of("grad", t.feeds.get("in0")));
            feeds.put("lookup", Map.of("ids", t.feeds.get("in1")));
            TfSavedModelWriter.write(t, dir, vars, sigs);
        }
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            for (String key : feeds.keySet()) {
                Compare.assertAllClose(key, expected.get(key), m.call(key, feeds.get(key)), OpDifferentialTest.TOLERANCE);
            }
            assertThrows(IllegalArgumentException.class, () -> m.call("lookup", Map.of("grad", feeds.get("train").get("grad"))));
        }
    }

    // ---- function library written by hand (FunctionDef protos), run by TensorFlow from the same graph ----

    private static AttrValue type(DataType t) { return AttrValue.newBuilder().setType(t).build(); }

    private static AttrValue placeholder(String name) { return AttrValue.newBuilder().setPlaceholder(name).build(); }

    private static OpDef.ArgDef arg(String name, DataType t) { return OpDef.ArgDef.newBuilder().setName(name).setType(t).build(); }

    private static OpDef.ArgDef typeArg(String name, String attr) { return OpDef.ArgDef.newBuilder().setName(name).setTypeAttr(attr).build(); }

    private static NodeDef fnode(String name, String op, Map<String, AttrValue> attrs, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(List.of(inputs)).putAllAttr(attrs).build();
    }

    /**
     * {@code scale(x: T) -> y: T = x * 2}, generic in T; {@code bump(v, w: resource, d, x: T)}: v += d, w -= d
     * (both control outputs), returns (v after, w after, scale(x) called by op name).
     */
    static FunctionDefLibrary library() {
        FunctionDef scale = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("scale").addInputArg(typeArg("x", "T")).addOutputArg(typeArg("y", "T"))
                        .addAttr(OpDef.AttrDef.newBuilder().setName("T").setType("type")))
                .addNodeDef(fnode("two", "Const", Map.of("dtype", placeholder("T"), "value", AttrValue.newBuilder()
                        .setTensor(TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.getDefaultInstance())
                                .addFloatVal(2f)).build())))
                .addNodeDef(fnode("mul", "Mul", Map.of("T", placeholder("T")), "x", "two:output:0"))
                .putRet("y", "mul:z:0").build();
        FunctionDef bump = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("bump").addInputArg(arg("v", DataType.DT_RESOURCE))
                        .addInputArg(arg("w", DataType.DT_RESOURCE)).addInputArg(typeArg("d", "T")).addInputArg(typeArg("x", "T"))
                        .addOutputArg(typeArg("v_after", "T")).addOutputArg(typeArg("w_after", "T")).addOutputArg(typeArg("scaled", "T"))
                        .addAttr(OpDef.AttrDef.newBuilder().setName("T").setType("type")).addControlOutput("add").addControlOutput("sub")
                        .setIsStateful(true))
                .addNodeDef(fnode("add", "AssignAddVariableOp", Map.of("dtype", placeholder("T")), "v", "d"))
                .addNodeDef(fnode("sub", "AssignSubVariableOp", Map.of("dtype", placeholder("T")), "w", "d"))
                .addNodeDef(fnode("read_v", "ReadVariableOp", Map.of("dtype", placeholder("T")), "v", "^add"))
                .addNodeDef(fnode("read_w", "ReadVariableOp", Map.of("dtype", placeholder("T")), "w", "^sub"))
                .addNodeDef(fnode("scale_x", "scale", Map.of("T", placeholder("T")), "x"))
                .putRet("v_after", "read_v:value:0").putRet("w_after", "read_w:value:0").putRet("scaled", "scale_x:y:0")
                .putControlRet("add", "add").putControlRet("sub", "sub").build();
        return FunctionDefLibrary.newBuilder().addFunction(scale).addFunction(bump).build();
    }

    private static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name).putAttr("T", type(DataType.DT_FLOAT))).build();
    }

    /**
     * Generic functions (attr placeholders bound by the call, a nested call by op name), resource variable
     * updates as control outputs, AssignAddVariableOp and AssignSubVariableOp: TensorFlow runs the SavedModel,
     * Nagare imports and agrees, its variables updated alike.
     */
    @Test
    void genericFunctionsWithControlOutputsUpdateVariables() throws IOException {
        Path dir = tmp.resolve("bump");
        Random r = new Random(17);
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        try (TfGraph t = new TfGraph()) {
            t.graph.importGraphDef(GraphDef.newBuilder().setLibrary(library()).build());
            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            Output<?> v = resourceVariable(t, vars, "v", TfImportCases.f(r, 3), "model/v" + ObjectGraphKeys.VALUE_SUFFIX);
            Output<?> w = resourceVariable(t, vars, "w", TfImportCases.f(r, 3), "model/w" + ObjectGraphKeys.VALUE_SUFFIX);
            Output<?> d = t.feed(TfImportCases.f(r, 3)), x = t.feed(TfImportCases.f(r, 2, 3));
            org.tensorflow.Operation call = t.graph.opBuilder("StatefulPartitionedCall", "StatefulPartitionedCall", t.graph.baseScope())
                    .addInputList(new Output<?>[] {v, w, d, x})
                    .setAttr("Tin", new DataType[] {DataType.DT_RESOURCE, DataType.DT_RESOURCE, DataType.DT_FLOAT, DataType.DT_FLOAT})
                    .setAttr("Tout", new DataType[] {DataType.DT_FLOAT, DataType.DT_FLOAT, DataType.DT_FLOAT}).setAttr("f", func("bump")).build();
            org.tensorflow.Operation plain = t.graph.opBuilder("PartitionedCall", "PartitionedCall", t.graph.baseScope()).addInputList(new Output<?>[] {x})
                    .setAttr("Tin", new DataType[] {DataType.DT_FLOAT}).setAttr("Tout", new DataType[] {DataType.DT_FLOAT})
                    .setAttr("f", func("scale")).build();
            Map<String, SignatureDef> sigs = new LinkedHashMap<>();
            sigs.put("bump", sig(Map.of("d", d, "x", x), Map.of("v", call.output(0), "w", call.output(1), "scaled", call.output(2))));
            sigs.put("scale", sig(Map.of("x", x), Map.of("y", plain.output(0))));
            feeds.put("bump", Map.of("d", t.feeds.get("in0"), "x", t.feeds.get("in1")));
            feeds.put("scale", Map.of("x", t.feeds.get("in1")));
            TfSavedModelWriter.write(t, dir, vars, sigs);
        }
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            for (String key : feeds.keySet()) {
                Compare.assertAllClose(key, expected.get(key), TfJudge.runNagare(m.session(), m.signature(key), feeds.get(key)),
                        OpDifferentialTest.TOLERANCE);
            }
        }
    }

    /** A StatefulPartitionedCall of {@code fn}, its inputs by argument name, as TensorFlow 2's signatures call functions. */
    static GraphOperation statefulCall(org.tensorflow.Graph g, String name, ConcreteFunction fn, Map<String, Output<?>> args) {
        g.attachFunction(fn);
        org.tensorflow.proto.OpDef s = fn.getFunctionDef().getSignature();
        List<Output<?>> ins = new ArrayList<>();
        for (var a : s.getInputArgList()) ins.add(java.util.Objects.requireNonNull(args.get(a.getName()), a.getName()));
        var b = g.opBuilder("StatefulPartitionedCall", name, g.baseScope()).addInputList(ins.toArray(new Output<?>[0]));
        b.setAttr("Tin", s.getInputArgList().stream().map(a -> a.getType()).toArray(DataType[]::new));
        b.setAttr("Tout", s.getOutputArgList().stream().map(a -> a.getType()).toArray(DataType[]::new));
        b.setAttr("f", fn);
        return b.build();
    }

    private static Output<?> resourcePlaceholder(org.tensorflow.Graph g, String name) {
        return g.opBuilder("Placeholder", name, g.baseScope()).setAttr("dtype", DataType.DT_RESOURCE).build().output(0);
    }

    /**
     * The headline: a Keras-like Sequential (Flatten, Dense 4->5 ReLU, Dropout, Dense 5->3, softmax) whose layers are functions
     * over resource variables, called from a model function, called from serving_default through
     * StatefulPartitionedCall; a second signature calls the first layer's function directly. Checkpoint keys
     * are TensorFlow 2's object-graph keys, and the SavedModel carries a SavedObjectGraph naming them.
     */
    @Test
    void kerasStyleSequentialServedThroughFunctions() throws IOException {
        Path dir = tmp.resolve("keras");
        Random r = new Random(5);
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        feeds.put("serving_default", Map.of("input_1", TfImportCases.f(r, 6, 2, 2)));
        feeds.put("hidden", Map.of("x", TfImportCases.f(r, 2, 4)));
        writeSequential(dir, r);
        GraphDef written = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb"))).getMetaGraphs(0).getGraphDef();
        assertEquals(Set.of("dense", "dense_1", "sequential"), written.getLibrary().getFunctionList().stream()
                .map(f -> f.getSignature().getName().replaceAll("_[A-Za-z0-9-]{11}$", "")).collect(java.util.stream.Collectors.toSet()));
        assertEquals(List.of("StatefulPartitionedCall", "PartitionedCall"), written.getNodeList().stream()
                .filter(n -> n.getOp().endsWith("PartitionedCall")).map(NodeDef::getOp).toList());
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            assertEquals(Set.of("serving_default", "hidden"), m.signatures().keySet());
            for (String key : feeds.keySet()) {
                Compare.assertAllClose(key, expected.get(key), TfJudge.runNagare(m.session(), m.signature(key), feeds.get(key)),
                        OpDifferentialTest.TOLERANCE);
            }
            // the model's ops are inlined: no call node survives, and the variables are Nagare's
            assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opName().contains("Call")));
        }

        // the same model without its restore subgraph: the object graph alone tells where each variable is
        Path bare = tmp.resolve("keras-object-graph-only");
        copy(dir, bare);
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(bare.resolve("saved_model.pb")));
        MetaGraphDef meta = sm.getMetaGraphs(0);
        GraphDef.Builder g = meta.getGraphDef().toBuilder().clearNode();
        for (NodeDef n : meta.getGraphDef().getNodeList()) if (!n.getName().startsWith("save/")) g.addNode(n);
        sm = sm.toBuilder().setMetaGraphs(0, meta.toBuilder().setGraphDef(g).clearSaverDef()).build();
        Files.write(bare.resolve("saved_model.pb"), sm.toByteArray());
        try (LoadedModel m = SavedModelImporter.load(bare)) {
            for (String key : feeds.keySet()) {
                Compare.assertAllClose(key, expected.get(key), TfJudge.runNagare(m.session(), m.signature(key), feeds.get(key)),
                        OpDifferentialTest.TOLERANCE);
            }
        }
    }

    private static void writeSequential(Path dir, Random r) throws IOException {
        try (TfGraph t = new TfGraph(); var g0 = new org.tensorflow.Graph(); var g1 = new org.tensorflow.Graph();
                var gm = new org.tensorflow.Graph()) {
            ConcreteFunction hidden = dense(g0, "dense", 4, true), out = dense(g1, "dense_1", 5, false);
            // the model function: Flatten (Reshape by a Const of the body), Dense, Dropout (Identity when serving), Dense, softmax
            Ops mf = Ops.create(gm);
            var mx = mf.withName("input_1").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 2, 2)));
            Output<?>[] mh = new Output<?>[4];
            String[] hn = {"dense_kernel", "dense_bias", "dense_1_kernel", "dense_1_bias"};
            for (int i = 0; i < 4; i++) mh[i] = resourcePlaceholder(gm, hn[i]);
            var flat = mf.withSubScope("flatten").withName("Reshape").reshape(mx, mf.withSubScope("flatten").withName("Const").constant(new int[] {-1, 4}));
            var h = mf.call(hidden, Map.of("x", flat, "kernel", mh[0], "bias", mh[1])).get("y");
            var dropped = mf.withSubScope("dropout").withName("Identity").identity(h);
            var logits = mf.call(out, Map.of("x", dropped, "kernel", mh[2], "bias", mh[3])).get("y");
            @SuppressWarnings("unchecked")
            var probs = mf.withName("softmax").nn.softmax((Operand<TFloat32>) logits);
            var msig = org.tensorflow.Signature.builder("sequential").input("input_1", mx);
            for (int i = 0; i < 4; i++) msig.input(hn[i], mh[i]);
            ConcreteFunction model = ConcreteFunction.create(msig.output("probs", probs).output("logits", logits).build(), gm);

            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            String[] names = {"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"};
            String[] keys = {"layer_with_weights-0/kernel", "layer_with_weights-0/bias", "layer_with_weights-1/kernel",
                    "layer_with_weights-1/bias"};
            Tensor[] init = {TfImportCases.f(r, 4, 5), TfImportCases.f(r, 5), TfImportCases.f(r, 5, 3), TfImportCases.f(r, 3)};
            Output<?>[] handles = new Output<?>[4];
            for (int i = 0; i < 4; i++) handles[i] = resourceVariable(t, vars, names[i], init[i], keys[i] + ObjectGraphKeys.VALUE_SUFFIX);
            Ops tf = Ops.create(t.graph);
            var x = tf.withName("serving_default_input_1").placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 2, 2)));
            Map<String, Output<?>> in = new LinkedHashMap<>();
            in.put("input_1", x.asOutput());
            for (int i = 0; i < 4; i++) in.put(hn[i], handles[i]);
            // serving_default as TensorFlow 2 writes it: StatefulPartitionedCall into the model function, Identity
            GraphOperation call = statefulCall(t.graph, "StatefulPartitionedCall", model, in);
            List<String> outArgs = model.getFunctionDef().getSignature().getOutputArgList().stream().map(a -> a.getName()).toList();
            int probsAt = outArgs.get(0).startsWith("softmax") ? 0 : 1;
            var p = t.op("Identity").named("Identity").in(call.output(probsAt)).attr("T", DType.FLOAT32).out();
            var l = t.op("Identity").named("Identity_1").in(call.output(1 - probsAt)).attr("T", DType.FLOAT32).out();
            var x2 = tf.withName("hidden_x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 4)));
            var h2 = tf.call(hidden, Map.of("x", x2, "kernel", handles[0], "bias", handles[1])).get("y");

            Map<String, SignatureDef> sigs = new LinkedHashMap<>();
            sigs.put("serving_default", sig(Map.of("input_1", x.asOutput()), Map.of("probs", p, "logits", l)));
            sigs.put("hidden", sig(Map.of("x", x2.asOutput()), Map.of("h", h2.asOutput())));
            TfSavedModelWriter.write(t, dir, vars, sigs);
        }
        // the object graph: root -> layer_with_weights-i -> kernel / bias, and (listed later) a "variables" list
        SavedObjectGraph.Builder og = SavedObjectGraph.newBuilder();
        SavedObject.Builder root = user("Sequential");
        for (int l = 0; l < 2; l++) root.addChildren(ref(1 + l, "layer_with_weights-" + l));
        root.addChildren(ref(3, "variables"));
        og.addNodes(root);
        og.addNodes(user("Dense").addChildren(ref(4, "kernel")).addChildren(ref(5, "bias")));
        og.addNodes(user("Dense").addChildren(ref(6, "kernel")).addChildren(ref(7, "bias")));
        SavedObject.Builder list = user("ListWrapper");
        for (int i = 0; i < 4; i++) list.addChildren(ref(4 + i, String.valueOf(i)));
        og.addNodes(list);
        String[] names = {"dense/kernel", "dense/bias", "dense_1/kernel", "dense_1/bias"};
        for (String n : names) {
            og.addNodes(SavedObject.newBuilder().setVariable(SavedVariable.newBuilder().setName(n).setDtype(DataType.DT_FLOAT).setTrainable(true)));
        }
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        sm = sm.toBuilder().setMetaGraphs(0, sm.getMetaGraphs(0).toBuilder().setObjectGraphDef(og)).build();
        Files.write(pb, sm.toByteArray());
    }

    /**
     * A Keras-like CNN saved the TensorFlow 2 way: Conv2D (3x3, 2 filters, "valid", ReLU) as a function over resource
     * variables, MaxPooling2D (the v1 MaxPool Keras emits) and Flatten in the model function, then a Dense function,
     * softmax; serving_default through StatefulPartitionedCall; the variables found by object-graph keys alone (no
     * restore subgraph). TensorFlow runs the same SavedModel as the judge.
     */
    @Test
    void kerasStyleCnnSavedTheTensorFlow2Way() throws IOException {
        Path dir = tmp.resolve("keras-cnn");
        Random r = new Random(11);
        Map<String, Map<String, Tensor>> feeds = Map.of("serving_default", Map.of("input_1", TfImportCases.f(r, 3, 6, 6, 1)));
        try (TfGraph t = new TfGraph(); var gc = new org.tensorflow.Graph(); var gd = new org.tensorflow.Graph();
                var gm = new org.tensorflow.Graph()) {
            ConcreteFunction conv = convLayer(gc), dense = dense(gd, "dense", 8, false);
            Ops mf = Ops.create(gm);
            var mx = mf.withName("input_1").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 6, 6, 1)));
            String[] hn = {"conv2d_kernel", "conv2d_bias", "dense_kernel", "dense_bias"};
            Output<?>[] mh = new Output<?>[4];
            for (int i = 0; i < 4; i++) mh[i] = resourcePlaceholder(gm, hn[i]);
            var c = mf.call(conv, Map.of("x", mx, "kernel", mh[0], "bias", mh[1])).get("y");
            Output<?> pooled = gm.opBuilder("MaxPool", "max_pooling2d/MaxPool", gm.baseScope()).addInput(c.asOutput())
                    .setAttr("T", DataType.DT_FLOAT).setAttr("ksize", new long[] {1, 2, 2, 1}).setAttr("strides", new long[] {1, 2, 2, 1})
                    .setAttr("padding", "VALID").build().output(0);
            @SuppressWarnings("unchecked")
            var flat = mf.withSubScope("flatten").withName("Reshape").reshape((Operand<TFloat32>) pooled,
                    mf.withSubScope("flatten").withName("Const").constant(new int[] {-1, 8}));
            var logits = mf.call(dense, Map.of("x", flat, "kernel", mh[2], "bias", mh[3])).get("y");
            @SuppressWarnings("unchecked")
            var probs = mf.withName("softmax").nn.softmax((Operand<TFloat32>) logits);
            var msig = org.tensorflow.Signature.builder("sequential").input("input_1", mx);
            for (int i = 0; i < 4; i++) msig.input(hn[i], mh[i]);
            ConcreteFunction model = ConcreteFunction.create(msig.output("probs", probs).build(), gm);

            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            String[] names = {"conv2d/kernel", "conv2d/bias", "dense/kernel", "dense/bias"};
            Tensor[] init = {TfImportCases.f(r, 3, 3, 1, 2), TfImportCases.f(r, 2), TfImportCases.f(r, 8, 3), TfImportCases.f(r, 3)};
            Output<?>[] handles = new Output<?>[4];
            for (int i = 0; i < 4; i++) {
                String key = "layer_with_weights-" + (i / 2) + (i % 2 == 0 ? "/kernel" : "/bias") + ObjectGraphKeys.VALUE_SUFFIX;
                handles[i] = resourceVariable(t, vars, names[i], init[i], key);
            }
            var x = Ops.create(t.graph).withName("serving_default_input_1").placeholder(TFloat32.class,
                    Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 6, 6, 1)));
            Map<String, Output<?>> in = new LinkedHashMap<>();
            in.put("input_1", x.asOutput());
            for (int i = 0; i < 4; i++) in.put(hn[i], handles[i]);
            GraphOperation call = statefulCall(t.graph, "StatefulPartitionedCall", model, in);
            var p = t.op("Identity").named("Identity").in(call.output(0)).attr("T", DType.FLOAT32).out();
            TfSavedModelWriter.write(t, dir, vars, Map.of("serving_default", sig(Map.of("input_1", x.asOutput()), Map.of("probs", p))));
        }
        SavedObjectGraph.Builder og = SavedObjectGraph.newBuilder();
        og.addNodes(user("Sequential").addChildren(ref(1, "layer_with_weights-0")).addChildren(ref(2, "layer_with_weights-1")));
        og.addNodes(user("Conv2D").addChildren(ref(3, "kernel")).addChildren(ref(4, "bias")));
        og.addNodes(user("Dense").addChildren(ref(5, "kernel")).addChildren(ref(6, "bias")));
        for (String n : new String[] {"conv2d/kernel", "conv2d/bias", "dense/kernel", "dense/bias"}) {
            og.addNodes(SavedObject.newBuilder().setVariable(SavedVariable.newBuilder().setName(n).setDtype(DataType.DT_FLOAT).setTrainable(true)));
        }
        Path pb = dir.resolve("saved_model.pb");
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(pb));
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        // leave only the object graph to say where each variable is: no restore subgraph, no saver
        MetaGraphDef meta = sm.getMetaGraphs(0);
        GraphDef.Builder g = meta.getGraphDef().toBuilder().clearNode();
        for (NodeDef n : meta.getGraphDef().getNodeList()) if (!n.getName().startsWith("save/")) g.addNode(n);
        sm = sm.toBuilder().setMetaGraphs(0, meta.toBuilder().setGraphDef(g).clearSaverDef().setObjectGraphDef(og)).build();
        Files.write(pb, sm.toByteArray());
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            Compare.assertAllClose("serving_default", expected.get("serving_default"),
                    TfJudge.runNagare(m.session(), m.signature(), feeds.get("serving_default")), OpDifferentialTest.TOLERANCE);
            assertTrue(m.graph().nodes().stream().anyMatch(n -> n.opName().equals("Conv2D")));
            assertTrue(m.graph().nodes().stream().noneMatch(n -> n.opName().contains("Call")));
        }
    }

    /** Keras's Conv2D layer as a function: x [batch, 6, 6, 1], a 3x3x1x2 kernel, "valid" padding, bias, ReLU. */
    private static ConcreteFunction convLayer(org.tensorflow.Graph fg) {
        Ops f = Ops.create(fg);
        var x = f.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 6, 6, 1)));
        Output<?> k = resourcePlaceholder(fg, "kernel"), b = resourcePlaceholder(fg, "bias");
        var kv = f.withSubScope("Conv2D").withName("ReadVariableOp").readVariableOp(k, TFloat32.class);
        var bv = f.withSubScope("BiasAdd").withName("ReadVariableOp").readVariableOp(b, TFloat32.class);
        Operand<TFloat32> y = f.withName("BiasAdd").nn.biasAdd(f.withName("Conv2D").nn.conv2d(x, kv, List.of(1L, 1L, 1L, 1L), "VALID"), bv);
        y = f.withName("Relu").nn.relu(y);
        return ConcreteFunction.create(org.tensorflow.Signature.builder("conv2d").input("x", x).input("kernel", k).input("bias", b)
                .output("y", y).build(), fg);
    }

    private static SavedObject.Builder user(String identifier) {
        return SavedObject.newBuilder().setUserObject(SavedUserObject.newBuilder().setIdentifier(identifier));
    }

    private static ObjectReference ref(int id, String name) { return ObjectReference.newBuilder().setNodeId(id).setLocalName(name).build(); }

    /** A VarHandleOp with shared_name {@code name}, initialised to {@code init}, saved under {@code key}. */
    static Output<?> resourceVariable(TfGraph t, List<TfSavedModelWriter.Var> vars, String name, Tensor init, String key) {
        GraphOperation v = t.op("VarHandleOp").named(name).attr("dtype", init.dtype()).attr("shape", init.shape()).attr("shared_name", name).build();
        GraphOperation assign = t.op("AssignVariableOp").named(name + "/init").in(v.output(0), t.constant(init)).attr("dtype", init.dtype()).build();
        vars.add(new TfSavedModelWriter.Var(v, init.dtype(), true, assign, key));
        return v.output(0);
    }

    static SignatureDef sig(Map<String, Output<?>> inputs, Map<String, Output<?>> outputs) {
        SignatureDef.Builder b = SignatureDef.newBuilder().setMethodName(Signature.PREDICT_METHOD);
        inputs.forEach((k, o) -> b.putInputs(k, info(o)));
        outputs.forEach((k, o) -> b.putOutputs(k, info(o)));
        return b.build();
    }

    private static TensorInfo info(Output<?> o) {
        var s = o.shape();
        org.tensorflow.proto.TensorShapeProto.Builder sb = org.tensorflow.proto.TensorShapeProto.newBuilder();
        if (s.isUnknown()) sb.setUnknownRank(true);
        else for (long d : s.asArray()) sb.addDim(org.tensorflow.proto.TensorShapeProto.Dim.newBuilder().setSize(d));
        return TensorInfo.newBuilder().setName(o.op().name() + ":" + o.index()).setDtype(o.dataType()).setTensorShape(sb).build();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(q);
                else Files.copy(p, q);
            }
        }
    }
}
