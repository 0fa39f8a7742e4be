package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;

/** An activation on its own, as Keras's {@code Activation} layer. */
final class ActivationLayer implements Layer {
    private final Activation activation;

    ActivationLayer(Activation activation) { this.activation = activation; }

    @Override public String kind() { return "Activation"; }

    @Override public String config() { return "Activation " + activation.name().toLowerCase(java.util.Locale.ROOT); }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        return new Built(activation.apply(tf, input), input, activation, java.util.List.of());
    }
}
