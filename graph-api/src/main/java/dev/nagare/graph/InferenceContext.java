package dev.nagare.graph;

import java.util.List;
import java.util.Map;

/** What an op's shape function sees of the node being added: its name, inputs and attributes. */
public final class InferenceContext {
    private final String nodeName;
    private final String opName;
    private final List<Output> inputs;
    private final Map<String, Object> attrs;

    InferenceContext(String nodeName, String opName, List<Output> inputs, Map<String, Object> attrs) {
        this.nodeName = nodeName;
        this.opName = opName;
        this.inputs = inputs;
        this.attrs = attrs;
    }

    public String nodeName() { return nodeName; }
    public int inputCount() { return inputs.size(); }
    public Output input(int i) { return inputs.get(i); }
    public List<Output> inputs() { return inputs; }
    public DType dtype(int i) { return inputs.get(i).dtype(); }
    public Shape shape(int i) { return inputs.get(i).shape(); }

    public boolean hasAttr(String name) { return attrs.containsKey(name); }

    /** The declared attribute's value, or its default when absent; fails naming the node when it is of another type. */
    public <T> T attr(Attr<T> a) { return a.read(nodeName, opName, attrs); }

    /** The attribute, cast to its expected type; fails naming the node when it is missing or of another type. */
    public <T> T attr(String name, Class<T> type) {
        Object v = attrs.get(name);
        if (v == null) throw fail("missing attribute '" + name + "'");
        if (!type.isInstance(v)) throw fail("attribute '" + name + "' must be a " + type.getSimpleName() + ", got " + v.getClass().getSimpleName());
        return type.cast(v);
    }

    /** An error that names this node and its op; throw what it returns. */
    public GraphException fail(String problem) { return GraphException.at(nodeName, opName, problem); }
}
