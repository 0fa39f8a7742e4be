package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.StateOps;

/**
 * Mapping rules of variables, their updates, random draws and the fused optimizer updates. TensorFlow's
 * resource variables (VarHandleOp, ReadVariableOp, AssignVariableOp, AssignAdd/SubVariableOp, ResourceGather,
 * ResourceApply*) import onto Nagare's VariableV2: the handle becomes the variable, a read its value where it
 * is used, an assign an Assign (AssignAdd, AssignSub), a gather a Gather of it, an apply the fused update.
 */
final class StateRules {
    private StateRules() {}

    static void exportVariable(Node n, ExportContext cx) {
        cx.emit(n, "VariableV2").attr("shape", Attrs.shape(n.<Shape>attr("shape"))).type("dtype", n.<DType>attr("dtype")).add();
    }

    /** VariableV2, Variable and VarHandleOp alike: a variable of attrs dtype and shape. */
    static Node importVariable(ImportContext cx) {
        cx.expectInputs(0);
        return cx.node(StateOps.VARIABLE).attr("dtype", cx.attrs().type("dtype"))
                .attr("shape", cx.attrs().shape("shape", Shape.unknownRank())).build();
    }

    static Node importReadVariable(ImportContext cx) {
        cx.expectInputs(1);
        requireVariable(cx);
        return cx.node(ArrayOps.IDENTITY).input(cx.input(0)).build();
    }

    static Node importAssignVariable(ImportContext cx) {
        cx.expectInputs(2);
        requireVariable(cx);
        return cx.node(StateOps.ASSIGN).input(cx.input(0)).input(cx.input(1)).build();
    }

    /** AssignAddVariableOp / AssignSubVariableOp: {@code op} (AssignAdd / AssignSub) on the handle's variable. */
    static Rules.Importer importUpdateVariable(OpDef op) {
        return cx -> {
            cx.expectInputs(2);
            requireVariable(cx);
            return cx.node(op).input(cx.input(0)).input(cx.input(1)).build();
        };
    }

    /** ResourceGather: a gather of the handle's variable along the axis after its batch axes (axis 0 without). */
    static Node importResourceGather(ImportContext cx) {
        cx.expectInputs(2);
        requireVariable(cx);
        int batchDims = Math.toIntExact(cx.attrs().integer("batch_dims", 0));
        return cx.node(ArrayOps.GATHER).input(cx.input(0)).input(cx.input(1)).attr("axis", batchDims).attr("batch_dims", batchDims).build();
    }

    /** ResourceApply*: the fused update {@code op} on the handles' variables (the inputs keep their order). */
    static Rules.Importer importResourceApply(OpDef op, int arity, int variables) {
        return cx -> {
            unsupportedForms(cx);
            cx.expectInputs(arity);
            for (int i = 0; i < variables; i++) {
                if (cx.input(i).node().op() != StateOps.VARIABLE) {
                    throw BadModel.unsupported("input " + i + " must be a variable handle (VarHandleOp), got '" + cx.input(i).name() + "'");
                }
            }
            return cx.same(op, arity);
        };
    }

    private static void requireVariable(ImportContext cx) {
        if (cx.input(0).node().op() != StateOps.VARIABLE) {
            throw BadModel.unsupported("input 0 must be a variable handle (VarHandleOp), got '" + cx.input(0).name()
                    + "' (" + cx.input(0).node().opName() + ")");
        }
    }

    static Rules.Exporter exportRandom(String tfOp) {
        return (n, cx) -> {
            ExportContext.Builder b = cx.emit(n, tfOp).input(n.input(0)).type("dtype", n.<DType>attr("dtype"))
                    .type("T", n.input(0).dtype());
            long seed = seed(n, "seed"), seed2 = seed(n, "seed2");
            if (seed != 0) b.attr("seed", Attrs.integer(seed));
            if (seed2 != 0) b.attr("seed2", Attrs.integer(seed2));
            b.add();
        };
    }

    static Rules.Importer importRandom(OpDef op) {
        return cx -> {
            cx.expectInputs(1);
            return cx.node(op).input(cx.input(0)).attr("dtype", cx.attrs().type("dtype"))
                    .attr("seed", cx.attrs().integer("seed", 0)).attr("seed2", cx.attrs().integer("seed2", 0)).build();
        };
    }

    /** Nesterov momentum is a different update: fail rather than silently run plain momentum. */
    static Rules.Importer importApply(OpDef op, int arity) {
        return cx -> {
            unsupportedForms(cx);
            return cx.same(op, arity);
        };
    }

    /** Forms of the fused updates Nagare does not compute: Nesterov momentum, Adagrad that leaves its accumulator alone. */
    private static void unsupportedForms(ImportContext cx) {
        if (cx.attrs().bool("use_nesterov", false)) throw BadModel.unsupported(cx.op() + " with use_nesterov=true is not supported");
        if (!cx.attrs().bool("update_slots", true)) throw BadModel.unsupported(cx.op() + " with update_slots=false is not supported");
    }

    static Node importNoOp(ImportContext cx) {
        cx.expectInputs(0);
        return cx.node(StateOps.NO_OP).build();
    }

    private static long seed(Node n, String attr) {
        Object v = n.attrs().get(attr);
        return v instanceof Number num ? num.longValue() : 0;
    }

}
