package dev.nagare.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where new nodes go: a graph, a name prefix, a device request and control dependencies. Immutable:
 * every {@code with...} returns a new scope, so a scope handed to a helper cannot be changed under it.
 */
public final class Scope {
    private final Graph graph;
    private final String prefix;          // "" or "layer1/"
    private final String device;          // "" or canonical "/device:GPU:0"
    private final List<Node> controlDeps;
    private final String exactName;       // one-shot name for the next node, or null

    Scope(Graph graph) { this(graph, "", "", List.of(), null); }

    private Scope(Graph graph, String prefix, String device, List<Node> controlDeps, String exactName) {
        this.graph = graph;
        this.prefix = prefix;
        this.device = device;
        this.controlDeps = controlDeps;
        this.exactName = exactName;
    }

    public Graph graph() { return graph; }
    public String device() { return device; }
    public List<Node> controlDependencies() { return controlDeps; }
    public String namePrefix() { return prefix; }

    /** A scope whose nodes are named under {@code name/}; a second sub-scope of the same name becomes {@code name_1/}. */
    public Scope withSubScope(String name) {
        String unique = graph.uniqueName(prefix + name);
        return new Scope(graph, unique + "/", device, controlDeps, null);
    }

    /**
     * A scope for nodes that belong to the existing node or scope {@code name}, such as a variable's
     * initializer ({@code w/Assign}): the prefix {@code name/} is not made unique, only the nodes under it are.
     */
    public Scope withOpScope(String name) {
        return new Scope(graph, prefix + name + "/", device, controlDeps, null);
    }

    /** A scope whose next node takes this name (made unique with a suffix if it is taken). */
    public Scope withName(String name) {
        return name == null ? this : new Scope(graph, prefix, device, controlDeps, name);
    }

    /** A scope whose nodes ask for this device ({@code /cpu:0}, {@code /gpu:0}, {@code /device:GPU:0}); "" clears it. */
    public Scope withDevice(String deviceName) {
        String canonical = deviceName == null || deviceName.isEmpty() ? "" : DeviceSpec.parse(deviceName).toString();
        return new Scope(graph, prefix, canonical, controlDeps, exactName);
    }

    /** A scope whose nodes run only after all of {@code nodes}. */
    public Scope withControlDependencies(List<Node> nodes) {
        List<Node> all = new ArrayList<>(controlDeps);
        for (Node n : nodes) if (!all.contains(n)) all.add(n);
        return new Scope(graph, prefix, device, List.copyOf(all), exactName);
    }

    /**
     * Reserves the name the next node of this scope would get ({@code defaultName} unless {@link #withName} said
     * otherwise), for a node that can only be built later under it ({@link NodeBuilder#buildAs}).
     */
    public String reserveName(String defaultName) {
        return graph.uniqueName(prefix + (exactName != null ? exactName : defaultName));
    }

    /** Starts a node of {@code op}, named {@code defaultName} unless {@link #withName} said otherwise. */
    public NodeBuilder node(OpType op, String defaultName) {
        return new NodeBuilder(op, exactName != null ? exactName : defaultName);
    }

    /** Collects a node's inputs, attributes and control inputs, then adds it to the graph. */
    public final class NodeBuilder {
        private final OpType op;
        private final String baseName;
        private final List<Output> inputs = new ArrayList<>();
        private final List<Node> controls = new ArrayList<>(controlDeps);
        private final Map<String, Object> attrs = new LinkedHashMap<>();

        private NodeBuilder(OpType op, String baseName) {
            this.op = op;
            this.baseName = baseName;
        }

        public NodeBuilder input(Output in) { inputs.add(in); return this; }

        public NodeBuilder inputs(List<Output> ins) { inputs.addAll(ins); return this; }

        public NodeBuilder attr(String key, Object value) {
            if (value == null) throw new IllegalArgumentException("attribute '" + key + "' of a " + op.name() + " is null");
            attrs.put(key, value);
            return this;
        }

        public NodeBuilder controlInput(Node n) {
            if (!controls.contains(n)) controls.add(n);
            return this;
        }

        public Node build() {
            String name = graph.uniqueName(prefix + baseName);
            return graph.addNode(name, op, inputs, controls, attrs, device);
        }

        /**
         * Adds the node under {@code reservedName}, taken earlier with {@link Graph#uniqueName}: for a node whose
         * name must be known before it can be built (a control-flow node names the bodies built before it).
         */
        public Node buildAs(String reservedName) {
            return graph.addNode(reservedName, op, inputs, controls, attrs, device);
        }
    }
}
