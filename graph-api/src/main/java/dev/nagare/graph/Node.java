package dev.nagare.graph;

import java.util.List;
import java.util.Map;

/**
 * A node of a graph: an op applied to inputs with attributes, a requested device and control inputs.
 * Immutable once added; its inputs are its only record of its edges.
 */
public final class Node {
    private final Graph graph;
    private final int id;
    private final String name;
    private final OpType op;
    private final List<Output> inputs;
    private final List<Node> controlInputs;
    private final Map<String, Object> attrs;
    private final String device;
    private final List<TensorSpec> outputSpecs;
    private final List<Output> outputs;

    Node(Graph graph, int id, String name, OpType op, List<Output> inputs, List<Node> controlInputs,
         Map<String, Object> attrs, String device, List<TensorSpec> outputSpecs) {
        this.graph = graph;
        this.id = id;
        this.name = name;
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.controlInputs = List.copyOf(controlInputs);
        this.attrs = Map.copyOf(attrs);
        this.device = device;
        this.outputSpecs = List.copyOf(outputSpecs);
        Output[] outs = new Output[outputSpecs.size()];
        for (int i = 0; i < outs.length; i++) outs[i] = new Output(this, i);
        this.outputs = List.of(outs);
    }

    public Graph graph() { return graph; }
    /** Dense index in the graph, in order of creation (so inputs always have smaller ids). */
    public int id() { return id; }
    public String name() { return name; }
    public OpType op() { return op; }
    public String opName() { return op.name(); }
    public List<Output> inputs() { return inputs; }
    public Output input(int i) { return inputs.get(i); }
    public List<Node> controlInputs() { return controlInputs; }
    public Map<String, Object> attrs() { return attrs; }
    /** The requested device in canonical form ({@code /device:GPU:0}), or "" for no request. */
    public String device() { return device; }
    public int outputCount() { return outputs.size(); }
    public Output output(int i) { return outputs.get(i); }
    public List<Output> outputs() { return outputs; }
    public TensorSpec outputSpec(int i) { return outputSpecs.get(i); }

    /** The declared attribute's value, or its default when the node does not set it. */
    public <T> T attr(Attr<T> a) { return a.read(name, op.name(), attrs); }

    /**
     * The attribute {@code key}: its value, or, when the node does not set it, the default its op declares for it
     * (a graph made elsewhere may leave out attributes at their defaults, as TensorFlow's exports with
     * {@code strip_default_attrs} do). Fails when it is neither set nor has a default.
     */
    @SuppressWarnings("unchecked")
    public <T> T attr(String key) {
        Object v = attrs.get(key);
        if (v == null && op.attrs() != null) {
            for (Attr<?> a : op.attrs()) if (a.name().equals(key) && !a.required()) v = a.defaultValue();
        }
        if (v == null) throw new IllegalStateException("Node '" + name + "' (" + op.name() + ") has no attribute '" + key + "'");
        return (T) v;
    }

    @Override
    public String toString() { return "Node '" + name + "' (" + op.name() + ")"; }
}
