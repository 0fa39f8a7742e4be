package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning-rate schedules are graph ops, so a SavedModel carries them: TensorFlow Java 1.1.0 loads the export and
 * computes the same rates, for a step fed through a signature and for the global step the training run left in
 * the checkpoint.
 */
class LearningRateExportTest {
    @TempDir Path tmp;

    /** The schedules of one step, by output name. */
    private static Map<String, Output> schedules(Tf tf, Output step) {
        return Map.of("exponential", tf.train.exponentialDecay(0.1, step, 7, 0.5, true),
                "inverse_time", tf.train.inverseTimeDecay(0.5, step, 4, 0.3, false),
                "polynomial", tf.train.polynomialDecay(0.2, step, 25, 0.01, 2),
                "polynomial_cycle", tf.train.polynomialDecay(0.2, step, 6, 0.01, 2, true),
                "piecewise", tf.train.piecewiseConstant(step, new long[] {5, 12, 30}, new double[] {1, 0.5, 0.1, 0.01}));
    }

    @Test
    void tensorFlowComputesTheSameRatesForAFedAndForTheTrainedStep() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output globalStep = tf.train.globalStep();
        Output w = tf.variable(tf.constant(new float[] {1, -2}), "w");
        Output lr = tf.train.exponentialDecay(0.1, globalStep, 3, 0.5, false);
        Node train = tf.train.gradientDescent(1).withLearningRate(lr).minimize(tf.reduceSum(tf.square(w)), List.of(w), globalStep);
        Output fed = tf.placeholder(DType.INT64, Shape.scalar(), "step");
        Map<String, Signature> signatures = Map.of("by_step", new Signature(Map.of("step", fed), schedules(tf.withSubScope("fed"), fed)),
                Signature.DEFAULT_KEY, new Signature(Map.of(), schedules(tf.withSubScope("trained"), globalStep)));
        Path dir = tmp.resolve("schedules");
        List<Map<String, Tensor>> feeds = new ArrayList<>();
        for (long k : new long[] {0, 1, 5, 6, 12, 13, 24, 25, 31, 100}) feeds.add(Map.of("step", Tensor.scalar(k)));
        List<Map<String, Tensor>> nagareFed = new ArrayList<>();
        Map<String, Tensor> nagareTrained;
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            for (int i = 0; i < 7; i++) s.run(train);
            assertEquals(7L, s.run(globalStep).longValue());
            SavedModelExporter.export(s, dir, signatures);
            for (Map<String, Tensor> f : feeds) nagareFed.add(TfJudge.runNagare(s, signatures.get("by_step"), f));
            nagareTrained = TfJudge.runNagare(s, signatures.get(Signature.DEFAULT_KEY), Map.of());
        }
        List<Map<String, Tensor>> tfFed = TfJudge.runTf(dir, "by_step", feeds);
        for (int i = 0; i < feeds.size(); i++) {
            Compare.assertAllClose("schedules at fed step " + feeds.get(i).get("step"), tfFed.get(i), nagareFed.get(i), OpDifferentialTest.TOLERANCE);
        }
        // The checkpoint holds step 7: TensorFlow's rates of its restored global step are Nagare's, and the formula's.
        Map<String, Tensor> tfTrained = TfJudge.runTf(dir, Signature.DEFAULT_KEY, Map.of());
        Compare.assertAllClose("schedules at the trained step", tfTrained, nagareTrained, OpDifferentialTest.TOLERANCE);
        assertEquals(0.1 * Math.pow(0.5, Math.floor(7 / 7.0)), tfTrained.get("exponential").getDouble(0), 1e-7);
        assertEquals(0.5, tfTrained.get("piecewise").getDouble(0));
        assertEquals(0.19 * Math.pow(1 - 7 / 12.0, 2) + 0.01, tfTrained.get("polynomial_cycle").getDouble(0), 1e-7, "step 7 of the second cycle of 6");
    }
}
