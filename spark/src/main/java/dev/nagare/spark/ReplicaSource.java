package dev.nagare.spark;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.io.Serializable;
import java.util.Map;

/**
 * Builds a worker's copy of a model; Spark ships it to the executors, where it runs once per JVM and model.
 * It must build the same graph every time (the trainable variables in the same order, of fixed shapes): the
 * driver's weights are fed to it by position.
 */
@FunctionalInterface
interface ReplicaSource extends Serializable {
    /** A freshly built copy of the model. */
    Built build();

    /**
     * A model's graph and what a training step reads from it.
     *
     * @param batchMeans figures computed over a batch as means (accuracy), fetched and summed over the rows
     * @param fixedFeeds values fed on every step (a layers model's training flag)
     */
    record Built(Graph graph, TrainingGraph model, Map<String, Output> batchMeans, Map<Output, Tensor> fixedFeeds) {}

    /** The replica of a graph-API model definition. */
    static ReplicaSource of(ModelDefinition definition) {
        return () -> {
            Graph g = new Graph();
            return new Built(g, definition.build(Tf.of(g)), Map.of(), Map.of());
        };
    }
}
