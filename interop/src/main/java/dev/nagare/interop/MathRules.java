package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.MathOps;
import dev.nagare.ops.OpDef;

/** Mapping rules of the math ops that need more than their inputs and a {@code T}. */
final class MathRules {
    private MathRules() {}

    /**
     * Nagare's Div is true division on floats and truncating division on integers. TensorFlow spells these
     * RealDiv and TruncateDiv (its Div does both too, but the explicit names leave no doubt).
     */
    static void exportDiv(Node n, ExportContext cx) {
        DType t = n.input(0).dtype();
        Rules.typed(t.isFloating() ? "RealDiv" : "TruncateDiv").export(n, cx);
    }

    static Node importRealDiv(ImportContext cx) {
        cx.expectInputs(2);
        if (!cx.input(0).dtype().isFloating()) throw BadModel.unsupported("RealDiv on " + cx.input(0).dtype() + " is not supported");
        return cx.same(MathOps.DIV, 2);
    }

    static Node importTruncateDiv(ImportContext cx) {
        cx.expectInputs(2);
        if (!cx.input(0).dtype().isInteger()) throw BadModel.unsupported("TruncateDiv on " + cx.input(0).dtype() + " is not supported");
        return cx.same(MathOps.DIV, 2);
    }

    static void exportMatMul(Node n, ExportContext cx) {
        cx.emit(n, "MatMul").inputs(n.inputs()).type("T", n.input(0).dtype())
                .flag("transpose_a", flag(n, "transpose_a"), false).flag("transpose_b", flag(n, "transpose_b"), false).add();
    }

    static Node importMatMul(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(MathOps.MATMUL).input(cx.input(0)).input(cx.input(1))
                .attr("transpose_a", cx.attrs().bool("transpose_a", false))
                .attr("transpose_b", cx.attrs().bool("transpose_b", false)).build();
    }

    static void exportArgMax(Node n, ExportContext cx) {
        cx.emit(n, "ArgMax").input(n.input(0)).input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .type("T", n.input(0).dtype()).type("output_type", n.<DType>attr("output_type"), DType.INT64).add();
    }

    static Node importArgMax(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(MathOps.ARGMAX).input(cx.input(0)).attr("axis", cx.scalarInt(1))
                .attr("output_type", cx.attrs().type("output_type", DType.INT64)).build();
    }

    static void exportSegmentSum(Node n, ExportContext cx) {
        cx.emit(n, "UnsortedSegmentSum").input(n.input(0)).input(n.input(1))
                .input(cx.constant(n, "num_segments", Tensor.scalar(n.<Integer>attr("num_segments"))))
                .type("T", n.input(0).dtype()).type("Tindices", n.input(1).dtype()).add();
    }

    static Node importSegmentSum(ImportContext cx) {
        cx.expectInputs(3);
        Output data = cx.input(0), ids = cx.input(1);
        return cx.node(MathOps.UNSORTED_SEGMENT_SUM).input(data).input(ids).attr("num_segments", cx.scalarInt(2)).build();
    }

    // ---- added for issue 11 ----

    /** AddN of one value is that value: TensorFlow accepts N = 1 too. */
    static void exportAddN(Node n, ExportContext cx) {
        cx.emit(n, "AddN").inputs(n.inputs()).attr("N", Attrs.integer(n.inputs().size())).type("T", n.input(0).dtype()).add();
    }

    static Node importAddN(ImportContext cx) {
        int k = cx.inputCount();
        if (k < 1) throw BadModel.bad("AddN needs at least one input");
        long declared = cx.attrs().integer("N", k);
        if (declared != k) throw BadModel.bad("attr N is " + declared + " but " + k + " values are given");
        return cx.node(MathOps.ADD_N).inputs(cx.inputs(0, k)).build();
    }

    static void exportArgMin(Node n, ExportContext cx) {
        cx.emit(n, "ArgMin").input(n.input(0)).input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .type("T", n.input(0).dtype()).type("output_type", n.<DType>attr("output_type"), DType.INT64).add();
    }

    static Node importArgMin(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(MathOps.ARGMIN).input(cx.input(0)).attr("axis", cx.scalarInt(1))
                .attr("output_type", cx.attrs().type("output_type", DType.INT64)).build();
    }

    static void exportCumsum(Node n, ExportContext cx) {
        cx.emit(n, "Cumsum").input(n.input(0)).input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .type("T", n.input(0).dtype()).flag("exclusive", flag(n, "exclusive"), false).flag("reverse", flag(n, "reverse"), false).add();
    }

    static Node importCumsum(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(MathOps.CUMSUM).input(cx.input(0)).attr("axis", cx.scalarInt(1))
                .attr("exclusive", cx.attrs().bool("exclusive", false)).attr("reverse", cx.attrs().bool("reverse", false)).build();
    }

    static void exportBatchMatMul(Node n, ExportContext cx) {
        cx.emit(n, "BatchMatMulV2").inputs(n.inputs()).type("T", n.input(0).dtype())
                .flag("adj_x", flag(n, "adj_x"), false).flag("adj_y", flag(n, "adj_y"), false).add();
    }

    /** BatchMatMul (equal batch axes) and BatchMatMulV2 (broadcast ones): V2 computes both. */
    static Node importBatchMatMul(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(MathOps.BATCH_MATMUL).input(cx.input(0)).input(cx.input(1))
                .attr("adj_x", cx.attrs().bool("adj_x", false)).attr("adj_y", cx.attrs().bool("adj_y", false)).build();
    }

    private static boolean flag(Node n, String attr) {
        return n.attrs().containsKey(attr) && n.<Boolean>attr(attr);
    }
}
