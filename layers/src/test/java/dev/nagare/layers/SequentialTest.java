package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class SequentialTest {
    @TempDir Path tmp;

    /** Two Gaussian blobs in the plane, labels 0 and 1, as the course's logistic-regression data. */
    static Tensor[] blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            x[2 * i] = (float) (r.nextGaussian() + (c == 0 ? -2 : 2));
            x[2 * i + 1] = (float) (r.nextGaussian() + (c == 0 ? -1 : 1.5));
            y[i] = c;
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n, 1), y)};
    }

    /**
     * Full-batch fit with plain gradient descent is logistic regression by hand: the same steps in float64,
     * from the model's own initial weights, must end at the same weights.
     */
    @Test
    void fullBatchFitIsGradientDescentOnTheBinaryCrossEntropy() {
        Tensor[] d = blobs(64, 1);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(0.5), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY);
            float[] w0 = model.session().run(model.graph().output("dense/kernel")).floatData();
            double[] w = {w0[0], w0[1]};
            double b = model.session().run(model.graph().output("dense/bias")).floatData()[0];
            int steps = 50;
            History h = model.fit(d[0], d[1], Fit.epochs(steps).batchSize(64).quiet());
            float[] x = d[0].floatData(), y = d[1].floatData();
            double firstLoss = 0;
            for (int s = 0; s < steps; s++) {
                double gw0 = 0, gw1 = 0, gb = 0, loss = 0;
                for (int i = 0; i < 64; i++) {
                    double z = w[0] * x[2 * i] + w[1] * x[2 * i + 1] + b, p = 1 / (1 + Math.exp(-z));
                    loss += -(y[i] * Math.log(p) + (1 - y[i]) * Math.log(1 - p)) / 64;
                    gw0 += (p - y[i]) * x[2 * i] / 64;
                    gw1 += (p - y[i]) * x[2 * i + 1] / 64;
                    gb += (p - y[i]) / 64;
                }
                if (s == 0) firstLoss = loss;
                w[0] -= 0.5 * gw0;
                w[1] -= 0.5 * gw1;
                b -= 0.5 * gb;
            }
            assertEquals(firstLoss, h.get("loss")[0], 1e-5, "first epoch's loss");
            float[] wEnd = model.session().run(model.graph().output("dense/kernel")).floatData();
            assertEquals(w[0], wEnd[0], 1e-4);
            assertEquals(w[1], wEnd[1], 1e-4);
            assertEquals(b, model.session().run(model.graph().output("dense/bias")).floatData()[0], 1e-4);
            assertTrue(h.last("accuracy") > 0.95, "accuracy " + h.last("accuracy"));
        }
    }

    /** evaluate's loss and accuracy are what the predictions give, computed here in float64. */
    @Test
    void evaluateAgreesWithPredictions() {
        Random r = new Random(3);
        int n = 300, classes = 4;
        float[] x = new float[n * 5];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < 5; j++) x[i * 5 + j] = (float) (r.nextGaussian() + (j == y[i] ? 2 : 0));
        }
        Tensor xs = Tensor.of(Shape.of(n, 5), x), ys = Tensor.of(Shape.of(n), y);
        try (Sequential model = Sequential.of(7, Layers.input(5), Layers.dense(16, Activation.RELU), Layers.dropout(0.1),
                Layers.dense(classes, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History h = model.fit(xs, ys, Fit.epochs(8).batchSize(32).validationSplit(0.2).shuffle(true, 5).quiet());
            assertEquals(8, h.epochs());
            assertTrue(h.epoch(7).keySet().containsAll(java.util.List.of("loss", "accuracy", "val_loss", "val_accuracy")), h.epoch(7).toString());
            Map<String, Double> e = model.evaluate(xs, ys);
            float[] p = model.predict(xs).floatData();
            double loss = 0, right = 0;
            for (int i = 0; i < n; i++) {
                loss -= Math.log(p[i * classes + y[i]]) / n;
                int best = 0;
                for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
                if (best == y[i]) right++;
            }
            assertEquals(loss, e.get("loss"), 1e-4);
            assertEquals(right / n, e.get("accuracy"), 1e-6);
            assertTrue(right / n > 0.8, "accuracy " + right / n);
        }
    }

    @Test
    void summaryCountsEveryWeight() {
        try (Sequential model = Sequential.of(Layers.input(28, 28), Layers.flatten(), Layers.dense(128, Activation.RELU),
                Layers.dropout(0.2), Layers.dense(10, Activation.SOFTMAX))) {
            long expected = (784 * 128 + 128) + (128 * 10 + 10);
            assertEquals(expected, model.parameterCount());
            String s = model.summary();
            assertTrue(s.contains("flatten (Flatten)") && s.contains("(None, 784)") && s.contains("dense (Dense)")
                    && s.contains("100,480") && s.contains("dense_1 (Dense)") && s.contains("1,290")
                    && s.contains(String.format("Total params: %,d", expected)), s);
        }
    }

    @Test
    void earlyStoppingEndsFitWhenTheLossStopsFalling() {
        Tensor[] d = blobs(32, 2);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(1e-12), Loss.BINARY_CROSSENTROPY);
            History h = model.fit(d[0], d[1], Fit.epochs(50).quiet().callbacks(Callback.earlyStopping("loss", 3, 1e-3)));
            assertEquals(4, h.epochs(), "a learning rate of 1e-12 never improves by 1e-3: stop after 1 + 3 epochs");
        }
    }

    @Test
    void misuseGetsClearErrors() {
        Tensor[] d = blobs(8, 3);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(3, Activation.SOFTMAX))) {
            IllegalStateException notCompiled = assertThrows(IllegalStateException.class, () -> model.fit(d[0], d[1], Fit.epochs(1)));
            assertTrue(notCompiled.getMessage().contains("compile"), notCompiled.getMessage());
            model.compile(Optimizers.adam(0.01), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            IllegalArgumentException labels = assertThrows(IllegalArgumentException.class, () -> model.fit(d[0], d[1], Fit.epochs(1)));
            assertTrue(labels.getMessage().contains("int32 labels of shape (None,)") && labels.getMessage().contains("float32[8, 1]"), labels.getMessage());
            IllegalArgumentException input = assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.of(Shape.of(1, 3), new float[3])));
            assertTrue(input.getMessage().contains("(None, 2)"), input.getMessage());
        }
        IllegalArgumentException flat = assertThrows(IllegalArgumentException.class,
                () -> Sequential.of(Layers.input(28, 28), Layers.dense(10)));
        assertTrue(flat.getMessage().contains("Flatten"), flat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Loss.named("hinge"));
        assertEquals(Loss.MEAN_SQUARED_ERROR, Loss.named("mse"));
    }

    /** model.save writes a SavedModel that TensorFlow Java serves with the same predictions. */
    @Test
    void tensorFlowServesASavedModelWithTheSamePredictions() throws Exception {
        Tensor[] d = blobs(40, 4);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(8, Activation.TANH), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.adam(0.05), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY);
            model.fit(d[0], d[1], Fit.epochs(5).batchSize(8).quiet());
            Path dir = tmp.resolve("model");
            model.save(dir);
            float[] ours = model.predict(d[0]).floatData();
            float[] theirs = new float[ours.length];
            try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve");
                 TFloat32 in = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(40, 2), DataBuffers.of(d[0].floatData(), true, false));
                 Result r = b.function("serving_default").call(Map.of(Sequential.INPUT, in))) {
                ((TFloat32) r.get(Sequential.OUTPUT).orElseThrow()).copyTo(DataBuffers.of(theirs, false, false));
            }
            assertArrayEquals(ours, theirs, 1e-6f);
        }
    }
}
