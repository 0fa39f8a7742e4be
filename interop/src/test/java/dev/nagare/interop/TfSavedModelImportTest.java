package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * SavedModels written by TensorFlow (its exporter, or its SaveV2 op for raw-built graphs), loaded into
 * Nagare with their variables, run by both. Covers the TensorFlow ops with state: VariableV2, Variable,
 * resource variables, assigns and the fused optimizer updates.
 */
class TfSavedModelImportTest {
    static final Set<String> COVERED = Set.of("VariableV2", "Variable", "VarHandleOp", "ReadVariableOp", "Assign", "AssignVariableOp",
            "AssignAdd", "AssignSub", "ApplyGradientDescent", "ApplyMomentum", "ApplyAdam");

    @TempDir Path tmp;

    /** A small classifier made with TensorFlow Java's Ops API and written by its own SavedModel exporter. */
    @Test
    void modelWrittenByTensorFlowJavaExporter() throws IOException {
        Path dir = tmp.resolve("tfjava");
        Random r = new Random(3);
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            var x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 4)));
            var w = tf.withName("w").variable(tf.constant(new float[][] {{1, -2, 0.5f}, {0.25f, 1, -1}, {2, 0, 1}, {-1, 1, 1}}));
            var b = tf.withName("b").variable(tf.constant(new float[] {0.1f, -0.2f, 0.3f}));
            var logits = tf.withName("logits").nn.biasAdd(tf.linalg.matMul(x, w), b);
            var probs = tf.withName("probs").nn.softmax(logits);
            var pred = tf.withName("pred").math.argMax(probs, tf.constant(1));
            try (org.tensorflow.Session s = new org.tensorflow.Session(g)) {
                s.initialize();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(org.tensorflow.Signature.builder()
                        .input("x", x).output("probs", probs).output("pred", pred).output("logits", logits).build()).export();
            }
        }
        List<Map<String, Tensor>> feeds = List.of(Map.of("x", TfImportCases.f(r, 5, 4)), Map.of("x", TfImportCases.f(r, 1, 4)));
        List<Map<String, Tensor>> expected = TfJudge.runTf(dir, Signature.DEFAULT_KEY, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            for (int i = 0; i < feeds.size(); i++) {
                Compare.assertAllClose("feed " + i, expected.get(i), TfJudge.runNagare(m.session(), m.signature(), feeds.get(i)),
                        OpDifferentialTest.TOLERANCE);
            }
        }
    }

    /**
     * A signature input the graph computes (x = Identity(Lgamma(raw)), an op Nagare lacks) is fed as given, as
     * TensorFlow feeds it: nothing behind it is imported, and the outputs agree with TensorFlow's.
     */
    @Test
    void aSignatureInputThatIsNoPlaceholderIsFedAsGiven() throws IOException {
        Path dir = tmp.resolve("computed-input");
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            Ops tf = Ops.create(g);
            var raw = tf.withName("raw").placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 3)));
            var x = tf.withName("x").identity(tf.math.lgamma(raw));
            var y = tf.withName("y").math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
            try (org.tensorflow.Session s = new org.tensorflow.Session(g)) {
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(org.tensorflow.Signature.builder()
                        .input("x", x).output("y", y).build()).export();
            }
        }
        Map<String, Tensor> feeds = Map.of("x", TfImportCases.f(new Random(5), 4, 3));
        Map<String, Tensor> expected = TfJudge.runTf(dir, Signature.DEFAULT_KEY, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            assertEquals("Placeholder", m.signature().input("x").node().opName(), "x is fed in place of the Identity");
            assertEquals(Shape.of(-1, 3), m.signature().input("x").shape());
            Compare.assertAllClose("y", expected, TfJudge.runNagare(m.session(), m.signature(), feeds), 0);
        }
    }

    /**
     * Every kind of variable, each update op as a signature output; resource variables' checkpoint keys are
     * not their node names (as in TensorFlow 2's object-based checkpoints), so the restore subgraph decides.
     */
    @Test
    void variablesAndUpdatesWrittenByTensorFlowSaveV2() throws IOException {
        Path dir = tmp.resolve("raw");
        Random r = new Random(11);
        Map<String, SignatureDef> sigs = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        try (TfGraph t = new TfGraph()) {
            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            var ref = variable(t, vars, "VariableV2", "v2", TfImportCases.f(r, 3), "v2");
            var old = variable(t, vars, "Variable", "oldvar", TfImportCases.f(r, 3), "oldvar");
            var res = variable(t, vars, "VarHandleOp", "dense/kernel", TfImportCases.f(r, 3), "dense/kernel/.ATTRIBUTES/VARIABLE_VALUE");
            Output<?> read = t.op("ReadVariableOp").named("dense/read").in(res).attr("dtype", DType.FLOAT32).out();
            Output<?> sum = t.op("AddV2").named("sum").in(t.op("AddV2").in(ref, read).attr("T", DType.FLOAT32).out(), old)
                    .attr("T", DType.FLOAT32).out();
            sigs.put("read", sig(Map.of(), Map.of("sum", sum)));
            feeds.put("read", Map.of());

            Output<?> x = t.feed(TfImportCases.f(r, 3));
            Map<String, Output<?>> updates = new LinkedHashMap<>();
            for (String op : new String[] {"Assign", "AssignAdd", "AssignSub"}) {
                var v = variable(t, vars, "VariableV2", op.toLowerCase() + "_var", TfImportCases.f(r, 3), op.toLowerCase() + "_var");
                updates.put(op, t.op(op).named(op.toLowerCase()).in(v, x).attr("T", DType.FLOAT32).out());
            }
            var rv = variable(t, vars, "VarHandleOp", "rv2", TfImportCases.f(r, 3), "rv2_key");
            GraphOperation assignVar = t.op("AssignVariableOp").named("rv2/assign").in(rv, x).attr("dtype", DType.FLOAT32).build();
            updates.put("AssignVariableOp", t.op("ReadVariableOp").named("rv2/read_after").in(rv).attr("dtype", DType.FLOAT32)
                    .control(assignVar).out());
            Output<?> lr = t.constant(Tensor.scalar(0.1f));
            var gd = variable(t, vars, "VariableV2", "gd", TfImportCases.f(r, 3), "gd");
            updates.put("ApplyGradientDescent", t.op("ApplyGradientDescent").named("apply_gd").in(gd, lr, x).attr("T", DType.FLOAT32).out());
            var mv = variable(t, vars, "VariableV2", "mom", TfImportCases.f(r, 3), "mom");
            var acc = variable(t, vars, "VariableV2", "mom_acc", TfImportCases.floats(r, 0, 1, 3), "mom_acc");
            updates.put("ApplyMomentum", t.op("ApplyMomentum").named("apply_momentum").in(mv, acc, lr, x, t.constant(Tensor.scalar(0.9f)))
                    .attr("T", DType.FLOAT32).out());
            var av = variable(t, vars, "VariableV2", "adam", TfImportCases.f(r, 3), "adam");
            var am = variable(t, vars, "VariableV2", "adam_m", TfImportCases.floats(r, -0.1, 0.1, 3), "adam_m");
            var avv = variable(t, vars, "VariableV2", "adam_v", TfImportCases.floats(r, 0.01, 0.1, 3), "adam_v");
            updates.put("ApplyAdam", t.op("ApplyAdam").named("apply_adam").in(av, am, avv, t.constant(Tensor.scalar(0.81f)),
                    t.constant(Tensor.scalar(0.998f)), lr, t.constant(Tensor.scalar(0.9f)), t.constant(Tensor.scalar(0.999f)),
                    t.constant(Tensor.scalar(1e-7f)), x).attr("T", DType.FLOAT32).out());
            sigs.put("update", sig(Map.of("x", x), updates));
            feeds.put("update", Map.of("x", t.feeds.get("in0")));
            TfSavedModelWriter.write(t, dir, vars, sigs);
        }
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            assertEquals(Set.of("read", "update"), m.signatures().keySet());
            for (String key : feeds.keySet()) {
                Compare.assertAllClose(key, expected.get(key), TfJudge.runNagare(m.session(), m.signature(key), feeds.get(key)),
                        OpDifferentialTest.TOLERANCE);
            }
        }
    }

    private static Output<?> variable(TfGraph t, List<TfSavedModelWriter.Var> vars, String op, String name, Tensor init, String key) {
        boolean resource = op.equals("VarHandleOp");
        var b = t.op(op).named(name).attr("dtype", init.dtype()).attr("shape", init.shape());
        if (resource) b.attr("shared_name", name);
        GraphOperation v = b.build();
        GraphOperation assign = resource
                ? t.op("AssignVariableOp").named(name + "/init").in(v.output(0), t.constant(init)).attr("dtype", init.dtype()).build()
                : t.op("Assign").named(name + "/init").in(v.output(0), t.constant(init)).attr("T", init.dtype()).build();
        vars.add(new TfSavedModelWriter.Var(v, init.dtype(), resource, assign, key));
        return v.output(0);
    }

    private static SignatureDef sig(Map<String, Output<?>> inputs, Map<String, Output<?>> outputs) {
        SignatureDef.Builder b = SignatureDef.newBuilder().setMethodName(Signature.PREDICT_METHOD);
        inputs.forEach((k, o) -> b.putInputs(k, info(o)));
        outputs.forEach((k, o) -> b.putOutputs(k, info(o)));
        return b.build();
    }

    private static TensorInfo info(Output<?> o) {
        Shape s = Shape.of(java.util.Arrays.stream(o.shape().asArray()).mapToInt(Math::toIntExact).toArray());
        return TensorInfo.newBuilder().setName(o.op().name() + ":" + o.index())
                .setDtype(o.dataType()).setTensorShape(TensorProtos.shape(s)).build();
    }
}
