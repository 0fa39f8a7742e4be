package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ConvLayersTest {
    @TempDir Path tmp;

    /** The layer computes a "same" convolution plus bias with its own weights: checked with float64 loops. */
    @Test
    void conv2dIsTheConvolutionOfItsWeights() {
        int h = 5, w = 6, c = 2, f = 3, k = 3, stride = 2;
        Random r = new Random(4);
        float[] x = new float[h * w * c];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        try (Sequential m = Sequential.of(Layers.input(h, w, c), Layers.conv2d(f, k, Activation.LINEAR).same().stride(stride))) {
            float[] kernel = m.session().run(m.graph().output("conv2d/kernel")).floatData();
            Tensor y = m.predict(Tensor.of(Shape.of(1, h, w, c), x));
            int oh = (h + stride - 1) / stride, ow = (w + stride - 1) / stride;
            assertEquals(Shape.of(1, oh, ow, f), y.shape());
            // TensorFlow's SAME padding: total pad = max((out - 1) * stride + k - in, 0), the smaller half first.
            int padTop = Math.max((oh - 1) * stride + k - h, 0) / 2, padLeft = Math.max((ow - 1) * stride + k - w, 0) / 2;
            for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) for (int o = 0; o < f; o++) {
                double sum = 0;
                for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) for (int ci = 0; ci < c; ci++) {
                    int iy = oy * stride + ky - padTop, ix = ox * stride + kx - padLeft;
                    if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                    sum += (double) x[(iy * w + ix) * c + ci] * kernel[((ky * k + kx) * c + ci) * f + o];
                }
                assertEquals(sum, y.floatData()[(oy * ow + ox) * f + o], 1e-5, "at " + oy + "," + ox + "," + o);
            }
            assertEquals((long) k * k * c * f + f, m.parameterCount());
        }
    }

    /** Keras's default padding is "valid": a 3x3 kernel over 7x9 gives 5x7, each output a full window (float64 loops). */
    @Test
    void conv2dPadsNothingByDefaultAsKerasDoes() {
        int h = 7, w = 9, c = 1, f = 2, k = 3;
        float[] x = new float[h * w * c];
        for (int i = 0; i < x.length; i++) x[i] = (i % 5) - 1.5f;
        try (Sequential m = Sequential.of(Layers.input(h, w, c), Layers.conv2d(f, k, Activation.LINEAR))) {
            float[] kernel = m.session().run(m.graph().output("conv2d/kernel")).floatData();
            Tensor y = m.predict(Tensor.of(Shape.of(1, h, w, c), x));
            int oh = h - k + 1, ow = w - k + 1;
            assertEquals(Shape.of(1, oh, ow, f), y.shape());
            for (int oy = 0; oy < oh; oy++) for (int ox = 0; ox < ow; ox++) for (int o = 0; o < f; o++) {
                double sum = 0;
                for (int ky = 0; ky < k; ky++) for (int kx = 0; kx < k; kx++) {
                    sum += (double) x[(oy + ky) * w + ox + kx] * kernel[(ky * k + kx) * f + o];
                }
                assertEquals(sum, y.floatData()[(oy * ow + ox) * f + o], 1e-5, "at " + oy + "," + ox + "," + o);
            }
        }
    }

    /** Bars: a vertical line is class 0, a horizontal one class 1, at any place in an 8x8 image with noise. */
    static Tensor[] bars(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            int at = r.nextInt(8);
            for (int p = 0; p < 64; p++) x[i * 64 + p] = 0.2f * r.nextFloat();
            for (int t = 0; t < 8; t++) x[i * 64 + (y[i] == 0 ? t * 8 + at : at * 8 + t)] += 1;
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 8, 8, 1), x), Tensor.of(Shape.of(n), y)};
    }

    @Test
    void aSmallCnnLearnsAndTensorFlowServesIt() throws Exception {
        Tensor[] train = bars(200, 1), test = bars(60, 2);
        Path dir = tmp.resolve("cnn");
        float[] ours;
        try (Sequential m = Sequential.of(Layers.input(8, 8, 1), Layers.conv2d(4, 3, Activation.RELU).same(), Layers.maxPooling2d(2),
                Layers.conv2d(4, 3, Activation.RELU).same(), Layers.globalAveragePooling2d(), Layers.dropout(0.1), Layers.dense(2, Activation.SOFTMAX))) {
            m.compile(Optimizers.adam(0.02), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            m.fit(train[0], train[1], Fit.epochs(15).batchSize(20).quiet());
            double accuracy = m.evaluate(test[0], test[1]).get("accuracy");
            assertTrue(accuracy > 0.9, "accuracy " + accuracy + "\n" + m.summary());
            assertTrue(m.summary().contains("max_pooling2d (MaxPooling2D)") && m.summary().contains("global_average_pooling2d"), m.summary());
            m.save(dir);
            ours = m.predict(test[0]).floatData();
            try (Sequential back = Sequential.load(dir)) {
                assertArrayEquals(ours, back.predict(test[0]).floatData(), 0f);
            }
        }
        float[] theirs = new float[ours.length];
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve");
             TFloat32 in = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(60, 8, 8, 1), DataBuffers.of(test[0].floatData(), true, false));
             Result r = b.function("serving_default").call(Map.of(Sequential.INPUT, in))) {
            ((TFloat32) r.get(Sequential.OUTPUT).orElseThrow()).copyTo(DataBuffers.of(theirs, false, false));
        }
        assertArrayEquals(ours, theirs, 1e-5f);
    }
}
