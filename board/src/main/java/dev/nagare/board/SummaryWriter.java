package dev.nagare.board;

import dev.nagare.device.cpu.EventFileWriter;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.GraphDefs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.Summary;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}, into a run
 * directory: TFRecords of {@code Event} protos, the first one {@code file_version "brain.Event:2"}. Scalars are
 * {@code simple_value}s, histograms TensorFlow's {@link Histogram}s, the graph a serialized GraphDef. Steps rise
 * strictly per tag. What is written reaches the file on a timer (every 5 seconds unless told otherwise), on
 * {@link #flush} and on {@link #close}, so a crash loses at most that much. Safe to use from several threads.
 * The file itself is written by {@link EventFileWriter}, as the summary writer ops inside a graph write theirs.
 */
public final class SummaryWriter implements AutoCloseable {
    /** The version TensorBoard expects in the first event of a file. */
    public static final String FILE_VERSION = EventFileWriter.FILE_VERSION;
    /** Written into the first event's source metadata. */
    public static final String WRITER = "dev.nagare.board.SummaryWriter";
    public static final Duration DEFAULT_FLUSH = Duration.ofSeconds(5);

    private final EventFileWriter events;
    private final Map<String, Long> lastSteps = new HashMap<>();
    private boolean closed;

    private SummaryWriter(Path logdir, Duration flushEvery) throws IOException {
        // No queue bound: events wait for the timer, a flush or close.
        events = EventFileWriter.open(logdir, "", WRITER, Integer.MAX_VALUE, flushEvery);
    }

    /** A new event file in {@code logdir} (created if missing), flushed every 5 seconds. */
    public static SummaryWriter create(Path logdir) throws IOException { return new SummaryWriter(logdir, DEFAULT_FLUSH); }

    /** A new event file in {@code logdir}, flushed every {@code flushEvery}. */
    public static SummaryWriter create(Path logdir, Duration flushEvery) throws IOException { return new SummaryWriter(logdir, flushEvery); }

    /** The event file. */
    public Path file() { return events.file(); }

    /** A scalar, as TensorBoard's scalar dashboard plots it. */
    public void scalar(String tag, long step, double value) {
        summary(step, Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value).build());
    }

    /** The histogram of a tensor's values (weights, activations). */
    public void histogram(String tag, long step, Tensor values) {
        summary(step, Summary.Value.newBuilder().setTag(tag).setHisto(Histogram.of(tag, values)).build());
    }

    /** The histogram of {@code values}. */
    public void histogram(String tag, long step, double[] values) {
        summary(step, Summary.Value.newBuilder().setTag(tag).setHisto(Histogram.of(tag, values)).build());
    }

    /** A histogram made elsewhere. */
    public void histogram(String tag, long step, HistogramProto histogram) {
        summary(step, Summary.Value.newBuilder().setTag(tag).setHisto(histogram).build());
    }

    /** The graph, for TensorBoard's graph dashboard: name scopes become its groups. */
    public void graph(Graph graph) { graph(0, GraphDefs.forDisplay(graph)); }

    /** A GraphDef, at {@code step}. */
    public synchronized void graph(long step, GraphDef def) {
        write(Event.newBuilder().setWallTime(wallTime()).setStep(step).setGraphDef(def.toByteString()).build());
    }

    /**
     * A Summary made inside the graph by the summary ops ({@code tf.summary.scalar}, {@code histogram},
     * {@code merge}): the fetched string scalar that holds it serialized, written as one event at {@code step}.
     *
     * @throws IllegalArgumentException when {@code serialized} is not one string, or not a serialized Summary
     */
    public void summary(long step, Tensor serialized) {
        if (serialized.dtype() != dev.nagare.graph.DType.STRING || serialized.size() != 1) {
            throw new IllegalArgumentException("a serialized Summary is one string, got a " + serialized.dtype() + serialized.shape() + " tensor");
        }
        Summary s;
        try {
            s = Summary.parseFrom(serialized.stringData()[0]);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("the string is not a serialized Summary: " + e.getMessage());
        }
        summary(step, s.getValueList().toArray(Summary.Value[]::new));
    }

    /** One event holding the values of a Summary, each checked for rising steps. */
    public synchronized void summary(long step, Summary.Value... values) {
        requireOpen();
        for (Summary.Value v : values) {
            Long last = lastSteps.get(v.getTag());
            if (last != null && step <= last) throw new StepOrderException(v.getTag(), step, last);
        }
        Summary.Builder s = Summary.newBuilder();
        for (Summary.Value v : values) {
            lastSteps.put(v.getTag(), step);
            s.addValue(v);
        }
        write(Event.newBuilder().setWallTime(wallTime()).setStep(step).setSummary(s).build());
    }

    /** Pushes what was written to the file. */
    public synchronized void flush() { events.flush(); }

    @Override
    public synchronized void close() {
        closed = true;
        events.close();
    }

    private void write(Event e) {
        requireOpen();
        events.write(e.toByteArray());
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("the summary writer for " + events.file() + " is closed");
    }

    private static double wallTime() { return EventFileWriter.wallTime(); }
}
