package dev.nagare.session.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import dev.nagare.session.DeadlineExceededException;
import dev.nagare.session.Session;
import dev.nagare.session.SessionOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run that would never end (a loop whose condition stays true) stops at its timeout, commits nothing, and the Session goes on. */
class RunTimeoutTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);
    private final Output counter = tf.variable(tf.constant(0), "counter");
    /** Counts up forever, adding one to {@code counter} per iteration. */
    private final Output endless = tf.whileLoop(v -> tf.greaterEqual(v.get(0), tf.constant(0)),
            v -> List.of(tf.withControlDependencies(tf.assignAdd(counter, tf.constant(1)).node()).add(v.get(0), tf.constant(1))),
            List.of(tf.constant(0))).get(0);
    private final Output finite = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(5)),
            v -> List.of(tf.add(v.get(0), tf.constant(1))), List.of(tf.constant(0))).get(0);

    @Test
    void anEndlessLoopStopsAtTheRunnersTimeoutAndCommitsNothing() {
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            long start = System.nanoTime();
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
                    () -> s.runner().fetch(endless).timeout(Duration.ofMillis(200)).run());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 30, "stopped after " + seconds + " s");
            // it stops at whichever step comes next: the While node itself or a node of its condition or body
            assertTrue(e.getMessage().contains("200 ms") && e.getMessage().contains("stopped at node '"), e.getMessage());
            assertEquals(0, s.run(counter).intValue(), "the loop's writes were not committed");
            assertEquals(5, s.run(finite).intValue(), "the Session still runs");
            assertEquals(5, s.runner().fetch(finite).timeout(Duration.ofSeconds(60)).run().get(0).intValue());
        }
    }

    // 2 s, not less: the initializer and the finite loop must fit in it on a machine loaded by other builds
    // (100 ms was exceeded there); the endless loop stops after it either way.
    @Test
    void theSessionsRunTimeoutAppliesToEveryRun() {
        try (Session s = new Session(g, SessionOptions.defaults().withRunTimeout(Duration.ofSeconds(2)))) {
            s.run(tf.globalVariablesInitializer());
            assertThrows(DeadlineExceededException.class, () -> s.run(endless));
            assertEquals(0, s.run(counter).intValue());
            assertEquals(5, s.run(finite).intValue());
        }
        assertThrows(IllegalArgumentException.class, () -> SessionOptions.defaults().withRunTimeout(Duration.ZERO));
    }
}
