package dev.nagare.device;

import dev.nagare.graph.Node;

/** A kernel could not compute its node from the values it was given; names the node and its op. */
public class KernelException extends RuntimeException {
    private final transient Node node;

    public KernelException(Node node, String problem) {
        super("Node '" + node.name() + "' (" + node.opName() + "): " + problem);
        this.node = node;
    }

    public KernelException(Node node, String problem, Throwable cause) {
        super("Node '" + node.name() + "' (" + node.opName() + "): " + problem, cause);
        this.node = node;
    }

    public Node node() { return node; }
}
