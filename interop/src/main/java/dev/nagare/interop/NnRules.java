package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.ops.NnOps;

/** Mapping rules of the neural-network ops with more than a {@code T}. */
final class NnRules {
    private NnRules() {}

    /**
     * TensorFlow's BiasAdd wants a value of rank 2 or more; Nagare's takes rank 1 too. A bias added to a
     * vector (or to a value of unknown rank) is exactly a broadcast AddV2, so it is written as one.
     */
    static void exportBiasAdd(Node n, ExportContext cx) {
        Shape v = n.input(0).shape();
        String format = n.attr(NnOps.DATA_FORMAT);
        if (format.equals("NCHW")) {
            cx.emit(n, "BiasAdd").inputs(n.inputs()).type("T", n.input(0).dtype()).attr("data_format", Attrs.string(format)).add();
            return;
        }
        Rules.typed(v.hasRank() && v.rank() >= 2 ? "BiasAdd" : "AddV2").export(n, cx);
    }

    /** BiasAdd in either data format. */
    static Node importBiasAdd(ImportContext cx) {
        cx.expectInputs(2);
        String format = cx.attrs().string("data_format", "NHWC");
        return cx.node(NnOps.BIAS_ADD).input(cx.input(0)).input(cx.input(1)).attr("data_format", format).build();
    }

    static void exportSparseXent(Node n, ExportContext cx) {
        cx.emit(n, "SparseSoftmaxCrossEntropyWithLogits").inputs(n.inputs()).type("T", n.input(0).dtype())
                .type("Tlabels", n.input(1).dtype(), DType.INT64).add();
    }

    // ---- added for issue 11 ----

    static void exportTopK(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "TopKV2").input(n.input(0)).input(cx.constant(n, "k", dev.nagare.graph.Tensor.scalar(n.<Integer>attr("k"))))
                .type("T", n.input(0).dtype());
        if (!n.<Boolean>attr("sorted")) b.attr("sorted", Attrs.bool(false));
        b.add();
    }

    static Node importTopK(ImportContext cx) {
        cx.expectInputs(2);
        if (!cx.attrs().bool("sorted", true)) throw BadModel.unsupported("TopKV2 with sorted=false is not supported");
        return cx.node(dev.nagare.ops.NnOps.TOP_K).input(cx.input(0)).attr("k", cx.scalarInt(1)).attr("sorted", true).build();
    }

    static void exportInTopK(Node n, ExportContext cx) {
        cx.emit(n, "InTopKV2").input(n.input(0)).input(n.input(1)).input(cx.constant(n, "k", Rules.scalar(n.input(1).dtype(), n.<Integer>attr("k"))))
                .type("T", n.input(1).dtype(), dev.nagare.graph.DType.INT32).add();
    }

    static Node importInTopK(ImportContext cx) {
        cx.expectInputs(3);
        return cx.node(dev.nagare.ops.NnOps.IN_TOP_K).input(cx.input(0)).input(cx.input(1)).attr("k", cx.scalarInt(2)).build();
    }
}
