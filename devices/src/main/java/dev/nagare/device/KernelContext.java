package dev.nagare.device;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;

/** What a kernel sees of the run it is part of. */
public interface KernelContext {
    /** The node being computed, for its attributes and for error messages. */
    Node node();

    /** The running Session's variables, as this run sees them. */
    VariableState variables();

    /**
     * Memory of the kernel's device for {@code length} elements of {@code dtype}, as this node's buffer number
     * {@code buffer} (a kernel numbers the buffers it makes per run: its outputs, the values it writes to
     * variables, its scratch space). The Session owns it ({@link Device#allocate}) and hands the same buffer back
     * on later runs of the same plan, so that a steady training step allocates nothing: its contents are
     * arbitrary, and the kernel must write every element it returns and keep no reference to it beyond the
     * values it returns or writes to variables. On the host it is a Java array of the dtype's element type.
     */
    default Object buffer(int buffer, DType dtype, int length) {
        return java.lang.reflect.Array.newInstance(dev.nagare.graph.Tensor.arrayClass(dtype).getComponentType(), length);
    }

    /** {@link #buffer} as a float array: a host kernel's float32 buffer. */
    default float[] floats(int buffer, int length) { return new float[length]; }

    /** As {@link #floats}, for double arrays. */
    default double[] doubles(int buffer, int length) { return new double[length]; }

    /** An error naming this node; throw what it returns. */
    default KernelException fail(String problem) { return new KernelException(node(), problem); }
}
