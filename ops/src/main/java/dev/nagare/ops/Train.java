package dev.nagare.ops;

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
}
