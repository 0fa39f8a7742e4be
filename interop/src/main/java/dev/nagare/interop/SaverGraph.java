package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SaverDef;

/**
 * The save/restore subgraph TensorFlow's loaders run to fill variables from {@code variables/}: a string
 * placeholder for the checkpoint prefix, RestoreV2 and one Assign per variable grouped by a NoOp, and the
 * SaveV2 half that Python's v1 loader insists on. Each variable's checkpoint key is its node name.
 */
final class SaverGraph {
    private SaverGraph() {}

    /** Adds the subgraph for {@code variables} (sorted by name) under a scope no node uses; returns the SaverDef. */
    static SaverDef add(ExportContext cx, List<Node> variables) {
        String s = cx.reserveScope("save");
        List<String> names = new ArrayList<>();
        AttrValue.ListValue.Builder dtypes = AttrValue.ListValue.newBuilder();
        for (Node v : variables) {
            names.add(v.name());
            dtypes.addType(DTypes.toTf(v.<DType>attr("dtype")));
        }
        AttrValue dtypeList = AttrValue.newBuilder().setList(dtypes).build();
        List<String> noSlices = Collections.nCopies(names.size(), "");

        String filename = s + "/Const";
        cx.emit(filename, "Placeholder").attr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build())
                .attr("shape", Attrs.shape(dev.nagare.graph.Shape.scalar())).add();

        String saveNames = stringConst(cx, s + "/SaveV2/tensor_names", names);
        String saveSlices = stringConst(cx, s + "/SaveV2/shape_and_slices", noSlices);
        ExportContext.Builder save = cx.emit(s + "/SaveV2", "SaveV2").input(filename).input(saveNames).input(saveSlices)
                .attr("dtypes", dtypeList);
        for (Node v : variables) save.input(v.name());
        save.add();
        String saved = s + "/control_dependency";
        cx.emit(saved, "Identity").input(filename).control(s + "/SaveV2")
                .attr("T", AttrValue.newBuilder().setType(DataType.DT_STRING).build()).add();

        String restoreNames = stringConst(cx, s + "/RestoreV2/tensor_names", names);
        String restoreSlices = stringConst(cx, s + "/RestoreV2/shape_and_slices", noSlices);
        String restore = s + "/RestoreV2";
        cx.emit(restore, "RestoreV2").input(filename).input(restoreNames).input(restoreSlices).attr("dtypes", dtypeList).add();
        ExportContext.Builder restoreAll = cx.emit(s + "/restore_all", "NoOp");
        for (int i = 0; i < variables.size(); i++) {
            Node v = variables.get(i);
            String assign = s + "/Assign" + (i == 0 ? "" : "_" + i);
            cx.emit(assign, "Assign").input(v.name()).input(i == 0 ? restore : restore + ":" + i)
                    .type("T", v.<DType>attr("dtype")).add();
            restoreAll.control(assign);
        }
        restoreAll.add();
        return SaverDef.newBuilder().setFilenameTensorName(filename + ":0").setSaveTensorName(saved + ":0")
                .setRestoreOpName(s + "/restore_all").setVersion(SaverDef.CheckpointFormatVersion.V2).build();
    }

    private static String stringConst(ExportContext cx, String name, List<String> values) {
        cx.emit(name, "Const").attr("value", AttrValue.newBuilder().setTensor(TensorProtos.strings(values)).build())
                .attr("dtype", AttrValue.newBuilder().setType(DataType.DT_STRING).build()).add();
        return name;
    }
}
