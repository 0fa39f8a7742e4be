package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import org.junit.jupiter.api.Test;

class RunnerTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);

    @Test
    void resultsAreReadableByPositionOutputAndName() {
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output twice = tf.withName("twice").mul(x, tf.constant(2f));
        Output plusOne = tf.withName("plus_one").add(x, tf.constant(1f));
        try (Session s = new Session(g)) {
            Results r = s.runner().feed(x, Tensor.scalar(5f)).fetch(twice).fetch("plus_one:0").run();
            assertEquals(10f, r.get(0).floatValue());
            assertEquals(6f, r.get(1).floatValue());
            assertEquals(10f, r.get(twice).floatValue());
            assertEquals(6f, r.get("plus_one").floatValue());
            assertEquals(10f, r.get("twice:0").floatValue());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.get("x"));
            assertTrue(e.getMessage().contains("'x' was not fetched") && e.getMessage().contains("twice:0"), e.getMessage());
        }
    }

    @Test
    void anOutputCanBeATarget() {
        Output v = tf.variable(tf.constant(0f), "v");
        Output bump = tf.assignAdd(v, tf.constant(1f));
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            s.runner().addTarget(bump).run();
            s.runner().addTarget(bump).run();
            assertEquals(2f, s.run(v).floatValue());
        }
    }
}
