package dev.nagare.graph;

/**
 * A graph could not be built as asked: a dtype or shape mismatch, a bad attribute, an unknown name.
 * The message names the node and its op.
 */
public class GraphException extends IllegalArgumentException {
    public GraphException(String message) { super(message); }

    /** A failure while adding node {@code node} of op {@code op}. */
    public static GraphException at(String node, String op, String problem) {
        return new GraphException("Node '" + node + "' (" + op + "): " + problem);
    }
}
