package dev.nagare.interop;

import static dev.nagare.interop.TfJudge.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graphs of the five TensorFlow-basics samples (see samples' BasicSamples), exported as SavedModels,
 * loaded by TensorFlow Java and run there: TensorFlow must compute what the Nagare Session computes.
 */
class BasicSamplesExportTest {
    @TempDir Path tmp;

    /** 1 + 2 with two constants: a signature with no inputs. */
    @Test
    void addOfTwoConstants() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output sum = tf.add(tf.constant(1, "a"), tf.constant(2, "b"));
        try (Session s = new Session(g)) {
            Path dir = tmp.resolve("add");
            SavedModelExporter.export(s, dir, Map.of(), map("sum", sum));
            Map<String, Tensor> tf2 = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of());
            assertEquals(Tensor.scalar(3), tf2.get("sum"));
            assertEquals(s.run(sum), tf2.get("sum"));
        }
    }

    /** The counter after three assigns: TensorFlow restores the variable's value from variables/. */
    @Test
    void counterVariable() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output state = tf.variable(tf.constant(0), "counter");
        Output next = tf.add(state, tf.constant(1));
        Output update = tf.assign(state, next);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int i = 0; i < 3; i++) s.run(update.node());
            Path dir = tmp.resolve("counter");
            SavedModelExporter.export(s, dir, Map.of(), map("counter", state, "next", next));
            Map<String, Tensor> out = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of());
            assertEquals(Tensor.scalar(3), out.get("counter"));
            assertEquals(Tensor.scalar(4), out.get("next"));
        }
    }

    /** x + y with y fed: first 1 then 3, as the sample feeds it. */
    @Test
    void placeholderFed() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.constant(1, "x");
        Output y = tf.placeholder(DType.INT32, Shape.scalar(), "y");
        Output sum = tf.add(x, y);
        try (Session s = new Session(g)) {
            Path dir = tmp.resolve("feed");
            SavedModelExporter.export(s, dir, map("y", y), map("sum", sum));
            var results = TfJudge.runTf(dir, Signature.DEFAULT_KEY, java.util.List.of(
                    Map.of("y", Tensor.scalar(1)), Map.of("y", Tensor.scalar(3))));
            assertEquals(Tensor.scalar(2), results.get(0).get("sum"));
            assertEquals(Tensor.scalar(4), results.get(1).get("sum"));
        }
    }

    /** Two Sessions over one counter graph: each exports its own count. */
    @Test
    void twoSessionsExportTheirOwnState() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output counter = tf.variable(tf.constant(0), "counter");
        Output increment = tf.assignAdd(counter, tf.constant(1));
        var init = tf.globalVariablesInitializer();
        try (Session first = new Session(g); Session second = new Session(g)) {
            first.run(init);
            second.run(init);
            for (int i = 0; i < 3; i++) first.run(increment.node());
            second.run(increment.node());
            SavedModelExporter.export(first, tmp.resolve("first"), Map.of(), map("counter", counter));
            SavedModelExporter.export(second, tmp.resolve("second"), Map.of(), map("counter", counter));
        }
        assertEquals(Tensor.scalar(3), TfJudge.runTf(tmp.resolve("first"), Signature.DEFAULT_KEY, Map.of()).get("counter"));
        assertEquals(Tensor.scalar(1), TfJudge.runTf(tmp.resolve("second"), Signature.DEFAULT_KEY, Map.of()).get("counter"));
    }

    /** Rank-2 adds and tensors of rank 0 to 3, in one signature with five outputs. */
    @Test
    void ranks() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output sum = tf.add(tf.constant(new int[][] {{1, 2}, {1, 2}}), tf.constant(new int[][] {{3, 4}, {3, 4}}));
        Output r0 = tf.constant(7);
        Output r1 = tf.constant(new int[] {1, 2, 3});
        Output r2 = tf.constant(new float[][] {{1.5f, 2}, {3, 4}});
        Output r3 = tf.constant(new int[][][] {{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}});
        try (Session s = new Session(g)) {
            Path dir = tmp.resolve("rank");
            Map<String, Output> outs = map("sum", sum, "r0", r0, "r1", r1, "r2", r2, "r3", r3);
            SavedModelExporter.export(s, dir, Map.of(), outs);
            Map<String, Tensor> tfOut = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of());
            for (var e : outs.entrySet()) assertEquals(s.run(e.getValue()), tfOut.get(e.getKey()), e.getKey());
            assertEquals(Tensor.fromJava(new int[][] {{4, 6}, {4, 6}}), tfOut.get("sum"));
        }
    }
}
