package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's high-level snippet, as written there, on random stand-in digits. */
class ReadmeSnippetTest {
    @TempDir Path tmp;

    private static Tensor[] digits(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int p = 0; p < 784; p++) x[i * 784 + p] = (p % 10 == y[i] ? 0.8f : 0) + 0.2f * r.nextFloat();
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 28, 28), x), Tensor.of(Shape.of(n), y)};
    }

    @Test
    void theSnippetRuns() throws Exception {
        Tensor[] train = digits(300, 1), test = digits(100, 2);
        Tensor images = train[0], labels = train[1], testImages = test[0], testLabels = test[1];
        Tensor someImages = Tensor.of(Shape.of(3, 28, 28), java.util.Arrays.copyOf(testImages.floatData(), 3 * 784));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        Path saved = tmp.resolve("digits");
        float[] predicted;
        try (Sequential model = Sequential.of(Layers.input(28, 28), Layers.flatten(),
                Layers.dense(128, Activation.RELU), Layers.dropout(0.2), Layers.dense(10, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            out.print(model.summary());
            History h = model.fit(images, labels, Fit.epochs(5).batchSize(128).validationSplit(0.1).progress(out));
            Map<String, Double> score = model.evaluate(testImages, testLabels);
            Tensor probabilities = model.predict(someImages);
            model.save(saved);
            assertEquals(5, h.epochs());
            assertTrue(score.get("accuracy") > 0.9, printed.toString(StandardCharsets.UTF_8) + score);
            assertEquals(Shape.of(3, 10), probabilities.shape());
            predicted = probabilities.floatData();
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Total params: 101,770") && text.contains("Epoch 5/5"), text);
        try (Sequential back = Sequential.load(saved)) {
            assertArrayEquals(predicted, back.predict(someImages).floatData(), 0f);
        }
    }
}
