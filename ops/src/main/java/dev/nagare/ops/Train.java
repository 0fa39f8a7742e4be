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
}
