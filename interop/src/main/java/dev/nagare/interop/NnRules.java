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
        Rules.typed(v.hasRank() && v.rank() >= 2 ? "BiasAdd" : "AddV2").export(n, cx);
    }

    static Node importBiasAdd(ImportContext cx) {
        String format = cx.attrs().string("data_format", "NHWC");
        if (!format.equals("NHWC")) throw BadModel.unsupported("BiasAdd with data_format " + format + " is not supported (NHWC only)");
        return cx.same(NnOps.BIAS_ADD, 2);
    }
}
