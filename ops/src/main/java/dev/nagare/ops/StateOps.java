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

    /** A variable of attrs {@code dtype} and {@code shape}. Its output is its current value in the running Session. */
    public static final OpDef VARIABLE = OpDef.op("VariableV2").takes().withAttrs(ArrayOps.DTYPE, ArrayOps.SHAPE_ATTR).infer(
            ctx -> one(ctx.attr(ArrayOps.DTYPE), ctx.attr(ArrayOps.SHAPE_ATTR)))
            .kernelDtypeFrom(OpDef.BY_OUTPUT).readsState().tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt(
                    "state that lives in the Session (VariableV2, and resource variables on import): SessionTest, CheckpointsTest, VariableOrderDifferentialTest"));

    /** {@code ref = value}; outputs the new value. Input 0 must be a variable. */
    public static final OpDef ASSIGN = update("Assign", false);
    public static final OpDef ASSIGN_ADD = update("AssignAdd", true);
    public static final OpDef ASSIGN_SUB = update("AssignSub", true);

    /** Does nothing; with control inputs it groups them. */
    public static final OpDef NO_OP = OpDef.op("NoOp").takes().withAttrs().infer(ctx -> List.of()).notDifferentiable()
            .tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt("it has no outputs, only control inputs: SessionTest, GraphDefImportTest"));

    public static final List<OpDef> ALL = List.of(VARIABLE, ASSIGN, ASSIGN_ADD, ASSIGN_SUB, NO_OP);

    private static OpDef update(String name, boolean arithmetic) {
        return OpDef.op(name).takes(OpDef.Input.of("ref", arithmetic ? OpDef.DTypes.NUMERIC : OpDef.DTypes.ANY),
                OpDef.Input.of("value", arithmetic ? OpDef.DTypes.NUMERIC : OpDef.DTypes.ANY)).withAttrs()
                .infer(ctx -> inferUpdate(ctx, arithmetic)).writesState(1).tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt(
                        "writes a variable in place (and its resource forms on import): NnCases' state rows in OpReferenceTest, VariableOrderDifferentialTest"));
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
