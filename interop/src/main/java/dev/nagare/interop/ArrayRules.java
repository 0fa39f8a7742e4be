package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ArrayOps;

/**
 * Mapping rules of the array ops. Where Nagare keeps a value as an attr (a shape, a permutation, an axis)
 * TensorFlow takes it as an input: export adds a Const for it, import reads it back from the Const.
 */
final class ArrayRules {
    private ArrayRules() {}

    static void exportConst(Node n, ExportContext cx) {
        Tensor v = n.attr("value");
        cx.emit(n, "Const").attr("value", Attrs.tensor(v)).type("dtype", v.dtype()).add();
    }

    static Node importConst(ImportContext cx) {
        cx.expectInputs(0);
        Tensor v = cx.value();
        DType declared = cx.attrs().type("dtype", v.dtype());
        if (declared != v.dtype()) throw BadModel.bad("attr dtype " + declared + " but its value is " + v.dtype());
        return cx.node(ArrayOps.CONST).attr("value", v).attr("dtype", v.dtype()).build();
    }

    static void exportPlaceholder(Node n, ExportContext cx) {
        Shape s = n.attr("shape");
        ExportContext.Builder b = cx.emit(n, "Placeholder").type("dtype", n.<DType>attr("dtype"));
        if (s.hasRank()) b.attr("shape", Attrs.shape(s)); // TensorFlow's default is unknown rank
        b.add();
    }

    static Node importPlaceholder(ImportContext cx) {
        cx.expectInputs(0);
        return cx.node(ArrayOps.PLACEHOLDER).attr("dtype", cx.attrs().type("dtype"))
                .attr("shape", cx.attrs().shape("shape", Shape.unknownRank())).build();
    }

    static void exportGather(Node n, ExportContext cx) {
        cx.emit(n, "GatherV2").input(n.input(0)).input(n.input(1))
                .input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .type("Tparams", n.input(0).dtype()).type("Tindices", n.input(1).dtype()).type("Taxis", DType.INT32).add();
    }

    static Node importGather(ImportContext cx) {
        cx.expectInputs(3);
        long batchDims = cx.attrs().integer("batch_dims", 0);
        if (batchDims != 0) throw BadModel.unsupported("GatherV2 with batch_dims=" + batchDims + " is not supported");
        return cx.node(ArrayOps.GATHER).input(cx.input(0)).input(cx.input(1)).attr("axis", cx.scalarInt(2)).build();
    }

    static void exportOneHot(Node n, ExportContext cx) {
        DType t = n.attr("dtype");
        cx.emit(n, "OneHot").input(n.input(0))
                .input(cx.constant(n, "depth", Tensor.scalar(n.<Integer>attr("depth"))))
                .input(cx.constant(n, "on_value", Rules.scalar(t, n.<Double>attr("on_value"))))
                .input(cx.constant(n, "off_value", Rules.scalar(t, n.<Double>attr("off_value"))))
                .type("T", t).type("TI", n.input(0).dtype(), DType.INT64).add();
    }

    static Node importOneHot(ImportContext cx) {
        cx.expectInputs(4);
        Output indices = cx.input(0);
        long axis = cx.attrs().integer("axis", -1);
        boolean last = axis == -1 || indices.shape().hasRank() && axis == indices.shape().rank();
        if (!last) throw BadModel.unsupported("OneHot with axis=" + axis + " is not supported (only a new last axis)");
        Tensor on = cx.constant(2);
        return cx.node(ArrayOps.ONE_HOT).input(indices).attr("depth", cx.scalarInt(1)).attr("dtype", on.dtype())
                .attr("on_value", cx.scalar(2)).attr("off_value", cx.scalar(3)).build();
    }
}
