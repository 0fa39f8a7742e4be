package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;

/**
 * A fully connected layer: {@code activation(x W + b)}, with W drawn by Glorot's uniform rule and b zero, as
 * Keras starts them. Its input is [batch, features]; use {@link Flatten} before it for images.
 */
public final class Dense implements Layer {
    private final int units;
    private final Activation activation;
    private final boolean useBias;

    Dense(int units, Activation activation, boolean useBias) {
        if (units < 1) throw new IllegalArgumentException("a Dense layer needs at least one unit, got " + units);
        this.units = units;
        this.activation = activation;
        this.useBias = useBias;
    }

    /** The same layer with another activation. */
    public Dense activation(Activation a) { return new Dense(units, a, useBias); }

    /** The same layer with or without its bias. */
    public Dense useBias(boolean on) { return new Dense(units, activation, on); }

    public int units() { return units; }

    @Override public String kind() { return "Dense"; }

    @Override public String config() { return "Dense " + units + " " + activation.name().toLowerCase(java.util.Locale.ROOT) + " " + useBias; }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() != 2 || in.dim(1) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Dense layer " + tf.scope().namePrefix() + " needs an input of shape [batch, features] with"
                    + " known features, got " + in + (in.hasRank() && in.rank() > 2 ? "; put a Flatten layer before it" : ""));
        }
        List<Output> weights = new ArrayList<>();
        Output kernel = tf.variable(tf.init.glorotUniform(Shape.of(in.dim(1), units), DType.FLOAT32, context.nextSeed()), "kernel");
        weights.add(kernel);
        Output z = tf.matmul(input, kernel);
        if (useBias) {
            Output bias = tf.variable(tf.init.zeros(Shape.of(units), DType.FLOAT32), "bias");
            weights.add(bias);
            z = tf.nn.biasAdd(z, bias);
        }
        return new Built(activation.apply(tf, z), z, activation, weights);
    }
}
