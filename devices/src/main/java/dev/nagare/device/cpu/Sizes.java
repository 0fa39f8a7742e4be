package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.graph.Shape;

/**
 * Output shapes that kernels compute from their inputs and attributes, checked before anything is allocated:
 * a tensor lives in one Java array, so no dimension and no element count may pass 2^31-1. Dimensions come
 * in as long so that a sum or product of ints that overflowed is seen as the big number it is, never as a
 * small or negative one.
 */
final class Sizes {
    private Sizes() {}

    /** The shape of {@code dims}; fails naming the node when a dimension is negative or too big, or the whole is. */
    static Shape shape(KernelContext ctx, long... dims) {
        int[] d = new int[dims.length];
        for (int i = 0; i < d.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw ctx.fail("output dimension " + i + " would be " + dims[i] + ", outside [0, 2^31-1]");
            }
            d[i] = (int) dims[i];
        }
        Shape s = Shape.of(d);
        if (Shape.elements(d) > Integer.MAX_VALUE) throw ctx.fail("output shape " + s + " has more than 2^31-1 elements");
        return s;
    }

    /** As {@link #shape(KernelContext, long...)}, for int dimensions. */
    static Shape shape(KernelContext ctx, int... dims) {
        long[] wide = new long[dims.length];
        for (int i = 0; i < dims.length; i++) wide[i] = dims[i];
        return shape(ctx, wide);
    }
}
