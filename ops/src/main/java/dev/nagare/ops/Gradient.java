package dev.nagare.ops;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.List;

/**
 * An op's gradient rule: given the forward node and the gradient flowing into each of its outputs, builds
 * the gradient of each input. Rules are written beside their op, with their math in a comment.
 */
@FunctionalInterface
public interface Gradient {
    /**
     * @param tf       where to build the gradient nodes
     * @param op       the forward node
     * @param upstream the gradient of the loss with respect to each output of {@code op}; an output that no
     *                 gradient reaches gets zeros of its shape only when another output has one
     * @return one entry per input of {@code op}: its gradient, or null where none flows (integer inputs,
     *         indices, conditions). {@link Gradients} sums broadcast gradients back to each input's shape.
     */
    List<Output> apply(Tf tf, Node op, List<Output> upstream);

    /**
     * The rule of an op that refuses to be differentiated (PreventGradient): it throws
     * {@link GradientDisabledException}. The generated tests check that it does, instead of finite differences.
     */
    @FunctionalInterface
    interface Refusal extends Gradient {}
}
