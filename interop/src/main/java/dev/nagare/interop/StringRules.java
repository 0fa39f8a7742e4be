package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.StringOps;
import dev.nagare.ops.SummaryOps;
import java.util.List;
import org.tensorflow.proto.AttrValue;

/**
 * Mapping rules of the string and summary ops. ParseExample is read from both of TensorFlow's forms (v1:
 * one key input per feature; v2: the keys as vectors) for dense features only, and written as v2.
 */
final class StringRules {
    private StringRules() {}

    // ---- ParseExample ----

    static void exportParseExample(Node n, ExportContext cx) {
        String[] keys = n.attr("dense_keys");
        Shape[] shapes = n.attr("dense_shapes");
        AttrValue.ListValue.Builder shapeList = AttrValue.ListValue.newBuilder();
        for (Shape s : shapes) shapeList.addShape(TensorProtos.shape(s));
        Tensor none = Tensor.of(Shape.of(0), new String[0]);
        cx.emit(n, "ParseExampleV2").input(n.input(0))
                .input(cx.constant(n, "names", none)).input(cx.constant(n, "sparse_keys", none))
                .input(cx.constant(n, "dense_keys", Tensor.of(Shape.of(keys.length), keys))).input(cx.constant(n, "ragged_keys", none))
                .inputs(n.inputs().subList(1, n.inputs().size()))
                .attr("Tdense", Attrs.types(List.of(n.<DType[]>attr("Tdense")))).attr("dense_shapes", AttrValue.newBuilder().setList(shapeList).build())
                .attr("num_sparse", Attrs.integer(0)).attr("sparse_types", Attrs.types(List.of()))
                .attr("ragged_value_types", Attrs.types(List.of())).attr("ragged_split_types", Attrs.types(List.of())).add();
    }

    /** v1: serialized, names, sparse_keys (Nsparse scalars), dense_keys (Ndense scalars), dense_defaults. */
    static Node importParseExample(ImportContext cx) {
        int sparse = (int) cx.attrs().integer("Nsparse", 0), dense = (int) cx.attrs().integer("Ndense", 0);
        if (sparse != 0) throw BadModel.unsupported("has " + sparse + " sparse features; Nagare parses dense features only");
        cx.expectInputs(2 + 2 * dense);
        String[] keys = new String[dense];
        for (int i = 0; i < dense; i++) keys[i] = onlyString(cx, 2 + i, "dense key");
        return parse(cx, keys, cx.inputs(2 + dense, 2 + 2 * dense));
    }

    /** v2: serialized, names, sparse_keys, dense_keys, ragged_keys (string vectors), dense_defaults. */
    static Node importParseExampleV2(ImportContext cx) {
        if (cx.attrs().integer("num_sparse", 0) != 0) {
            throw BadModel.unsupported("has " + cx.attrs().integer("num_sparse", 0) + " sparse features; Nagare parses dense features only");
        }
        if (cx.inputCount() < 5) throw BadModel.bad("has " + cx.inputCount() + " inputs, ParseExampleV2 takes at least 5");
        if (cx.constant(4).size() != 0) throw BadModel.unsupported("has ragged features; Nagare parses dense features only");
        if (cx.constant(2).size() != 0) throw BadModel.unsupported("has sparse keys; Nagare parses dense features only");
        Tensor keyTensor = cx.constant(3);
        if (keyTensor.dtype() != DType.STRING) throw BadModel.bad("dense_keys must be strings, got " + keyTensor.dtype());
        String[] keys = new String[keyTensor.size()];
        for (int i = 0; i < keys.length; i++) keys[i] = keyTensor.getString(i);
        cx.expectInputs(5 + keys.length);
        return parse(cx, keys, cx.inputs(5, 5 + keys.length));
    }

    private static String onlyString(ImportContext cx, int input, String what) {
        Tensor t = cx.constant(input);
        if (t.dtype() != DType.STRING || t.size() != 1) throw BadModel.bad("input " + input + " (a " + what + ") must be one string, got " + t.dtype() + t.shape());
        return t.getString(0);
    }

    private static Node parse(ImportContext cx, String[] keys, List<Output> defaults) {
        List<DType> types = cx.attrs().typeList("Tdense");
        List<Shape> shapes = cx.attrs().shapeList("dense_shapes");
        return cx.node(StringOps.PARSE_EXAMPLE).input(cx.input(0)).inputs(defaults).attr("dense_keys", keys)
                .attr("Tdense", types.toArray(DType[]::new)).attr("dense_shapes", shapes.toArray(Shape[]::new)).build();
    }

    // ---- the others: attrs copied as they are ----

    static void exportStringToNumber(Node n, ExportContext cx) {
        cx.emit(n, "StringToNumber").input(n.input(0)).type("out_type", n.<DType>attr("out_type"), DType.FLOAT32).add();
    }

    static Node importStringToNumber(ImportContext cx) {
        cx.expectInputs(1);
        return cx.node(StringOps.STRING_TO_NUMBER).input(cx.input(0)).attr("out_type", cx.attrs().type("out_type", DType.FLOAT32)).build();
    }

    static void exportAsString(Node n, ExportContext cx) {
        // TensorFlow's defaults are left out, as its own writers leave them out.
        ExportContext.Builder b = cx.emit(n, "AsString").input(n.input(0)).type("T", n.input(0).dtype())
                .flag("scientific", n.attr("scientific"), false).flag("shortest", n.attr("shortest"), false);
        if (n.<Integer>attr("precision") != -1) b.attr("precision", Attrs.integer(n.<Integer>attr("precision")));
        if (n.<Integer>attr("width") != -1) b.attr("width", Attrs.integer(n.<Integer>attr("width")));
        if (!n.<String>attr("fill").isEmpty()) b.attr("fill", Attrs.string(n.attr("fill")));
        b.add();
    }

    static Node importAsString(ImportContext cx) {
        cx.expectInputs(1);
        Attrs a = cx.attrs();
        return cx.node(StringOps.AS_STRING).input(cx.input(0)).attr("precision", (int) a.integer("precision", -1))
                .attr("scientific", a.bool("scientific", false)).attr("shortest", a.bool("shortest", false))
                .attr("width", (int) a.integer("width", -1)).attr("fill", a.string("fill", "")).build();
    }

    static void exportDecodeRaw(Node n, ExportContext cx) {
        cx.emit(n, "DecodeRaw").input(n.input(0)).type("out_type", n.<DType>attr("out_type"))
                .flag("little_endian", n.attr("little_endian"), true).add();
    }

    static Node importDecodeRaw(ImportContext cx) {
        cx.expectInputs(1);
        return cx.node(StringOps.DECODE_RAW).input(cx.input(0)).attr("out_type", cx.attrs().type("out_type"))
                .attr("little_endian", cx.attrs().bool("little_endian", true)).build();
    }

    static void exportStringJoin(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "StringJoin").inputs(n.inputs()).attr("N", Attrs.integer(n.inputs().size()));
        if (!n.<String>attr("separator").isEmpty()) b.attr("separator", Attrs.string(n.attr("separator")));
        b.add();
    }

    static Node importStringJoin(ImportContext cx) {
        return cx.node(StringOps.STRING_JOIN).inputs(cx.inputs(0, cx.inputCount())).attr("separator", cx.attrs().string("separator", "")).build();
    }

    static void exportRegexFullMatch(Node n, ExportContext cx) {
        cx.emit(n, "StaticRegexFullMatch").input(n.input(0)).attr("pattern", Attrs.string(n.attr("pattern"))).add();
    }

    static Node importRegexFullMatch(ImportContext cx) {
        cx.expectInputs(1);
        return cx.node(StringOps.STATIC_REGEX_FULL_MATCH).input(cx.input(0)).attr("pattern", cx.attrs().string("pattern", "")).build();
    }

    /** Summaries: the values' dtype as attr T (ScalarSummary, HistogramSummary) or the count as N (MergeSummary). */
    static void exportSummary(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, n.opName()).inputs(n.inputs());
        if (n.op() == SummaryOps.MERGE_SUMMARY) b.attr("N", Attrs.integer(n.inputs().size()));
        else if (n.op() == SummaryOps.HISTOGRAM_SUMMARY) b.type("T", n.input(1).dtype(), DType.FLOAT32); // T's default there
        else b.type("T", n.input(1).dtype());
        b.add();
    }

    static Node importMergeSummary(ImportContext cx) {
        return cx.node(SummaryOps.MERGE_SUMMARY).inputs(cx.inputs(0, cx.inputCount())).build();
    }
}
