package dev.nagare.layers;

import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import java.util.List;

/** Layers that join several inputs of a functional model: concatenation along the last axis, or a sum. */
final class Merge implements Layer {
    enum Kind { CONCATENATE, ADD }

    private final Kind how;

    Merge(Kind how) { this.how = how; }

    @Override public String kind() { return how == Kind.CONCATENATE ? "Concatenate" : "Add"; }

    @Override public String config() { return kind(); }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) { return build(tf, List.of(input), context); }

    @Override
    public Built build(Tf tf, List<Output> inputs, BuildContext context) {
        if (inputs.size() < 2) throw new IllegalArgumentException(kind() + " joins two or more inputs, given " + inputs.size());
        if (how == Kind.CONCATENATE) {
            int rank = inputs.getFirst().shape().rank();
            return Built.of(tf.concat(inputs, rank - 1));
        }
        Output sum = inputs.getFirst();
        for (int i = 1; i < inputs.size(); i++) sum = tf.add(sum, inputs.get(i));
        return Built.of(sum);
    }
}
