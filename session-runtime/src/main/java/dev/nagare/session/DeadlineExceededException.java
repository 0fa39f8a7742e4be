package dev.nagare.session;

import dev.nagare.graph.Node;
import java.time.Duration;

/**
 * A run went past its timeout ({@link Runner#timeout}, {@link SessionOptions#withRunTimeout}), as TensorFlow's
 * DEADLINE_EXCEEDED: it stopped at the next step or loop iteration, committed nothing, and the Session stays
 * usable. The message names the node it stopped at.
 */
public final class DeadlineExceededException extends SessionException {
    DeadlineExceededException(Node at, Duration timeout) {
        super("Run exceeded its timeout of " + timeout.toMillis() + " ms; stopped at node '" + at.name() + "' (" + at.opName()
                + "); nothing was committed");
    }
}
