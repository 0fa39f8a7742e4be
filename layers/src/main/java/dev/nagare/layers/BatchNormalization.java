package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes each channel (the last axis) to zero mean and unit variance, then scales by gamma and shifts by
 * beta, as Keras's BatchNormalization: while fitting by the batch's statistics, and each step moves the
 * moving mean and variance toward them by {@code 1 - momentum}; otherwise by the moving ones. Images
 * ([batch, h, w, c]) go through TensorFlow's FusedBatchNormV3, other ranks through moments.
 */
public final class BatchNormalization implements Layer {
    private final double momentum;
    private final double epsilon;

    BatchNormalization(double momentum, double epsilon) {
        if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0, got " + epsilon);
        this.momentum = momentum;
        this.epsilon = epsilon;
    }

    @Override public String kind() { return "BatchNormalization"; }

    @Override public String config() { return String.format(Locale.ROOT, "BatchNormalization %s %s", momentum, epsilon); }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() < 2 || in.dim(-1) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("BatchNormalization needs inputs with a batch axis and known channels, got " + in);
        }
        int c = in.dim(-1);
        Shape channels = Shape.of(c);
        Output gamma = tf.variable(tf.init.ones(channels, DType.FLOAT32), "gamma");
        Output beta = tf.variable(tf.init.zeros(channels, DType.FLOAT32), "beta");
        Output movingMean = tf.variable(tf.init.zeros(channels, DType.FLOAT32), "moving_mean", false);
        Output movingVariance = tf.variable(tf.init.ones(channels, DType.FLOAT32), "moving_variance", false);
        Output trained, inferred, batchMean, batchVariance;
        if (in.rank() == 4) {
            Node train = tf.nn.fusedBatchNorm(input, gamma, beta, movingMean, movingVariance, epsilon, 1 - momentum, "NHWC", true);
            Node infer = tf.nn.fusedBatchNorm(input, gamma, beta, movingMean, movingVariance, epsilon, 1, "NHWC", false);
            trained = train.output(0);
            inferred = infer.output(0);
            batchMean = train.output(1);      // already the moving average, moved by the factor
            batchVariance = train.output(2);
        } else {
            int[] axes = new int[in.rank() - 1];
            for (int i = 0; i < axes.length; i++) axes[i] = i;
            List<Output> m = tf.nn.moments(input, axes, false);
            trained = tf.nn.batchNormalization(input, m.get(0), m.get(1), beta, gamma, epsilon);
            inferred = tf.nn.batchNormalization(input, movingMean, movingVariance, beta, gamma, epsilon);
            Output keep = tf.scalar(momentum, DType.FLOAT32), move = tf.scalar(1 - momentum, DType.FLOAT32);
            batchMean = tf.add(tf.mul(movingMean, keep), tf.mul(m.get(0), move));
            batchVariance = tf.add(tf.mul(movingVariance, keep), tf.mul(m.get(1), move));
        }
        Output y = tf.where(context.training(), trained, inferred);
        List<Node> updates = List.of(tf.assign(movingMean, batchMean).node(), tf.assign(movingVariance, batchVariance).node());
        return new Built(y, y, Activation.LINEAR, List.of(gamma, beta, movingMean, movingVariance), updates);
    }
}
