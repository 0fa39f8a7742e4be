package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.layers.Activation;
import dev.nagare.layers.Fit;
import dev.nagare.layers.History;
import dev.nagare.layers.Layers;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Model;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.Sequential;
import dev.nagare.layers.Symbol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * SparkFit against the layers API's own {@code fit} on one machine: the same model, the same global batches in
 * the same order, Adam on the driver.
 */
class SparkFitTest {
    static final int WIDTH = 6, CLASSES = 3, ROWS = 192, BATCH = 32, STEPS = ROWS / BATCH, EPOCHS = 2;
    static final float[][] FEATURES = new float[ROWS][WIDTH];
    static final int[] LABELS = new int[ROWS];
    static {
        Random r = new Random(11);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < WIDTH; j++) FEATURES[i][j] = (float) r.nextGaussian();
            LABELS[i] = FEATURES[i][0] > FEATURES[i][1] ? (FEATURES[i][0] > FEATURES[i][2] ? 0 : 2) : (FEATURES[i][1] > FEATURES[i][2] ? 1 : 2);
        }
    }

    static Sequential model() {
        return Sequential.of(5, Layers.input(WIDTH), Layers.dense(5, Activation.RELU), Layers.dense(CLASSES, Activation.SOFTMAX))
                .compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
    }

    static Dataset<Row> data(int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) rows.add(RowFactory.create(FEATURES[i], LABELS[i]));
        return LocalSpark.frame(rows, TrainerTest.SCHEMA, partitions);
    }

    /**
     * The rows in the order in which the local fit, unshuffled, cuts them into SparkFit's batches: SparkFit's batch
     * k holds the rows whose number is k modulo the steps per epoch, so they are put next to each other.
     */
    static Tensor[] batchOrdered() {
        int[] y = new int[ROWS];
        int at = 0;
        for (int k = 0; k < STEPS; k++) for (int i = k; i < ROWS; i += STEPS) y[at++] = LABELS[i];
        return new Tensor[] {batchOrderedFeatures(), Tensor.of(Shape.of(ROWS), y)};
    }

    /** The features in the order of {@link #batchOrdered}. */
    static Tensor batchOrderedFeatures() {
        float[] x = new float[ROWS * WIDTH];
        int at = 0;
        for (int k = 0; k < STEPS; k++) for (int i = k; i < ROWS; i += STEPS) System.arraycopy(FEATURES[i], 0, x, WIDTH * at++, WIDTH);
        return Tensor.of(Shape.of(ROWS, WIDTH), x);
    }

    static Fit fit(int epochs) { return Fit.epochs(epochs).batchSize(BATCH).shuffle(false, 0).quiet(); }

    static Map<String, Tensor> weights(Model m) {
        var parts = m.trainingParts();
        var r = m.session().runner();
        parts.weights().forEach(r::fetch);
        List<Tensor> values = r.run();
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) out.put(parts.weights().get(i).name(), values.get(i));
        return out;
    }

    @Test
    void matchesTheLocalFitOnTheSameGlobalBatchesFor1_2_4Partitions() {
        assertMatchesLocalFit(SparkFitTest::model, batchOrdered(), SparkFitTest::data, new int[] {1, 2, 4});
    }

    /**
     * A functional model whose layers branch and join (a skip connection concatenated to a hidden layer, and two
     * hidden layers added), rebuilt on the executors from its description.
     */
    static Model functional() {
        Symbol x = Symbol.input("x", WIDTH);
        Symbol h = Layers.dense(5, Activation.RELU).on(x);
        Symbol g = Layers.dense(5, Activation.TANH).on(x);
        Symbol joined = Layers.concatenate().on(Layers.add().on(h, g), x);
        return Model.of(7, List.of(x), Layers.dense(CLASSES, Activation.SOFTMAX).on(joined))
                .compile(Optimizers.adam(0.05), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
    }

    @Test
    void aFunctionalModelMatchesTheLocalFitFor1_2_4Partitions() {
        assertMatchesLocalFit(SparkFitTest::functional, batchOrdered(), SparkFitTest::data, new int[] {1, 2, 4});
    }

    /** A one-unit sigmoid output: labels [-1, 1] float, read from a plain double column (is the first feature above the second?). */
    static Model binary() {
        return Sequential.of(5, Layers.input(WIDTH), Layers.dense(4, Activation.TANH), Layers.dense(1, Activation.SIGMOID))
                .compile(Optimizers.adam(0.05), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY);
    }

    static double binaryLabel(int row) { return FEATURES[row][0] > FEATURES[row][1] ? 1.0 : 0.0; }

    static Dataset<Row> binaryData(int partitions, boolean arrayColumn) {
        StructType schema = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType, false), false)
                .add("label", arrayColumn ? DataTypes.createArrayType(DataTypes.FloatType, false) : DataTypes.DoubleType, false);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) rows.add(RowFactory.create(FEATURES[i], arrayColumn ? (Object) new float[] {(float) binaryLabel(i)} : binaryLabel(i)));
        return LocalSpark.frame(rows, schema, partitions);
    }

    @Test
    void aOneUnitOutputTakesAPlainNumberLabelColumn() {
        float[] y = new float[ROWS];
        int at = 0;
        for (int k = 0; k < STEPS; k++) for (int i = k; i < ROWS; i += STEPS) y[at++] = (float) binaryLabel(i);
        Tensor[] xy = {batchOrderedFeatures(), Tensor.of(Shape.of(ROWS, 1), y)};
        assertMatchesLocalFit(SparkFitTest::binary, xy, n -> binaryData(n, false), new int[] {1, 4});
        // the same labels as arrays of one float give the same packed batches, so the very same weights
        Map<String, Tensor> fromNumbers, fromArrays;
        try (Model m = binary()) {
            SparkFit.fit(m, binaryData(2, false), "x", "label", fit(1));
            fromNumbers = weights(m);
        }
        try (Model m = binary()) {
            SparkFit.fit(m, binaryData(2, true), "x", "label", fit(1));
            fromArrays = weights(m);
        }
        assertEquals(0, TrainerTest.maxDifference(fromNumbers, fromArrays));
    }

    /**
     * Trains {@code model} locally on {@code xy} (rows already in SparkFit's batch order) and with SparkFit on the same
     * rows over each partition count; the weights, loss and metrics must agree.
     */
    static void assertMatchesLocalFit(Supplier<Model> model, Tensor[] xy, java.util.function.IntFunction<Dataset<Row>> data, int[] partitionCounts) {
        Map<String, Tensor> initial, local;
        History localHistory;
        try (Model m = model.get()) {
            initial = weights(m);
            localHistory = m.fit(xy[0], xy[1], fit(EPOCHS));
            local = weights(m);
        }
        assertTrue(TrainerTest.maxDifference(initial, local) > 0.1, "training moved the weights too little to compare");
        for (int partitions : partitionCounts) {
            try (Model m = model.get()) {
                assertEquals(0, TrainerTest.maxDifference(initial, weights(m)), "the same seed gives the same initial weights");
                History h = SparkFit.fit(m, data.apply(partitions), "x", "label", fit(EPOCHS));
                double diff = TrainerTest.maxDifference(weights(m), local);
                // Only the order of float32 additions differs (as in TrainerTest): 12 Adam steps of 0.05 on sums of at
                // most 32 rows move a weight by well under 2e-5.
                assertTrue(diff <= 2e-5, partitions + " partitions: weights differ from the local fit's by " + diff);
                assertEquals(EPOCHS, h.epochs());
                for (int e = 0; e < EPOCHS; e++) {
                    assertEquals(localHistory.epoch(e).keySet(), h.epoch(e).keySet());
                    for (String k : localHistory.epoch(e).keySet()) {
                        assertEquals(localHistory.get(k)[e], h.get(k)[e], 1e-5, partitions + " partitions: " + k + " of epoch " + e);
                    }
                }
            }
        }
    }

    @Test
    void adamsStateStaysInTheDriversModel() {
        Tensor[] xy = batchOrdered();
        Map<String, Tensor> twoLocal;
        try (Sequential m = model()) {
            m.fit(xy[0], xy[1], fit(2));
            twoLocal = weights(m);
        }
        // one epoch on Spark, then one more with the local fit: Adam's moments and step count carry over only if
        // SparkFit updated them in the model itself
        try (Sequential m = model()) {
            SparkFit.fit(m, data(2), "x", "label", fit(1));
            m.fit(xy[0], xy[1], fit(1));
            double diff = TrainerTest.maxDifference(weights(m), twoLocal);
            assertTrue(diff <= 2e-5, "Spark then local differs from local twice by " + diff);
        }
    }

    @Test
    void whatItCannotTrainIsRefused() {
        try (Sequential bn = Sequential.of(Layers.input(WIDTH), Layers.batchNormalization(), Layers.dense(CLASSES, Activation.SOFTMAX))
                .compile(Optimizers.sgd(0.1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkFit.fit(bn, data(1), "x", "label", fit(1)));
            assertTrue(e.getMessage().contains("BatchNormalization"), e.getMessage());
        }
        try (Sequential m = model()) {
            IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                    () -> SparkFit.fit(m, data(1), "x", "label", fit(1).validationSplit(0.1)));
            assertTrue(split.getMessage().contains("validation split"), split.getMessage());
            ColumnException labels = assertThrows(ColumnException.class, () -> SparkFit.fit(m, data(1), "x", "x", fit(1)));
            assertEquals("x", labels.column());
            assertTrue(labels.getMessage().contains("must hold integers (class ids), but it is array<float>"), labels.getMessage());
        }
    }
}
