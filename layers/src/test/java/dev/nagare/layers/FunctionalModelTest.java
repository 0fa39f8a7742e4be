package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class FunctionalModelTest {
    @TempDir Path tmp;

    /** Columns [from, to) of a [n, 4] tensor. */
    private static Tensor columns(Tensor x, int from, int to) {
        int n = x.shape().dim(0), w = to - from;
        float[] out = new float[n * w];
        for (int i = 0; i < n; i++) System.arraycopy(x.floatData(), i * 4 + from, out, i * w, w);
        return Tensor.of(Shape.of(n, w), out);
    }

    /** Two inputs concatenated into a Dense layer are the Sequential model on the joined input, step for step. */
    @Test
    void concatenatedInputsTrainLikeOneJoinedInput() {
        Tensor[] d = DnnClassifierTest.flowers(90, 4);
        Tensor left = columns(d[0], 0, 1), right = columns(d[0], 1, 4);
        Fit fit = Fit.epochs(4).batchSize(16).shuffle(true, 2).quiet();
        float[] joined;
        try (Sequential seq = Sequential.of(Layers.input(4), Layers.dense(8, Activation.RELU), Layers.dense(3, Activation.SOFTMAX))) {
            seq.compile(Optimizers.adam(0.02), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            seq.fit(d[0], d[1], fit);
            joined = seq.predict(d[0]).floatData();
        }
        Symbol a = Symbol.input("a", 1), b = Symbol.input("b", 3);
        Symbol h = Layers.dense(8, Activation.RELU).on(Layers.concatenate().on(a, b));
        Symbol out = Layers.dense(3, Activation.SOFTMAX).on(h);
        try (Model model = Model.of(List.of(a, b), out)) {
            model.compile(Optimizers.adam(0.02), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History hist = model.fit(List.of(left, right), d[1], fit);
            assertEquals(4, hist.epochs());
            assertArrayEquals(joined, model.predict(List.of(left, right)).floatData(), 1e-6f);
            assertTrue(model.summary().contains("concatenate (Concatenate)") && model.summary().contains("(None, 4)"), model.summary());
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> model.predict(left));
            assertTrue(wrong.getMessage().contains("2 inputs"), wrong.getMessage());
        }
    }

    @Test
    void aSymbolUsedTwiceIsBuiltOnceAndAddSums() {
        Tensor x = Tensor.of(Shape.of(2, 2), new float[] {1, 2, 3, 4});
        Symbol in = Symbol.input("x", 2);
        Symbol doubled = Layers.add().on(in, in);
        try (Model m = Model.of(List.of(in), Layers.activation(Activation.LINEAR).on(doubled))) {
            assertArrayEquals(new float[] {2, 4, 6, 8}, m.predict(x).floatData());
            assertEquals(0, m.parameterCount());
        }
        Symbol stray = Symbol.input("stray", 2);
        assertThrows(IllegalArgumentException.class, () -> Model.of(List.of(in), Layers.add().on(in, stray)));
    }

    /** A saved functional model of two inputs is served by TensorFlow Java with the same outputs. */
    @Test
    void tensorFlowServesTheTwoInputs() throws Exception {
        Tensor[] d = DnnClassifierTest.flowers(12, 8);
        Tensor left = columns(d[0], 0, 2), right = columns(d[0], 2, 4);
        Symbol a = Symbol.input("a", 2), b = Symbol.input("b", 2);
        Symbol out = Layers.dense(3, Activation.SOFTMAX).on(Layers.concatenate().on(Layers.dense(5, Activation.TANH).on(a), b));
        Path dir = tmp.resolve("functional");
        float[] ours = new float[36];
        try (Model m = Model.of(List.of(a, b), out)) {
            m.save(dir);
            ours = m.predict(List.of(left, right)).floatData();
        }
        float[] theirs = new float[ours.length];
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve");
             TFloat32 ta = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(12, 2), DataBuffers.of(left.floatData(), true, false));
             TFloat32 tb = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(12, 2), DataBuffers.of(right.floatData(), true, false));
             Result r = bundle.function("serving_default").call(Map.of("a", ta, "b", tb))) {
            ((TFloat32) r.get(Model.OUTPUT).orElseThrow()).copyTo(DataBuffers.of(theirs, false, false));
        }
        assertArrayEquals(ours, theirs, 1e-6f);
    }
}
