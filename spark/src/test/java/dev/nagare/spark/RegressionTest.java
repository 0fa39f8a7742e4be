package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Float targets, several per row (array<double> columns), with momentum: the other label and optimizer paths. */
class RegressionTest {
    static final int ROWS = 90, WIDTH = 4, TARGETS = 2, BATCH = 16;
    static final StructType SCHEMA = new StructType()
            .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("y", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

    /** A linear map with squared error summed over the targets of each example. */
    static TrainingGraph linear(Tf tf) {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, WIDTH), "x");
        Output y = tf.placeholder(DType.FLOAT32, Shape.of(-1, TARGETS), "y");
        Output w = tf.variable(tf.init.heNormal(Shape.of(WIDTH, TARGETS), DType.FLOAT32, 9), "w");
        Output b = tf.variable(tf.init.zeros(Shape.of(TARGETS), DType.FLOAT32), "b");
        Output error = tf.sub(tf.nn.biasAdd(tf.matmul(x, w), b), y);
        return new TrainingGraph(x, y, tf.reduceSum(tf.square(error), 1));
    }

    @Test
    void floatTargetsAndMomentumMatchOneSession() {
        Random r = new Random(11);
        double[][] xs = new double[ROWS][WIDTH], ys = new double[ROWS][TARGETS];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < WIDTH; j++) xs[i][j] = r.nextGaussian();
            ys[i][0] = 2 * xs[i][0] - xs[i][1] + 0.5;
            ys[i][1] = xs[i][2] + xs[i][3];
            rows.add(RowFactory.create(xs[i], ys[i]));
        }
        Map<String, Tensor> spark;
        try (DataParallelTrainer t = DataParallelTrainer.builder(RegressionTest::linear).features("x").labels("y")
                .optimizer(tf -> tf.train.momentum(0.02, 0.9)).batchSize(BATCH).build()) {
            t.fit(LocalSpark.frame(rows, SCHEMA, 3), 2);
            spark = t.weights();
        }
        // one Session on the same batches: rows i with i mod steps == k, mean of the per-example losses
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        TrainingGraph m = linear(tf);
        Node step = tf.train.momentum(0.02, 0.9).minimize(tf.reduceMean(m.exampleLosses()));
        Node init = tf.globalVariablesInitializer();
        int steps = (ROWS + BATCH - 1) / BATCH;
        try (Session s = new Session(g)) {
            s.run(init);
            Map<String, Tensor> start = TrainerTest.values(s, g);
            for (int e = 0; e < 2; e++) {
                for (int k = 0; k < steps; k++) {
                    List<Integer> picked = new ArrayList<>();
                    for (int i = k; i < ROWS; i += steps) picked.add(i);
                    float[] x = new float[picked.size() * WIDTH], y = new float[picked.size() * TARGETS];
                    for (int p = 0; p < picked.size(); p++) {
                        for (int j = 0; j < WIDTH; j++) x[p * WIDTH + j] = (float) xs[picked.get(p)][j];
                        for (int j = 0; j < TARGETS; j++) y[p * TARGETS + j] = (float) ys[picked.get(p)][j];
                    }
                    s.runner().feed(m.features(), Tensor.of(Shape.of(picked.size(), WIDTH), x))
                            .feed(m.labels(), Tensor.of(Shape.of(picked.size(), TARGETS), y)).addTarget(step).run();
                }
            }
            Map<String, Tensor> reference = TrainerTest.values(s, g);
            double diff = TrainerTest.maxDifference(spark, reference), moved = TrainerTest.maxDifference(start, reference);
            // float32 sums of at most 6 rows per partition, reordered: a few ulps per step, 12 steps of momentum
            assertTrue(diff <= 1e-5, "weights differ by " + diff);
            assertTrue(moved > 0.1, "training moved the weights by only " + moved);
        }
    }
}
