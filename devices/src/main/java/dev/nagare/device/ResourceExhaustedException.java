package dev.nagare.device;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;

/**
 * A node's kernel asked for more memory than the device could give, as TensorFlow's "OOM when allocating
 * tensor" error. The run fails and changes nothing; the Session stays usable.
 */
public final class ResourceExhaustedException extends KernelException {
    public ResourceExhaustedException(Node node, Throwable cause) {
        super(node, describe(node), cause);
    }

    /** What the node was making: its results' dtypes and shapes and their bytes, as far as the graph knows them. */
    private static String describe(Node node) {
        StringBuilder sb = new StringBuilder("OOM when allocating");
        long bytes = 0;
        boolean allKnown = true;
        for (Output out : node.outputs()) {
            Shape s = out.shape();
            sb.append(out.index() == 0 ? " " : ", ").append("tensor with shape ").append(s).append(" and type ").append(out.dtype());
            long n = elements(s);
            if (n < 0) allKnown = false;
            else bytes = saturatedAdd(bytes, saturatedMultiply(n, out.dtype().byteSize()));
        }
        if (node.outputCount() == 0) sb.append(" its working memory");
        sb.append(allKnown && node.outputCount() > 0 ? ": " + bytes + " bytes" : " (sizes known only at run time)");
        Runtime rt = Runtime.getRuntime();
        sb.append(", more than this JVM could give (max heap ").append(rt.maxMemory() >> 20).append(" MiB, a Java array at most 2^31-1 elements)");
        return sb.toString();
    }

    /** The number of elements of a fully known shape (saturating at Long.MAX_VALUE), or -1. */
    private static long elements(Shape s) {
        if (!s.isFullyDefined()) return -1;
        long n = 1;
        for (int d : s.dims()) n = saturatedMultiply(n, d);
        return n;
    }

    private static long saturatedMultiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException overflow) {
            return Long.MAX_VALUE;
        }
    }
}
