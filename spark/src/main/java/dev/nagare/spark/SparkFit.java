package dev.nagare.spark;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.layers.Callback;
import dev.nagare.layers.Fit;
import dev.nagare.layers.History;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Model;
import dev.nagare.layers.Sequential;
import dev.nagare.layers.TrainingParts;
import dev.nagare.session.Runner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The layers API's {@code fit} on a Spark Dataset: synchronous data-parallel training of a compiled
 * {@link Sequential} or functional {@link Model} of one input, the same machinery as {@link DataParallelTrainer}.
 * Each executor JVM rebuilds the model from its {@link Model#description} and computes the gradient of the loss summed over its rows of
 * each global batch; the driver adds them in partition order, divides by the batch's rows and applies them with
 * the model's own optimizer, whose state (Adam's moments) stays in the model. The model's weights are updated in
 * place, so {@code fit}, {@code evaluate}, {@code predict} and {@code save} go on from them.
 *
 * <pre>{@code
 * try (Sequential model = Sequential.of(Layers.input(784), Layers.dense(128, Activation.RELU), Layers.dense(10, Activation.SOFTMAX))) {
 *     model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
 *     History h = SparkFit.fit(model, spark.read().parquet("train.parquet"), "pixels", "label", Fit.epochs(5).batchSize(256));
 *     model.save(Path.of("model"));
 * }
 * }</pre>
 *
 * <p>Of {@link Fit}: the epochs; the batch size, which is the global batch over all partitions; shuffling,
 * which with its seed mixes the batches differently each epoch (without it, batch k of an epoch holds the rows
 * whose number in the Dataset's order is k modulo the steps per epoch, see {@link DataParallelTrainer}); the
 * progress line and the callbacks. A validation split, steps per epoch and class weights are refused. The
 * features column holds {@code array<float>} (or {@code array<double>}) rows of the model's input width; the
 * labels column what the loss takes: int class ids for sparse categorical cross-entropy, otherwise arrays of the
 * output's width, or plain float or double numbers for a one-unit output (a sigmoid with binary cross-entropy).
 * Dropout draws its masks on the workers, so a model with Dropout does not repeat local training step for
 * step; a model whose layers update state of their own in each step (BatchNormalization) is refused.
 */
public final class SparkFit {
    private SparkFit() {}

    /** Trains {@code model} on the rows of {@code data}; returns the loss and metrics of each epoch, as {@code fit} does. */
    public static History fit(Model model, Dataset<Row> data, String featuresColumn, String labelsColumn, Fit fit) {
        Objects.requireNonNull(data, "data");
        TrainingParts parts = model.trainingParts();
        check(parts, fit);
        String description = model.description(); // fails here, on the driver, for a layer no description holds
        TrainingGraph shape = new TrainingGraph(parts.input(), parts.labels(), parts.exampleLosses());
        ReplicaSource source = new ModelReplica(description, parts.loss(), parts.metrics());
        List<String> figures = new ArrayList<>(parts.batchMetrics().keySet());
        String key = UUID.randomUUID().toString();
        List<Map<String, Double>> epochs = new ArrayList<>();
        try (TrainingData prepared = TrainingData.prepare(data, featuresColumn, labelsColumn, shape, fit.batchSize(), fit.shuffle() ? fit.seed() : null)) {
            for (int epoch = 0; epoch < fit.epochs(); epoch++) {
                long start = System.nanoTime();
                for (Callback cb : fit.callbacks()) cb.onEpochBegin(epoch);
                double lossSum = 0;
                double[] figureSums = new double[figures.size()];
                long rows = 0;
                for (int step = 0; step < prepared.stepsPerEpoch(); step++) {
                    GradientRound round = GradientRound.run(prepared, epoch, step, weights(model, parts), key, source, figures.size(), null);
                    apply(model, parts, round.meanGradients());
                    lossSum += round.lossSum();
                    for (int f = 0; f < figureSums.length; f++) figureSums[f] += round.figureSums()[f];
                    rows += round.rows();
                    if (!fit.callbacks().isEmpty()) {
                        Map<String, Double> logs = logs(round.lossSum(), figures, round.figureSums(), round.rows());
                        for (Callback cb : fit.callbacks()) cb.onBatchEnd(step, logs);
                    }
                }
                Map<String, Double> logs = logs(lossSum, figures, figureSums, rows);
                epochs.add(logs);
                if (fit.progress() != null) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, fit.epochs(), (System.nanoTime() - start) / 1e9));
                    logs.forEach((k, v) -> line.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
                    fit.progress().println(line);
                }
                boolean stop = false;
                for (Callback cb : fit.callbacks()) stop |= cb.onEpochEnd(epoch, logs);
                if (stop) break;
            }
        } finally {
            GradientReplica.forget(key); // the driver's JVM is the executor in local mode
        }
        return History.of(epochs);
    }

    private static void check(TrainingParts parts, Fit fit) {
        if (parts.input() == null) {
            throw new IllegalArgumentException("SparkFit feeds a model from one features column, and this model has several inputs; "
                    + "give it one input that holds their features side by side");
        }
        if (parts.layerUpdates()) {
            throw new IllegalArgumentException("SparkFit cannot train this model: its layers update state of their own in each step (BatchNormalization's "
                    + "moving mean and variance), which data-parallel steps do not gather");
        }
        for (Metric m : parts.metrics()) {
            if (!parts.batchMetrics().containsKey(m.kerasName())) {
                throw new IllegalArgumentException("SparkFit reports metrics averaged over examples; " + m.kerasName()
                        + " is counted over a whole epoch on one machine: compile without it, or evaluate it after training");
            }
        }
        if (fit.validationSplit() > 0) throw new IllegalArgumentException("SparkFit takes no validation split; evaluate a held-out Dataset after training");
        if (fit.stepsPerEpoch() != 0) throw new IllegalArgumentException("SparkFit runs whole passes over the data; steps per epoch (" + fit.stepsPerEpoch() + ") are not supported");
        if (!fit.classWeights().isEmpty()) throw new IllegalArgumentException("SparkFit does not weight classes; class weights " + fit.classWeights() + " are not supported");
    }

    /** The model's trainable weights now, in the order of {@link TrainingParts#weights}. */
    private static float[][] weights(Model model, TrainingParts parts) {
        Runner r = model.session().runner();
        for (Output w : parts.weights()) r.fetch(w);
        List<Tensor> values = r.run();
        float[][] w = new float[values.size()][];
        for (int i = 0; i < w.length; i++) w[i] = values.get(i).floatData();
        return w;
    }

    /** One optimizer step of the model on the batch's mean gradients, fed in place of those its own graph would compute. */
    private static void apply(Model model, TrainingParts parts, float[][] meanGradients) {
        Runner r = model.session().runner().addTarget(parts.trainStep());
        for (int i = 0; i < meanGradients.length; i++) {
            Output g = parts.gradients().get(i);
            if (g != null) r.feed(g, Tensor.of(parts.weights().get(i).shape(), meanGradients[i]));
        }
        r.run();
    }

    private static Map<String, Double> logs(double lossSum, List<String> figures, double[] figureSums, long rows) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossSum / rows);
        for (int f = 0; f < figures.size(); f++) logs.put(figures.get(f), figureSums[f] / rows);
        return logs;
    }
}
