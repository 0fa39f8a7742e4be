package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What cannot be written as TensorFlow's functional control flow fails naming the node, and writes nothing. */
class ControlFlowExportErrorsTest {
    @TempDir Path tmp;

    @Test
    void aLoopsGradientCannotBeWritten() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(2), "x");
        List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(3)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.mul(v.get(1), v.get(1))), List.of(tf.constant(0), x));
        Output dx = tf.gradients(tf.reduceSum(r.get(1)), List.of(x)).get(0);
        Path dir = tmp.resolve("grad");
        try (Session s = new Session(g)) {
            ExportException e = assertThrows(ExportException.class,
                    () -> SavedModelExporter.export(s, dir, Map.of("serve", new Signature(Map.of("x", x), Map.of("dx", dx)))));
            assertTrue(e.getMessage().contains("iteration history of loop 'while'"), e.getMessage());
        }
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void aBodyThatAssignsAVariableCannotBeWritten() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.variable(tf.constant(2f), "w");
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output y = tf.cond(tf.greater(x, tf.constant(0f)), () -> tf.mul(x, tf.assignAdd(w, x)), () -> x);
        Path dir = tmp.resolve("var");
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            ExportException e = assertThrows(ExportException.class,
                    () -> SavedModelExporter.export(s, dir, Map.of("serve", new Signature(Map.of("x", x), Map.of("y", y)))));
            assertTrue(e.getMessage().contains("'cond'") && e.getMessage().contains("assigns variable 'w'"), e.getMessage());
        }
        assertFalse(Files.exists(dir), "nothing written");
    }
}
