package dev.nagare.spark;

import dev.nagare.interop.Signature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * A SavedModel as a Spark ML {@link Transformer}, so that scoring is a stage of a {@code Pipeline}: it appends
 * one output of a signature, computed by a {@link SavedModelScorer}, as a new column.
 *
 * <pre>{@code
 * SavedModelTransformer score = new SavedModelTransformer().setModelPath("model").setInputCol("pixels")
 *         .setModelOutput("classes").setOutputCol("predicted");
 * PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {prepare, score}).fit(train);
 * pipeline.transform(digits).write().parquet("scored.parquet");
 * }</pre>
 *
 * Params: {@code modelPath} (the SavedModel's directory on the driver's disk; required), {@code signature}
 * (default {@code serving_default}), {@code inputCol} (an {@code array<float>} or {@code array<double>} column,
 * default "features"), {@code modelInput} (the signature input it feeds; default its only input), {@code
 * modelOutput} (the signature output to append; default its only output), {@code outputCol} (default
 * "prediction") and {@code batchSize} (rows per model run, default 256). {@link #transformSchema} checks the
 * columns against the model before any job, naming the column at fault in a {@link ColumnException}.
 *
 * <p>It is {@code MLWritable}: {@code save} writes its params (the model's path, not the model: the path must
 * still hold the SavedModel where the transformer is loaded), and {@link #load} or a saved {@code PipelineModel}
 * reads them back. The model is loaded on the driver on first use and its files broadcast once; a transformer
 * keeps the scorer of its latest params, since the Datasets it returned compute lazily from it.
 */
public final class SavedModelTransformer extends Transformer implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> modelPath, signature, inputCol, modelInput, modelOutput, outputCol;
    private final IntParam batchSize;
    /** The scorer of {@link #scorerKey}'s params, on the driver. */
    private transient SavedModelScorer scorer;
    private transient List<Object> scorerKey;

    public SavedModelTransformer() { this(Identifiable$.MODULE$.randomUID("nagareSavedModel")); }

    /** With a given uid (Spark ML copies and loads stages through this constructor). */
    public SavedModelTransformer(String uid) {
        this.uid = uid;
        modelPath = new Param<>(this, "modelPath", "the SavedModel's directory, on the driver's disk");
        signature = new Param<>(this, "signature", "the signature to run");
        inputCol = new Param<>(this, "inputCol", "the column of array<float> or array<double> rows fed to the model");
        modelInput = new Param<>(this, "modelInput", "the signature input fed from the input column (default: its only input)");
        modelOutput = new Param<>(this, "modelOutput", "the signature output appended (default: its only output)");
        outputCol = new Param<>(this, "outputCol", "the column the output is appended as");
        batchSize = new IntParam(this, "batchSize", "rows per model run", ParamValidators.gtEq(1));
        setDefault(signature, Signature.DEFAULT_KEY);
        setDefault(inputCol, "features");
        setDefault(outputCol, "prediction");
        setDefault(batchSize, 256);
    }

    @Override public String uid() { return uid; }

    public Param<String> modelPath() { return modelPath; }
    public Param<String> signature() { return signature; }
    public Param<String> inputCol() { return inputCol; }
    public Param<String> modelInput() { return modelInput; }
    public Param<String> modelOutput() { return modelOutput; }
    public Param<String> outputCol() { return outputCol; }
    public IntParam batchSize() { return batchSize; }

    public SavedModelTransformer setModelPath(String path) { set(modelPath, path); return this; }
    public SavedModelTransformer setSignature(String key) { set(signature, key); return this; }
    public SavedModelTransformer setInputCol(String column) { set(inputCol, column); return this; }
    public SavedModelTransformer setModelInput(String name) { set(modelInput, name); return this; }
    public SavedModelTransformer setModelOutput(String name) { set(modelOutput, name); return this; }
    public SavedModelTransformer setOutputCol(String column) { set(outputCol, column); return this; }
    public SavedModelTransformer setBatchSize(int rows) { set(batchSize, rows); return this; }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        return scorer().transform(dataset.toDF());
    }

    @Override
    public StructType transformSchema(StructType schema) { return scorer().transformSchema(schema); }

    @Override
    public SavedModelTransformer copy(ParamMap extra) { return defaultCopy(extra); }

    /** The scorer for the current params: the one made before when they have not changed. */
    private synchronized SavedModelScorer scorer() {
        if (!isDefined(modelPath)) throw new IllegalArgumentException("SavedModelTransformer " + uid + ": set modelPath to the SavedModel's directory");
        String path = $(modelPath);
        List<Object> key = List.of(path, $(signature), $(inputCol), optional(modelInput), optional(modelOutput), $(outputCol), $(batchSize));
        if (scorer != null && key.equals(scorerKey)) return scorer;
        SavedModelScorer s;
        try {
            s = SavedModelScorer.load(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException("SavedModelTransformer " + uid + ": cannot load the SavedModel in '" + path + "': " + e.getMessage(), e);
        }
        try {
            s.signature($(signature)).inputColumn($(inputCol)).batchSize((Integer) $(batchSize));
            if (isDefined(modelInput)) s.input($(modelInput));
            Signature sig = s.model().signature($(signature));
            String output = isDefined(modelOutput) ? $(modelOutput) : onlyOutput(sig);
            s.output(output, $(outputCol));
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        // The scorer this replaces is left open: Datasets it returned may not have run yet.
        scorer = s;
        scorerKey = key;
        return s;
    }

    private String optional(Param<String> p) { return isDefined(p) ? $(p) : ""; }

    private String onlyOutput(Signature sig) {
        if (sig.outputs().size() != 1) {
            throw new IllegalArgumentException("SavedModelTransformer " + uid + ": signature '" + $(signature) + "' has outputs " + sig.outputs().keySet()
                    + "; say which one to append with setModelOutput");
        }
        return sig.outputs().keySet().iterator().next();
    }

    /** Reads a transformer written by {@code save}. */
    public static MLReader<SavedModelTransformer> read() { return new DefaultParamsReadable<SavedModelTransformer>() {}.read(); }

    /** A transformer {@code save}d in {@code path}. */
    public static SavedModelTransformer load(String path) { return read().load(path); }
}
