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

    /**
     * The attributes the op takes, with their types and defaults; {@link Graph#addNode} checks every node
     * against them. Null for an op that has not declared them yet (its nodes' attributes go unchecked).
     */
    default List<Attr<?>> attrs() { return null; }

    /** True for an input that names a variable to update rather than a value to read (the executor skips it). */
    default boolean isRefInput(int index) { return false; }

    /** True when the op writes variables: a run that contains it holds the Session's state exclusively. */
    default boolean writesVariables() { return false; }

    /** Marks {@link #kernelDtypeInput()} for ops whose kernel is chosen by their first output's dtype. */
    int BY_OUTPUT = -1;

    /** Which input's dtype picks the op's kernel, or {@link #BY_OUTPUT}. */
    default int kernelDtypeInput() { return 0; }
}
