package dev.nagare.device.cpu;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One TensorBoard event file, as TensorFlow's {@code EventsWriter} and summary file writer make it: named
 * {@code events.out.tfevents.<seconds>.<host>.<pid>.<n><suffix>} in a log directory (made if missing), TFRecords of
 * {@code Event} protos, the first one {@code file_version "brain.Event:2"} with the writer's name in its source
 * metadata, flushed at once. Later events are buffered and reach the file when more than {@code maxQueue} wait,
 * when a write finds the last flush older than {@code flushEvery}, on a timer of that period (so that a crash
 * loses at most that much even when nothing more is written), on {@link #flush} and on {@link #close}.
 *
 * <p>The summary writer ops' kernels and the board module's {@code SummaryWriter} both write through this class.
 * Facts of event.proto used here: Event {double wall_time = 1; int64 step = 2; oneof what {string file_version = 3;
 * bytes graph_def = 4; Summary summary = 5;} SourceMetadata source_metadata = 10}; SourceMetadata {string writer = 1}.
 * Safe to use from several threads.
 */
public final class EventFileWriter implements AutoCloseable {
    /** The prefix TensorBoard looks for. */
    public static final String PREFIX = "events.out.tfevents.";
    /** The version TensorBoard expects in the first event of a file. */
    public static final String FILE_VERSION = "brain.Event:2";

    /** Numbers the files of this JVM, as TensorFlow numbers them per process, so two writers never share a name. */
    private static final AtomicInteger FILES = new AtomicInteger();

    private final Path file;
    private final OutputStream out;
    private final int maxQueue;
    private final long flushNanos;
    private final ScheduledExecutorService timer;
    private int queued;
    private long lastFlush;
    private boolean closed;

    private EventFileWriter(Path logdir, String suffix, String writerName, int maxQueue, Duration flushEvery) throws IOException {
        Files.createDirectories(logdir);
        long seconds = Instant.now().getEpochSecond();
        this.maxQueue = maxQueue;
        this.flushNanos = flushEvery.toNanos();
        // The next number whose name is free: TensorFlow's writers in this process number their files too.
        String stem = String.format(Locale.ROOT, "%s%010d.%s.%d.", PREFIX, seconds, hostName(), ProcessHandle.current().pid());
        Path f;
        OutputStream o;
        while (true) {
            String name = stem + FILES.getAndIncrement() + suffix;
            f = logdir.resolve(name);
            try {
                o = Files.newOutputStream(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException taken) {
                // try the next number
            }
        }
        this.file = f;
        this.out = new BufferedOutputStream(o);
        ProtoWire.Writer source = new ProtoWire.Writer().bytes(1, writerName.getBytes(StandardCharsets.UTF_8));
        write(new ProtoWire.Writer().fixed64(1, Double.doubleToRawLongBits(seconds)).bytes(3, FILE_VERSION.getBytes(StandardCharsets.UTF_8))
                .bytes(10, source.toByteArray()).toByteArray());
        flush();
        if (flushNanos > 0) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "event-file-flush " + file.getFileName());
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::flushQuietly, flushNanos, flushNanos, TimeUnit.NANOSECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * A new event file in {@code logdir} (made with its parents if missing).
     *
     * @param suffix     appended to the file name as it is (TensorFlow's ops put a dot before a suffix without one)
     * @param writerName what the first event names as its writer
     * @param maxQueue   how many events may wait for a flush (more, and the write flushes)
     * @param flushEvery the longest time a written event waits for a flush; zero or less: every write flushes
     * @throws IOException when the directory or the file cannot be made (the exception names the path)
     */
    public static EventFileWriter open(Path logdir, String suffix, String writerName, int maxQueue, Duration flushEvery) throws IOException {
        return new EventFileWriter(logdir, suffix, writerName, maxQueue, flushEvery);
    }

    /** The event file. */
    public Path file() { return file; }

    /** Seconds since the epoch, to the microsecond, as TensorFlow stamps events. */
    public static double wallTime() {
        Instant now = Instant.now();
        return now.getEpochSecond() + (now.getNano() / 1000) / 1e6;
    }

    /** An event holding {@code summary} (a serialized Summary) at {@code step}, stamped now. */
    public void writeSummary(long step, byte[] summary) { write(header(step).bytes(5, summary).toByteArray()); }

    /** An event holding {@code graphDef} (a serialized GraphDef) at {@code step}, stamped now. */
    public void writeGraph(long step, byte[] graphDef) { write(header(step).bytes(4, graphDef).toByteArray()); }

    private static ProtoWire.Writer header(long step) {
        return new ProtoWire.Writer().fixed64(1, Double.doubleToRawLongBits(wallTime())).int64Field(2, step);
    }

    /**
     * A serialized Event, framed as one record.
     *
     * @throws UncheckedIOException when the file cannot be written (the message names it)
     * @throws IllegalStateException when the writer is closed
     */
    public synchronized void write(byte[] event) {
        if (closed) throw new IllegalStateException("the event file " + file + " is closed");
        try {
            out.write(TfRecords.frame(event));
        } catch (IOException e) {
            throw new UncheckedIOException("writing to " + file + " failed: " + e.getMessage(), e);
        }
        queued++;
        if (queued > maxQueue || flushNanos <= 0 || System.nanoTime() - lastFlush > flushNanos) flush();
    }

    /** Pushes what was written to the file; nothing once closed. */
    public synchronized void flush() {
        if (closed) return;
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("flushing " + file + " failed: " + e.getMessage(), e);
        }
        queued = 0;
        lastFlush = System.nanoTime();
    }

    /** Flushes and closes the file; a second close does nothing. */
    @Override
    public synchronized void close() {
        if (closed) return;
        if (timer != null) timer.shutdownNow();
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + " failed: " + e.getMessage(), e);
        } finally {
            closed = true;
        }
    }

    @Override
    public String toString() { return "event file " + file; }

    private void flushQuietly() {
        try {
            flush();
        } catch (UncheckedIOException e) {
            System.getLogger(EventFileWriter.class.getName()).log(System.Logger.Level.WARNING, e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.isEmpty() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }
}
