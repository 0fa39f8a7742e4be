package dev.nagare.device;

import dev.nagare.graph.Node;

/** What a kernel sees of the run it is part of. */
public interface KernelContext {
    /** The node being computed, for its attributes and for error messages. */
    Node node();

    /** The running Session's variables, as this run sees them. */
    VariableState variables();

    /**
     * A float array of exactly {@code length} elements for this node's buffer number {@code buffer} (a kernel
     * numbers the arrays it makes per run: its outputs, the values it writes to variables). A Session hands
     * the same array back on later runs of the same plan, so that a steady training step allocates nothing:
     * its contents are arbitrary, and the kernel must write every element and keep no reference to it.
     */
    default float[] floats(int buffer, int length) { return new float[length]; }

    /** As {@link #floats}, for double arrays. */
    default double[] doubles(int buffer, int length) { return new double[length]; }

    /** An error naming this node; throw what it returns. */
    default KernelException fail(String problem) { return new KernelException(node(), problem); }
}
