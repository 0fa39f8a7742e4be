package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import java.util.Arrays;

/** Gives each example the shape {@code dims} (every size given), keeping the batch axis. */
public final class Reshape implements Layer {
    private final int[] dims;

    Reshape(int[] dims) {
        if (dims.length == 0) throw new IllegalArgumentException("Reshape needs a target shape");
        this.dims = dims.clone();
    }

    @Override public String kind() { return "Reshape"; }

    @Override
    public String config() {
        StringBuilder sb = new StringBuilder("Reshape");
        for (int d : dims) sb.append(' ').append(d);
        return sb.toString();
    }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        int[] withBatch = new int[dims.length + 1];
        withBatch[0] = -1;
        System.arraycopy(dims, 0, withBatch, 1, dims.length);
        if (Arrays.stream(dims).filter(d -> d == -1).count() > 0) {
            throw new IllegalArgumentException("Reshape " + Arrays.toString(dims) + ": the batch axis is already the unknown one; give every other size");
        }
        return Built.of(tf.reshape(input, withBatch));
    }
}
