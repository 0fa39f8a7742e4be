package dev.nagare.layers;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import java.util.List;

/**
 * One step of a model. A layer is a description until its model is compiled; then {@link #build} adds its
 * nodes to the model's graph, under a name scope of its own ({@code dense}, {@code dense_1}, ...).
 */
public interface Layer {
    /** The kind of layer, as Keras prints it in a summary: {@code Dense}, {@code Dropout}, ... */
    String kind();

    /**
     * The layer as one line of a saved model's description ({@code Dense 128 relu true}), which
     * {@link Sequential#load} reads back through {@link ModelConfig}.
     */
    String config();

    /** Adds this layer's nodes to the graph and returns its output. */
    Built build(Tf tf, Output input, BuildContext context);

    /** As {@link #build(Tf, Output, BuildContext)} for layers of several inputs; others take exactly one. */
    default Built build(Tf tf, List<Output> inputs, BuildContext context) {
        if (inputs.size() != 1) throw new IllegalArgumentException(kind() + " takes one input, given " + inputs.size());
        return build(tf, inputs.getFirst(), context);
    }

    /** This layer applied to symbolic inputs, for a functional {@link Model}: {@code Layers.dense(10).on(x)}. */
    default Symbol on(Symbol... inputs) { return Symbol.of(this, List.of(inputs)); }

    /**
     * What building gives: the output, the activation's input (for losses that want logits), the weights, and
     * the updates each training step runs besides the optimizer's (a batch norm's moving averages).
     */
    record Built(Output output, Output preActivation, Activation activation, List<Output> weights, List<Node> updates) {
        public Built {
            weights = List.copyOf(weights);
            updates = List.copyOf(updates);
        }

        /** A layer whose weights change only by training. */
        public Built(Output output, Output preActivation, Activation activation, List<Output> weights) {
            this(output, preActivation, activation, weights, List.of());
        }

        /** A layer without weights or activation. */
        static Built of(Output output) { return new Built(output, output, Activation.LINEAR, List.of()); }
    }

    /** What layers see of the model being built: whether it is training, and seeds for their random draws. */
    interface BuildContext {
        /** A boolean scalar: true while fitting, false when evaluating and predicting. */
        Output training();

        /** An op-level seed of its own for each call, the same in every build of the same model. */
        long nextSeed();
    }
}
