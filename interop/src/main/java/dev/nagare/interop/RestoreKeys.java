package dev.nagare.interop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.NodeDef;

/**
 * Which checkpoint key holds each variable, read from the model's restore subgraph: an Assign (or
 * AssignVariableOp) of RestoreV2 output k to a variable means the variable's key is the k-th of
 * RestoreV2's tensor names. Variables the subgraph does not mention are looked up by their node name,
 * as TensorFlow 1's saver names them. Only the tensor names of the variables asked about are decoded: the
 * rest of the subgraph is never run, so the rest of its constants are never read.
 */
final class RestoreKeys {
    private RestoreKeys() {}

    /** The keys of {@code variables} (node names) that the restore subgraph names. */
    static Map<String, String> of(GraphImport g, Set<String> variables) {
        Map<String, String> keys = new HashMap<>();
        if (variables.isEmpty()) return keys;
        for (NodeDef d : g.defs()) {
            if (!d.getOp().equals("Assign") && !d.getOp().equals("AssignVariableOp") || d.getInputCount() < 2) continue;
            TensorRef var = TensorRef.parse(d.getInput(0));
            if (var.control() || !variables.contains(var.node()) || keys.containsKey(var.node())) continue;
            TensorRef value = follow(g, TensorRef.parse(d.getInput(1)));
            if (value == null) continue;
            NodeDef restore = g.def(value.node());
            if (!restore.getOp().equals("RestoreV2") || restore.getInputCount() < 2) continue;
            TensorRef namesRef = follow(g, TensorRef.parse(restore.getInput(1)));
            if (namesRef == null) continue;
            NodeDef names = g.def(namesRef.node());
            if (!names.getOp().equals("Const")) continue;
            var value0 = names.getAttrMap().get("value");
            if (value0 == null || !value0.hasTensor()) continue;
            List<String> list;
            try {
                list = TensorProtos.strings(value0.getTensor());
            } catch (BadModel e) {
                throw e.at("Const '" + names.getName() + "' (the tensor names of '" + restore.getName() + "')");
            }
            if (value.index() < list.size()) keys.put(var.node(), list.get(value.index()));
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
