package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchNormalizationTest {
    /**
     * One training step on one batch: the moving statistics move 1% toward the batch's (TensorFlow's fused op
     * takes the unbiased variance for them, the moments path the biased one, as Keras's two paths do), and
     * prediction normalizes by the moving statistics.
     */
    private static void checkOneStep(int... exampleShape) {
        int n = 8, c = exampleShape[exampleShape.length - 1], per = 1;
        for (int d : exampleShape) per *= d;
        Random r = new Random(5);
        float[] x = new float[n * per];
        for (int i = 0; i < x.length; i++) x[i] = (float) (3 + 2 * r.nextGaussian());
        int[] batched = new int[exampleShape.length + 1];
        batched[0] = n;
        System.arraycopy(exampleShape, 0, batched, 1, exampleShape.length);
        Tensor xs = Tensor.of(Shape.of(batched), x), ys = Tensor.of(Shape.of(n), new int[n]);
        try (Sequential m = Sequential.of(Layers.input(exampleShape), Layers.batchNormalization(), Layers.flatten(), Layers.dense(2, Activation.SOFTMAX))) {
            assertTrue(m.summary().contains("Non-trainable params: " + 2 * c), m.summary());
            m.compile(Optimizers.sgd(1e-9), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
            m.fit(xs, ys, Fit.epochs(1).batchSize(n).quiet());
            float[] mean = m.session().run(m.graph().output("batch_normalization/moving_mean")).floatData();
            float[] variance = m.session().run(m.graph().output("batch_normalization/moving_variance")).floatData();
            int count = n * per / c;
            for (int ch = 0; ch < c; ch++) {
                double s = 0, ss = 0;
                for (int i = ch; i < x.length; i += c) s += x[i];
                double mu = s / count;
                for (int i = ch; i < x.length; i += c) ss += (x[i] - mu) * (x[i] - mu);
                double var = exampleShape.length == 3 ? ss / (count - 1) : ss / count;
                assertEquals(0.01 * mu, mean[ch], 1e-5, "moving mean of channel " + ch);
                assertEquals(0.99 + 0.01 * var, variance[ch], 1e-4, "moving variance of channel " + ch);
            }
            // Prediction normalizes by the moving statistics: check the layer's output directly.
            Tensor y = m.session().runner().feed(m.graph().output("input"), xs).fetch(m.graph().output("batch_normalization/SelectV2")).run().get(0);
            for (int i = 0; i < 3; i++) {
                int ch = i % c;
                double expected = (x[i] - mean[ch]) / Math.sqrt(variance[ch] + 1e-3);
                assertEquals(expected, y.floatData()[i], 1e-4);
            }
        }
    }

    @Test
    void denseInputs() { checkOneStep(3); }

    @Test
    void images() { checkOneStep(4, 4, 2); }
}
