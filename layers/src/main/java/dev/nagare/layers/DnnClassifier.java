package dev.nagare.layers;

import dev.nagare.graph.Tensor;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import java.util.Map;
import java.util.function.Function;

/**
 * A feed-forward classifier in the estimator style of {@code tf.contrib.learn.DNNClassifier}: hidden ReLU layers
 * of the given widths and a softmax over {@code classes}, trained for a number of steps rather than epochs.
 * <pre>{@code
 * try (DnnClassifier c = new DnnClassifier(4, new int[] {10, 20, 10}, 3, Optimizers.adam(0.01))) {
 *     c.train(x, y, 2000);
 *     double accuracy = c.evaluate(testX, testY).get("accuracy");
 *     int[] classes = c.predictClasses(newSamples);
 * }
 * }</pre>
 * Features are float32 [examples, features]; labels int32 class numbers [examples].
 */
public final class DnnClassifier implements AutoCloseable {
    /** Examples per training step, as contrib.learn's default batch. */
    public static final int BATCH_SIZE = 32;

    private final Sequential model;
    private final int classes;
    private long trainedSteps;

    public DnnClassifier(int features, int[] hiddenUnits, int classes, Function<Tf, Optimizer> optimizer) {
        if (classes < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        Layer[] layers = new Layer[hiddenUnits.length + 1];
        for (int i = 0; i < hiddenUnits.length; i++) layers[i] = Layers.dense(hiddenUnits[i], Activation.RELU);
        layers[hiddenUnits.length] = Layers.dense(classes, Activation.SOFTMAX);
        this.classes = classes;
        this.model = Sequential.of(Layers.input(features), layers).compile(optimizer, Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
    }

    /** Runs {@code steps} training steps of {@value #BATCH_SIZE} examples, going through the data again as needed. */
    public DnnClassifier train(Tensor x, Tensor y, int steps) {
        if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
        model.fit(x, y, Fit.epochs(1).batchSize(BATCH_SIZE).stepsPerEpoch(steps).shuffle(true, trainedSteps).quiet());
        trainedSteps += steps;
        return this;
    }

    /** {@code accuracy} and {@code loss} on the given examples. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return model.evaluate(x, y); }

    /** Each example's most probable class. */
    public int[] predictClasses(Tensor x) {
        float[] p = model.predict(x).floatData();
        int[] out = new int[p.length / classes];
        for (int i = 0; i < out.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
            out[i] = best;
        }
        return out;
    }

    /** Each example's class probabilities [examples, classes]. */
    public Tensor predictProbabilities(Tensor x) { return model.predict(x); }

    /** The model underneath, to save or inspect. */
    public Sequential model() { return model; }

    @Override public void close() { model.close(); }
}
