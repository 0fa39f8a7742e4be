package dev.nagare.layers;

import java.util.Map;

/** Hooks into {@code fit}: after each batch and each epoch, with the figures so far. */
public interface Callback {
    /** Before an epoch (0-based). */
    default void onEpochBegin(int epoch) {}

    /** After a batch; {@code logs} holds its loss and metrics. */
    default void onBatchEnd(int batch, Map<String, Double> logs) {}

    /** After an epoch (0-based); return true to stop fitting. */
    default boolean onEpochEnd(int epoch, Map<String, Double> logs) { return false; }

    /**
     * Stops fitting when {@code monitor} (e.g. {@code "val_loss"}) has not improved by more than
     * {@code minDelta} for {@code patience} epochs; lower is better unless the name holds "acc".
     */
    static Callback earlyStopping(String monitor, int patience, double minDelta) {
        return new Callback() {
            private double best = Double.NaN;
            private int waited;

            @Override
            public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
                Double v = logs.get(monitor);
                if (v == null) throw new IllegalArgumentException("early stopping watches '" + monitor + "', which fit does not report: " + logs.keySet());
                boolean higherIsBetter = monitor.contains("acc");
                boolean improved = Double.isNaN(best) || (higherIsBetter ? v > best + minDelta : v < best - minDelta);
                if (improved) {
                    best = v;
                    waited = 0;
                    return false;
                }
                return ++waited >= patience;
            }
        };
    }
}
