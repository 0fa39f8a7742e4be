package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;

/** The mean of each channel over height and width: [batch, h, w, c] becomes [batch, c]. */
public final class GlobalAveragePooling2D implements Layer {
    @Override public String kind() { return "GlobalAveragePooling2D"; }

    @Override public String config() { return kind(); }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() != 4) throw new IllegalArgumentException(kind() + " needs [batch, height, width, channels] inputs, got " + in);
        return Built.of(tf.reduceMean(input, new int[] {1, 2}, false));
    }
}
