package dev.nagare.interop;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * The checkpoint keys of a TensorFlow 2 SavedModel's variables, from its SavedObjectGraph. Facts from
 * TensorFlow's sources: an object's checkpoint key is the path of child local names from the root object
 * (node 0), the first path a breadth-first walk over the children finds, each name escaped ({@code .} as
 * {@code ..}, {@code /} as {@code .S}) and joined by {@code /}, then {@code /.ATTRIBUTES/VARIABLE_VALUE} for a
 * variable's value (so {@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}); a variable object's
 * SavedVariable {@code name} is the name of its variable op, the {@code shared_name} of the graph's VarHandleOp.
 */
final class ObjectGraphKeys {
    static final String VALUE_SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

    private ObjectGraphKeys() {}

    /** Variable name to checkpoint key; names that two variable objects share are left out. */
    static Map<String, String> of(SavedObjectGraph g) {
        Map<String, String> keys = new HashMap<>();
        int n = g.getNodesCount();
        if (n == 0) return keys;
        String[] path = new String[n];
        path[0] = "";
        ArrayDeque<Integer> work = new ArrayDeque<>();
        work.add(0);
        while (!work.isEmpty()) {
            int id = work.poll();
            for (ObjectReference c : g.getNodes(id).getChildrenList()) {
                int child = c.getNodeId();
                if (child < 0 || child >= n) throw BadModel.bad("object graph node " + id + " has child " + child + ", beyond its " + n + " nodes");
                if (path[child] != null) continue;
                String local = escape(c.getLocalName());
                path[child] = path[id].isEmpty() ? local : path[id] + "/" + local;
                work.add(child);
            }
        }
        Set<String> ambiguous = new HashSet<>();
        for (int id = 0; id < n; id++) {
            SavedObject o = g.getNodes(id);
            if (o.getKindCase() != SavedObject.KindCase.VARIABLE || path[id] == null || id == 0) continue;
            String name = o.getVariable().getName();
            if (name.endsWith(":0")) name = name.substring(0, name.length() - 2);
            if (name.isEmpty()) continue;
            if (keys.put(name, path[id] + VALUE_SUFFIX) != null) ambiguous.add(name);
        }
        keys.keySet().removeAll(ambiguous);
        return keys;
    }

    static String escape(String localName) { return localName.replace(".", "..").replace("/", ".S"); }
}
