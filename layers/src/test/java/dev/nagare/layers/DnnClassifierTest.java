package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The contrib.learn program's shape: three classes of 4-feature flowers-like points, [10, 20, 10] hidden units. */
class DnnClassifierTest {
    static Tensor[] flowers(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[4 * n];
        int[] y = new int[n];
        double[][] centers = {{5.0, 3.4, 1.5, 0.2}, {5.9, 2.8, 4.3, 1.3}, {6.6, 3.0, 5.6, 2.0}};
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[4 * i + j] = (float) (centers[y[i]][j] + 0.3 * r.nextGaussian());
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 4), x), Tensor.of(Shape.of(n), y)};
    }

    @Test
    void trainsByStepsAndPredictsClassesThatAgreeWithEvaluate() {
        Tensor[] train = flowers(120, 1), test = flowers(30, 2);
        try (DnnClassifier c = new DnnClassifier(4, new int[] {10, 20, 10}, 3, Optimizers.adam(0.01))) {
            double before = c.evaluate(test[0], test[1]).get("accuracy");
            c.train(train[0], train[1], 300);
            double accuracy = c.evaluate(test[0], test[1]).get("accuracy");
            int[] predicted = c.predictClasses(test[0]);
            int right = 0;
            for (int i = 0; i < predicted.length; i++) if (predicted[i] == test[1].intData()[i]) right++;
            assertEquals(right / 30.0, accuracy, 1e-6);
            assertTrue(accuracy > 0.9 && accuracy > before, "accuracy " + before + " -> " + accuracy);
        }
    }
}
