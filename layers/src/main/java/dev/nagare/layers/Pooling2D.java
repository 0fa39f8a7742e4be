package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;

/** Max or average pooling over windows of [batch, height, width, channels] inputs, as MaxPooling2D / AveragePooling2D. */
public final class Pooling2D implements Layer {
    private final boolean max;
    private final int size;
    private final int stride;
    private final boolean same;

    Pooling2D(boolean max, int size, int stride, boolean same) {
        if (size < 1 || stride < 1) throw new IllegalArgumentException("pooling needs a positive window and stride, got " + size + ", " + stride);
        this.max = max;
        this.size = size;
        this.stride = stride;
        this.same = same;
    }

    /** The same pooling with "same" padding (partial windows at the border count). */
    public Pooling2D same() { return new Pooling2D(max, size, stride, true); }

    @Override public String kind() { return max ? "MaxPooling2D" : "AveragePooling2D"; }

    @Override public String config() { return kind() + " " + size + " " + stride + " " + (same ? "same" : "valid"); }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() != 4) throw new IllegalArgumentException(kind() + " needs [batch, height, width, channels] inputs, got " + in);
        int[] window = {1, size, size, 1}, strides = {1, stride, stride, 1};
        String padding = same ? "SAME" : "VALID";
        return Built.of(max ? tf.nn.maxPool(input, window, strides, padding) : tf.nn.avgPool(input, window, strides, padding));
    }
}
