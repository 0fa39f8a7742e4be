package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.ops.MathOps;

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
}
