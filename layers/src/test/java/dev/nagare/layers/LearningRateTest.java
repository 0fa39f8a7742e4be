package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateTest {
    /** A schedule changes the step size: epochs at rates 0.5, 0.25, 0 reach what gradient descent by hand reaches. */
    @Test
    void theSchedulerSetsEachEpochsRate() {
        Tensor[] d = SequentialTest.blobs(16, 21);
        double[] rates = {0.5, 0.25, 1e-30};
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(0.1), Loss.BINARY_CROSSENTROPY);
            assertEquals(0.1, model.learningRate(), 1e-7);
            float[] k = model.session().run(model.graph().output("dense/kernel")).floatData();
            double[] w = {k[0], k[1]};
            double b = 0;
            float[] x = d[0].floatData(), y = d[1].floatData();
            for (double rate : rates) {
                double g0 = 0, g1 = 0, gb = 0;
                for (int i = 0; i < 16; i++) {
                    double p = 1 / (1 + Math.exp(-(w[0] * x[2 * i] + w[1] * x[2 * i + 1] + b)));
                    g0 += (p - y[i]) * x[2 * i] / 16;
                    g1 += (p - y[i]) * x[2 * i + 1] / 16;
                    gb += (p - y[i]) / 16;
                }
                w[0] -= rate * g0;
                w[1] -= rate * g1;
                b -= rate * gb;
            }
            List<Double> seen = new ArrayList<>();
            model.fit(d[0], d[1], Fit.epochs(3).batchSize(16).quiet().callbacks(
                    Callbacks.learningRateScheduler(model, e -> rates[e]),
                    new Callback() {
                        @Override public void onEpochBegin(int epoch) { seen.add(model.learningRate()); }
                    }));
            assertArrayEquals(new double[] {0.5, 0.25, 1e-30}, seen.stream().mapToDouble(Double::doubleValue).toArray(), 1e-7);
            float[] kEnd = model.session().run(model.graph().output("dense/kernel")).floatData();
            assertEquals(w[0], kEnd[0], 1e-5);
            assertEquals(w[1], kEnd[1], 1e-5);
            assertEquals(b, model.session().run(model.graph().output("dense/bias")).floatValue(), 1e-5);
        }
    }
}
