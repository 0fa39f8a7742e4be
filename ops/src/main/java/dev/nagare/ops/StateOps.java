package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.List;

/** Variables and their updates, and the no-op that groups other nodes. */
public final class StateOps {
    private StateOps() {}

    /** A variable: attrs {@code dtype} and {@code shape}. Its output is its current value in the running Session. */
    public static final OpDef VARIABLE = OpDef.op("VariableV2").takes().infer(
            ctx -> one(ctx.attr("dtype", DType.class), ctx.attr("shape", Shape.class)))
            .kernelDtypeFrom(OpDef.BY_OUTPUT).readsState();

    /** {@code ref = value}; outputs the new value. Input 0 must be a variable. */
    public static final OpDef ASSIGN = update("Assign", false);
    public static final OpDef ASSIGN_ADD = update("AssignAdd", true);
    public static final OpDef ASSIGN_SUB = update("AssignSub", true);

    /** Does nothing; with control inputs it groups them. */
    public static final OpDef NO_OP = OpDef.pure("NoOp", ctx -> List.of()).notDifferentiable();

    public static final List<OpDef> ALL = List.of(VARIABLE, ASSIGN, ASSIGN_ADD, ASSIGN_SUB, NO_OP);

    private static OpDef update(String name, boolean arithmetic) {
        return OpDef.pure(name, ctx -> inferUpdate(ctx, arithmetic)).writesState(1);
    }

    private static List<TensorSpec> inferUpdate(InferenceContext ctx, boolean arithmetic) {
        if (ctx.input(0).node().op() != VARIABLE) {
            throw ctx.fail("input 0 must be a variable, got '" + ctx.input(0).name() + "' (" + ctx.input(0).node().opName() + ")");
        }
        DType t = Shapes.sameDtype(ctx, 0, 1);
        if (arithmetic) Shapes.requireNumeric(ctx, t);
        Shape var = ctx.shape(0), value = ctx.shape(1);
        if (!var.isCompatibleWith(value)) {
            throw ctx.fail("cannot assign a value of shape " + value + " to variable '" + ctx.input(0).node().name() + "' of shape " + var);
        }
        return one(t, var);
    }
}
