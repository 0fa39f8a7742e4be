package dev.nagare.device;

import dev.nagare.graph.Node;

/**
 * An Assert node's condition was false: names the node and carries TensorFlow's message, "assertion failed:
 * [data] [data]", as TensorFlow's InvalidArgumentError does.
 */
public final class AssertionFailedException extends KernelException {
    public AssertionFailedException(Node node, String message) { super(node, message); }
}
