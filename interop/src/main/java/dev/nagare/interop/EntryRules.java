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
        int[] statics = placed(m).stream().mapToInt(a -> a.input() == TfMapping.LAST ? -1 : a.input()).toArray();
        int[] computed = placed(m).stream().filter(a -> a.wiredAs() >= 0).mapToInt(TfAttr::input).toArray();
        List<TfOpMapping.ImportRule> imports = new ArrayList<>();
        for (String tfOp : java.util.stream.Stream.concat(java.util.stream.Stream.of(m.op()), m.aliases().stream()).toList()) {
            imports.add(new TfOpMapping.ImportRule(tfOp, importer(op), statics, computed));
        }
        return new TfOpMapping.Entry(op, m.op(), exporter(op), List.copyOf(imports));
    }

    /** The attrs the mapping places on inputs, by TensorFlow position. */
    private static List<TfAttr> placed(TfMapping m) {
        return m.attrs().stream().filter(a -> a.input() >= 0).sorted(java.util.Comparator.comparingInt(TfAttr::input)).toList();
    }

    static Rules.Exporter exporter(OpDef op) {
        TfMapping m = op.tf();
        return (n, cx) -> {
            List<TfAttr> placed = placed(m);
            // Inputs that are an attr's value computed at run time move to that attr's TensorFlow position.
            java.util.Map<TfAttr, Output> wired = new java.util.HashMap<>();
            boolean[] moved = new boolean[n.inputs().size()];
            for (TfAttr a : placed) {
                if (a.wiredAs() >= 0 && a.wiredAs() < n.inputs().size() && !n.attrs().containsKey(a.attr().name())) {
                    wired.put(a, n.input(a.wiredAs()));
                    moved[a.wiredAs()] = true;
                }
            }
            List<String> inputs = new ArrayList<>();
            List<DType> dtypes = new ArrayList<>();
            for (int i = 0; i < n.inputs().size(); i++) {
                if (moved[i]) continue;
                inputs.add(ExportContext.tensorName(n.input(i)));
                dtypes.add(n.input(i).dtype());
            }
            int listLength = inputs.size();
            for (TfAttr a : placed) {
                int at = a.input() == TfMapping.LAST ? inputs.size() : a.input();
                Output w = wired.get(a);
                if (w != null) {
                    inputs.add(at, ExportContext.tensorName(w));
                    dtypes.add(at, w.dtype());
                    continue;
                }
                Object v = n.attr(a.attr());
                if (v == null && a.absentMeansAllAxes()) v = dev.nagare.ops.OpDef.range(Rules.knownRank(n, "reducing all axes"));
                if (v == null) throw ExportContext.fail(n, "attribute '" + a.attr().name() + "' has no value to write as input " + a.input());
                DType valueType = a.dtypeFrom() != null ? n.attr(a.dtypeFrom()) : null;
                Tensor c = constant(a, v, a.dtypeLikeInput() >= 0 ? n.input(a.dtypeLikeInput()).dtype() : DType.INT32, valueType);
                inputs.add(at, cx.constant(n, a.tfName(), c));
                dtypes.add(at, c.dtype());
            }
            ExportContext.Builder b = cx.emit(n, m.op());
            for (String in : inputs) b.input(in);
            for (TfMapping.TypeAttr t : m.types()) {
                if (t.input() == TfMapping.ALL_INPUTS) {
                    b.attr(t.tfName(), Attrs.types(dtypes));
                    continue;
                }
                DType dtype = t.attr() != null ? n.attr(t.attr()) : dtypes.get(t.input());
                if (t.tfDefault() != null) b.type(t.tfName(), dtype, t.tfDefault());
                else b.type(t.tfName(), dtype);
            }
            if (m.count() != null) b.attr(m.count(), Attrs.integer(listLength));
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
                    case dev.nagare.graph.Shape s -> Attrs.shape(s);
                    case String s -> Attrs.string(s);
                    default -> throw ExportContext.fail(n, "attribute '" + a.attr().name() + "' of type " + v.getClass().getSimpleName() + " has no TensorFlow form");
                });
            }
            b.add();
        };
    }

    static Rules.Importer importer(OpDef op) {
        TfMapping m = op.tf();
        boolean variadic = op.inputs() == null || op.inputs().stream().anyMatch(OpDef.Input::variadic);
        int arity = variadic ? -1 : (int) op.inputs().stream().filter(in -> !in.optional()).count() + placed(m).size();
        return cx -> {
            if (arity >= 0) cx.expectInputs(arity);
            Scope.NodeBuilder b = cx.node(op);
            List<TfAttr> placed = placed(m);
            java.util.Set<Integer> positions = new java.util.HashSet<>();
            for (TfAttr a : placed) positions.add(position(cx, a));
            List<Output> inputs = new ArrayList<>();
            for (int i = 0; i < cx.inputCount(); i++) if (!positions.contains(i)) inputs.add(cx.input(i));
            if (m.count() != null && cx.attrs().has(m.count()) && cx.attrs().integer(m.count(), 0) != inputs.size()) {
                throw BadModel.bad("attr " + m.count() + " is " + cx.attrs().integer(m.count(), 0) + " but " + inputs.size() + " values are given");
            }
            java.util.TreeMap<Integer, Output> wired = new java.util.TreeMap<>();
            for (TfAttr a : placed) {
                int at = position(cx, a);
                if (cx.isStatic(at)) b.attr(a.attr().name(), fromConstant(cx, a, at));
                else wired.put(a.wiredAs(), cx.input(at));
            }
            wired.forEach((k, o) -> inputs.add(Math.min(k, inputs.size()), o));
            b.inputs(inputs);
            for (TfAttr a : m.attrs()) {
                if (a.input() >= 0) continue;
                Object v = fromAttr(cx, a);
                if (v != null) b.attr(a.attr().name(), v);
            }
            for (TfMapping.TypeAttr t : m.types()) if (t.attr() != null) b.attr(t.attr().name(), cx.attrs().type(t.tfName()));
            return b.build();
        };
    }

    /** The TensorFlow input position of an attr placed on an input. */
    private static int position(ImportContext cx, TfAttr a) { return a.input() == TfMapping.LAST ? cx.inputCount() - 1 : a.input(); }

    private static Object fromConstant(ImportContext cx, TfAttr a, int at) {
        Class<?> type = a.attr().type();
        if (a.pairs()) return pairs(cx, at);
        if (type == int[].class) return cx.ints(at);
        if (type == Integer.class) return cx.scalarInt(at);
        if (type == Double.class) return cx.scalar(at);
        throw BadModel.unsupported("input " + at + " of " + cx.op() + " as a " + type.getSimpleName());
    }

    /** A [n, 2] integer matrix of (before, after) pairs, flattened. */
    private static int[] pairs(ImportContext cx, int at) {
        Tensor p = cx.constant(at);
        if (!p.dtype().isInteger() || p.rank() != 2 || p.shape().dim(1) != 2) {
            throw BadModel.bad("input " + at + " of " + cx.op() + " must be an integer [n, 2] matrix of (before, after) pairs, got " + p.dtype() + p.shape());
        }
        int[] out = new int[p.size()];
        for (int i = 0; i < out.length; i++) {
            double v = p.getDouble(i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw BadModel.unsupported("input " + at + " holds " + (long) v + ", beyond int range");
            out[i] = (int) v;
        }
        return out;
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
        if (type == dev.nagare.graph.Shape.class) return cx.attrs().shape(a.tfName());
        if (type == String.class) return cx.attrs().string(a.tfName(), null);
        throw BadModel.unsupported("attr '" + a.tfName() + "' of " + cx.op() + " as a " + type.getSimpleName());
    }

    /**
     * The constant input attr {@code a} of value {@code v} is written as: integers in {@code intType} (int32 or
     * int64), a number in {@code valueType} where the mapping ties it to a dtype attr (else float32), pairs as
     * an [n, 2] matrix.
     */
    static Tensor constant(TfAttr a, Object v, DType intType, DType valueType) {
        if (a.pairs() && v instanceof int[] ints) return Tensor.of(dev.nagare.graph.Shape.of(ints.length / 2, 2), ints.clone());
        if (valueType != null && v instanceof Double d) return Rules.scalar(valueType, d);
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
