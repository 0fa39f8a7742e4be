package dev.nagare.ops;

import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;

/**
 * A gradient was asked for through a node that forbids it (PreventGradient, as TensorFlow's
 * {@code prevent_gradient}): names the node and the reason its builder gave.
 */
public final class GradientDisabledException extends GraphException {
    private final transient Node node;

    public GradientDisabledException(Node node, String reason) {
        super("Node '" + node.name() + "' (" + node.opName() + "): the gradient through it is disabled" + (reason.isEmpty() ? "" : ": " + reason));
        this.node = node;
    }

    /** The node that refused. */
    public Node node() { return node; }
}
