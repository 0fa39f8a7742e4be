package dev.nagare.ops;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.List;

/** The graph's variables, each with the node that assigns its initial value. */
public final class Variables {
    static final String COLLECTION = "variables";

    private Variables() {}

    /** A variable of a graph: its node, its initializer, and whether optimizers train it. */
    public record Entry(Node variable, Node initializer, boolean trainable) {
        public Output value() { return variable.output(0); }
    }

    public static List<Entry> all(Graph graph) { return graph.collection(COLLECTION, Entry.class); }

    public static List<Entry> trainable(Graph graph) {
        return all(graph).stream().filter(Entry::trainable).toList();
    }
}
