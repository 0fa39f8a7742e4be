package dev.nagare.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code fit} measured, per epoch: {@code loss} and each metric, and {@code val_...} with validation data. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    void add(Map<String, Double> logs) { epochs.add(new LinkedHashMap<>(logs)); }

    /** The history of a training run made elsewhere (data-parallel on Spark): one map of figures per epoch. */
    public static History of(List<Map<String, Double>> epochs) {
        History h = new History();
        epochs.forEach(h::add);
        return h;
    }

    public int epochs() { return epochs.size(); }

    /** The figures of one epoch (0-based), by name. */
    public Map<String, Double> epoch(int i) { return Map.copyOf(epochs.get(i)); }

    /** One figure over the epochs, e.g. {@code history.get("val_accuracy")}. */
    public double[] get(String name) {
        if (epochs.isEmpty() || !epochs.getFirst().containsKey(name)) {
            throw new IllegalArgumentException("no figure '" + name + "' in this history; it has " + (epochs.isEmpty() ? "none" : epochs.getFirst().keySet()));
        }
        return epochs.stream().mapToDouble(e -> e.get(name)).toArray();
    }

    /** Each figure over the epochs, as Keras's {@code history.history}: {@code {loss=[0.52, 0.31], accuracy=[...]}}. */
    @Override
    public String toString() {
        if (epochs.isEmpty()) return "{}";
        StringBuilder out = new StringBuilder("{");
        for (String name : epochs.getFirst().keySet()) {
            if (out.length() > 1) out.append(", ");
            out.append(name).append("=[");
            for (int e = 0; e < epochs.size(); e++) {
                out.append(e == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4f", epochs.get(e).get(name)));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    /** The last epoch's value of a figure. */
    public double last(String name) {
        double[] all = get(name);
        return all[all.length - 1];
    }
}
