package dev.nagare.spark;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Gradients;
import dev.nagare.ops.Tf;
import dev.nagare.ops.Variables;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's half of a training step: one graph and Session per model and executor JVM, built on first use
 * and reused by every later step and by all tasks running in that JVM at once ({@code Session.run} is safe
 * from many threads). The weights of the step are fed in place of the variables' values, so the Session
 * holds no state between steps and tasks of different steps never see each other's weights.
 */
final class GradientReplica {
    /** Models kept per JVM; an executor that outlives several trainers drops the one used longest ago. */
    private static final int KEPT = 4;
    private static final Map<String, GradientReplica> REPLICAS = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GradientReplica> eldest) {
            if (size() <= KEPT) return false;
            eldest.getValue().session.close();
            return true;
        }
    };

    /**
     * What one partition sends back for a step: its rows in the batch, their summed loss, their sums of the
     * model's batch figures (in the order of {@link ReplicaSource.Built#batchMeans}) and summed gradients.
     */
    record Result(int rows, double lossSum, double[] figureSums, float[][] gradients) implements Serializable {}

    private final Session session;
    private final TrainingGraph model;
    private final List<Output> variables;
    private final Output lossSum;
    private final java.util.List<Output> figures;
    private final Map<Output, Tensor> fixedFeeds;
    /** The gradient of the summed loss per variable, null where the loss does not depend on it. */
    private final List<Output> gradients;

    private GradientReplica(ReplicaSource source) {
        ReplicaSource.Built built = source.build();
        Graph g = built.graph();
        Tf tf = Tf.of(g).withSubScope("data_parallel_replica");
        model = built.model();
        figures = List.copyOf(built.batchMeans().values());
        fixedFeeds = Map.copyOf(built.fixedFeeds());
        variables = trainableValues(g);
        lossSum = tf.reduceSum(model.exampleLosses());
        gradients = Gradients.of(tf, List.of(lossSum), variables, null);
        session = new Session(g);
    }

    /** The replica of the model under {@code key} in this JVM, built from {@code definition} the first time. */
    static GradientReplica of(String key, ReplicaSource source) {
        synchronized (REPLICAS) {
            return REPLICAS.computeIfAbsent(key, k -> new GradientReplica(source));
        }
    }

    /** Drops the replica of {@code key} in this JVM (the driver's, in local mode). */
    static void forget(String key) {
        synchronized (REPLICAS) {
            GradientReplica r = REPLICAS.remove(key);
            if (r != null) r.session.close();
        }
    }

    /** The summed loss and gradients of the slice's rows at these weights (one array per trainable variable). */
    Result run(float[][] weights, PackedRows.Slice slice) {
        if (weights.length != variables.size()) {
            throw new IllegalStateException("the driver sent " + weights.length + " weight arrays for a model with " + variables.size()
                    + " trainable variables: the model definition built a different graph on this executor");
        }
        Runner r = session.runner().feed(model.features(), slice.features()).feed(model.labels(), slice.labels());
        fixedFeeds.forEach(r::feed);
        for (int i = 0; i < weights.length; i++) r.feed(variables.get(i), Tensor.of(variables.get(i).shape(), weights[i]));
        r.fetch(lossSum);
        figures.forEach(r::fetch);
        for (Output g : gradients) if (g != null) r.fetch(g);
        List<Tensor> out = r.run();
        double[] figureSums = new double[figures.size()];
        for (int f = 0; f < figureSums.length; f++) figureSums[f] = (double) out.get(1 + f).floatValue() * slice.rows();
        float[][] grads = new float[weights.length][];
        for (int i = 0, next = 1 + figures.size(); i < grads.length; i++) if (gradients.get(i) != null) grads[i] = out.get(next++).floatData();
        return new Result(slice.rows(), out.get(0).floatValue(), figureSums, grads);
    }

    /** The values of the graph's trainable variables, in the order both driver and workers use. */
    static List<Output> trainableValues(Graph g) {
        List<Output> vars = new ArrayList<>();
        for (Variables.Entry v : Variables.trainable(g)) {
            Output o = v.value();
            if (o.dtype() != dev.nagare.graph.DType.FLOAT32 || !o.shape().isFullyDefined()) {
                throw new IllegalArgumentException("data-parallel training needs float32 variables of a known shape; '" + o.name() + "' is "
                        + o.dtype() + o.shape());
            }
            vars.add(o);
        }
        if (vars.isEmpty()) throw new IllegalArgumentException("the model has no trainable variables");
        return vars;
    }
}
