package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;

/**
 * Initial values for variables, as Keras names them. Fans are taken from a [fan_in, fan_out] weight shape
 * (a vector counts its length for both). The truncated normals are rescaled by 0.8796..., the standard
 * deviation of a unit normal truncated at two, so that the drawn values have the intended variance.
 */
public final class Initializers {
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;
    private final Tf tf;

    Initializers(Tf tf) { this.tf = tf; }

    public Output zeros(Shape shape, DType dtype) { return tf.zeros(shape, dtype); }
    public Output ones(Shape shape, DType dtype) { return tf.ones(shape, dtype); }
    public Output constant(Shape shape, DType dtype, double value) { return tf.fill(shape, tf.scalar(value, dtype)); }

    public Output randomNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        return tf.random.normal(shape, dtype, mean, stddev, seed);
    }

    public Output truncatedNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
        return tf.random.truncatedNormal(shape, dtype, mean, stddev, seed);
    }

    public Output randomUniform(Shape shape, DType dtype, double min, double max, long seed) {
        return tf.random.uniform(shape, dtype, min, max, seed);
    }

    /** Uniform on +-sqrt(6 / (fan_in + fan_out)). */
    public Output glorotUniform(Shape shape, DType dtype, long seed) {
        double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return tf.random.uniform(shape, dtype, -limit, limit, seed);
    }

    /** Truncated normal with variance 2 / (fan_in + fan_out). */
    public Output glorotNormal(Shape shape, DType dtype, long seed) {
        double stddev = Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))) / TRUNCATED_STDDEV;
        return tf.random.truncatedNormal(shape, dtype, 0, stddev, seed);
    }

    /** Truncated normal with variance 2 / fan_in, for ReLU layers. */
    public Output heNormal(Shape shape, DType dtype, long seed) {
        double stddev = Math.sqrt(2.0 / fanIn(shape)) / TRUNCATED_STDDEV;
        return tf.random.truncatedNormal(shape, dtype, 0, stddev, seed);
    }

    /** Uniform on +-sqrt(6 / fan_in). */
    public Output heUniform(Shape shape, DType dtype, long seed) {
        double limit = Math.sqrt(6.0 / fanIn(shape));
        return tf.random.uniform(shape, dtype, -limit, limit, seed);
    }

    /** The product of all axes but the last: not size / last, which divides by zero for an empty last axis. */
    static long fanIn(Shape s) {
        int[] d = s.dims();
        return d.length == 0 ? 1 : d.length == 1 ? d[0] : Shape.elements(java.util.Arrays.copyOf(d, d.length - 1));
    }

    static long fanOut(Shape s) {
        return s.rank() == 0 ? 1 : s.dim(-1);
    }
}
