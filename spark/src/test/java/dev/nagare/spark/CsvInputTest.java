package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.LoadedModel;
import dev.nagare.interop.SavedModelImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV input for {@code ./nagare spark train} and {@code predict}, through the commands' own code on the shared session. */
class CsvInputTest {
    @TempDir Path tmp;

    private static final String FEATURES = "f0,f1,f2,f3,f4,f5";

    /** TrainerTest's rows as CSV with a header: an id, the label (or none), the six features as Java prints floats. */
    private static Path csv(Path file, boolean withLabel) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("id," + (withLabel ? "label," : "") + FEATURES);
        for (int i = 0; i < TrainerTest.ROWS; i++) {
            StringBuilder line = new StringBuilder().append(i).append(',');
            if (withLabel) line.append(TrainerTest.LABELS[i]).append(',');
            for (int j = 0; j < TrainerTest.WIDTH; j++) line.append(j == 0 ? "" : ",").append(TrainerTest.FEATURES[i][j]);
            lines.add(line.toString());
        }
        return Files.write(file, lines);
    }

    private static float[] allFeatures() {
        float[] x = new float[TrainerTest.ROWS * TrainerTest.WIDTH];
        for (int i = 0; i < TrainerTest.ROWS; i++) System.arraycopy(TrainerTest.FEATURES[i], 0, x, i * TrainerTest.WIDTH, TrainerTest.WIDTH);
        return x;
    }

    /**
     * Training from CSV gives the model the same rows give as a DataFrame (one partition each: the logits agree to the
     * bit), and predicting from CSV writes Parquet rows whose outputs equal the model's own run on the driver.
     */
    @Test
    void trainAndPredictFromCsvGiveWhatTheSameRowsGive() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path fromCsv = tmp.resolve("csv-model"), fromFrame = tmp.resolve("frame-model"), scored = tmp.resolve("scored.parquet");
        SparkCommand.train(spark, Map.of("input", csv(tmp.resolve("train.csv"), true).toString(), "features", FEATURES, "label", "label",
                "classes", "3", "export", fromCsv.toString(), "hidden", "5", "epochs", "1", "batch", "32", "lr", "0.05"));
        try (DataParallelTrainer t = DataParallelTrainer.builder(new DenseClassifier(TrainerTest.WIDTH, new int[] {5}, 3, 42)).features("x")
                .labels("label").optimizer(tf -> tf.train.adam(0.05)).batchSize(32).build()) {
            t.fit(TrainerTest.data(1), 1);
            t.exportSavedModel(fromFrame);
        }
        Tensor x = Tensor.of(Shape.of(TrainerTest.ROWS, TrainerTest.WIDTH), allFeatures());
        try (LoadedModel csvModel = SavedModelImporter.load(fromCsv); LoadedModel frameModel = SavedModelImporter.load(fromFrame)) {
            Map<String, Tensor> own = csvModel.call(Map.of("features", x));
            assertArrayEquals(frameModel.call(Map.of("features", x)).get("logits").floatData(), own.get("logits").floatData());

            SparkCommand.predict(spark, Map.of("model", fromCsv.toString(), "input", csv(tmp.resolve("score.csv"), false).toString(),
                    "features", FEATURES, "output", scored.toString(), "batch", "50"));
            List<Row> back = spark.read().parquet(scored.toString()).orderBy(org.apache.spark.sql.functions.col("id").cast("int")).collectAsList();
            assertEquals(TrainerTest.ROWS, back.size());
            assertEquals(List.of("classes", "f0", "f1", "f2", "f3", "f4", "f5", "id", "logits"),
                    List.of(back.get(0).schema().fieldNames()).stream().sorted().toList(),
                    "the CSV's columns and the outputs; the gathered features are not kept");
            int[] classes = own.get("classes").intData();
            float[] logits = own.get("logits").floatData();
            for (int i = 0; i < back.size(); i++) {
                Row r = back.get(i);
                assertEquals(String.valueOf(i), r.getString(r.fieldIndex("id")));
                assertEquals(classes[i], r.getInt(r.fieldIndex("classes")), "row " + i);
                List<Object> scores = r.getList(r.fieldIndex("logits"));
                for (int k = 0; k < 3; k++) assertEquals(logits[i * 3 + k], (Float) scores.get(k), "row " + i + " logit " + k);
            }
        }
    }

    @Test
    void badCsvInputIsNamed() throws Exception {
        SparkSession spark = LocalSpark.session();
        Path file = csv(tmp.resolve("train.csv"), true);
        ColumnException missing = assertThrows(ColumnException.class, () -> TableInput.read(spark, Map.of("input", file.toString(), "features", "f0,f9"), "label"));
        assertEquals("f9", missing.column());
        assertTrue(missing.getMessage().contains("[id, label, f0, f1, f2, f3, f4, f5]"), missing.getMessage());

        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(3, lines.get(3).replaceFirst(",[^,]*$", ",oops"));
        Path bad = Files.write(tmp.resolve("bad.csv"), lines);
        Exception e = assertThrows(Exception.class, () -> SparkCommand.train(spark, Map.of("input", bad.toString(), "features", FEATURES,
                "label", "label", "classes", "3", "export", tmp.resolve("never").toString(), "hidden", "5", "epochs", "1")));
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) chain.append(t.getMessage()).append(" / ");
        assertTrue(chain.toString().contains("oops") || chain.toString().contains("holds a null at position 5 in row 2"), chain.toString());
        assertTrue(!Files.exists(tmp.resolve("never")), "nothing was exported");
    }
}
