package dev.nagare.device;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where Print nodes write their lines: standard error (as TensorFlow's Print does) unless the program hands another
 * consumer (a logger, a test's list). One for the whole JVM, as standard error is.
 */
public final class PrintOutput {
    private static volatile Consumer<String> sink = line -> System.err.println(line); // the System.err of the moment

    private PrintOutput() {}

    /** Sends every line Print writes from now on to {@code lines}; returns the consumer it replaces. */
    public static Consumer<String> set(Consumer<String> lines) {
        Consumer<String> old = sink;
        sink = Objects.requireNonNull(lines, "lines");
        return old;
    }

    /** Writes one line. */
    public static void write(String line) { sink.accept(line); }
}
