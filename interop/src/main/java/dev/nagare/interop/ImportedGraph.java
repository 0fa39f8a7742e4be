package dev.nagare.interop;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.Map;

/**
 * A TensorFlow graph imported into a new Nagare {@link Graph}. Nodes keep their TensorFlow names; Consts
 * that were only read as static values (a Reshape's shape, a Sum's axes) are folded into attrs and have no
 * node. Function calls (PartitionedCall, StatefulPartitionedCall) are inlined: {@code aliases} maps each
 * output of a call, {@code call:i}, to the tensor of the inlined body that holds it, and {@link #output}
 * follows it.
 */
public record ImportedGraph(Graph graph, Map<String, Node> nodes, Map<String, String> aliases) {
    public ImportedGraph {
        nodes = Map.copyOf(nodes);
        aliases = Map.copyOf(aliases);
    }

    public ImportedGraph(Graph graph, Map<String, Node> nodes) { this(graph, nodes, Map.of()); }

    /** Every output of every imported node, by TensorFlow's tensor name {@code node:i}. */
    public Map<String, Output> outputs() {
        Map<String, Output> all = new java.util.TreeMap<>();
        nodes.forEach((name, n) -> {
            for (Output o : n.outputs()) all.put(name + ":" + o.index(), o);
        });
        return all;
    }

    /** An output by TensorFlow's tensor name: {@code node}, {@code node:0}, {@code node:1}, ... */
    public Output output(String tensorName) {
        TensorRef r;
        try {
            r = TensorRef.parse(tensorName);
            String alias = r.control() ? null : aliases.get(r.node() + ":" + r.index());
            if (alias != null) r = TensorRef.parse(alias);
        } catch (BadModel e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Node n = nodes.get(r.node());
        if (n == null || r.control()) throw new IllegalArgumentException("no imported node named '" + r.node() + "'");
        if (r.index() >= n.outputCount()) {
            throw new IllegalArgumentException("node '" + r.node() + "' (" + n.opName() + ") has " + n.outputCount() + " outputs, no output " + r.index());
        }
        return n.output(r.index());
    }
}
