package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A 2-D convolution over [batch, height, width, channels] inputs: {@code filters} kernels of
 * {@code kernelSize x kernelSize}, moved by {@code stride}, padding "same" or "valid", then a bias and an
 * activation. Kernels start uniform on +-sqrt(6 / (fan_in + fan_out)) with both fans counting the window, as
 * Keras's Glorot uniform; biases at zero.
 */
public final class Conv2D implements Layer {
    private final int filters;
    private final int kernelSize;
    private final int stride;
    private final boolean same;
    private final Activation activation;

    Conv2D(int filters, int kernelSize, int stride, boolean same, Activation activation) {
        if (filters < 1 || kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException("Conv2D needs positive filters, kernel size and stride, got " + filters + ", " + kernelSize + ", " + stride);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.same = same;
        this.activation = activation;
    }

    /** The same layer with another activation. */
    public Conv2D activation(Activation a) { return new Conv2D(filters, kernelSize, stride, same, a); }

    /** The same layer moving by {@code s} pixels. */
    public Conv2D stride(int s) { return new Conv2D(filters, kernelSize, s, same, activation); }

    /** The same layer with "valid" padding (no border; the output shrinks by the kernel size - 1), the default. */
    public Conv2D valid() { return new Conv2D(filters, kernelSize, stride, false, activation); }

    /** The same layer with "same" padding: zeros around the border so that stride 1 keeps the image size. */
    public Conv2D same() { return new Conv2D(filters, kernelSize, stride, true, activation); }

    @Override public String kind() { return "Conv2D"; }

    @Override
    public String config() {
        return String.format(Locale.ROOT, "Conv2D %d %d %d %s %s", filters, kernelSize, stride, same ? "same" : "valid",
                activation.name().toLowerCase(Locale.ROOT));
    }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Shape in = input.shape();
        if (!in.hasRank() || in.rank() != 4 || in.dim(3) == Shape.UNKNOWN) {
            throw new IllegalArgumentException("Conv2D layer " + tf.scope().namePrefix() + " needs [batch, height, width, channels] inputs"
                    + " with known channels, got " + in + "; give the model an input like Layers.input(28, 28, 1)");
        }
        int channels = in.dim(3);
        double window = (double) kernelSize * kernelSize;
        double limit = Math.sqrt(6.0 / (window * channels + window * filters));
        List<Output> weights = new ArrayList<>();
        Output kernel = tf.variable(tf.random.uniform(Shape.of(kernelSize, kernelSize, channels, filters), DType.FLOAT32, -limit, limit,
                context.nextSeed()), "kernel");
        Output bias = tf.variable(tf.init.zeros(Shape.of(filters), DType.FLOAT32), "bias");
        weights.add(kernel);
        weights.add(bias);
        Output z = tf.nn.biasAdd(tf.nn.conv2d(input, kernel, new int[] {1, stride, stride, 1}, same ? "SAME" : "VALID"), bias);
        return new Built(activation.apply(tf, z), z, activation, weights);
    }
}
