package dev.nagare.device;

import dev.nagare.graph.Node;

/** What a kernel sees of the run it is part of. */
public interface KernelContext {
    /** The node being computed, for its attributes and for error messages. */
    Node node();

    /** The running Session's variables, as this run sees them. */
    VariableState variables();

    /** An error naming this node; throw what it returns. */
    default KernelException fail(String problem) { return new KernelException(node(), problem); }
}
