package dev.nagare.interop;

import dev.nagare.graph.DType;
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
import org.tensorflow.proto.SignatureDef;

/**
 * The fused updates of Adagrad and RMSProp in graphs TensorFlow built, on reference variables (ApplyAdagrad,
 * ...) and on resource variables (ResourceApplyAdagrad, ...), imported from the SavedModel TensorFlow's SaveV2
 * wrote and run once by both; every variable and slot is read back after its update.
 */
class TfTrainImportTest {
    static final Set<String> COVERED = Set.of("ApplyAdagrad", "ApplyAdagradV2", "ApplyRMSProp", "ApplyCenteredRMSProp",
            "ResourceApplyAdagrad", "ResourceApplyAdagradV2", "ResourceApplyRMSProp", "ResourceApplyCenteredRMSProp");

    @TempDir Path tmp;

    /** One update: its TensorFlow op, its variables (variable first, then slots as [lo, hi] ranges), its scalar inputs. */
    private record Update(String op, double[][] slots, float... scalars) {}

    private static final List<Update> UPDATES = List.of(
            new Update("ApplyAdagrad", new double[][] {{0.1, 1}}, 0.1f),
            new Update("ApplyAdagradV2", new double[][] {{0, 1}}, 0.1f, 1e-7f),
            new Update("ApplyRMSProp", new double[][] {{0.1, 1}, {-0.1, 0.1}}, 0.01f, 0.9f, 0.9f, 1e-10f),
            new Update("ApplyCenteredRMSProp", new double[][] {{-0.1, 0.1}, {0.5, 1}, {-0.1, 0.1}}, 0.01f, 0.9f, 0.5f, 1e-7f));

    @Test
    void adagradAndRmsPropUpdatesWrittenByTensorFlow() throws IOException {
        Path dir = tmp.resolve("train-updates");
        Random r = new Random(41);
        Map<String, Map<String, Tensor>> feeds = new LinkedHashMap<>();
        Map<String, SignatureDef> sigs = new LinkedHashMap<>();
        try (TfGraph t = new TfGraph()) {
            List<TfSavedModelWriter.Var> vars = new ArrayList<>();
            Output<?> grad = t.feed(TfImportCases.f(r, 3));
            Map<String, Output<?>> after = new LinkedHashMap<>();
            for (Update u : UPDATES) {
                for (boolean resource : new boolean[] {false, true}) {
                    String op = (resource ? "Resource" : "") + u.op(), prefix = op.toLowerCase();
                    List<Output<?>> in = new ArrayList<>();
                    in.add(variable(t, vars, resource, prefix + "_var", TfImportCases.f(r, 3)));
                    for (int k = 0; k < u.slots().length; k++) {
                        in.add(variable(t, vars, resource, prefix + "_slot" + k, TfImportCases.floats(r, u.slots()[k][0], u.slots()[k][1], 3)));
                    }
                    for (float s : u.scalars()) in.add(t.constant(Tensor.scalar(s)));
                    in.add(grad);
                    GraphOperation apply = t.op(op).named(prefix).in(in.toArray(Output<?>[]::new)).attr("T", DType.FLOAT32).build();
                    for (int k = 0; k <= u.slots().length; k++) { // the variable and each slot, read after the update
                        String name = prefix + (k == 0 ? "_var" : "_slot" + (k - 1)) + "/after";
                        after.put(name.replace('/', '_'), resource
                                ? t.op("ReadVariableOp").named(name).in(in.get(k)).attr("dtype", DType.FLOAT32).control(apply).out()
                                : t.op("Identity").named(name).in(in.get(k)).attr("T", DType.FLOAT32).control(apply).out());
                    }
                }
            }
            sigs.put("update", TfFunctionImportTest.sig(Map.of("grad", grad), after));
            feeds.put("update", Map.of("grad", t.feeds.get("in0")));
            TfSavedModelWriter.write(t, dir, vars, sigs);
        }
        Map<String, Map<String, Tensor>> expected = TfJudge.runTfKeys(dir, feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            double diff = Compare.assertAllClose("update", expected.get("update"), TfJudge.runNagare(m.session(), m.signature("update"), feeds.get("update")),
                    OpDifferentialTest.TOLERANCE);
            System.out.println("TfTrainImportTest: largest difference from TensorFlow over " + expected.get("update").size() + " variables and slots: " + diff);
        }
    }

    private static Output<?> variable(TfGraph t, List<TfSavedModelWriter.Var> vars, boolean resource, String name, Tensor init) {
        if (resource) return TfFunctionImportTest.resourceVariable(t, vars, name, init, name);
        GraphOperation v = t.op("VariableV2").named(name).attr("dtype", init.dtype()).attr("shape", init.shape()).build();
        GraphOperation assign = t.op("Assign").named(name + "/init").in(v.output(0), t.constant(init)).attr("T", init.dtype()).build();
        vars.add(new TfSavedModelWriter.Var(v, init.dtype(), false, assign, name));
        return v.output(0);
    }
}
