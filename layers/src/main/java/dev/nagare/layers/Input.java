package dev.nagare.layers;

import java.util.Arrays;

/** The shape of one example a model takes, without the batch axis. */
public record Input(int[] shape) {
    public Input {
        if (shape.length == 0) throw new IllegalArgumentException("an input needs at least one dimension");
        for (int d : shape) if (d < 1) throw new IllegalArgumentException("input dimensions must be positive, got " + Arrays.toString(shape));
        shape = shape.clone();
    }

    @Override public int[] shape() { return shape.clone(); }

    @Override public String toString() { return "Input" + Arrays.toString(shape); }
}
