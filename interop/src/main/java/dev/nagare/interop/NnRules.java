package dev.nagare.interop;

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
}
