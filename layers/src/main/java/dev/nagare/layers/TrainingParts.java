package dev.nagare.layers;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.List;
import java.util.Map;

/**
 * The parts of a compiled model that train it outside {@code fit}, as data-parallel training on Spark does:
 * each worker's copy of the model feeds a slice of a batch and computes the gradient of its summed
 * {@code exampleLosses}; the model that owns the optimizer feeds the mean of those gradients in place of
 * {@code gradients} and runs {@code trainStep}, so the optimizer's state (Adam's moments) stays in that model.
 *
 * @param loss          the loss the model was compiled with
 * @param metrics       the metrics it was compiled with, in order
 * @param input         the input placeholder of a one-input model, or null
 * @param labels        the labels placeholder
 * @param exampleLosses the loss of each example, {@code [batch]}, before any class weight
 * @param batchMetrics  the metrics computed in the graph, each a mean over the batch, by Keras name
 * @param training      the flag layers such as Dropout read; {@code fit} feeds it true
 * @param weights       the trainable weights' values, in the order the gradients follow
 * @param gradients     the gradient of {@code fit}'s training loss for each weight (null where the loss does not
 *                      depend on it): fed with the gradients to apply when running {@code trainStep}
 * @param trainStep     the optimizer's update of the weights, without the updates of layers (BatchNormalization's)
 * @param layerUpdates  whether layers add updates of their own to each training step, which this step leaves out
 */
public record TrainingParts(Loss loss, List<Metric> metrics, Output input, Output labels, Output exampleLosses,
                            Map<String, Output> batchMetrics, Output training, List<Output> weights, List<Output> gradients,
                            Node trainStep, boolean layerUpdates) {}
