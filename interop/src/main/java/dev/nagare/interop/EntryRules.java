package dev.nagare.interop;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.TfMapping;
import dev.nagare.ops.TfMapping.TfAttr;
import java.util.ArrayList;
import java.util.List;

/**
 * The export and import rules of an op whose entry declares its TensorFlow mapping ({@link OpDef#tf()}):
 * one generic rule pair, driven by the entry's plain data, turns a node into a NodeDef and back. Attrs the
 * mapping places on constant inputs become Const nodes beside the node; those placed on TensorFlow attrs are
 * written by their Java type (Boolean: bool, Integer: int, Double: float, DType: type, int[]: list of ints),
 * and left out when they hold TensorFlow's default (the entry's default), as older runtimes reject attrs they
 * do not know.
 */
final class EntryRules {
    private EntryRules() {}

    /** The TfOpMapping entry of an op declared through its entry. */
    static TfOpMapping.Entry entry(OpDef op) {
        TfMapping m = op.tf();
        if (!m.exists()) return new TfOpMapping.Entry(op, "-", null, List.of());
        int[] statics = m.attrs().stream().filter(a -> a.input() >= 0).mapToInt(TfAttr::input).toArray();
        return new TfOpMapping.Entry(op, m.op(), exporter(op), List.of(new TfOpMapping.ImportRule(m.op(), importer(op), statics)));
    }

    static Rules.Exporter exporter(OpDef op) {
        TfMapping m = op.tf();
        return (n, cx) -> {
            List<String> inputs = new ArrayList<>();
            for (Output in : n.inputs()) inputs.add(ExportContext.tensorName(in));
            List<TfAttr> asInputs = m.attrs().stream().filter(a -> a.input() >= 0).sorted(java.util.Comparator.comparingInt(TfAttr::input)).toList();
            for (TfAttr a : asInputs) {
                Object v = n.attr(a.attr());
                if (v == null && a.absentMeansAllAxes()) v = dev.nagare.ops.OpDef.range(Rules.knownRank(n, "reducing all axes"));
                if (v == null) throw ExportContext.fail(n, "attribute '" + a.attr().name() + "' has no value to write as input " + a.input());
                DType valueType = a.dtypeFrom() != null ? n.attr(a.dtypeFrom()) : null;
                inputs.add(a.input(), cx.constant(n, a.tfName(), constant(a, v, a.dtypeLikeInput() >= 0 ? n.input(a.dtypeLikeInput()).dtype() : DType.INT32, valueType)));
            }
            ExportContext.Builder b = cx.emit(n, m.op());
            for (String in : inputs) b.input(in);
            if (op.inputs() != null && !op.inputs().isEmpty() && op.inputs().get(op.inputs().size() - 1).variadic()) {
                // A list input's length: TensorFlow's number attr, N for the list ops mapped this way (Einsum)
                b.attr("N", Attrs.integer(n.inputs().size() - (op.inputs().size() - 1)));
            }
            for (TfMapping.TypeAttr t : m.types()) {
                DType dtype = t.of(n);
                if (t.tfDefault() != null) b.type(t.tfName(), dtype, t.tfDefault());
                else b.type(t.tfName(), dtype);
            }
            for (TfAttr a : m.attrs()) {
                if (a.input() >= 0) continue;
                Object v = n.attr(a.attr());
                if (v == null || equal(v, a.attr().defaultValue())) continue;
                b.attr(a.tfName(), switch (v) {
                    case Boolean z -> Attrs.bool(z);
                    case Integer i -> Attrs.integer(i);
                    case Double d -> Attrs.floating((float) (double) d);
                    case DType t -> Attrs.type(t);
                    case int[] ints -> Attrs.ints(ints);
                    case String str -> Attrs.string(str);
                    default -> throw ExportContext.fail(n, "attribute '" + a.attr().name() + "' of type " + v.getClass().getSimpleName() + " has no TensorFlow form");
                });
            }
            b.add();
        };
    }

    static Rules.Importer importer(OpDef op) {
        TfMapping m = op.tf();
        int arity = op.inputs() == null || op.inputs().stream().anyMatch(OpDef.Input::variadic) ? -1
                : op.inputs().size() + (int) m.attrs().stream().filter(a -> a.input() >= 0).count();
        return cx -> {
            if (arity >= 0) cx.expectInputs(arity);
            Scope.NodeBuilder b = cx.node(op);
            for (int i = 0; i < cx.inputCount(); i++) if (!cx.isStatic(i)) b.input(cx.input(i));
            for (TfAttr a : m.attrs()) {
                Object v = a.input() >= 0 ? fromConstant(cx, a) : fromAttr(cx, a);
                if (v != null) b.attr(a.attr().name(), v);
            }
            for (TfMapping.TypeAttr t : m.types()) if (t.attr() != null) b.attr(t.attr().name(), cx.attrs().type(t.tfName()));
            return b.build();
        };
    }

    private static Object fromConstant(ImportContext cx, TfAttr a) {
        Class<?> type = a.attr().type();
        if (a.pairs()) return pairs(cx, a.input());
        if (type == int[].class) return cx.ints(a.input());
        if (type == Integer.class) return cx.scalarInt(a.input());
        if (type == Double.class) return cx.scalar(a.input());
        throw BadModel.unsupported("input " + a.input() + " of " + cx.op() + " as a " + type.getSimpleName());
    }

    private static Object fromAttr(ImportContext cx, TfAttr a) {
        Attr<?> attr = a.attr();
        if (!cx.attrs().has(a.tfName())) return null; // the entry's default is TensorFlow's
        Class<?> type = attr.type();
        if (type == Boolean.class) return cx.attrs().bool(a.tfName(), false);
        if (type == Integer.class) return Math.toIntExact(cx.attrs().integer(a.tfName(), 0));
        if (type == Double.class) return cx.attrs().floating(a.tfName(), 0);
        if (type == DType.class) return cx.attrs().type(a.tfName());
        if (type == int[].class) return cx.attrs().ints(a.tfName(), null);
        if (type == String.class) return cx.attrs().string(a.tfName(), null);
        throw BadModel.unsupported("attr '" + a.tfName() + "' of " + cx.op() + " as a " + type.getSimpleName());
    }

    /** An integer [n, 2] matrix constant as its n (before, after) pairs, flattened. */
    private static int[] pairs(ImportContext cx, int input) {
        Tensor t = cx.constant(input);
        if (!t.dtype().isInteger() || t.rank() != 2 || t.shape().dim(1) != 2) {
            throw BadModel.bad("input " + input + " of " + cx.op() + " must be an integer [n, 2] matrix, got " + t.dtype() + t.shape());
        }
        int[] out = new int[t.size()];
        for (int k = 0; k < out.length; k++) out[k] = Math.toIntExact(t.dtype() == DType.INT32 ? t.intData()[k] : t.longData()[k]);
        return out;
    }

    /**
     * The constant input attr {@code a} of value {@code v} is written as: integers in {@code intType}, a number
     * in {@code valueType} (where the mapping ties it to a dtype attr), pairs as an [n, 2] matrix.
     */
    static Tensor constant(TfAttr a, Object v, DType intType, DType valueType) {
        if (a.pairs() && v instanceof int[] ints) return Tensor.of(dev.nagare.graph.Shape.of(ints.length / 2, 2), ints.clone());
        if (valueType != null && v instanceof Double d) return Rules.scalar(valueType, d);
        return constant(v, intType);
    }

    /** An attr's value as a constant input; integers in {@code intType} (int32 or int64). */
    static Tensor constant(Object v, DType intType) {
        return switch (v) {
            case Integer i -> intType == DType.INT64 ? Tensor.scalar((long) i) : Tensor.scalar(i);
            case int[] ints when intType == DType.INT64 -> Tensor.of(dev.nagare.graph.Shape.of(ints.length), java.util.Arrays.stream(ints).asLongStream().toArray());
            case int[] ints -> Rules.ints(ints);
            case Double d -> Tensor.scalar((float) (double) d);
            default -> throw new IllegalArgumentException("no constant form for " + v);
        };
    }

    private static boolean equal(Object v, Object defaultValue) {
        if (v instanceof int[] a && defaultValue instanceof int[] d) return java.util.Arrays.equals(a, d);
        if (v instanceof Double a && defaultValue instanceof Double d) return (float) (double) a == (float) (double) d;
        return v.equals(defaultValue);
    }
}
