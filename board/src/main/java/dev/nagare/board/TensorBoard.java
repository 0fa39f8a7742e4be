package dev.nagare.board;

import dev.nagare.graph.Tensor;
import dev.nagare.layers.Callback;
import dev.nagare.layers.Model;
import dev.nagare.ops.Variables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code fit} callback Keras calls {@code TensorBoard}: per epoch (the step) the loss and metrics as scalars
 * {@code epoch_<name>} in {@code <logdir>/train}, the {@code val_} figures under the same names in
 * {@code <logdir>/validation} (TensorBoard draws both runs on one chart), the graph once, and with
 * {@link #histogramFreq} the trainable weights' histograms. Everything written is flushed at each epoch's end;
 * {@link #close} closes the files.
 */
public final class TensorBoard implements Callback, AutoCloseable {
    private final Model model;
    private final Path logdir;
    private final int histogramFreq;
    private final boolean writeGraph;
    private final boolean batchScalars;
    private SummaryWriter train;
    private SummaryWriter validation;
    private long batches;

    private TensorBoard(Model model, Path logdir, int histogramFreq, boolean writeGraph, boolean batchScalars) {
        if (histogramFreq < 0) throw new IllegalArgumentException("histogramFreq must be 0 (none) or more, not " + histogramFreq);
        this.model = model;
        this.logdir = logdir;
        this.histogramFreq = histogramFreq;
        this.writeGraph = writeGraph;
        this.batchScalars = batchScalars;
    }

    /** Epoch scalars and the graph into {@code logdir}; no histograms, no per-batch scalars. */
    public static TensorBoard of(Model model, Path logdir) { return new TensorBoard(model, logdir, 0, true, false); }

    /** Also the trainable weights' histograms every {@code epochs} epochs (0: never). */
    public TensorBoard histogramFreq(int epochs) { return new TensorBoard(model, logdir, epochs, writeGraph, batchScalars); }

    /** Whether to write the model's graph. */
    public TensorBoard writeGraph(boolean on) { return new TensorBoard(model, logdir, histogramFreq, on, batchScalars); }

    /** Also {@code batch_<name>} scalars after every batch, the step counting batches over all epochs. */
    public TensorBoard batchScalars(boolean on) { return new TensorBoard(model, logdir, histogramFreq, writeGraph, on); }

    /** The writer of the {@code train} run (opened at the first batch or epoch), for tests and tools. */
    public SummaryWriter trainWriter() { return train(); }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        SummaryWriter w = train();
        long step = batches++;
        if (batchScalars) logs.forEach((k, v) -> w.scalar("batch_" + k, step, v));
    }

    @Override
    public boolean onEpochEnd(int epoch, Map<String, Double> logs) {
        SummaryWriter w = train();
        logs.forEach((k, v) -> {
            if (k.startsWith("val_")) validation().scalar("epoch_" + k.substring(4), epoch, v);
            else w.scalar("epoch_" + k, epoch, v);
        });
        if (histogramFreq > 0 && epoch % histogramFreq == 0) {
            for (Variables.Entry v : Variables.trainable(model.graph())) {
                Tensor value = model.session().run(v.value());
                w.histogram(v.variable().name(), epoch, value);
            }
        }
        w.flush();
        if (validation != null) validation.flush();
        return false;
    }

    private SummaryWriter train() {
        if (train == null) {
            train = open("train");
            if (writeGraph) train.graph(model.graph());
        }
        return train;
    }

    private SummaryWriter validation() {
        if (validation == null) validation = open("validation");
        return validation;
    }

    private SummaryWriter open(String run) {
        try {
            return SummaryWriter.create(logdir.resolve(run));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TensorBoard files into " + logdir.resolve(run), e);
        }
    }

    @Override
    public void close() {
        if (train != null) train.close();
        if (validation != null) validation.close();
    }
}
