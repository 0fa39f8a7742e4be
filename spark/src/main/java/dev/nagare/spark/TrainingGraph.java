package dev.nagare.spark;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import java.util.Map;
import java.util.TreeMap;

/**
 * What data-parallel training needs from a model: the placeholder a batch of feature rows is fed to
 * ({@code [-1, width]} float32), the labels' placeholder ({@code [-1]} int32 class ids or float32 targets, or
 * {@code [-1, k]} float32), and the loss of each example ({@code [batch]}), not its mean: workers sum it
 * over their slice and the driver divides by the global batch. {@code outputs} are what a SavedModel
 * exported after training serves (for example logits and predicted classes).
 */
public record TrainingGraph(Output features, Output labels, Output exampleLosses, Map<String, Output> outputs) {
    public TrainingGraph {
        checkPlaceholder(features, "features");
        if (features.dtype() != DType.FLOAT32 || !fixedWidthRows(features.shape())) {
            throw new IllegalArgumentException("the features placeholder '" + features.name() + "' must be float32 of shape [-1, width] with the width known, got "
                    + features.dtype() + features.shape());
        }
        checkPlaceholder(labels, "labels");
        Shape ls = labels.shape();
        boolean classIds = labels.dtype() == DType.INT32 && ls.hasRank() && ls.rank() == 1;
        boolean targets = labels.dtype() == DType.FLOAT32 && ls.hasRank() && (ls.rank() == 1 || fixedWidthRows(ls));
        if (!classIds && !targets) {
            throw new IllegalArgumentException("the labels placeholder '" + labels.name() + "' must be int32 [-1] (class ids), float32 [-1] or float32 [-1, k], got "
                    + labels.dtype() + ls);
        }
        if (exampleLosses.dtype() != DType.FLOAT32 || !exampleLosses.shape().hasRank() || exampleLosses.shape().rank() != 1) {
            throw new IllegalArgumentException("exampleLosses '" + exampleLosses.name() + "' must be a float32 loss per example, shape [batch], got "
                    + exampleLosses.dtype() + exampleLosses.shape() + " (pass the loss before its mean, e.g. tf.nn.sparseSoftmaxCrossEntropyWithLogits)");
        }
        outputs = java.util.Collections.unmodifiableMap(new TreeMap<>(outputs));
    }

    /** A model with nothing to serve beyond training. */
    public TrainingGraph(Output features, Output labels, Output exampleLosses) {
        this(features, labels, exampleLosses, Map.of());
    }

    /** The number of floats in one row of features. */
    public int featureWidth() { return features.shape().dim(1); }

    /** Floats per label: 1 for class ids and scalar targets, k for {@code [-1, k]}. */
    public int labelWidth() { return labels.shape().rank() == 1 ? 1 : labels.shape().dim(1); }

    private static boolean fixedWidthRows(Shape s) { return s.hasRank() && s.rank() == 2 && s.dim(1) > 0; }

    private static void checkPlaceholder(Output o, String role) {
        if (o == null) throw new IllegalArgumentException("the " + role + " placeholder is null");
        if (!o.node().opName().equals("Placeholder")) {
            throw new IllegalArgumentException("the " + role + " must be a placeholder, got '" + o.name() + "' (" + o.node().opName() + ")");
        }
    }
}
