package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;

/**
 * Collects the NodeDefs a graph exports to. Each Nagare node becomes a NodeDef of the same name whose outputs
 * are its outputs; constants for values Nagare holds in attrs are added beside it under names of their own
 * ({@code <node>/axes}, made unique against every name in use).
 */
final class ExportContext {
    private final List<NodeDef> nodes = new ArrayList<>();
    private final Set<String> used = new HashSet<>();
    /** The function library the graph's control-flow bodies are written to, shared with the bodies' own contexts. */
    private final Map<String, FunctionDef> functions;

    /** Reserves every name of the graph, so that added constants never take one. */
    ExportContext(Iterable<Node> graphNodes) { this(graphNodes, new LinkedHashMap<>()); }

    private ExportContext(Iterable<Node> graphNodes, Map<String, FunctionDef> functions) {
        for (Node n : graphNodes) used.add(n.name());
        this.functions = functions;
    }

    List<NodeDef> nodes() { return nodes; }

    /** A context for the nodes of one function body, writing its functions to the same library. */
    ExportContext forFunction(Iterable<Node> bodyNodes) { return new ExportContext(bodyNodes, functions); }

    /** A function name the library does not use yet, made of {@code base} with TensorFlow's allowed characters. */
    String reserveFunction(String base) {
        String clean = base.replaceAll("[^A-Za-z0-9_]", "_");
        String name = clean;
        for (int i = 1; functions.containsKey(name); i++) name = clean + "_" + i;
        functions.put(name, FunctionDef.getDefaultInstance());
        return name;
    }

    void addFunction(FunctionDef f) { functions.put(f.getSignature().getName(), f); }

    /** The functions written so far, in the order their names were reserved. */
    List<FunctionDef> functions() { return List.copyOf(functions.values()); }

    /** A name no node uses yet: {@code base}, else {@code base_1}, {@code base_2}, ... */
    String reserve(String base) {
        String name = base;
        for (int i = 1; !used.add(name); i++) name = base + "_" + i;
        return name;
    }

    /**
     * A name scope no node uses: {@code base}, else {@code base_1}, ..., such that no name in use equals it or
     * starts with it and a slash. Reserves the scope's own name.
     */
    String reserveScope(String base) {
        String scope = base;
        for (int i = 1; taken(scope); i++) scope = base + "_" + i;
        used.add(scope);
        return scope;
    }

    private boolean taken(String scope) {
        if (used.contains(scope)) return true;
        for (String u : used) if (u.startsWith(scope + "/")) return true;
        return false;
    }

    /** TensorFlow's name of a tensor: {@code node} for output 0, {@code node:i} otherwise. */
    static String tensorName(Output o) { return o.index() == 0 ? o.node().name() : o.node().name() + ":" + o.index(); }

    /** Starts the NodeDef that stands for {@code node}: its name, op and control inputs. */
    Builder emit(Node node, String tfOp) {
        Builder b = new Builder(node.name(), tfOp);
        for (Node c : node.controlInputs()) b.controls.add("^" + c.name());
        return b;
    }

    /** Starts a NodeDef of its own (the saver's nodes). */
    Builder emit(String name, String tfOp) { return new Builder(name, tfOp); }

    /** Adds a Const holding {@code value} beside {@code owner}, named {@code <owner>/<suffix>}; returns its name. */
    String constant(Node owner, String suffix, Tensor value) {
        String name = reserve(owner.name() + "/" + suffix);
        emit(name, "Const").attr("value", Attrs.tensor(value)).attr("dtype", Attrs.type(value.dtype())).add();
        return name;
    }

    static ExportException fail(Node n, String problem) {
        return new ExportException("Node '" + n.name() + "' (" + n.opName() + "): " + problem);
    }

    /** One NodeDef under construction; data inputs first, control inputs after them as TensorFlow requires. */
    final class Builder {
        private final NodeDef.Builder def;
        private final List<String> controls = new ArrayList<>();

        private Builder(String name, String op) { def = NodeDef.newBuilder().setName(name).setOp(op); }

        Builder input(Output o) { def.addInput(tensorName(o)); return this; }

        Builder inputs(List<Output> os) { for (Output o : os) input(o); return this; }

        Builder input(String tensor) { def.addInput(tensor); return this; }

        Builder control(String node) { controls.add("^" + node); return this; }

        Builder attr(String name, AttrValue v) { def.putAttr(name, v); return this; }

        Builder type(String name, DType t) { return attr(name, Attrs.type(t)); }

        /** A type attr, left out when it equals TensorFlow's default (older runtimes reject attrs they do not know). */
        Builder type(String name, DType t, DType tfDefault) { return t == tfDefault ? this : type(name, t); }

        Builder flag(String name, boolean value, boolean tfDefault) { return value == tfDefault ? this : attr(name, Attrs.bool(value)); }

        void add() {
            def.addAllInput(controls);
            nodes.add(def.build());
        }
    }
}
