package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.ops.DebugOps;
import java.util.List;

/**
 * Assert, TensorFlow 1's Print and StringFormat: (a first input, then) a list of data tensors of any dtypes, whose
 * dtypes TensorFlow holds in a list attr (Assert's and StringFormat's T, Print's U), which the entries' data cannot say.
 */
final class DebugRules {
    private DebugRules() {}

    private static List<DType> dataTypes(Node n) { return n.inputs().subList(1, n.inputs().size()).stream().map(Output::dtype).toList(); }

    /** Assert's and Print's default of summarize: attrs at TensorFlow's default are left out, as TensorFlow writes them. */
    private static final int SUMMARIZE = 3;

    static void exportAssert(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "Assert").inputs(n.inputs()).attr("T", Attrs.types(dataTypes(n)));
        summarize(n, b).add();
    }

    private static ExportContext.Builder summarize(Node n, ExportContext.Builder b) {
        int summarize = n.attr(DebugOps.SUMMARIZE);
        return summarize == SUMMARIZE ? b : b.attr("summarize", Attrs.integer(summarize));
    }

    static Node importAssert(ImportContext cx) {
        if (cx.inputCount() < 1) throw BadModel.bad("has no condition input");
        return cx.node(DebugOps.ASSERT).inputs(cx.inputs(0, cx.inputCount()))
                .attr("summarize", (int) cx.attrs().integer("summarize", SUMMARIZE)).build();
    }

    static void exportPrint(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "Print").inputs(n.inputs()).type("T", n.input(0).dtype()).attr("U", Attrs.types(dataTypes(n)));
        String message = n.attr(DebugOps.PRINT_MESSAGE);
        int firstN = n.attr(DebugOps.FIRST_N);
        if (!message.isEmpty()) b.attr("message", Attrs.string(message));
        if (firstN != -1) b.attr("first_n", Attrs.integer(firstN));
        summarize(n, b).add();
    }

    /** StringFormat's TensorFlow defaults (its summarize is {@link #SUMMARIZE} too). */
    private static final String PERCENT_S = "%s";

    static void exportStringFormat(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "StringFormat").inputs(n.inputs())
                .attr("T", Attrs.types(n.inputs().stream().map(Output::dtype).toList()))
                .attr("template", Attrs.string(n.attr(DebugOps.TEMPLATE))).attr("placeholder", Attrs.string(n.attr(DebugOps.PLACEHOLDER)));
        summarize(n, b).add();
    }

    static Node importStringFormat(ImportContext cx) {
        return cx.node(DebugOps.STRING_FORMAT).inputs(cx.inputs(0, cx.inputCount())).attr("template", cx.attrs().string("template", PERCENT_S))
                .attr("placeholder", cx.attrs().string("placeholder", PERCENT_S)).attr("summarize", (int) cx.attrs().integer("summarize", SUMMARIZE)).build();
    }

    static Node importPrint(ImportContext cx) {
        if (cx.inputCount() < 1) throw BadModel.bad("has no input to pass through");
        return cx.node(DebugOps.PRINT).inputs(cx.inputs(0, cx.inputCount())).attr("message", cx.attrs().string("message", ""))
                .attr("first_n", (int) cx.attrs().integer("first_n", -1)).attr("summarize", (int) cx.attrs().integer("summarize", SUMMARIZE)).build();
    }
}
