package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;

/** Makes each example a vector: [batch, d1, d2, ...] becomes [batch, d1 * d2 * ...]. */
public final class Flatten implements Layer {
    @Override public String kind() { return "Flatten"; }

    @Override public String config() { return "Flatten"; }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() < 1) throw new IllegalArgumentException("Flatten needs a batch axis, got an input of shape " + in);
        long features = 1;
        for (int i = 1; i < in.rank(); i++) {
            if (in.dim(i) == Shape.UNKNOWN) throw new IllegalArgumentException("Flatten needs known sizes after the batch axis, got " + in);
            features *= in.dim(i);
        }
        if (features > Integer.MAX_VALUE) throw new IllegalArgumentException("Flatten of " + in + ": more than 2^31-1 features");
        return Built.of(tf.reshape(input, -1, (int) features));
    }
}
