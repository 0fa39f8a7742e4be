package dev.nagare.layers;

import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import java.util.function.Function;

/** The optimizers {@code compile} takes; each makes the DSL's optimizer once the model's graph exists. */
public final class Optimizers {
    private Optimizers() {}

    /** Plain gradient descent (Keras's {@code SGD} without momentum). */
    public static Function<Tf, Optimizer> sgd(double learningRate) { return tf -> tf.train.gradientDescent(learningRate); }

    public static Function<Tf, Optimizer> momentum(double learningRate, double momentum) {
        return tf -> tf.train.momentum(learningRate, momentum);
    }

    /** Adam with Keras's defaults (beta1 0.9, beta2 0.999, epsilon 1e-7). */
    public static Function<Tf, Optimizer> adam(double learningRate) { return tf -> tf.train.adam(learningRate, 0.9, 0.999, 1e-7); }
}
