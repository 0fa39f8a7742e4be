package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingReshapeTest {
    @TempDir Path tmp;

    /** Rows of the table, looked up by index; a model of embeddings learns which tokens mark the class. */
    @Test
    void embeddingLooksUpRowsAndLearns() throws Exception {
        int n = 200, length = 4, vocabulary = 10;
        Random r = new Random(1);
        float[] x = new float[n * length];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            for (int t = 0; t < length; t++) x[i * length + t] = r.nextInt(5) + (t == 0 ? 5 * y[i] : 0); // token 0 tells the class
        }
        Tensor xs = Tensor.of(Shape.of(n, length), x), ys = Tensor.of(Shape.of(n), y);
        Path dir = tmp.resolve("emb");
        try (Sequential model = Sequential.of(Layers.input(length), Layers.embedding(vocabulary, 3), Layers.flatten(),
                Layers.dense(2, Activation.SOFTMAX))) {
            assertEquals(vocabulary * 3 + (length * 3 * 2 + 2), model.parameterCount());
            float[] table = model.session().run(model.graph().output("embedding/embeddings")).floatData();
            Tensor one = Tensor.of(Shape.of(1, length), new float[] {7, 0, 3, 7});
            float[] looked = model.session().runner().feed(model.graph().output("input"), one)
                    .fetch(model.graph().output("embedding/GatherV2")).run().get(0).floatData();
            int[] ids = {7, 0, 3, 7};
            for (int t = 0; t < length; t++) for (int k = 0; k < 3; k++) assertEquals(table[ids[t] * 3 + k], looked[t * 3 + k]);
            model.compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            History h = model.fit(xs, ys, Fit.epochs(15).batchSize(20).quiet());
            assertTrue(h.last("accuracy") > 0.95, "accuracy " + h.last("accuracy"));
            model.save(dir);
            try (Sequential back = Sequential.load(dir)) {
                assertArrayEquals(model.predict(xs).floatData(), back.predict(xs).floatData(), 0f);
            }
        }
    }

    @Test
    void reshapeKeepsTheBatchAxis() {
        try (Sequential m = Sequential.of(Layers.input(6), Layers.reshape(2, 3), Layers.flatten())) {
            Tensor x = Tensor.of(Shape.of(2, 6), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            assertArrayEquals(x.floatData(), m.predict(x).floatData());
            assertTrue(m.summary().contains("(None, 2, 3)"), m.summary());
        }
    }
}
