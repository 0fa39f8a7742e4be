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
}
