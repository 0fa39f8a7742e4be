package dev.nagare.ops;

import dev.nagare.graph.Output;

/** Optimizers, as {@code tf.train}: {@code tf.train.adam(0.001).minimize(loss)}. */
public final class Train {
    private final Tf tf;

    Train(Tf tf) { this.tf = tf; }

    public Optimizer gradientDescent(double learningRate) { return new Optimizer.GradientDescent(tf, learningRate); }

    public Optimizer momentum(double learningRate, double momentum) { return new Optimizer.Momentum(tf, learningRate, momentum); }

    public Optimizer adam(double learningRate) { return new Optimizer.Adam(tf, learningRate); }

    public Optimizer adam(double learningRate, double beta1, double beta2, double epsilon) {
        return new Optimizer.Adam(tf, learningRate, beta1, beta2, epsilon);
    }

    /** Adagrad with TensorFlow 1's initial accumulator value, 0.1. */
    public Optimizer adagrad(double learningRate) { return new Optimizer.Adagrad(tf, learningRate, 0.1); }

    public Optimizer adagrad(double learningRate, double initialAccumulatorValue) { return new Optimizer.Adagrad(tf, learningRate, initialAccumulatorValue); }

    /** RMSProp with TensorFlow 1's defaults: decay 0.9, no momentum, epsilon 1e-10, not centered. */
    public Optimizer rmsProp(double learningRate) { return new Optimizer.RMSProp(tf, learningRate, 0.9, 0, 1e-10, false); }

    public Optimizer rmsProp(double learningRate, double decay, double momentum, double epsilon, boolean centered) {
        return new Optimizer.RMSProp(tf, learningRate, decay, momentum, epsilon, centered);
    }

    /** AdamW: Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) with decoupled weight decay {@code weightDecay}. */
    public Optimizer adamW(double learningRate, double weightDecay) { return new Optimizer.AdamW(tf, learningRate, weightDecay, 0.9, 0.999, 1e-8); }

    public Optimizer adamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        return new Optimizer.AdamW(tf, learningRate, weightDecay, beta1, beta2, epsilon);
    }
    // ---- the global step and learning-rate schedules (TensorFlow 1's tf.train names) ----

    /**
     * The graph's global step, as {@code tf.train.get_or_create_global_step()}: a non-trainable int64 scalar
     * variable named {@code global_step}, starting at 0; made on the first call, the same one after.
     * {@link Optimizer#minimize(Output, java.util.List, Output)} adds 1 to it per training step.
     */
    public Output globalStep() { return LearningRates.globalStep(tf); }

    /** {@code learningRate * decayRate^(step / decaySteps)} (the exponent floored when {@code staircase}), float32. */
    public Output exponentialDecay(double learningRate, Output step, long decaySteps, double decayRate, boolean staircase) {
        return LearningRates.exponentialDecay(tf, learningRate, step, decaySteps, decayRate, staircase);
    }

    /** {@code learningRate / (1 + decayRate * step / decaySteps)} (the quotient floored when {@code staircase}), float32. */
    public Output inverseTimeDecay(double learningRate, Output step, long decaySteps, double decayRate, boolean staircase) {
        return LearningRates.inverseTimeDecay(tf, learningRate, step, decaySteps, decayRate, staircase);
    }

    /** From {@code learningRate} to {@code endLearningRate} along {@code (1 - step/decaySteps)^power}, then flat; float32. */
    public Output polynomialDecay(double learningRate, Output step, long decaySteps, double endLearningRate, double power) {
        return LearningRates.polynomialDecay(tf, learningRate, step, decaySteps, endLearningRate, power);
    }

    /**
     * As {@link #polynomialDecay(double, Output, long, double, double)}; with {@code cycle} the decay starts again
     * over the next multiple of {@code decaySteps} instead of staying flat ({@code tf.train.polynomial_decay(cycle=True)}).
     */
    public Output polynomialDecay(double learningRate, Output step, long decaySteps, double endLearningRate, double power, boolean cycle) {
        return LearningRates.polynomialDecay(tf, learningRate, step, decaySteps, endLearningRate, power, cycle);
    }

    /** {@code values[i]} for steps in {@code (boundaries[i-1], boundaries[i]]}, as {@code tf.train.piecewise_constant}; float32. */
    public Output piecewiseConstant(Output step, long[] boundaries, double[] values) {
        return LearningRates.piecewiseConstant(tf, step, boundaries, values);
    }
}
