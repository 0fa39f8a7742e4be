package dev.nagare.layers;

import dev.nagare.interop.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The callbacks that need a model or a file, as Keras's {@code ModelCheckpoint} and {@code CSVLogger}. */
public final class Callbacks {
    private Callbacks() {}

    /**
     * After each epoch, a TensorFlow checkpoint of every variable of the model (weights and optimizer state) at
     * {@code prefix}; with {@code monitor} given, only when that figure is the best so far (lower is better
     * unless its name holds "acc").
     */
    public static Callback modelCheckpoint(Model model, Path prefix, String monitor) {
        return new Callback() {
            private double best = Double.NaN;

            @Override
            public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
                if (monitor != null) {
                    Double v = logs.get(monitor);
                    if (v == null) throw new IllegalArgumentException("the checkpoint watches '" + monitor + "', which fit does not report: " + logs.keySet());
                    boolean better = Double.isNaN(best) || (monitor.contains("acc") ? v > best : v < best);
                    if (!better) return false;
                    best = v;
                }
                try {
                    Checkpoints.save(model.session(), prefix);
                } catch (IOException e) {
                    throw new UncheckedIOException("checkpoint to " + prefix + " after epoch " + (epoch + 1) + " failed", e);
                }
                return false;
            }
        };
    }

    /** Sets the model's learning rate before each epoch to {@code schedule(epoch)}, as Keras's LearningRateScheduler. */
    public static Callback learningRateScheduler(Model model, java.util.function.IntToDoubleFunction schedule) {
        return new Callback() {
            @Override public void onEpochBegin(int epoch) { model.setLearningRate(schedule.applyAsDouble(epoch)); }
        };
    }

    /** Writes one CSV line per epoch ({@code epoch,loss,accuracy,...}) to {@code file}, flushed each time. */
    public static Callback csvLogger(Path file) {
        return new Callback() {
            private List<String> columns;

            @Override
            public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
                try {
                    StringBuilder line = new StringBuilder();
                    if (columns == null) {
                        columns = new ArrayList<>(logs.keySet());
                        line.append("epoch,").append(String.join(",", columns)).append('\n');
                        Files.writeString(file, "", StandardCharsets.UTF_8);
                    }
                    line.append(epoch);
                    for (String c : columns) line.append(',').append(String.format(Locale.ROOT, "%.6g", logs.getOrDefault(c, Double.NaN)));
                    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
                        w.write(line.append('\n').toString());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("writing " + file + " failed", e);
                }
                return false;
            }
        };
    }
}
