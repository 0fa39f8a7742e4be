package dev.nagare.spark;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.SavedModelExporter;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Synchronous data-parallel training on Spark. Each step, the driver broadcasts the weights; every partition
 * computes, with its executor's {@link GradientReplica}, the gradient of the loss summed over its rows of the
 * global batch; the driver adds the partitions' gradients in partition order (so a run is repeatable to the
 * bit), divides by the batch's row count and applies the optimizer, which keeps its state (momentum, Adam's
 * moments) on the driver. The result is single-machine training on the same global batches, up to the order
 * in which float32 sums are added.
 *
 * <pre>{@code
 * try (DataParallelTrainer t = DataParallelTrainer.builder(tf -> myModel(tf))
 *         .features("pixels").labels("label").optimizer(tf -> tf.train.adam(1e-3)).batchSize(128).build()) {
 *     List<Double> losses = t.fit(dataFrame, 5);
 *     t.exportSavedModel(Path.of("model"));
 * }
 * }</pre>
 */
public final class DataParallelTrainer implements AutoCloseable {
    private final ModelDefinition definition;
    private final String featureColumn, labelColumn;
    private final int batchSize;
    private final Long shuffleSeed;
    /** Names this trainer's replicas on the executors. */
    private final String key = UUID.randomUUID().toString();
    private final TrainingGraph model;
    private final Session session;
    private final List<Output> variables;
    private final List<Output> gradientFeeds;
    private final Node applyGradients;
    private float[][] weights;
    /** Called in each step's tasks before the gradient, for tests that make a task fail. */
    VoidFunction<Integer> taskProbe;

    private DataParallelTrainer(Builder b) {
        definition = b.definition;
        featureColumn = b.featureColumn;
        labelColumn = b.labelColumn;
        batchSize = b.batchSize;
        shuffleSeed = b.shuffleSeed;
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        model = definition.build(tf);
        variables = GradientReplica.trainableValues(g);
        Tf feeds = tf.withSubScope("data_parallel");
        gradientFeeds = new ArrayList<>();
        for (Output v : variables) gradientFeeds.add(feeds.placeholder(DType.FLOAT32, v.shape(), v.node().name().replace('/', '_') + "_grad"));
        Optimizer optimizer = b.optimizer.apply(tf);
        applyGradients = optimizer.applyGradients(variables, gradientFeeds);
        session = new Session(g);
        session.run(tf.globalVariablesInitializer());
        weights = fetchWeights();
    }

    public static Builder builder(ModelDefinition definition) { return new Builder(definition); }

    /** Reads the features and labels of {@code data}, packs them per partition and caches them for the steps. */
    public TrainingData prepare(Dataset<Row> data) {
        return TrainingData.prepare(data, featureColumn, labelColumn, model, batchSize, shuffleSeed);
    }

    /** Trains {@code epochs} passes over {@code data}; returns the mean loss of each epoch. */
    public List<Double> fit(Dataset<Row> data, int epochs) {
        try (TrainingData prepared = prepare(data)) {
            return fit(prepared, epochs);
        }
    }

    /** Trains {@code epochs} passes over prepared data; returns the mean loss of each epoch. */
    public List<Double> fit(TrainingData data, int epochs) {
        List<Double> losses = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            double sum = 0;
            long rows = 0;
            for (int k = 0; k < data.stepsPerEpoch(); k++) {
                StepOutcome s = runStep(data, e, k);
                sum += s.lossSum;
                rows += s.rows;
            }
            losses.add(sum / rows);
        }
        return losses;
    }

    /** One synchronous step on batch {@code step} of {@code epoch}; returns the batch's mean loss before the update. */
    public double step(TrainingData data, int epoch, int step) {
        StepOutcome s = runStep(data, epoch, step);
        return s.lossSum / s.rows;
    }

    private record StepOutcome(double lossSum, long rows) {}

    private StepOutcome runStep(TrainingData data, int epoch, int step) {
        GradientRound round = GradientRound.run(data, epoch, step, weights, key, ReplicaSource.of(definition), 0, taskProbe);
        Runner apply = session.runner().addTarget(applyGradients);
        for (int i = 0; i < variables.size(); i++) apply.feed(gradientFeeds.get(i), Tensor.of(variables.get(i).shape(), round.meanGradients()[i]));
        apply.run();
        weights = fetchWeights();
        return new StepOutcome(round.lossSum(), round.rows());
    }

    private float[][] fetchWeights() {
        Runner r = session.runner();
        for (Output v : variables) r.fetch(v);
        List<Tensor> values = r.run();
        float[][] w = new float[values.size()][];
        for (int i = 0; i < w.length; i++) w[i] = values.get(i).floatData();
        return w;
    }

    /** The current weights by variable name. */
    public Map<String, Tensor> weights() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) m.put(variables.get(i).node().name(), Tensor.of(variables.get(i).shape(), weights[i].clone()));
        return m;
    }

    /** The driver's copy of the model: its graph and outputs. */
    public TrainingGraph model() { return model; }

    /** The driver's Session, whose variables hold the current weights (for evaluation on the driver). */
    public Session session() { return session; }

    /**
     * Writes the trained model as a SavedModel whose {@code serving_default} signature takes the features
     * placeholder (under its node name) and gives the model's {@link TrainingGraph#outputs()}.
     */
    public void exportSavedModel(Path dir) throws IOException {
        if (model.outputs().isEmpty()) throw new IllegalStateException("the model definition named no outputs to serve (TrainingGraph.outputs)");
        SavedModelExporter.export(session, dir, Map.of(model.features().node().name(), model.features()), model.outputs());
    }

    @Override
    public void close() {
        session.close();
        GradientReplica.forget(key); // the driver's JVM is the executor in local mode
    }

    /** Settings of a {@link DataParallelTrainer}. */
    public static final class Builder {
        private final ModelDefinition definition;
        private String featureColumn = "features", labelColumn = "label";
        private Function<Tf, Optimizer> optimizer;
        private int batchSize = 128;
        private Long shuffleSeed;

        private Builder(ModelDefinition definition) { this.definition = Objects.requireNonNull(definition, "definition"); }

        /** The column of {@code array<float>} feature rows (default "features"). */
        public Builder features(String column) { featureColumn = Objects.requireNonNull(column); return this; }

        /** The labels' column (default "label"). */
        public Builder labels(String column) { labelColumn = Objects.requireNonNull(column); return this; }

        /** Makes the optimizer in the driver's graph, e.g. {@code tf -> tf.train.adam(0.001)}. */
        public Builder optimizer(Function<Tf, Optimizer> make) { optimizer = Objects.requireNonNull(make); return this; }

        /** Rows per global batch, over all partitions (default 128). */
        public Builder batchSize(int rows) {
            if (rows <= 0) throw new IllegalArgumentException("the batch size must be positive, got " + rows);
            batchSize = rows;
            return this;
        }

        /** Mixes the batches differently every epoch, repeatably for a seed (see BatchPlan); off by default. */
        public Builder shuffleSeed(long seed) { shuffleSeed = seed; return this; }

        public DataParallelTrainer build() {
            if (optimizer == null) throw new IllegalStateException("no optimizer given: call optimizer(tf -> tf.train.adam(0.001)) or another");
            return new DataParallelTrainer(this);
        }
    }
}
