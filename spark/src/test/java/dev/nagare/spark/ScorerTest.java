package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.data.MnistData;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.SavedModelExporter;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTest {
    static final StructType DIGITS = new StructType()
            .add("id", DataTypes.IntegerType, false)
            .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false), false);

    /** A 784-32-10 ReLU network with seeded random weights, saved with inputs {images} and outputs {logits, classes}. */
    static void saveModel(Path dir) throws Exception {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 784), "images");
        Output w1 = tf.variable(tf.init.heNormal(Shape.of(784, 32), DType.FLOAT32, 3), "w1");
        Output b1 = tf.variable(tf.init.heNormal(Shape.of(32), DType.FLOAT32, 4), "b1");
        Output w2 = tf.variable(tf.init.heNormal(Shape.of(32, 10), DType.FLOAT32, 5), "w2");
        Output logits = tf.matmul(tf.nn.relu(tf.nn.biasAdd(tf.matmul(x, w1), b1)), w2);
        try (Session s = new Session(g)) {
            s.run(tf.globalVariablesInitializer());
            SavedModelExporter.export(s, dir, Map.of("images", x), Map.of("logits", logits, "classes", tf.argmax(logits, 1, DType.INT32)));
        }
    }

    @Test
    void npmDigitsScoredToParquetEqualTheDriversOwnPredictionsExactly(@TempDir Path tmp) throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("t10k-images-idx3-ubyte.gz")), "skipped: no MNIST data in " + data);
        MnistData digits = MnistData.loadTest(data);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < digits.count(); i++) rows.add(RowFactory.create(i, digits.image(i)));
        Dataset<Row> frame = LocalSpark.frame(rows, DIGITS, 3);
        saveModel(tmp.resolve("model"));
        try (SavedModelScorer scorer = SavedModelScorer.load(tmp.resolve("model")).inputColumn("pixels")
                .output("classes", "predicted").output("logits", "scores").batchSize(100)) {
            scorer.transform(frame).write().parquet(tmp.resolve("scored.parquet").toString());
            List<Row> back = LocalSpark.session().read().parquet(tmp.resolve("scored.parquet").toString()).orderBy("id").collectAsList();
            // the driver's own run of the same model on all digits in one batch
            Map<String, Tensor> own = scorer.model().call(Map.of("images", Tensor.of(Shape.of(digits.count(), 784), digits.images())));
            int[] classes = own.get("classes").intData();
            float[] logits = own.get("logits").floatData();
            assertEquals(digits.count(), back.size());
            for (int i = 0; i < back.size(); i++) {
                Row r = back.get(i);
                assertEquals(i, r.getInt(0));
                assertEquals(classes[i], r.getInt(r.fieldIndex("predicted")), "digit " + i);
                List<Object> scores = r.getList(r.fieldIndex("scores"));
                for (int k = 0; k < 10; k++) assertEquals(logits[i * 10 + k], (Float) scores.get(k), "digit " + i + " logit " + k);
            }
        }
    }

    @Test
    void columnsThatDoNotFitTheModelAreNamed(@TempDir Path tmp) throws Exception {
        saveModel(tmp.resolve("model"));
        List<Row> rows = List.of(RowFactory.create(0, new float[784]), RowFactory.create(1, new float[783]));
        Dataset<Row> frame = LocalSpark.frame(rows, DIGITS, 1);
        try (SavedModelScorer scorer = SavedModelScorer.load(tmp.resolve("model"))) {
            ColumnException missing = assertThrows(ColumnException.class, () -> scorer.inputColumn("image").transform(frame));
            assertEquals("image", missing.column());
            assertTrue(missing.getMessage().contains("[id, pixels]"), missing.getMessage());

            ColumnException wrongType = assertThrows(ColumnException.class, () -> scorer.inputColumn("id").transform(frame));
            assertTrue(wrongType.getMessage().contains("must be array<float> or array<double>, but it is int"), wrongType.getMessage());

            ColumnException taken = assertThrows(ColumnException.class, () -> scorer.inputColumn("pixels").output("classes", "id").transform(frame));
            assertEquals("id", taken.column());
        }
        try (SavedModelScorer scorer = SavedModelScorer.load(tmp.resolve("model")).inputColumn("pixels")) {
            Exception e = assertThrows(Exception.class, () -> scorer.transform(frame).collectAsList());
            ColumnException width = findCause(e);
            assertEquals("pixels", width.column());
            assertTrue(width.getMessage().contains("has 783 values in row 1 of partition 0; the model takes 784"), width.getMessage());
        }
    }

    static ColumnException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof ColumnException c) return c;
        throw new AssertionError("no ColumnException in " + e, e);
    }
}
