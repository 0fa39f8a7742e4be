package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.LoadedModel;
import dev.nagare.interop.SavedModelImporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformerTest {
    static final int ROWS = 300;
    static final float[] PIXELS = new float[ROWS * 784];
    static {
        Random r = new Random(3);
        for (int i = 0; i < PIXELS.length; i++) PIXELS[i] = r.nextFloat();
    }

    static Dataset<Row> digits(int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            float[] p = new float[784];
            System.arraycopy(PIXELS, i * 784, p, 0, 784);
            rows.add(RowFactory.create(i, p));
        }
        return LocalSpark.frame(rows, ScorerTest.DIGITS, partitions);
    }

    static SavedModelTransformer stage(Path model, String output, String column) {
        return new SavedModelTransformer().setModelPath(model.toString()).setInputCol("pixels").setModelOutput(output).setOutputCol(column).setBatchSize(64);
    }

    /** Checks each row's {@code predicted} class and {@code scores} logits against the driver's one run of the model on all rows. */
    static void assertDriversOwnPredictions(Path model, List<Row> rows) throws Exception {
        try (LoadedModel own = SavedModelImporter.load(model)) {
            Map<String, Tensor> out = own.call(Map.of("images", Tensor.of(Shape.of(ROWS, 784), PIXELS)));
            int[] classes = out.get("classes").intData();
            float[] logits = out.get("logits").floatData();
            assertEquals(ROWS, rows.size());
            for (int i = 0; i < ROWS; i++) {
                Row r = rows.get(i);
                assertEquals(i, r.getInt(r.fieldIndex("id")));
                assertEquals(2L * i, r.getLong(r.fieldIndex("twice")), "the SQL stage ran before");
                assertEquals(classes[i], r.getInt(r.fieldIndex("predicted")), "row " + i);
                List<Object> scores = r.getList(r.fieldIndex("scores"));
                for (int k = 0; k < 10; k++) assertEquals(logits[i * 10 + k], (Float) scores.get(k), "row " + i + " logit " + k);
            }
        }
    }

    @Test
    void inAPipelineItGivesTheDriversOwnPredictionsExactly(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        ScorerTest.saveModel(model);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                new SQLTransformer().setStatement("SELECT *, CAST(id AS BIGINT) * 2 AS twice FROM __THIS__"),
                stage(model, "classes", "predicted"), stage(model, "logits", "scores")});
        Dataset<Row> data = digits(3);
        PipelineModel fitted = pipeline.fit(data);
        Dataset<Row> scored = fitted.transform(data);
        assertEquals(DataTypes.IntegerType, scored.schema().apply("predicted").dataType());
        assertEquals(DataTypes.createArrayType(DataTypes.FloatType, false), scored.schema().apply("scores").dataType());
        assertDriversOwnPredictions(model, scored.orderBy("id").collectAsList());

        // MLWritable: the pipeline, this stage's params with it, saved and loaded back, scores the same
        fitted.write().overwrite().save(tmp.resolve("pipeline").toString());
        PipelineModel loaded = PipelineModel.load(tmp.resolve("pipeline").toString());
        SavedModelTransformer back = (SavedModelTransformer) loaded.stages()[2];
        assertEquals("logits", back.getOrDefault(back.modelOutput()));
        assertEquals(64, (Integer) back.getOrDefault(back.batchSize()));
        assertDriversOwnPredictions(model, loaded.transform(digits(2)).orderBy("id").collectAsList());
    }

    @Test
    void transformSchemaNamesTheColumnThatDoesNotFit(@TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("model");
        ScorerTest.saveModel(model);
        SavedModelTransformer t = new SavedModelTransformer().setModelPath(model.toString()).setModelOutput("classes");

        ColumnException wrongType = assertThrows(ColumnException.class, () -> t.setInputCol("id").transformSchema(ScorerTest.DIGITS));
        assertEquals("id", wrongType.column());
        assertTrue(wrongType.getMessage().contains("input column 'id' must be array<float> or array<double>, but it is int"), wrongType.getMessage());

        ColumnException missing = assertThrows(ColumnException.class, () -> t.setInputCol("image").transformSchema(ScorerTest.DIGITS));
        assertEquals("image", missing.column());

        // in a Pipeline, before any job: fitting checks the stages' schemas
        ColumnException inPipeline = assertThrows(ColumnException.class,
                () -> new Pipeline().setStages(new PipelineStage[] {t.setInputCol("id")}).fit(digits(1)));
        assertEquals("id", inPipeline.column());

        IllegalArgumentException twoOutputs = assertThrows(IllegalArgumentException.class,
                () -> new SavedModelTransformer().setModelPath(model.toString()).setInputCol("pixels").transformSchema(ScorerTest.DIGITS));
        assertTrue(twoOutputs.getMessage().contains("setModelOutput"), twoOutputs.getMessage());
    }
}
