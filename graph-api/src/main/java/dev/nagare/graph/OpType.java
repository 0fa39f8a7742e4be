package dev.nagare.graph;

import java.util.List;

/**
 * The graph's view of an op: its name, how its outputs' dtypes and shapes follow from its inputs and
 * attributes, and whether it touches state. Concrete ops are defined in the {@code ops} module; the graph
 * knows none of them.
 */
public interface OpType {
    /** The op's name, as TensorFlow spells it where TensorFlow has the same op ({@code "AddV2"}, {@code "MatMul"}). */
    String name();

    /**
     * The outputs' dtypes and static shapes. Throws {@link GraphException} (via {@link InferenceContext#fail})
     * when the inputs or attributes do not fit the op.
     */
    List<TensorSpec> infer(InferenceContext ctx);

    /** Stateful ops read or write state outside their inputs (variables, random state): never pruned as pure. */
    default boolean isStateful() { return false; }
}
