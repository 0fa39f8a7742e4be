package dev.nagare.layers;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * How {@code fit} runs: {@code Fit.epochs(5).batchSize(32).validationSplit(0.1)}. Immutable; each method
 * returns a changed copy. Defaults as Keras's: batch 32, shuffled each epoch, one progress line per epoch.
 *
 * @param validationSplit the fraction of the data, taken from its end before shuffling, held out for validation
 * @param seed            the shuffling seed; the same seed gives the same batches
 * @param stepsPerEpoch   batches per epoch; 0 for one pass over the data. Batches run on through the data
 *                        (reshuffled at each pass) across epochs, as Keras's {@code steps_per_epoch}
 * @param classWeights    weight of each class's examples in the training loss (1 for classes not listed)
 * @param progress        where the one-line-per-epoch progress goes, or null for none
 */
public record Fit(int epochs, int batchSize, double validationSplit, boolean shuffle, long seed,
                  PrintStream progress, List<Callback> callbacks, int stepsPerEpoch, Map<Integer, Double> classWeights) {
    public Fit {
        if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(validationSplit >= 0 && validationSplit < 1)) throw new IllegalArgumentException("validation split must be in [0, 1), got " + validationSplit);
        if (stepsPerEpoch < 0) throw new IllegalArgumentException("steps per epoch must be >= 0, got " + stepsPerEpoch);
        callbacks = List.copyOf(callbacks);
        classWeights = Map.copyOf(classWeights);
        for (var e : classWeights.entrySet()) {
            if (!(e.getValue() >= 0) || e.getValue().isInfinite()) throw new IllegalArgumentException("class " + e.getKey() + " has weight " + e.getValue() + "; weights must be finite and >= 0");
        }
    }

    public static Fit epochs(int epochs) { return new Fit(epochs, 32, 0, true, 0, System.out, List.of(), 0, Map.of()); }

    public Fit batchSize(int n) { return new Fit(epochs, n, validationSplit, shuffle, seed, progress, callbacks, stepsPerEpoch, classWeights); }

    public Fit validationSplit(double f) { return new Fit(epochs, batchSize, f, shuffle, seed, progress, callbacks, stepsPerEpoch, classWeights); }

    public Fit shuffle(boolean on, long withSeed) { return new Fit(epochs, batchSize, validationSplit, on, withSeed, progress, callbacks, stepsPerEpoch, classWeights); }

    public Fit progress(PrintStream out) { return new Fit(epochs, batchSize, validationSplit, shuffle, seed, out, callbacks, stepsPerEpoch, classWeights); }

    public Fit stepsPerEpoch(int steps) { return new Fit(epochs, batchSize, validationSplit, shuffle, seed, progress, callbacks, steps, classWeights); }

    /** Weights of each class's examples in the loss being minimized, as Keras's {@code class_weight}. */
    public Fit classWeights(Map<Integer, Double> weights) {
        return new Fit(epochs, batchSize, validationSplit, shuffle, seed, progress, callbacks, stepsPerEpoch, weights);
    }

    public Fit quiet() { return progress(null); }

    public Fit callbacks(Callback... cs) { return new Fit(epochs, batchSize, validationSplit, shuffle, seed, progress, List.of(cs), stepsPerEpoch, classWeights); }
}
