package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsAndWeightsTest {
    /** Precision, recall and AUC over a whole evaluation, recomputed here from the predictions by their definitions. */
    @Test
    void countedMetricsAreTheirDefinitionsOverAllExamples() {
        Tensor[] d = SequentialTest.blobs(301, 11);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(0.02), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY, Metric.PRECISION, Metric.RECALL, Metric.AUC);
            History h = model.fit(d[0], d[1], Fit.epochs(2).batchSize(50).quiet());
            assertTrue(h.epoch(1).keySet().containsAll(java.util.List.of("precision", "recall", "auc")), h.epoch(1).toString());
            double[] auc = h.get("auc");
            assertTrue(h.toString().contains(String.format(java.util.Locale.ROOT, "auc=[%.4f, %.4f]", auc[0], auc[1])), h.toString());
            Map<String, Double> e = model.evaluate(d[0], d[1]);
            float[] p = model.predict(d[0]).floatData(), y = d[1].floatData();
            long tp = 0, fp = 0, fn = 0;
            double pairs = 0, wins = 0;
            for (int i = 0; i < p.length; i++) {
                boolean pos = y[i] > 0.5, pred = p[i] > 0.5;
                if (pred && pos) tp++;
                if (pred && !pos) fp++;
                if (!pred && pos) fn++;
                if (!pos) continue;
                for (int j = 0; j < p.length; j++) {
                    if (y[j] > 0.5) continue;
                    pairs++;
                    wins += p[i] > p[j] ? 1 : p[i] == p[j] ? 0.5 : 0;
                }
            }
            assertEquals((double) tp / (tp + fp), e.get("precision"), 1e-12);
            assertEquals((double) tp / (tp + fn), e.get("recall"), 1e-12);
            assertEquals(wins / pairs, e.get("auc"), 1e-12);
        }
        try (Sequential multi = Sequential.of(Layers.input(2), Layers.dense(3, Activation.SOFTMAX))) {
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> multi.compile(Optimizers.sgd(0.1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.AUC));
            assertTrue(bad.getMessage().contains("binary"), bad.getMessage());
        }
    }

    /** With class weights, full-batch gradient descent minimizes mean(w * loss): checked against float64 by hand. */
    @Test
    void classWeightsScaleEachExamplesLoss() {
        Tensor[] d = SequentialTest.blobs(40, 12);
        Map<Integer, Double> cw = Map.of(0, 2.0, 1, 0.25);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(0.3), Loss.BINARY_CROSSENTROPY);
            float[] k = model.session().run(model.graph().output("dense/kernel")).floatData();
            double[] w = {k[0], k[1]};
            double b = 0;
            float[] x = d[0].floatData(), y = d[1].floatData();
            int steps = 5, n = 40;
            double firstLoss = 0;
            for (int s = 0; s < steps; s++) {
                double g0 = 0, g1 = 0, gb = 0, loss = 0;
                for (int i = 0; i < n; i++) {
                    double cwi = y[i] > 0.5 ? 0.25 : 2.0;
                    double p = 1 / (1 + Math.exp(-(w[0] * x[2 * i] + w[1] * x[2 * i + 1] + b)));
                    loss += cwi * -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / n;
                    g0 += cwi * (p - y[i]) * x[2 * i] / n;
                    g1 += cwi * (p - y[i]) * x[2 * i + 1] / n;
                    gb += cwi * (p - y[i]) / n;
                }
                if (s == 0) firstLoss = loss;
                w[0] -= 0.3 * g0;
                w[1] -= 0.3 * g1;
                b -= 0.3 * gb;
            }
            History h = model.fit(d[0], d[1], Fit.epochs(steps).batchSize(n).classWeights(cw).quiet());
            assertEquals(firstLoss, h.get("loss")[0], 1e-5);
            float[] kEnd = model.session().run(model.graph().output("dense/kernel")).floatData();
            assertEquals(w[0], kEnd[0], 1e-4);
            assertEquals(w[1], kEnd[1], 1e-4);
            assertEquals(b, model.session().run(model.graph().output("dense/bias")).floatValue(), 1e-4);
        }
        assertThrows(IllegalArgumentException.class, () -> Fit.epochs(1).classWeights(Map.of(0, -1.0)));
    }
}
