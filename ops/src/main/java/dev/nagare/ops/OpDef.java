package dev.nagare.ops;

import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.OpType;
import dev.nagare.graph.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * The one definition of an op: its name, its dtype-and-shape rule, its effects on state and which input
 * selects its kernel. Kernel tables per device, and the interop mapping, are checked against these.
 */
public final class OpDef implements OpType {
    /** The dtype-and-shape rule: returns the outputs' specs or throws {@code ctx.fail(...)}. */
    @FunctionalInterface
    public interface Inference {
        List<TensorSpec> infer(InferenceContext ctx);
    }

    /** Marks {@link #kernelDtypeInput()} for ops whose kernel is chosen by their first output's dtype. */
    public static final int BY_OUTPUT = -1;

    private final String name;
    private final Inference inference;
    private final boolean stateful;
    private final boolean writesVariables;
    private final int kernelDtypeInput;

    private OpDef(String name, Inference inference, boolean stateful, boolean writesVariables, int kernelDtypeInput) {
        this.name = name;
        this.inference = inference;
        this.stateful = stateful;
        this.writesVariables = writesVariables;
        this.kernelDtypeInput = kernelDtypeInput;
    }

    /** A pure op whose kernel is chosen by its first input's dtype. */
    public static OpDef pure(String name, Inference inference) {
        return new OpDef(name, inference, false, false, 0);
    }

    /** The same op, with its kernel chosen by input {@code index} (or {@link #BY_OUTPUT}). */
    public OpDef kernelDtypeFrom(int index) {
        return new OpDef(name, inference, stateful, writesVariables, index);
    }

    /** The same op, marked as reading state that lives outside the graph (a variable's value). */
    public OpDef readsState() {
        return new OpDef(name, inference, true, writesVariables, kernelDtypeInput);
    }

    /** The same op, marked as writing variables: a run that contains it holds the Session's state exclusively. */
    public OpDef writesState() {
        return new OpDef(name, inference, true, true, kernelDtypeInput);
    }

    @Override public String name() { return name; }
    @Override public List<TensorSpec> infer(InferenceContext ctx) { return inference.infer(ctx); }
    @Override public boolean isStateful() { return stateful; }
    public boolean writesVariables() { return writesVariables; }

    /**
     * True for an input that names a variable to update rather than a value to read: input 0 of the ops
     * that write variables. The executor neither computes nor passes it.
     */
    public boolean isRefInput(int index) { return writesVariables && index == 0; }
    /** Which input's dtype picks the kernel, or {@link #BY_OUTPUT}. */
    public int kernelDtypeInput() { return kernelDtypeInput; }

    @Override
    public String toString() { return name; }

    @Override
    public boolean equals(Object o) { return o instanceof OpDef d && d.name.equals(name); }

    @Override
    public int hashCode() { return Objects.hash(name); }
}
