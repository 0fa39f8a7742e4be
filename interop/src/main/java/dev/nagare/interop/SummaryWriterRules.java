package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.SummaryOps;
import java.util.List;

/**
 * Mapping rules of the summary writer ops. Names and inputs are TensorFlow's; Nagare's writer handle (a string
 * scalar) stands where TensorFlow's resource handle does, so a graph goes both ways unchanged. SummaryWriter's
 * attrs and the values' dtype (attr {@code T} of WriteScalarSummary, WriteHistogramSummary and WriteSummary) are
 * written as TensorFlow's op registry declares them, defaults left out.
 */
final class SummaryWriterRules {
    private SummaryWriterRules() {}

    static void exportSummaryWriter(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "SummaryWriter");
        for (var a : List.of(SummaryOps.SHARED_NAME, SummaryOps.CONTAINER)) {
            String v = n.attr(a);
            if (!v.isEmpty()) b.attr(a.name(), Attrs.string(v));
        }
        b.add();
    }

    static Node importSummaryWriter(ImportContext cx) {
        cx.expectInputs(0);
        return cx.node(SummaryOps.SUMMARY_WRITER).attr("shared_name", cx.attrs().string("shared_name", ""))
                .attr("container", cx.attrs().string("container", "")).build();
    }

    /** A writer op on its inputs as they are, with attr T holding input {@code typed}'s dtype (-1: none). */
    static Rules.Exporter export(OpDef op, int typed) {
        return (n, cx) -> {
            ExportContext.Builder b = cx.emit(n, op.name()).inputs(n.inputs());
            // WriteHistogramSummary's T defaults to float there; the others' T has no default.
            if (typed >= 0) b.type("T", n.input(typed).dtype(), op == SummaryOps.WRITE_HISTOGRAM_SUMMARY ? DType.FLOAT32 : null);
            b.add();
        };
    }
}
