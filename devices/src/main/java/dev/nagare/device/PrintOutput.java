package dev.nagare.device;

import dev.nagare.ops.DebugOps;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where Print and PrintV2 nodes write: standard error and the other streams TensorFlow names, unless the program
 * hands other consumers (a logger, a test's list). One for the whole JVM, as standard error is.
 */
public final class PrintOutput {
    private static volatile Consumer<String> sink = line -> System.err.println(line); // the System.err of the moment
    private static volatile Streams streams = PrintOutput::standard;

    private PrintOutput() {}

    /** What PrintV2 writes to: the node's output stream (one of {@link DebugOps#OUTPUT_STREAMS}) and its text, the end included. */
    @FunctionalInterface
    public interface Streams {
        void write(String outputStream, String text);
    }

    /** Sends every line Print writes from now on to {@code lines}; returns the consumer it replaces. */
    public static Consumer<String> set(Consumer<String> lines) {
        Consumer<String> old = sink;
        sink = Objects.requireNonNull(lines, "lines");
        return old;
    }

    /** Writes one line. */
    public static void write(String line) { sink.accept(line); }

    /**
     * Sends what PrintV2 writes from now on to {@code to} (files named "file://..." excepted: PrintV2 appends to
     * them itself); returns the one it replaces.
     */
    public static Streams setStreams(Streams to) {
        Streams old = streams;
        streams = Objects.requireNonNull(to, "to");
        return old;
    }

    /** Writes {@code text} to {@code outputStream}, one of {@link DebugOps#OUTPUT_STREAMS}. */
    public static void write(String outputStream, String text) { streams.write(outputStream, text); }

    /**
     * The standard streams as they are at the moment, and for "log(...)" the {@code System.Logger} "dev.nagare.print"
     * at that level, given the text without its final newline (a logger ends each record itself).
     */
    private static void standard(String outputStream, String text) {
        switch (outputStream) {
            case "stdout" -> {
                System.out.print(text);
                System.out.flush();
            }
            case "stderr" -> {
                System.err.print(text);
                System.err.flush();
            }
            default -> {
                System.Logger.Level level = switch (outputStream) {
                    case "log(info)" -> System.Logger.Level.INFO;
                    case "log(warning)" -> System.Logger.Level.WARNING;
                    case "log(error)" -> System.Logger.Level.ERROR;
                    default -> throw new IllegalArgumentException("unknown output stream '" + outputStream + "'; valid: " + DebugOps.OUTPUT_STREAMS);
                };
                System.getLogger("dev.nagare.print").log(level, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            }
        }
    }
}
