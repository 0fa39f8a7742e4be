package dev.nagare.layers;

/**
 * The layers, by the names Keras gives them:
 * {@code Sequential.of(Layers.input(784), Layers.dense(128, Activation.RELU), Layers.dense(10, Activation.SOFTMAX))}.
 */
public final class Layers {
    private Layers() {}

    /** The shape of one example (without the batch axis): {@code input(784)}, {@code input(28, 28)}. */
    public static Input input(int... shape) { return new Input(shape); }

    public static Dense dense(int units) { return new Dense(units, Activation.LINEAR, true); }

    public static Dense dense(int units, Activation activation) { return new Dense(units, activation, true); }

    public static Dropout dropout(double rate) { return new Dropout(rate); }

    public static Flatten flatten() { return new Flatten(); }

    public static Layer activation(Activation activation) { return new ActivationLayer(activation); }

    /** Looks up each index (0 to {@code inputDim - 1}) in a trained table of {@code outputDim}-vectors. */
    public static Embedding embedding(int inputDim, int outputDim) { return new Embedding(inputDim, outputDim); }

    /** Gives each example another shape of the same size. */
    public static Reshape reshape(int... dims) { return new Reshape(dims); }

    /**
     * {@code filters} convolution kernels of {@code kernelSize x kernelSize}, stride 1, "valid" padding (no border),
     * as Keras's {@code Conv2D(filters, kernelSize)}; {@link Conv2D#same()} keeps the image size.
     */
    public static Conv2D conv2d(int filters, int kernelSize, Activation activation) { return new Conv2D(filters, kernelSize, 1, false, activation); }

    /** Max over {@code size x size} windows moved by {@code size} ("valid" padding), as Keras's MaxPooling2D(size). */
    public static Pooling2D maxPooling2d(int size) { return new Pooling2D(true, size, size, false); }

    /** Mean over {@code size x size} windows moved by {@code size} ("valid" padding). */
    public static Pooling2D averagePooling2d(int size) { return new Pooling2D(false, size, size, false); }

    /** The mean of each channel over the image. */
    public static GlobalAveragePooling2D globalAveragePooling2d() { return new GlobalAveragePooling2D(); }

    /** Batch normalization with Keras's defaults (momentum 0.99, epsilon 0.001). */
    public static BatchNormalization batchNormalization() { return new BatchNormalization(0.99, 1e-3); }

    /** Joins its inputs along the last axis (functional models). */
    public static Layer concatenate() { return new Merge(Merge.Kind.CONCATENATE); }

    /** Adds its inputs elementwise (functional models). */
    public static Layer add() { return new Merge(Merge.Kind.ADD); }
}
