package dev.nagare.session;

import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One run of a {@link Session}: its feeds, fetches and targets. Not shared between threads. */
public final class Runner {
    private final Session session;
    private final List<Output> feeds = new ArrayList<>(2);
    private final List<Tensor> feedValues = new ArrayList<>(2);
    private final List<Output> fetches = new ArrayList<>(2);
    private final List<Node> targets = new ArrayList<>(1);
    private Duration timeout;

    Runner(Session session) { this.session = session; }

    /** Feeds {@code value} in place of {@code output} (usually a placeholder). */
    public Runner feed(Output output, Tensor value) {
        feeds.add(output);
        feedValues.add(value);
        return this;
    }

    /** Feeds by name: {@code "x"} or {@code "x:0"}. */
    public Runner feed(String name, Tensor value) { return feed(lookup(name, "feed"), value); }

    public Runner fetch(Output output) { fetches.add(output); return this; }

    public Runner fetch(String name) { return fetch(lookup(name, "fetch")); }

    public Runner addTarget(Node node) { targets.add(node); return this; }

    /** Runs the node of {@code output} for its effect, such as the result of an {@code assign}. */
    public Runner addTarget(Output output) { return addTarget(output.node()); }

    public Runner addTarget(String name) { return addTarget(lookup(name, "run").node()); }

    /**
     * Stops this run with {@link DeadlineExceededException} once it has taken longer than {@code timeout}
     * (checked between steps and loop iterations), instead of the Session's {@link SessionOptions#runTimeout}.
     */
    public Runner timeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        this.timeout = timeout;
        return this;
    }

    /** Runs and returns the fetched values, in the order they were asked for and by output or name. */
    public Results run() {
        return new Results(fetches, timeout == null ? session.run(feeds, feedValues, fetches, targets)
                : session.run(feeds, feedValues, fetches, targets, timeout));
    }

    private Output lookup(String name, String role) {
        try {
            return session.graph().output(name);
        } catch (GraphException e) {
            throw new FeedException("Cannot " + role + " '" + name + "': " + e.getMessage());
        }
    }
}
