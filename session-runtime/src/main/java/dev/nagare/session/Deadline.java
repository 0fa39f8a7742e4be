package dev.nagare.session;

import dev.nagare.graph.Node;
import java.time.Duration;

/** When a run must stop: {@code timeout} after {@code startedNanos} ({@link System#nanoTime}). */
record Deadline(long startedNanos, Duration timeout) {
    /** Throws {@link DeadlineExceededException} at {@code node} when the time is up. */
    void check(Node node) {
        if (System.nanoTime() - startedNanos > timeout.toNanos()) throw new DeadlineExceededException(node, timeout);
    }
}
