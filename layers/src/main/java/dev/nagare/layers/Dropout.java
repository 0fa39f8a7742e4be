package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;

/** Zeroes a fraction {@code rate} of its inputs while fitting (scaling the rest up); passes them through otherwise. */
public final class Dropout implements Layer {
    private final double rate;

    Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        this.rate = rate;
    }

    @Override public String kind() { return "Dropout"; }

    @Override public String config() { return "Dropout " + rate; }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        return Built.of(tf.nn.dropout(input, rate, context.training(), context.nextSeed()));
    }
}
