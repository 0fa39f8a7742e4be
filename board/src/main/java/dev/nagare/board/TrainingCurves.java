package dev.nagare.board;

import dev.nagare.layers.Callback;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code fit} callback that draws the loss and metrics per epoch, training and validation, into a PNG after
 * every epoch (the course notebooks' {@code plot_training}): the picture is always up to date, and an
 * interrupted run still leaves one.
 */
public final class TrainingCurves implements Callback {
    private final Path png;
    private final int width;
    private final int height;
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    private TrainingCurves(Path png, int width, int height) {
        this.png = png;
        this.width = width;
        this.height = height;
    }

    /** Curves into {@code png}, 800 by 600 pixels. */
    public static TrainingCurves to(Path png) { return new TrainingCurves(png, 800, 600); }

    /** Curves into {@code png} of the given size. */
    public static TrainingCurves to(Path png, int width, int height) { return new TrainingCurves(png, width, height); }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(new LinkedHashMap<>(logs));
        try {
            Charts.trainingCurves(epochs, png, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("drawing the training curves into " + png + " failed", e);
        }
        return false;
    }
}
