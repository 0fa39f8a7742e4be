package dev.nagare.spark;

import dev.nagare.graph.Tensor;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Model;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.TrainingParts;
import java.util.List;
import java.util.Map;

/**
 * A worker's copy of a layers-API model (Sequential or functional), rebuilt from its
 * {@link Model#description} and compiled with the same loss and metrics. The copy's optimizer is never run
 * (the driver's model applies the gradients), so any will do; its own Session is closed, since the replica
 * feeds the driver's weights to a Session of its own.
 */
record ModelReplica(String description, Loss loss, List<Metric> metrics) implements ReplicaSource {
    @Override
    public Built build() {
        Model model = Model.fromDescription(description);
        model.compile(Optimizers.sgd(1), loss, metrics.toArray(Metric[]::new));
        TrainingParts p = model.trainingParts();
        model.close();
        return new Built(model.graph(), new TrainingGraph(p.input(), p.labels(), p.exampleLosses()), p.batchMetrics(),
                Map.of(p.training(), Tensor.scalar(true)));
    }
}
