package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.ops.Variables;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.TaskContext;
import org.junit.jupiter.api.Test;

class TrainerTest {
    static final int WIDTH = 6, CLASSES = 3, ROWS = 203, BATCH = 32, EPOCHS = 2;
    static final double LEARNING_RATE = 0.05;
    static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("label", DataTypes.IntegerType, false);

    /** A 6-5-3 ReLU network with softmax cross-entropy per example. */
    static TrainingGraph mlp(Tf tf) {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, WIDTH), "x");
        Output y = tf.placeholder(DType.INT32, Shape.of(-1), "y");
        Output w1 = tf.variable(tf.init.heNormal(Shape.of(WIDTH, 5), DType.FLOAT32, 1), "w1");
        Output b1 = tf.variable(tf.init.zeros(Shape.of(5), DType.FLOAT32), "b1");
        Output w2 = tf.variable(tf.init.heNormal(Shape.of(5, CLASSES), DType.FLOAT32, 2), "w2");
        Output b2 = tf.variable(tf.init.zeros(Shape.of(CLASSES), DType.FLOAT32), "b2");
        Output logits = tf.nn.biasAdd(tf.matmul(tf.nn.relu(tf.nn.biasAdd(tf.matmul(x, w1), b1)), w2), b2);
        return new TrainingGraph(x, y, tf.nn.sparseSoftmaxCrossEntropyWithLogits(y, logits),
                Map.of("logits", logits, "classes", tf.argmax(logits, 1, DType.INT32)));
    }

    static final float[][] FEATURES = new float[ROWS][WIDTH];
    static final int[] LABELS = new int[ROWS];
    static {
        Random r = new Random(7);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < WIDTH; j++) FEATURES[i][j] = (float) r.nextGaussian();
            // a learnable rule: the class is where the first three features peak
            LABELS[i] = FEATURES[i][0] > FEATURES[i][1] ? (FEATURES[i][0] > FEATURES[i][2] ? 0 : 2) : (FEATURES[i][1] > FEATURES[i][2] ? 1 : 2);
        }
    }

    static Dataset<Row> data(int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) rows.add(RowFactory.create(FEATURES[i], LABELS[i]));
        return LocalSpark.frame(rows, SCHEMA, partitions);
    }

    static DataParallelTrainer trainer() {
        return DataParallelTrainer.builder(TrainerTest::mlp).features("x").labels("label")
                .optimizer(tf -> tf.train.adam(LEARNING_RATE)).batchSize(BATCH).build();
    }

    static Map<String, Tensor> trainOnSpark(int partitions, DataParallelTrainer t) {
        t.fit(data(partitions), EPOCHS);
        return t.weights();
    }

    /**
     * The reference: one Session trains on the whole of each global batch, with the mean loss and Adam in its
     * own graph. Batch k of an epoch holds rows i with i mod steps == k (steps = ceil(rows / batch)), in order.
     */
    static Map<String, Tensor> trainOnOneMachine(Map<String, Tensor> initial) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        TrainingGraph m = mlp(tf);
        Node train = tf.train.adam(LEARNING_RATE).minimize(tf.reduceMean(m.exampleLosses()));
        Node init = tf.globalVariablesInitializer();
        int steps = (ROWS + BATCH - 1) / BATCH;
        try (Session s = new Session(g)) {
            s.run(init);
            Map<String, Tensor> start = values(s, g);
            for (String name : initial.keySet()) assertEquals(initial.get(name), start.get(name), "initial " + name);
            for (int e = 0; e < EPOCHS; e++) {
                for (int k = 0; k < steps; k++) {
                    List<Integer> picked = new ArrayList<>();
                    for (int i = k; i < ROWS; i += steps) picked.add(i);
                    float[] x = new float[picked.size() * WIDTH];
                    int[] y = new int[picked.size()];
                    for (int r = 0; r < picked.size(); r++) {
                        System.arraycopy(FEATURES[picked.get(r)], 0, x, r * WIDTH, WIDTH);
                        y[r] = LABELS[picked.get(r)];
                    }
                    s.runner().feed(m.features(), Tensor.of(Shape.of(picked.size(), WIDTH), x))
                            .feed(m.labels(), Tensor.of(Shape.of(picked.size()), y)).addTarget(train).run();
                }
            }
            return values(s, g);
        }
    }

    static Map<String, Tensor> values(Session s, Graph g) {
        Runner r = s.runner();
        List<Variables.Entry> vars = Variables.trainable(g);
        for (Variables.Entry v : vars) r.fetch(v.value());
        List<Tensor> out = r.run();
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < vars.size(); i++) m.put(vars.get(i).variable().name(), out.get(i));
        return m;
    }

    static double maxDifference(Map<String, Tensor> a, Map<String, Tensor> b) {
        assertEquals(a.keySet(), b.keySet());
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).floatData(), y = b.get(k).floatData();
            for (int i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }

    @Test
    void matchesOneSessionOnTheWholeBatchFor1_2_4Partitions() {
        Map<String, Tensor> initial;
        Map<String, Tensor> reference = null;
        for (int partitions : new int[] {1, 2, 4}) {
            try (DataParallelTrainer t = trainer()) {
                initial = t.weights();
                if (reference == null) reference = trainOnOneMachine(initial);
                Map<String, Tensor> spark = trainOnSpark(partitions, t);
                double diff = maxDifference(spark, reference), moved = maxDifference(initial, reference);
                // Only the order of float32 additions differs: a gradient element sums at most 32 rows, so it can
                // move by about 32 ulps of its terms' magnitude; Adam's step is lr * m / sqrt(v), which passes a
                // relative gradient error of ~4e-6 on as ~0.05 * 4e-6 = 2e-7 per step, 3e-6 over 14 steps.
                // Measured: 1.2e-7 (one ulp) for each partition count.
                assertTrue(diff <= 2e-5, partitions + " partitions: weights differ by " + diff);
                assertTrue(moved > 0.1, "training moved the weights by only " + moved);
            }
        }
    }

    /** How often {@link #countedMlp} built the model in this JVM. */
    static final AtomicInteger BUILDS = new AtomicInteger();

    static TrainingGraph countedMlp(Tf tf) {
        BUILDS.incrementAndGet();
        return mlp(tf);
    }

    @Test
    void aJvmBuildsTheModelOnceForAllItsStepsAndTasks() {
        BUILDS.set(0);
        try (DataParallelTrainer t = DataParallelTrainer.builder(TrainerTest::countedMlp).features("x").labels("label")
                .optimizer(tf -> tf.train.adam(LEARNING_RATE)).batchSize(BATCH).build()) {
            assertEquals(1, BUILDS.get(), "the driver's own graph");
            t.fit(data(4), 1); // 7 steps of 4 tasks, all run in this JVM (local mode)
            assertEquals(2, BUILDS.get(), "the driver's graph and one replica shared by every step and task of this JVM");
        }
    }

    /** Failures left to inject into the next training tasks on partition 1 (read in local mode's executor, this JVM). */
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @Test
    void aFailedTaskIsRetriedAndChangesNothing() {
        Map<String, Tensor> clean, retried;
        try (DataParallelTrainer t = trainer()) {
            clean = trainOnSpark(2, t);
        }
        try (DataParallelTrainer t = trainer()) {
            FAILURES_LEFT.set(1);
            t.taskProbe = partition -> {
                if (partition == 1 && TaskContext.get().attemptNumber() == 0 && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("injected task failure");
                }
            };
            retried = trainOnSpark(2, t);
            assertEquals(0, FAILURES_LEFT.get(), "the injected failure did not happen");
        }
        // the same partitions add in the same order: equal to the bit, not just within a tolerance
        for (String name : clean.keySet()) assertEquals(clean.get(name), retried.get(name), name);
    }

    @Test
    void dataThatDoesNotFitTheModelIsNamed() {
        try (DataParallelTrainer t = DataParallelTrainer.builder(TrainerTest::mlp).features("pixels").labels("label")
                .optimizer(tf -> tf.train.gradientDescent(0.1)).build()) {
            ColumnException missing = assertThrows(ColumnException.class, () -> t.prepare(data(1)));
            assertEquals("pixels", missing.column());
            assertTrue(missing.getMessage().contains("is not in the data; its columns are [x, label]"), missing.getMessage());
        }
        try (DataParallelTrainer t = DataParallelTrainer.builder(TrainerTest::mlp).features("x").labels("x")
                .optimizer(tf -> tf.train.gradientDescent(0.1)).build()) {
            ColumnException wrongType = assertThrows(ColumnException.class, () -> t.prepare(data(1)));
            assertTrue(wrongType.getMessage().contains("labels column 'x' must hold integers (class ids), but it is array<float>"), wrongType.getMessage());
        }
        List<Row> rows = List.of(RowFactory.create(new float[WIDTH], 0), RowFactory.create(new float[WIDTH + 1], 1));
        try (DataParallelTrainer t = DataParallelTrainer.builder(TrainerTest::mlp).features("x").labels("label")
                .optimizer(tf -> tf.train.gradientDescent(0.1)).build()) {
            ColumnException width = assertThrows(ColumnException.class, () -> t.prepare(LocalSpark.frame(rows, SCHEMA, 2)));
            assertEquals("x", width.column());
            assertTrue(width.getMessage().contains("has 7 values in row 1; the model takes 6"), width.getMessage());
        }
    }
}
