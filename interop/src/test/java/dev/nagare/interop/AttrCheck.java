package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Checks exported NodeDefs against TensorFlow's own op registry (from the runtime TensorFlow Java loads):
 * every attr without a default is written, no attr the op does not declare is written, and none is written
 * with its default value (older runtimes reject attrs they do not know).
 */
final class AttrCheck {
    private static Map<String, OpDef> registry;

    private AttrCheck() {}

    private static synchronized Map<String, OpDef> registry() {
        if (registry == null) {
            registry = new HashMap<>();
            for (OpDef op : TensorFlow.registeredOpList().getOpList()) registry.put(op.getName(), op);
        }
        return registry;
    }

    static void check(GraphDef g) {
        for (NodeDef n : g.getNodeList()) {
            OpDef op = registry().get(n.getOp());
            assertNotNull(op, "node " + n.getName() + ": TensorFlow has no op " + n.getOp());
            Map<String, OpDef.AttrDef> declared = new HashMap<>();
            for (OpDef.AttrDef a : op.getAttrList()) declared.put(a.getName(), a);
            for (Map.Entry<String, AttrValue> e : n.getAttrMap().entrySet()) {
                OpDef.AttrDef a = declared.get(e.getKey());
                assertNotNull(a, "node " + n.getName() + " (" + n.getOp() + "): attr '" + e.getKey() + "' is not declared by TensorFlow");
                if (a.hasDefaultValue()) {
                    assertTrue(!a.getDefaultValue().equals(e.getValue()),
                            "node " + n.getName() + " (" + n.getOp() + "): attr '" + e.getKey() + "' written with its default value");
                }
            }
            for (OpDef.AttrDef a : op.getAttrList()) {
                if (!a.hasDefaultValue()) {
                    assertTrue(n.containsAttr(a.getName()), "node " + n.getName() + " (" + n.getOp() + "): required attr '" + a.getName() + "' missing");
                }
            }
            long data = n.getInputList().stream().filter(s -> !s.startsWith("^")).count();
            if (op.getInputArgList().stream().noneMatch(a -> !a.getNumberAttr().isEmpty() || !a.getTypeListAttr().isEmpty())) {
                assertEquals(op.getInputArgCount(), data, "node " + n.getName() + " (" + n.getOp() + "): input count");
            }
        }
    }
}
