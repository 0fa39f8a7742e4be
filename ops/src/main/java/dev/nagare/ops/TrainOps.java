package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.List;

/**
 * Fused optimizer updates, as TensorFlow's {@code Apply*} ops: each updates a variable (and its slots) in
 * one kernel and outputs the variable's new value. Their first inputs are the variables they write.
 */
public final class TrainOps {
    private TrainOps() {}

    /** var -= alpha * delta. Inputs: var, alpha, delta. */
    public static final OpDef APPLY_GRADIENT_DESCENT = fused("ApplyGradientDescent", 1, new int[] {1}, 2, "var", "alpha", "delta");

    /** accum = accum * momentum + grad; var -= lr * accum. Inputs: var, accum, lr, grad, momentum. */
    public static final OpDef APPLY_MOMENTUM = fused("ApplyMomentum", 2, new int[] {2, 4}, 3, "var", "accum", "lr", "grad", "momentum");

    /**
     * m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; var -= lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps).
     * Inputs: var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad.
     */
    public static final OpDef APPLY_ADAM = fused("ApplyAdam", 3, new int[] {3, 4, 5, 6, 7, 8}, 9,
            "var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad");

    // ---- added for issue 11, part 2 ----

    /** accum += grad^2; var -= lr grad / sqrt(accum). Inputs: var, accum, lr, grad. */
    public static final OpDef APPLY_ADAGRAD = fused("ApplyAdagrad", 2, new int[] {2}, 3, "var", "accum", "lr", "grad");

    /** accum += grad^2; var -= lr grad / (sqrt(accum) + epsilon). Inputs: var, accum, lr, epsilon, grad. */
    public static final OpDef APPLY_ADAGRAD_V2 = fused("ApplyAdagradV2", 2, new int[] {2, 3}, 4, "var", "accum", "lr", "epsilon", "grad");

    /**
     * ms = rho ms + (1 - rho) grad^2; mom = momentum mom + lr grad / sqrt(ms + epsilon); var -= mom.
     * Inputs: var, ms, mom, lr, rho, momentum, epsilon, grad.
     */
    public static final OpDef APPLY_RMS_PROP = fused("ApplyRMSProp", 3, new int[] {3, 4, 5, 6}, 7, "var", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad");

    /**
     * As ApplyRMSProp, the mean square centered by the mean gradient mg: mg = rho mg + (1 - rho) grad;
     * mom = momentum mom + lr grad / sqrt(ms - mg^2 + epsilon). Inputs: var, mg, ms, mom, lr, rho, momentum, epsilon, grad.
     */
    public static final OpDef APPLY_CENTERED_RMS_PROP = fused("ApplyCenteredRMSProp", 4, new int[] {4, 5, 6, 7}, 8,
            "var", "mg", "ms", "mom", "lr", "rho", "momentum", "epsilon", "grad");

    public static final List<OpDef> ALL = List.of(APPLY_GRADIENT_DESCENT, APPLY_MOMENTUM, APPLY_ADAM,
            APPLY_ADAGRAD, APPLY_ADAGRAD_V2, APPLY_RMS_PROP, APPLY_CENTERED_RMS_PROP);

    /** A fused update of its first {@code vars} inputs (variables) by the others, all floating. */
    private static OpDef fused(String name, int vars, int[] scalars, int grad, String... inputs) {
        OpDef.Input[] in = new OpDef.Input[inputs.length];
        for (int i = 0; i < in.length; i++) in[i] = OpDef.Input.of(inputs[i], OpDef.DTypes.FLOATING);
        return OpDef.op(name).takes(in).withAttrs().infer(ctx -> update(ctx, vars, scalars, grad)).writesState(vars)
                .tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt(
                        "updates variables in place (and resource variables on import): FusedUpdateChecksTest against the update in float64, OptimizerTest"));
    }

    /** Checks: the first {@code vars} inputs are variables of one dtype and shape, the scalars are scalars, the gradient fits. */
    private static List<TensorSpec> update(InferenceContext ctx, int vars, int[] scalars, int grad) {
        DType t = ctx.dtype(0);
        Shapes.requireFloating(ctx, t);
        Shape shape = ctx.shape(0);
        for (int i = 0; i < vars; i++) {
            if (ctx.input(i).node().op() != StateOps.VARIABLE) {
                throw ctx.fail("input " + i + " must be a variable, got '" + ctx.input(i).name() + "' (" + ctx.input(i).node().opName() + ")");
            }
            if (ctx.dtype(i) != t || !ctx.shape(i).isCompatibleWith(shape)) {
                throw ctx.fail("variable '" + ctx.input(i).node().name() + "' " + ctx.dtype(i) + ctx.shape(i) + " does not match " + t + shape);
            }
        }
        for (int i : scalars) {
            if (ctx.dtype(i) != t) throw ctx.fail("input " + i + " has dtype " + ctx.dtype(i) + ", expected " + t);
            if (ctx.shape(i).hasRank() && ctx.shape(i).rank() != 0) throw ctx.fail("input " + i + " must be a scalar, got " + ctx.shape(i));
        }
        if (ctx.dtype(grad) != t || !ctx.shape(grad).isCompatibleWith(shape)) {
            throw ctx.fail("gradient " + ctx.dtype(grad) + ctx.shape(grad) + " does not match variable '"
                    + ctx.input(0).node().name() + "' " + t + shape);
        }
        return one(t, shape);
    }
}
