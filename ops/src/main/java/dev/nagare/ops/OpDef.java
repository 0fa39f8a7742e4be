package dev.nagare.ops;

import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.OpType;
import dev.nagare.graph.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * The one definition of an op: its name, its dtype-and-shape rule, its gradient, its effects on state and
 * which input selects its kernel. Kernel tables per device, and the interop mapping, are checked against
 * these.
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
    private final int refInputs;
    private final int kernelDtypeInput;
    private final Gradient gradient;
    private final boolean differentiable;

    private OpDef(String name, Inference inference, boolean stateful, int refInputs, int kernelDtypeInput,
                  Gradient gradient, boolean differentiable) {
        this.name = name;
        this.inference = inference;
        this.stateful = stateful;
        this.refInputs = refInputs;
        this.kernelDtypeInput = kernelDtypeInput;
        this.gradient = gradient;
        this.differentiable = differentiable;
    }

    /** A pure op whose kernel is chosen by its first input's dtype; its gradient is still to be declared. */
    public static OpDef pure(String name, Inference inference) {
        return new OpDef(name, inference, false, 0, 0, null, true);
    }

    /** The same op, with its kernel chosen by input {@code index} (or {@link #BY_OUTPUT}). */
    public OpDef kernelDtypeFrom(int index) {
        return new OpDef(name, inference, stateful, refInputs, index, gradient, differentiable);
    }

    /** The same op, marked as reading state that lives outside the graph (a variable, a random stream). */
    public OpDef readsState() {
        return new OpDef(name, inference, true, refInputs, kernelDtypeInput, gradient, differentiable);
    }

    /**
     * The same op, marked as writing the variables named by its first {@code refInputs} inputs: a run that
     * contains it holds the Session's state exclusively. Updates have no gradient.
     */
    public OpDef writesState(int refInputCount) {
        return new OpDef(name, inference, true, refInputCount, kernelDtypeInput, null, false);
    }

    /** The same op with its gradient rule. */
    public OpDef gradient(Gradient rule) {
        return new OpDef(name, inference, stateful, refInputs, kernelDtypeInput, rule, true);
    }

    /** The same op, declared to pass no gradient to any input (comparisons, indices, shapes, random draws). */
    public OpDef notDifferentiable() {
        return new OpDef(name, inference, stateful, refInputs, kernelDtypeInput, null, false);
    }

    @Override public String name() { return name; }
    @Override public List<TensorSpec> infer(InferenceContext ctx) { return inference.infer(ctx); }
    @Override public boolean isStateful() { return stateful; }
    public boolean writesVariables() { return refInputs > 0; }

    /**
     * True for an input that names a variable to update rather than a value to read: the first inputs of
     * the ops that write variables. The executor neither computes nor passes it.
     */
    public boolean isRefInput(int index) { return index < refInputs; }

    /** Which input's dtype picks the kernel, or {@link #BY_OUTPUT}. */
    public int kernelDtypeInput() { return kernelDtypeInput; }

    /** The gradient rule, or null when the op passes none (see {@link #isDifferentiable()}) or has none yet. */
    public Gradient gradientRule() { return gradient; }

    /** False for ops declared to pass no gradient. */
    public boolean isDifferentiable() { return differentiable; }

    @Override
    public String toString() { return name; }

    @Override
    public boolean equals(Object o) { return o instanceof OpDef d && d.name.equals(name); }

    @Override
    public int hashCode() { return Objects.hash(name); }
}
