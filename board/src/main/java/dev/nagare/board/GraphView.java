package dev.nagare.board;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.interop.GraphDefImporter;
import dev.nagare.interop.ModelFormatException;
import dev.nagare.interop.TfOpMapping;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * A graph as a picture needs it: ops by name with their type, and edges labelled with the dtype and shape of
 * the tensor they carry (control edges unlabelled). Built from a Nagare graph, whose outputs know both, or
 * from a GraphDef, which tells them through attrs ({@code _output_shapes}, {@code T}, {@code dtype}, ...) where
 * its writer put them.
 */
public record GraphView(List<Op> ops, List<Edge> edges) {
    /** What a node is for, as the picture marks it. */
    public enum Kind { OP, VARIABLE, PLACEHOLDER, CONSTANT }

    public record Op(String name, String type, Kind kind) {
        /** The name scopes the op sits in, outermost first ({@code a/b/MatMul}: {@code a}, {@code a/b}). */
        public List<String> scopes() {
            List<String> out = new ArrayList<>();
            for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) out.add(name.substring(0, i));
            return out;
        }
    }

    /** An edge from op {@code from} to op {@code to}; {@code label} is empty for control edges. */
    public record Edge(String from, String to, String label, boolean control) {}

    public GraphView {
        ops = List.copyOf(ops);
        edges = List.copyOf(edges);
    }

    static Kind kind(String type) {
        return switch (type) {
            case "VariableV2", "Variable", "VarHandleOp" -> Kind.VARIABLE;
            case "Placeholder", "PlaceholderV2", "PlaceholderWithDefault" -> Kind.PLACEHOLDER;
            case "Const" -> Kind.CONSTANT;
            default -> Kind.OP;
        };
    }

    /** Every node of a Nagare graph. */
    public static GraphView of(Graph graph) {
        List<Op> ops = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (Node n : graph.nodes()) {
            ops.add(new Op(n.name(), n.opName(), kind(n.opName())));
            for (Output in : n.inputs()) edges.add(new Edge(in.node().name(), n.name(), in.dtype() + " " + in.shape(), false));
            for (Node c : n.controlInputs()) edges.add(new Edge(c.name(), n.name(), "", true));
        }
        return new GraphView(ops, edges);
    }

    /**
     * Every node of a GraphDef; an input naming no node of it (a broken file) is left out. Where the attrs do not
     * tell an edge's dtype and shape, the part of the graph Nagare can import is imported to infer them.
     */
    public static GraphView of(GraphDef def) {
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : def.getNodeList()) byName.put(n.getName(), n);
        Map<String, Node> inferred = null;
        List<Op> ops = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        for (NodeDef n : def.getNodeList()) {
            ops.add(new Op(n.getName(), n.getOp(), kind(n.getOp())));
            for (String in : n.getInputList()) {
                boolean control = in.startsWith("^");
                String tensor = control ? in.substring(1) : in;
                int colon = tensor.lastIndexOf(':');
                int index = 0;
                String node = tensor;
                if (colon > 0 && tensor.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                    node = tensor.substring(0, colon);
                    index = Integer.parseInt(tensor.substring(colon + 1));
                }
                NodeDef from = byName.get(node);
                if (from == null) continue;
                String label = "";
                if (!control) {
                    // What Nagare infers is exact; attrs are the fallback (T is an op's input type, not always its output's).
                    if (inferred == null) inferred = infer(def);
                    Node known = inferred.get(node);
                    label = known != null && index < known.outputCount() ? known.output(index).dtype() + " " + known.output(index).shape() : label(from, index);
                }
                edges.add(new Edge(node, n.getName(), label, control));
            }
        }
        return new GraphView(ops, edges);
    }

    /**
     * The nodes of {@code def} that Nagare imports (every op known, and every input too), by name, with their
     * inferred dtypes and shapes; empty when the import fails.
     */
    private static Map<String, Node> infer(GraphDef def) {
        Set<String> importable = new HashSet<>(TfOpMapping.importableTfOps());
        Set<String> excluded = new HashSet<>();
        for (NodeDef n : def.getNodeList()) if (!importable.contains(n.getOp()) || !nagareTypes(n)) excluded.add(n.getName());
        // An import failure names the node it stopped at: leave it out too and try again, a few times.
        for (int attempt = 0; attempt < 8; attempt++) {
            List<String> roots = importableRoots(def, excluded);
            if (roots.isEmpty()) return Map.of();
            try {
                return GraphDefImporter.importGraphDef(def, Path.of("graph"), roots).nodes();
            } catch (ModelFormatException | RuntimeException e) {
                Matcher m = NAMED_NODE.matcher(String.valueOf(e.getMessage()));
                if (!m.find() || !excluded.add(m.group(1))) return Map.of();
            }
        }
        return Map.of();
    }

    private static final Set<String> BOOLEAN_OPS = Set.of("Less", "LessEqual", "Greater", "GreaterEqual", "Equal", "NotEqual", "IsNan", "IsInf",
            "IsFinite", "LogicalAnd", "LogicalOr", "LogicalNot");
    private static final Pattern NAMED_NODE = Pattern.compile("node '([^']+)'");
    private static final Set<DataType> NAGARE_TYPES = Set.of(DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_INT32, DataType.DT_INT64, DataType.DT_BOOL);

    /** Whether every type attr of {@code n} names a dtype Nagare has. */
    private static boolean nagareTypes(NodeDef n) {
        for (AttrValue v : n.getAttrMap().values()) {
            if (v.getValueCase() == AttrValue.ValueCase.TYPE && !NAGARE_TYPES.contains(v.getType())) return false;
        }
        return true;
    }

    /** The nodes not excluded whose inputs (data and control, transitively) are not excluded either. */
    private static List<String> importableRoots(GraphDef def, Set<String> excluded) {
        Map<String, Boolean> ok = new HashMap<>();
        for (NodeDef n : def.getNodeList()) ok.put(n.getName(), !excluded.contains(n.getName()));
        for (boolean changed = true; changed;) {
            changed = false;
            for (NodeDef n : def.getNodeList()) {
                if (!ok.get(n.getName())) continue;
                for (String in : n.getInputList()) {
                    String node = in.startsWith("^") ? in.substring(1) : in;
                    int colon = node.lastIndexOf(':');
                    if (colon > 0) node = node.substring(0, colon);
                    if (!ok.getOrDefault(node, false)) {
                        ok.put(n.getName(), false);
                        changed = true;
                        break;
                    }
                }
            }
        }
        List<String> roots = new ArrayList<>();
        for (NodeDef n : def.getNodeList()) if (ok.get(n.getName())) roots.add(n.getName());
        return roots;
    }

    /** What the attrs of {@code n} say about its output {@code index}: dtype and shape, either or both may be "?". */
    private static String label(NodeDef n, int index) {
        Map<String, AttrValue> a = n.getAttrMap();
        String dtype = BOOLEAN_OPS.contains(n.getOp()) ? "bool" : "?";
        for (String key : new String[] {"dtype", "DstT", "out_type", "output_type", "Tout", "T", "type"}) {
            AttrValue v = a.get(key);
            if (dtype.equals("?") && v != null && v.getValueCase() == AttrValue.ValueCase.TYPE) {
                dtype = typeName(v.getType());
                break;
            }
        }
        String shape = "?";
        AttrValue shapes = a.get("_output_shapes");
        if (shapes != null && shapes.getList().getShapeCount() > index) shape = shapeText(shapes.getList().getShape(index));
        else if (index == 0 && a.containsKey("shape") && a.get("shape").hasShape()) shape = shapeText(a.get("shape").getShape());
        return dtype + " " + shape;
    }

    static String typeName(DataType t) {
        return switch (t) {
            case DT_FLOAT -> "float32";
            case DT_DOUBLE -> "float64";
            case DT_HALF -> "float16";
            default -> t.name().startsWith("DT_") ? t.name().substring(3).toLowerCase(Locale.ROOT) : t.name();
        };
    }

    static String shapeText(TensorShapeProto s) {
        if (s.getUnknownRank()) return "<unknown>";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < s.getDimCount(); i++) {
            if (i > 0) sb.append(", ");
            long d = s.getDim(i).getSize();
            sb.append(d < 0 ? "?" : Long.toString(d));
        }
        return sb.append(']').toString();
    }
}
