package dev.nagare.interop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.NodeDef;

/**
 * Which checkpoint key holds each variable, read from the model's restore subgraph: an Assign (or
 * AssignVariableOp) of RestoreV2 output k to a variable means the variable's key is the k-th of
 * RestoreV2's tensor names. Variables the subgraph does not mention are looked up by their node name,
 * as TensorFlow 1's saver names them.
 */
final class RestoreKeys {
    private RestoreKeys() {}

    static Map<String, String> of(GraphImport g) {
        Map<String, String> keys = new HashMap<>();
        for (NodeDef d : g.defs()) {
            if (!d.getOp().equals("Assign") && !d.getOp().equals("AssignVariableOp") || d.getInputCount() < 2) continue;
            TensorRef var = TensorRef.parse(d.getInput(0)), value = follow(g, TensorRef.parse(d.getInput(1)));
            if (var.control() || value == null) continue;
            NodeDef restore = g.def(value.node());
            if (!restore.getOp().equals("RestoreV2") || restore.getInputCount() < 2) continue;
            TensorRef namesRef = follow(g, TensorRef.parse(restore.getInput(1)));
            if (namesRef == null) continue;
            NodeDef names = g.def(namesRef.node());
            if (!names.getOp().equals("Const")) continue;
            var value0 = names.getAttrMap().get("value");
            if (value0 == null || !value0.hasTensor()) continue;
            List<String> list = TensorProtos.strings(value0.getTensor());
            if (value.index() < list.size()) keys.putIfAbsent(var.node(), list.get(value.index()));
        }
        return keys;
    }

    /** Follows Identity nodes back to the tensor they pass on; null for a control input or a dangling name. */
    private static TensorRef follow(GraphImport g, TensorRef r) {
        for (int hops = 0; hops < 64 && r != null && !r.control(); hops++) {
            NodeDef d = g.def(r.node());
            if (d == null) return null;
            if (!d.getOp().equals("Identity") || r.index() != 0 || d.getInputCount() == 0) return r;
            r = TensorRef.parse(d.getInput(0));
        }
        return null;
    }
}
