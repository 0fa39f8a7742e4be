package dev.nagare.interop;

import dev.nagare.graph.DType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

/**
 * Writes a SavedModel of a graph TensorFlow Java built with raw ops (its exporter only saves variables made
 * through its Ops API): TensorFlow's own SaveV2 op writes the checkpoint, run in a TensorFlow Session after
 * the variables' initializers; the save/restore nodes are TensorFlow ops in the same graph; only the
 * SavedModel envelope is assembled here.
 */
final class TfSavedModelWriter {
    private TfSavedModelWriter() {}

    /** A variable of the graph: VariableV2/Variable (ref) or VarHandleOp (resource), its initializer, its checkpoint key. */
    record Var(GraphOperation op, DType dtype, boolean resource, GraphOperation init, String key) {}

    static void write(TfGraph t, Path dir, List<Var> vars, Map<String, SignatureDef> signatures) throws IOException {
        var g = t.graph;
        Output<?> filename = g.opBuilder("Placeholder", "save/Const", g.baseScope()).setAttr("dtype", DataType.DT_STRING)
                .setAttr("shape", org.tensorflow.ndarray.Shape.scalar()).build().output(0);
        String[] keys = vars.stream().map(Var::key).toArray(String[]::new);
        String[] slices = new String[keys.length];
        java.util.Arrays.fill(slices, "");
        Output<?> names = stringConst(t, "save/tensor_names", keys), shapes = stringConst(t, "save/shape_and_slices", slices);
        DataType[] dtypes = vars.stream().map(v -> TfGraph.type(v.dtype())).toArray(DataType[]::new);
        Output<?>[] values = new Output<?>[vars.size()];
        for (int i = 0; i < values.length; i++) {
            Var v = vars.get(i);
            values[i] = v.resource()
                    ? g.opBuilder("ReadVariableOp", "save/read_" + i, g.baseScope()).addInput(v.op().output(0)).setAttr("dtype", dtypes[i]).build().output(0)
                    : v.op().output(0);
        }
        GraphOperation save = g.opBuilder("SaveV2", "save/SaveV2", g.baseScope()).addInput(filename).addInput(names).addInput(shapes)
                .addInputList(values).setAttr("dtypes", dtypes).build();
        g.opBuilder("Identity", "save/control_dependency", g.baseScope()).addInput(filename).addControlInput(save)
                .setAttr("T", DataType.DT_STRING).build();
        GraphOperation restore = g.opBuilder("RestoreV2", "save/RestoreV2", g.baseScope()).addInput(filename).addInput(names)
                .addInput(shapes).setAttr("dtypes", dtypes).build();
        List<GraphOperation> assigns = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Var v = vars.get(i);
            var b = v.resource()
                    ? g.opBuilder("AssignVariableOp", "save/AssignVariableOp_" + i, g.baseScope()).addInput(v.op().output(0))
                            .addInput(g.opBuilder("Identity", "save/Identity_" + i, g.baseScope()).addInput(restore.output(i))
                                    .setAttr("T", dtypes[i]).build().output(0)).setAttr("dtype", dtypes[i])
                    : g.opBuilder("Assign", "save/Assign_" + i, g.baseScope()).addInput(v.op().output(0)).addInput(restore.output(i))
                            .setAttr("T", dtypes[i]);
            assigns.add(b.build());
        }
        var restoreAll = g.opBuilder("NoOp", "save/restore_all", g.baseScope());
        for (GraphOperation a : assigns) restoreAll.addControlInput(a);
        restoreAll.build();

        Files.createDirectories(dir.resolve("variables"));
        try (Session s = new Session(g); TString prefix = TString.scalarOf(dir.resolve("variables/variables").toString())) {
            Session.Runner init = s.runner();
            for (Var v : vars) init.addTarget(v.init());
            init.run();
            s.runner().feed(filename, prefix).addTarget(save).run();
        }
        MetaGraphDef.Builder meta = MetaGraphDef.newBuilder().setGraphDef(g.toGraphDef())
                .setSaverDef(SaverDef.newBuilder().setFilenameTensorName("save/Const:0").setSaveTensorName("save/control_dependency:0")
                        .setRestoreOpName("save/restore_all").setVersion(SaverDef.CheckpointFormatVersion.V2))
                .putAllSignatureDef(signatures);
        meta.getMetaInfoDefBuilder().addTags("serve");
        Files.write(dir.resolve("saved_model.pb"), SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build().toByteArray());
    }

    private static Output<?> stringConst(TfGraph t, String name, String[] values) {
        try (TString v = TString.vectorOf(values)) {
            return t.graph.opBuilder("Const", name, t.graph.baseScope()).setAttr("value", v).setAttr("dtype", DataType.DT_STRING).build().output(0);
        }
    }
}
