package dev.nagare.board;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.GraphDefs;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.SourceMetadata;
import org.tensorflow.proto.Summary;

/**
 * Writes a TensorBoard event file, {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}, into a run
 * directory: TFRecords of {@code Event} protos, the first one {@code file_version "brain.Event:2"}. Scalars are
 * {@code simple_value}s, histograms TensorFlow's {@link Histogram}s, the graph a serialized GraphDef. Steps rise
 * strictly per tag. What is written reaches the file on a timer (every 5 seconds unless told otherwise), on
 * {@link #flush} and on {@link #close}, so a crash loses at most that much. Safe to use from several threads.
 */
public final class SummaryWriter implements AutoCloseable {
    /** The version TensorBoard expects in the first event of a file. */
    public static final String FILE_VERSION = "brain.Event:2";
    /** Written into the first event's source metadata. */
    public static final String WRITER = "dev.nagare.board.SummaryWriter";
    public static final Duration DEFAULT_FLUSH = Duration.ofSeconds(5);

    private static final AtomicInteger FILES = new AtomicInteger();

    private final Path file;
    private final OutputStream out;
    private final Map<String, Long> lastSteps = new HashMap<>();
    private final ScheduledExecutorService timer;
    private boolean closed;

    private SummaryWriter(Path logdir, Duration flushEvery) throws IOException {
        Files.createDirectories(logdir);
        long now = System.currentTimeMillis();
        String name = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d.%d", now / 1000, hostName(), ProcessHandle.current().pid(),
                FILES.getAndIncrement());
        file = logdir.resolve(name);
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        write(Event.newBuilder().setWallTime(now / 1000.0).setFileVersion(FILE_VERSION)
                .setSourceMetadata(SourceMetadata.newBuilder().setWriter(WRITER)).build());
        out.flush();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "summary-writer-flush " + name);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, flushEvery.toMillis());
        timer.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A new event file in {@code logdir} (created if missing), flushed every 5 seconds. */
    public static SummaryWriter create(Path logdir) throws IOException { return new SummaryWriter(logdir, DEFAULT_FLUSH); }

    /** A new event file in {@code logdir}, flushed every {@code flushEvery}. */
    public static SummaryWriter create(Path logdir, Duration flushEvery) throws IOException { return new SummaryWriter(logdir, flushEvery); }

    /** The event file. */
    public Path file() { return file; }

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
    public synchronized void flush() {
        if (closed) return;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("flushing " + file + " failed", e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        timer.shutdownNow();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + " failed", e);
        } finally {
            closed = true;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (UncheckedIOException e) {
            System.getLogger(SummaryWriter.class.getName()).log(System.Logger.Level.WARNING, e.getMessage(), e);
        }
    }

    private synchronized void write(Event e) {
        requireOpen();
        try {
            out.write(Records.frame(e.toByteArray()));
        } catch (IOException ex) {
            throw new UncheckedIOException("writing to " + file + " failed", ex);
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("the summary writer for " + file + " is closed");
    }

    private static double wallTime() { return System.currentTimeMillis() / 1000.0; }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.isEmpty() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
