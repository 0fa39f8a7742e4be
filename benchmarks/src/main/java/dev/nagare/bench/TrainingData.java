package dev.nagare.bench;

import java.util.SplittableRandom;

/**
 * The fixed inputs of the training benchmark, shared by both engines so that they start from the same
 * weights and see the same batches in the same order: a pool of random images (784 floats in [0, 1)) with
 * one-hot labels, and the initial weights of an MLP 784-256-128-64-10 (or of other hidden widths, given to the
 * constructor; the engines build their graphs from {@link #layers}).
 *
 * <p>The data are not pure noise, so that the network has something to learn and the loss visibly falls within
 * a few dozen steps at learning rate 0.01: the classes are unevenly frequent and each lights its own stripe of
 * pixels (see the constructor).
 */
final class TrainingData {
    static final int PIXELS = 784;
    static final int CLASSES = 10;
    /** The hidden widths of the default network, 784-256-128-64-10. */
    static final int[] DEFAULT_HIDDEN = {256, 128, 64};
    static final float LEARNING_RATE = 0.01f;
    static final double INIT_STDDEV = 0.05;

    /** Layer widths: input ({@value #PIXELS}), the hidden layers, classes ({@value #CLASSES}). */
    final int[] layers;
    /** Number of images in the pool. */
    final int poolSize;
    /** [poolSize, 784], row-major, in [0, 1). */
    final float[] images;
    /** [poolSize, 10], one-hot. */
    final float[] onehot;
    /** weights[l]: [layers[l], layers[l + 1]] row-major, truncated normal (stddev 0.05, within two stddevs). */
    final float[][] weights;
    /** biases[l]: [layers[l + 1]], zero. */
    final float[][] biases;

    /** The default network, 784-256-128-64-10. */
    TrainingData(int poolSize, long seed) {
        this(poolSize, seed, DEFAULT_HIDDEN);
    }

    /**
     * A network 784-{@code hidden}-10. The images are drawn before the weights, so the same seed gives the same
     * pool whatever the widths.
     */
    TrainingData(int poolSize, long seed, int... hidden) {
        this.poolSize = poolSize;
        layers = new int[hidden.length + 2];
        layers[0] = PIXELS;
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[layers.length - 1] = CLASSES;
        SplittableRandom rnd = new SplittableRandom(seed);
        // Labels from a skewed distribution (class c with probability proportional to 1 / (c + 1)); an image
        // of class c is uniform noise in [0, 0.5) except for its class's stripe of pixels, in [0.5, 1).
        double[] cumulative = new double[CLASSES];
        double total = 0;
        for (int c = 0; c < CLASSES; c++) cumulative[c] = total += 1.0 / (c + 1);
        int stripe = PIXELS / CLASSES;
        images = new float[poolSize * PIXELS];
        onehot = new float[poolSize * CLASSES];
        for (int r = 0; r < poolSize; r++) {
            double u = rnd.nextDouble() * total;
            int label = 0;
            while (label < CLASSES - 1 && u >= cumulative[label]) label++;
            onehot[r * CLASSES + label] = 1f;
            for (int p = 0; p < PIXELS; p++) {
                boolean lit = p >= label * stripe && p < (label + 1) * stripe;
                images[r * PIXELS + p] = (float) ((lit ? 0.5 : 0) + 0.5 * rnd.nextDouble());
            }
        }

        weights = new float[layers.length - 1][];
        biases = new float[layers.length - 1][];
        for (int l = 0; l + 1 < layers.length; l++) {
            float[] w = new float[layers[l] * layers[l + 1]];
            for (int i = 0; i < w.length; i++) {
                double z;
                do { z = gaussian(rnd); } while (Math.abs(z) > 2); // truncated normal, as tf.truncated_normal
                w[i] = (float) (z * INIT_STDDEV);
            }
            weights[l] = w;
            biases[l] = new float[layers[l + 1]];
        }
    }

    /** The network as "784-256-128-64-10". */
    String network() {
        return java.util.Arrays.stream(layers).mapToObj(Integer::toString).collect(java.util.stream.Collectors.joining("-"));
    }

    /** Number of whole batches of {@code batch} images in the pool (taken round-robin). */
    int batches(int batch) {
        if (batch > poolSize) throw new IllegalArgumentException("batch " + batch + " exceeds the pool of " + poolSize);
        return poolSize / batch;
    }

    /** A copy of the images of batch {@code i} (rows i*batch .. (i+1)*batch - 1). */
    float[] imageBatch(int batch, int i) {
        return java.util.Arrays.copyOfRange(images, i * batch * PIXELS, (i + 1) * batch * PIXELS);
    }

    /** A copy of the one-hot labels of batch {@code i}. */
    float[] labelBatch(int batch, int i) {
        return java.util.Arrays.copyOfRange(onehot, i * batch * CLASSES, (i + 1) * batch * CLASSES);
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller; one draw per call is enough here
        double u1 = rnd.nextDouble(), u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
