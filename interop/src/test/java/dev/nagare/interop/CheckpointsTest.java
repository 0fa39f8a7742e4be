package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.op.Ops;

class CheckpointsTest {
    @TempDir Path dir;

    /** A small model: variables of every dtype, and one "training" step that changes them all. */
    private static final class Model {
        final Graph graph = new Graph();
        final Tf tf = Tf.of(graph);
        final Output w = tf.variable(tf.constant(new float[][] {{1, 2, 3}, {4, 5, 6}}), "dense/w");
        final Output b = tf.variable(tf.constant(new double[] {0.5, -0.5, 0}), "dense/b");
        final Output step = tf.variable(tf.constant(0L), "global_step", false);
        final Output counts = tf.variable(tf.constant(new int[] {7, 9}), "counts", false);
        final Output flags = tf.variable(tf.constant(new boolean[] {false, true}), "flags", false);
        final List<Output> train = List.of(
                tf.assignAdd(w, tf.constant(new float[][] {{0.25f, 0.5f, 0.75f}, {1, 1.25f, 1.5f}})),
                tf.assignSub(b, tf.constant(new double[] {0.125, 0.125, 0.125})),
                tf.assignAdd(step, tf.constant(1L)),
                tf.assignAdd(counts, tf.constant(new int[] {-3, 3})),
                tf.assign(flags, tf.constant(new boolean[] {true, false})));
        final List<Output> all = List.of(w, b, step, counts, flags);

        Session trainedSession(int steps) {
            Session s = new Session(graph);
            s.run(tf.globalVariablesInitializer());
            for (int i = 0; i < steps; i++) for (Output t : train) s.run(t);
            return s;
        }
    }

    private static List<Tensor> values(Session s, List<Output> outputs) {
        return outputs.stream().map(s::run).toList();
    }

    @Test
    void saveThenRestoreIntoAFreshSession() throws IOException {
        Model m = new Model();
        Path prefix = dir.resolve("run1/model.ckpt-3");
        List<Tensor> trained;
        try (Session a = m.trainedSession(3)) {
            trained = values(a, m.all);
            Checkpoints.save(a, prefix);
        }
        assertEquals(3L, trained.get(2).longValue());
        assertEquals("model_checkpoint_path: \"model.ckpt-3\"\nall_model_checkpoint_paths: \"model.ckpt-3\"\n",
                Files.readString(dir.resolve("run1/checkpoint")));
        try (Session b = new Session(m.graph)) { // never initialized: restore alone gives every variable its value
            Checkpoints.restore(b, prefix);
            assertEquals(trained, values(b, m.all));
        }
        try (Session c = m.trainedSession(1)) { // overwrites trained values too
            Checkpoints.restore(c, prefix);
            assertEquals(trained, values(c, m.all));
        }
    }

    @Test
    void restoreWithAMissingVariableNamesItAndChangesNothing() throws IOException {
        Model saved = new Model();
        Path prefix = dir.resolve("ckpt");
        try (Session a = saved.trainedSession(2)) {
            Checkpoints.save(a, prefix);
        }
        Model bigger = new Model();
        Output extra = bigger.tf.variable(bigger.tf.constant(new float[] {1, 2}), "head/extra");
        try (Session s = bigger.trainedSession(0)) {
            List<Tensor> before = values(s, bigger.all);
            Tensor extraBefore = s.run(extra);
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> Checkpoints.restore(s, prefix));
            assertEquals(List.of("head/extra"), e.missing());
            assertTrue(e.getMessage().contains("head/extra"), e.getMessage());
            assertEquals(before, values(s, bigger.all));
            assertEquals(extraBefore, s.run(extra));
        }
    }

    @Test
    void restoreWithWrongDtypeOrShapeListsThemAll() throws IOException {
        Model saved = new Model();
        Path prefix = dir.resolve("ckpt");
        try (Session a = saved.trainedSession(1)) {
            Checkpoints.save(a, prefix);
        }
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.variable(tf.constant(new float[][] {{1, 2}, {3, 4}, {5, 6}}), "dense/w");   // [3, 2], saved [2, 3]
        Output step = tf.variable(tf.constant(0), "global_step");                                 // int32, saved int64
        tf.variable(tf.constant(true), "missing_flag");
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            Tensor wBefore = s.run(w);
            CheckpointMismatchException e = assertThrows(CheckpointMismatchException.class, () -> Checkpoints.restore(s, prefix));
            assertEquals(List.of("missing_flag"), e.missing());
            assertEquals(2, e.mismatched().size(), e.mismatched().toString());
            assertTrue(e.mismatched().get(0).contains("dense/w") && e.mismatched().get(0).contains("[3, 2]"), e.mismatched().get(0));
            assertTrue(e.mismatched().get(1).contains("global_step") && e.mismatched().get(1).contains("int64"), e.mismatched().get(1));
            assertEquals(wBefore, s.run(w));
            assertEquals(0, s.run(step).intValue());
        }
    }

    @Test
    void extraTensorsInTheCheckpointAreIgnored() throws IOException {
        Model saved = new Model();
        Path prefix = dir.resolve("ckpt");
        Tensor trainedW;
        try (Session a = saved.trainedSession(4)) {
            trainedW = a.run(saved.w);
            Checkpoints.save(a, prefix);
        }
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.variable(tf.constant(new float[][] {{0, 0, 0}, {0, 0, 0}}), "dense/w");
        try (Session s = new Session(g)) {
            Checkpoints.restore(s, prefix);
            assertEquals(trainedW, s.run(w));
        }
    }

    @Test
    void theStateFileEscapesTheNameAsProtobufTextFormatDoes() throws IOException {
        Model m = new Model();
        try (Session a = m.trainedSession(0)) {
            Checkpoints.save(a, dir.resolve("odd/mödel \"v2\""));
        }
        assertEquals("model_checkpoint_path: \"m\\303\\266del \\\"v2\\\"\"\nall_model_checkpoint_paths: \"m\\303\\266del \\\"v2\\\"\"\n",
                Files.readString(dir.resolve("odd/checkpoint")));
    }

    @Test
    void aGraphWithoutVariablesSavesAnEmptyCheckpoint() throws IOException {
        Graph g = new Graph();
        Tf.of(g).constant(1f);
        Path prefix = dir.resolve("empty/ckpt");
        try (Session s = new Session(g)) {
            Checkpoints.save(s, prefix);
            assertEquals(Map.of(), TensorBundle.read(prefix));
            Checkpoints.restore(s, prefix);
        }
    }

    @Test
    void tensorFlowRestoresANagareCheckpoint() throws IOException {
        Model m = new Model();
        Path prefix = dir.resolve("nagare/model.ckpt");
        List<Tensor> trained;
        try (Session a = m.trainedSession(2)) {
            trained = values(a, m.all);
            Checkpoints.save(a, prefix);
        }
        try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
            Ops tf = Ops.create(g);
            Function<String, Ops> named = TensorBundleTestSupport.namer(tf);
            for (Output v : m.all) {
                named.apply(v.node().name()).variable(TensorBundleTestSupport.constant(tf, Tensor.zeros(v.dtype(), v.shape())));
            }
            s.restore(prefix.toString());
            org.tensorflow.Session.Runner runner = s.runner();
            for (Output v : m.all) runner.fetch(v.node().name());
            try (Result r = runner.run()) {
                for (int i = 0; i < m.all.size(); i++) assertEquals(trained.get(i), TensorBundleTestSupport.fromTf(r.get(i)), m.all.get(i).node().name());
            }
        }
    }

    @Test
    void nagareRestoresATensorFlowCheckpoint() throws IOException {
        Model m = new Model();
        SortedMap<String, Tensor> tfValues = new TreeMap<>();
        tfValues.put("dense/w", Tensor.of(Shape.of(2, 3), new float[] {9, 8, 7, 6, 5, 4}));
        tfValues.put("dense/b", Tensor.of(Shape.of(3), new double[] {-1, -2, -3}));
        tfValues.put("global_step", Tensor.scalar(1000L));
        tfValues.put("counts", Tensor.of(Shape.of(2), new int[] {11, 12}));
        tfValues.put("flags", Tensor.of(Shape.of(2), new boolean[] {true, true}));
        tfValues.put("unused_by_nagare", Tensor.zeros(DType.FLOAT32, Shape.of(4)));
        Path prefix = dir.resolve("tf/model.ckpt");
        TensorBundleTestSupport.tfSaveVariables(prefix, tfValues);
        try (Session s = new Session(m.graph)) {
            Checkpoints.restore(s, prefix);
            for (Output v : m.all) assertEquals(tfValues.get(v.node().name()), s.run(v), v.node().name());
        }
    }
}
