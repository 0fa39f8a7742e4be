package dev.nagare.board;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Results;
import dev.nagare.session.Runner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.Summary;

/**
 * Values recorded from inside the graph, as TensorFlow's {@code tf.summary.scalar}, {@code histogram} and
 * {@code merge_all} do: tag graph outputs once, then let each training run fetch them beside its own fetches
 * and write them as one merged Summary event at the step. The Summary is built here, after the run; the graph
 * ops {@code tf.summary.scalar/histogram/merge} build the same bytes inside the run (write those with
 * {@link SummaryWriter#summary(long, Tensor)}).
 */
public final class Summaries {
    private final SummaryWriter writer;
    private final Map<String, Output> scalars = new LinkedHashMap<>();
    private final Map<String, Output> histograms = new LinkedHashMap<>();

    private Summaries(SummaryWriter writer) { this.writer = writer; }

    /** Summaries written by {@code writer}. */
    public static Summaries to(SummaryWriter writer) { return new Summaries(writer); }

    /** Records {@code value} (one element) under {@code tag}. */
    public Summaries scalar(String tag, Output value) {
        if (value.shape().hasRank() && value.shape().isFullyDefined() && value.shape().size() != 1) {
            throw new IllegalArgumentException("scalar summary '" + tag + "' needs one value, but " + value.name() + " has shape " + value.shape());
        }
        put(tag, value, scalars);
        return this;
    }

    /** Records the histogram of {@code values}' elements under {@code tag}. */
    public Summaries histogram(String tag, Output values) {
        put(tag, values, histograms);
        return this;
    }

    private void put(String tag, Output o, Map<String, Output> into) {
        if (scalars.containsKey(tag) || histograms.containsKey(tag)) throw new IllegalArgumentException("summary tag '" + tag + "' is already taken");
        into.put(tag, o);
    }

    /** Adds every recorded output to {@code runner}'s fetches. */
    public Runner addFetches(Runner runner) {
        scalars.values().forEach(runner::fetch);
        histograms.values().forEach(runner::fetch);
        return runner;
    }

    /** Writes the recorded values found in {@code results} as one event at {@code step}. */
    public void write(Results results, long step) {
        List<Summary.Value> values = new ArrayList<>();
        scalars.forEach((tag, o) -> {
            Tensor t = results.get(o);
            if (t.size() != 1) throw new IllegalArgumentException("scalar summary '" + tag + "' got " + t.size() + " values (shape " + t.shape() + ")");
            values.add(Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) t.getDouble(0)).build());
        });
        histograms.forEach((tag, o) -> values.add(Summary.Value.newBuilder().setTag(tag).setHisto(Histogram.of(tag, results.get(o))).build()));
        writer.summary(step, values.toArray(Summary.Value[]::new));
    }

    /** Fetches the recorded values in {@code runner}'s run, writes them at {@code step}, and returns all results. */
    public Results run(Runner runner, long step) {
        Results r = addFetches(runner).run();
        write(r, step);
        return r;
    }
}
