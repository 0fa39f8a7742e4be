package dev.nagare.spark;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.interop.LoadedModel;
import dev.nagare.interop.SavedModelImporter;
import dev.nagare.interop.Signature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a Dataset with a SavedModel: each partition feeds its rows, in batches, to one copy of the model per
 * executor JVM (the model's files are broadcast once, so executors need no shared disk) and appends the
 * signature's outputs as new columns. Inputs and outputs are checked against the data's schema on the driver
 * before any job starts.
 *
 * <pre>{@code
 * try (SavedModelScorer scorer = SavedModelScorer.load(Path.of("model")).inputColumn("pixels")) {
 *     scorer.transform(spark.read().parquet("digits.parquet")).write().parquet("scored.parquet");
 * }
 * }</pre>
 */
public final class SavedModelScorer implements AutoCloseable {
    private final ModelFiles files;
    private final LoadedModel driverModel;
    private String signatureKey = Signature.DEFAULT_KEY;
    private String inputColumn = "features";
    private String inputName;
    private final Map<String, String> outputColumns = new LinkedHashMap<>();
    private int batchSize = 256;
    private Broadcast<ModelFiles> shipped;

    private SavedModelScorer(ModelFiles files, LoadedModel driverModel) {
        this.files = files;
        this.driverModel = driverModel;
    }

    /** Reads the SavedModel in {@code dir} (and loads it on the driver to check it). */
    public static SavedModelScorer load(Path dir) throws IOException {
        LoadedModel model = SavedModelImporter.load(dir);
        return new SavedModelScorer(ModelFiles.read(dir), model);
    }

    /** The signature to run (default {@code serving_default}). */
    public SavedModelScorer signature(String key) { driverModel.signature(key); signatureKey = key; return this; }

    /** The column of {@code array<float>} rows fed to the model (default "features"). */
    public SavedModelScorer inputColumn(String column) { inputColumn = Objects.requireNonNull(column); return this; }

    /** The signature input fed from the input column; by default the signature's only input. */
    public SavedModelScorer input(String name) { driverModel.signature(signatureKey).input(name); inputName = name; return this; }

    /** Appends signature output {@code name} as column {@code column}; with none given, every output under its own name. */
    public SavedModelScorer output(String name, String column) {
        driverModel.signature(signatureKey).output(name);
        outputColumns.put(name, Objects.requireNonNull(column));
        return this;
    }

    /** Rows per model run (default 256). */
    public SavedModelScorer batchSize(int rows) {
        if (rows <= 0) throw new IllegalArgumentException("the batch size must be positive, got " + rows);
        batchSize = rows;
        return this;
    }

    /** The model as loaded on the driver (to compare with, or to score a few rows without Spark). */
    public LoadedModel model() { return driverModel; }

    /** The rows of {@code data} with the model's outputs appended; lazy, like any Dataset transformation. */
    public Dataset<Row> transform(Dataset<Row> data) {
        StructType schema = data.schema();
        StructType outSchema = transformSchema(schema);
        Signature sig = driverModel.signature(signatureKey);
        String input = inputName != null ? inputName : onlyInput(sig);
        if (shipped == null) shipped = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext()).broadcast(files);
        Broadcast<ModelFiles> model = shipped;
        ScoringPlan plan = new ScoringPlan(signatureKey, input, schema.fieldIndex(inputColumn), inputColumn, sig.input(input).shape().dim(1),
                outputColumns(sig).keySet().toArray(String[]::new), batchSize);
        JavaRDD<Row> scored = data.javaRDD().mapPartitionsWithIndex(
                (partition, rows) -> new ScoringIterator(model.value().load(), plan, partition, rows), true);
        return data.sparkSession().createDataFrame(scored, outSchema);
    }

    /**
     * The schema {@link #transform} gives for data of {@code schema}: its columns and the outputs'. Checks, before any
     * job, that the signature's input can be fed from a column, that the input column is there and holds
     * {@code array<float>} or {@code array<double>}, and that no output column is there already.
     *
     * @throws ColumnException naming the column, when a column does not fit
     */
    public StructType transformSchema(StructType schema) {
        Signature sig = driverModel.signature(signatureKey);
        String input = inputName != null ? inputName : onlyInput(sig);
        Output in = sig.input(input);
        if (in.dtype() != DType.FLOAT32 || !in.shape().hasRank() || in.shape().rank() != 2 || in.shape().dim(1) <= 0) {
            throw new IllegalArgumentException("signature '" + signatureKey + "' input '" + input + "' is " + in.dtype() + in.shape()
                    + "; only float32 [-1, width] inputs with a known width can be fed from a column");
        }
        Columns.requireVector(schema, inputColumn, "input");
        StructType outSchema = schema;
        for (Map.Entry<String, String> o : outputColumns(sig).entrySet()) {
            if (Arrays.asList(outSchema.fieldNames()).contains(o.getValue())) {
                throw new ColumnException(o.getValue(), "the output column '" + o.getValue() + "' is already in the data; its columns are "
                        + Arrays.toString(schema.fieldNames()));
            }
            outSchema = outSchema.add(o.getValue(), columnType(sig.output(o.getKey()), o.getKey()), false);
        }
        return outSchema;
    }

    /** The outputs to append, by signature output name: those asked for, or every output under its own name. */
    private Map<String, String> outputColumns(Signature sig) {
        Map<String, String> outputs = new LinkedHashMap<>(outputColumns);
        if (outputs.isEmpty()) sig.outputs().keySet().forEach(name -> outputs.put(name, name));
        return outputs;
    }

    private static String onlyInput(Signature sig) {
        if (sig.inputs().size() != 1) {
            throw new IllegalArgumentException("the signature has inputs " + sig.inputs().keySet() + "; say which one the column feeds with input(name)");
        }
        return sig.inputs().keySet().iterator().next();
    }

    /** The Spark type of one row's share of an output: a number for [batch], an array for [batch, k]. */
    private static DataType columnType(Output o, String name) {
        Shape s = o.shape();
        DataType element = switch (o.dtype()) {
            case FLOAT32 -> DataTypes.FloatType;
            case FLOAT64 -> DataTypes.DoubleType;
            case INT32 -> DataTypes.IntegerType;
            case INT64 -> DataTypes.LongType;
            default -> throw new IllegalArgumentException("output '" + name + "' is " + o.dtype() + ", which no column type here holds");
        };
        if (s.hasRank() && s.rank() == 1) return element;
        if (s.hasRank() && s.rank() == 2) return DataTypes.createArrayType(element, false);
        throw new IllegalArgumentException("output '" + name + "' has shape " + s + "; only [batch] and [batch, k] outputs become columns");
    }

    @Override
    public void close() {
        if (shipped != null) shipped.destroy();
        files.forget();
        driverModel.close();
    }
}
