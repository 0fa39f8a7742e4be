package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
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

    /** A shape computed at run time is wired as it is (attr Tshape its dtype); a static one becomes a Const. */
    static void exportReshape(Node n, ExportContext cx) {
        if (n.inputs().size() == 2) {
            cx.emit(n, "Reshape").input(n.input(0)).input(n.input(1)).type("T", n.input(0).dtype())
                    .type("Tshape", n.input(1).dtype(), DType.INT32).add();
            return;
        }
        cx.emit(n, "Reshape").input(n.input(0)).input(cx.constant(n, "shape", Rules.ints(n.attr("shape"))))
                .type("T", n.input(0).dtype()).add();
    }

    static Node importReshape(ImportContext cx) {
        cx.expectInputs(2);
        if (!cx.isStatic(1)) return cx.node(ArrayOps.RESHAPE).input(cx.input(0)).input(cx.input(1)).build();
        return cx.node(ArrayOps.RESHAPE).input(cx.input(0)).attr("shape", cx.ints(1)).build();
    }

    /** TensorFlow's ConcatV2 takes two values or more; one value concatenated is itself, an Identity. */
    static void exportConcat(Node n, ExportContext cx) {
        if (n.inputs().size() == 1) {
            Rules.typed("Identity").export(n, cx);
            return;
        }
        cx.emit(n, "ConcatV2").inputs(n.inputs()).input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .attr("N", Attrs.integer(n.inputs().size())).type("T", n.input(0).dtype()).add();
    }

    static Node importConcat(ImportContext cx) {
        int k = cx.inputCount() - 1;
        if (k < 1) throw BadModel.bad("ConcatV2 needs at least one value and an axis, has " + cx.inputCount() + " inputs");
        long declared = cx.attrs().integer("N", k);
        if (declared != k) throw BadModel.bad("attr N is " + declared + " but " + k + " values are given");
        return cx.node(ArrayOps.CONCAT).inputs(cx.inputs(0, k)).attr("axis", cx.scalarInt(k)).build();
    }

    static void exportSlice(Node n, ExportContext cx) {
        cx.emit(n, "Slice").input(n.input(0))
                .input(cx.constant(n, "begin", Rules.ints(n.attr("begin"))))
                .input(cx.constant(n, "size", Rules.ints(n.attr("size"))))
                .type("T", n.input(0).dtype()).type("Index", DType.INT32).add();
    }

    static Node importSlice(ImportContext cx) {
        cx.expectInputs(3);
        int[] begin = cx.ints(1), size = cx.ints(2);
        // begin + size past 2^31-1 would wrap around to a small end and pass the check against the input's shape
        for (int i = 0; i < Math.min(begin.length, size.length); i++) {
            if ((long) begin[i] + size[i] > Integer.MAX_VALUE) {
                throw BadModel.bad("slice begin " + java.util.Arrays.toString(begin) + " size " + java.util.Arrays.toString(size)
                        + " ends past 2^31-1 in dimension " + i);
            }
        }
        return cx.node(ArrayOps.SLICE).input(cx.input(0)).attr("begin", begin).attr("size", size).build();
    }

    /** Nagare's paddings are flat (before, after) pairs; TensorFlow's are a [rank, 2] matrix of the same numbers. */
    /** Nagare's Pad with a padding value is TensorFlow's PadV2. */
    static void exportPad(Node n, ExportContext cx) {
        int[] flat = n.attr("paddings");
        Tensor paddings = Tensor.of(Shape.of(flat.length / 2, 2), flat.clone());
        if (n.inputs().size() == 2) {
            cx.emit(n, "PadV2").input(n.input(0)).input(cx.constant(n, "paddings", paddings)).input(n.input(1)).type("T", n.input(0).dtype()).add();
            return;
        }
        cx.emit(n, "Pad").input(n.input(0)).input(cx.constant(n, "paddings", paddings)).type("T", n.input(0).dtype()).add();
    }

    static Node importPadV2(ImportContext cx) {
        cx.expectInputs(3);
        Tensor p = cx.constant(1);
        if (p.rank() != 2 || p.shape().dim(1) != 2) throw BadModel.bad("paddings must be [rank, 2], got shape " + p.shape());
        return cx.node(ArrayOps.PAD).input(cx.input(0)).input(cx.input(2)).attr("paddings", flatInts(p)).build();
    }

    static Node importPad(ImportContext cx) {
        cx.expectInputs(2);
        Tensor p = cx.constant(1);
        if (p.rank() != 2 || p.shape().dim(1) != 2) throw BadModel.bad("paddings must be [rank, 2], got shape " + p.shape());
        return cx.node(ArrayOps.PAD).input(cx.input(0)).attr("paddings", flatInts(p)).build();
    }

    private static int[] flatInts(Tensor p) {
        if (!p.dtype().isInteger()) throw BadModel.bad("paddings must be integers, got " + p.dtype());
        int[] out = new int[p.size()];
        for (int i = 0; i < out.length; i++) {
            long v = p.dtype() == DType.INT32 ? p.intData()[i] : p.longData()[i];
            if (v < 0 || v > Integer.MAX_VALUE) throw BadModel.bad("padding " + v + " is out of range");
            out[i] = (int) v;
        }
        return out;
    }

    static void exportGather(Node n, ExportContext cx) {
        cx.emit(n, "GatherV2").input(n.input(0)).input(n.input(1))
                .input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .type("Tparams", n.input(0).dtype()).type("Tindices", n.input(1).dtype()).type("Taxis", DType.INT32).add();
    }

    static Node importGather(ImportContext cx) {
        cx.expectInputs(3);
        long batchDims = cx.attrs().integer("batch_dims", 0);
        if (batchDims != 0) throw BadModel.unsupported("GatherV2 with batch_dims=" + batchDims + " is not supported");
        return cx.node(ArrayOps.GATHER).input(cx.input(0)).input(cx.input(1)).attr("axis", cx.scalarInt(2)).build();
    }

    static void exportOneHot(Node n, ExportContext cx) {
        DType t = n.attr("dtype");
        cx.emit(n, "OneHot").input(n.input(0))
                .input(cx.constant(n, "depth", Tensor.scalar(n.<Integer>attr("depth"))))
                .input(cx.constant(n, "on_value", Rules.scalar(t, n.<Double>attr("on_value"))))
                .input(cx.constant(n, "off_value", Rules.scalar(t, n.<Double>attr("off_value"))))
                .type("T", t).type("TI", n.input(0).dtype(), DType.INT64).add();
    }

    static Node importOneHot(ImportContext cx) {
        cx.expectInputs(4);
        Output indices = cx.input(0);
        long axis = cx.attrs().integer("axis", -1);
        boolean last = axis == -1 || indices.shape().hasRank() && axis == indices.shape().rank();
        if (!last) throw BadModel.unsupported("OneHot with axis=" + axis + " is not supported (only a new last axis)");
        Tensor on = cx.constant(2);
        return cx.node(ArrayOps.ONE_HOT).input(indices).attr("depth", cx.scalarInt(1)).attr("dtype", on.dtype())
                .attr("on_value", cx.scalar(2)).attr("off_value", cx.scalar(3)).build();
    }

    static void exportFill(Node n, ExportContext cx) {
        if (n.inputs().size() == 2) {
            cx.emit(n, "Fill").input(n.input(1)).input(n.input(0)).type("T", n.input(0).dtype())
                    .type("index_type", n.input(1).dtype(), DType.INT32).add();
            return;
        }
        cx.emit(n, "Fill").input(cx.constant(n, "shape", Rules.ints(n.attr("shape")))).input(n.input(0))
                .type("T", n.input(0).dtype()).add();
    }

    static Node importFill(ImportContext cx) {
        cx.expectInputs(2);
        if (!cx.isStatic(0)) return cx.node(ArrayOps.FILL).input(cx.input(1)).input(cx.input(0)).build();
        return cx.node(ArrayOps.FILL).input(cx.input(1)).attr("shape", cx.ints(0)).build();
    }

    // ---- added for issue 11 ----

    static void exportPack(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "Pack").inputs(n.inputs()).attr("N", Attrs.integer(n.inputs().size()))
                .type("T", n.input(0).dtype());
        int axis = n.<Integer>attr("axis");
        if (axis != 0) b.attr("axis", Attrs.integer(axis));
        b.add();
    }

    static Node importPack(ImportContext cx) {
        int k = cx.inputCount();
        if (k < 1) throw BadModel.bad("Pack needs at least one value");
        long declared = cx.attrs().integer("N", k);
        if (declared != k) throw BadModel.bad("attr N is " + declared + " but " + k + " values are given");
        return cx.node(ArrayOps.PACK).inputs(cx.inputs(0, k)).attr("axis", intAttr(cx, "axis", 0)).build();
    }

    static void exportUnpack(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "Unpack").input(n.input(0)).attr("num", Attrs.integer(n.<Integer>attr("num")))
                .type("T", n.input(0).dtype());
        int axis = n.<Integer>attr("axis");
        if (axis != 0) b.attr("axis", Attrs.integer(axis));
        b.add();
    }

    static Node importUnpack(ImportContext cx) {
        cx.expectInputs(1);
        return cx.node(ArrayOps.UNPACK).input(cx.input(0)).attr("num", intAttr(cx, "num", -1)).attr("axis", intAttr(cx, "axis", 0)).build();
    }

    /** TensorFlow's Split takes the axis first: Split(axis, value). */
    static void exportSplit(Node n, ExportContext cx) {
        cx.emit(n, "Split").input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis")))).input(n.input(0))
                .attr("num_split", Attrs.integer(n.<Integer>attr("num_split"))).type("T", n.input(0).dtype()).add();
    }

    static Node importSplit(ImportContext cx) {
        cx.expectInputs(2);
        return cx.node(ArrayOps.SPLIT).input(cx.input(1)).attr("axis", cx.scalarInt(0)).attr("num_split", intAttr(cx, "num_split", -1)).build();
    }

    static void exportSplitV(Node n, ExportContext cx) {
        int[] sizes = n.attr("size_splits");
        cx.emit(n, "SplitV").input(n.input(0)).input(cx.constant(n, "size_splits", Rules.ints(sizes)))
                .input(cx.constant(n, "axis", Tensor.scalar(n.<Integer>attr("axis"))))
                .attr("num_split", Attrs.integer(sizes.length)).type("T", n.input(0).dtype()).type("Tlen", DType.INT32).add();
    }

    static Node importSplitV(ImportContext cx) {
        cx.expectInputs(3);
        int[] sizes = cx.ints(1);
        long declared = cx.attrs().integer("num_split", sizes.length);
        if (declared != sizes.length) throw BadModel.bad("attr num_split is " + declared + " but size_splits holds " + sizes.length + " sizes");
        return cx.node(ArrayOps.SPLIT_V).input(cx.input(0)).attr("size_splits", sizes).attr("axis", cx.scalarInt(2)).build();
    }

    static void exportRange(Node n, ExportContext cx) {
        cx.emit(n, "Range").inputs(n.inputs()).type("Tidx", n.input(0).dtype(), DType.INT32).add();
    }

    static void exportTile(Node n, ExportContext cx) {
        cx.emit(n, "Tile").inputs(n.inputs()).type("T", n.input(0).dtype()).type("Tmultiples", n.input(1).dtype(), DType.INT32).add();
    }

    static void exportBroadcastTo(Node n, ExportContext cx) {
        cx.emit(n, "BroadcastTo").inputs(n.inputs()).type("T", n.input(0).dtype()).type("Tidx", n.input(1).dtype(), DType.INT32).add();
    }

    private static final String[] MASKS = {"begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask", "shrink_axis_mask"};

    private static ExportContext.Builder sliceSpec(ExportContext.Builder b, Node n, ExportContext cx) {
        b.input(cx.constant(n, "begin", Rules.ints(n.attr("begin")))).input(cx.constant(n, "end", Rules.ints(n.attr("end"))))
                .input(cx.constant(n, "strides", Rules.ints(n.attr("strides")))).type("Index", DType.INT32);
        for (String m : MASKS) if (n.<Integer>attr(m) != 0) b.attr(m, Attrs.integer(n.<Integer>attr(m)));
        return b;
    }

    private static Node sliceSpec(ImportContext cx, Scope.NodeBuilder b) {
        b.attr("begin", cx.ints(1)).attr("end", cx.ints(2)).attr("strides", cx.ints(3));
        for (String m : MASKS) b.attr(m, intAttr(cx, m, 0));
        return b.build();
    }

    static void exportStridedSlice(Node n, ExportContext cx) {
        sliceSpec(cx.emit(n, "StridedSlice").input(n.input(0)), n, cx).type("T", n.input(0).dtype()).add();
    }

    static Node importStridedSlice(ImportContext cx) {
        cx.expectInputs(4);
        return sliceSpec(cx, cx.node(ArrayOps.STRIDED_SLICE).input(cx.input(0)));
    }

    /** StridedSliceGrad(shape, begin, end, strides, dy). */
    static void exportStridedSliceGrad(Node n, ExportContext cx) {
        ExportContext.Builder b = cx.emit(n, "StridedSliceGrad").input(n.input(0));
        sliceSpec(b, n, cx).input(n.input(1)).type("T", n.input(1).dtype()).add();
    }

    static Node importStridedSliceGrad(ImportContext cx) {
        cx.expectInputs(5);
        if (cx.input(0).dtype() != DType.INT32) throw BadModel.unsupported("StridedSliceGrad with an " + cx.input(0).dtype() + " shape is not supported (int32 only)");
        return sliceSpec(cx, cx.node(ArrayOps.STRIDED_SLICE_GRAD).input(cx.input(0)).input(cx.input(4)));
    }

    private static int intAttr(ImportContext cx, String name, long absent) {
        long v = cx.attrs().integer(name, absent);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw BadModel.bad("attr '" + name + "' holds " + v + ", beyond int range");
        return (int) v;
    }
}
