package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorSpec;
import java.util.Arrays;
import java.util.List;

/** Ops that make, feed, reshape and rearrange tensors without arithmetic on their elements. */
public final class ArrayOps {
    private ArrayOps() {}

    /** A constant: attr {@code value} (a Tensor). */
    public static final OpDef CONST = OpDef.op("Const").takes().infer(ctx -> {
        Tensor v = ctx.attr("value", Tensor.class);
        return one(v.dtype(), v.shape());
    }).kernelDtypeFrom(OpDef.BY_OUTPUT);

    /** A value fed at run time: attrs {@code dtype} and {@code shape} (may be partial or of unknown rank). */
    public static final OpDef PLACEHOLDER = OpDef.op("Placeholder").takes().infer(
            ctx -> one(ctx.attr("dtype", DType.class), ctx.attr("shape", Shape.class))).kernelDtypeFrom(OpDef.BY_OUTPUT);

    public static final OpDef IDENTITY = OpDef.pure("Identity", ctx -> one(ctx.dtype(0), ctx.shape(0)))
            .gradient((tf, op, g) -> List.of(g.get(0)));

    /** Its input, unless a value is fed in its place: a placeholder with a default (such as "training = false"). */
    public static final OpDef PLACEHOLDER_WITH_DEFAULT = OpDef.pure("PlaceholderWithDefault", ctx -> {
        Shape declared = ctx.attr("shape", Shape.class);
        if (!declared.isCompatibleWith(ctx.shape(0))) throw ctx.fail("default of shape " + ctx.shape(0) + " does not fit " + declared);
        return one(ctx.dtype(0), declared);
    }).gradient((tf, op, g) -> List.of(g.get(0)));

    /** Zeros, or ones, of its input's run-time shape and dtype. */
    public static final OpDef ZEROS_LIKE = OpDef.pure("ZerosLike", ctx -> one(ctx.dtype(0), ctx.shape(0))).notDifferentiable();
    public static final OpDef ONES_LIKE = OpDef.pure("OnesLike", ctx -> one(ctx.dtype(0), ctx.shape(0))).notDifferentiable();

    /** Converts to attr {@code DstT}; the only way dtypes change. */
    // Between floating types the gradient is cast back; through an integer or bool there is none.
    public static final OpDef CAST = OpDef.pure("Cast", ctx -> one(ctx.attr("DstT", DType.class), ctx.shape(0)))
            .gradient((tf, op, g) -> Arrays.asList(op.input(0).dtype().isFloating() && op.output(0).dtype().isFloating()
                    ? tf.cast(g.get(0), op.input(0).dtype()) : null));

    /**
     * Attr {@code shape} (int[]; one entry may be -1, inferred from the element count), or instead a second
     * input: the shape as an int32/int64 vector computed at run time (as TensorFlow's Reshape takes it).
     */
    // The gradient is reshaped back to the input's shape: its static shape when known, else its run-time Shape.
    public static final OpDef RESHAPE = OpDef.pure("Reshape", ArrayOps::inferReshape).gradient((tf, op, g) -> {
        Output back = reshapeBack(tf, g.get(0), op.input(0));
        return op.inputs().size() == 2 ? Arrays.asList(back, null) : List.of(back);
    });

    /** Attr {@code perm}, a permutation of the input's axes. */
    public static final OpDef TRANSPOSE = OpDef.pure("Transpose", ctx -> {
        int[] perm = ctx.attr("perm", int[].class);
        boolean[] seen = new boolean[perm.length];
        for (int p : perm) {
            if (p < 0 || p >= perm.length || seen[p]) throw ctx.fail("perm " + Arrays.toString(perm) + " is not a permutation of 0.." + (perm.length - 1));
            seen[p] = true;
        }
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownDims(perm.length));
        if (perm.length != in.rank()) throw ctx.fail("perm " + Arrays.toString(perm) + " does not fit an input of shape " + in);
        int[] out = new int[perm.length];
        for (int i = 0; i < perm.length; i++) out[i] = in.dim(perm[i]);
        return one(ctx.dtype(0), Shape.of(out));
    // Transposing back by the inverse permutation.
    }).gradient((tf, op, g) -> {
        int[] perm = op.attr("perm");
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
        return List.of(tf.transpose(g.get(0), inverse));
    });

    /** Joins its inputs along attr {@code axis}. */
    public static final OpDef CONCAT = OpDef.pure("ConcatV2", ArrayOps::inferConcat).gradient(ArrayOps::concatGradient);

    /** Attrs {@code begin} and {@code size} (int[]; size -1 runs to the end of that axis). */
    public static final OpDef SLICE = OpDef.pure("Slice", ArrayOps::inferSlice).gradient(ArrayOps::sliceGradient);

    /**
     * Pads with zeros: attr {@code paddings} holds (before, after) per axis, flattened; or, with a second
     * input (a scalar of the same dtype), with that value (TensorFlow's PadV2).
     */
    public static final OpDef PAD = OpDef.pure("Pad", ctx -> {
        if (ctx.inputCount() == 2) {
            Shapes.sameDtype(ctx, 0, 1);
            if (ctx.shape(1).hasRank() && ctx.shape(1).rank() != 0) throw ctx.fail("the padding value must be a scalar, got shape " + ctx.shape(1));
        }
        int[] pads = ctx.attr("paddings", int[].class);
        // The attr alone says whether it is a list of (before, after) pairs of sizes: checked whatever the rank.
        if (pads.length % 2 != 0) throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis");
        for (int p : pads) if (p < 0) throw ctx.fail("negative padding in " + Arrays.toString(pads));
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownDims(pads.length / 2));
        if (pads.length != 2 * in.rank()) throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis of " + in);
        int[] out = new int[in.rank()];
        for (int i = 0; i < out.length; i++) {
            out[i] = in.dim(i) == Shape.UNKNOWN ? Shape.UNKNOWN
                    : Shapes.dim(ctx, (long) in.dim(i) + pads[2 * i] + pads[2 * i + 1], "padding " + in + " by " + Arrays.toString(pads));
        }
        return one(ctx.dtype(0), Shape.of(out));
    // The gradient of padding is the slice that holds the input.
    }).gradient((tf, op, g) -> {
        int[] pads = op.attr("paddings");
        int[] dims = staticShape(op, op.input(0));
        int[] begin = new int[dims.length];
        for (int i = 0; i < dims.length; i++) begin[i] = pads[2 * i];
        return List.of(tf.slice(g.get(0), begin, dims));
    });

    /** GatherV2's axis of params to gather along. */
    public static final Attr<Integer> GATHER_AXIS = Attr.integer("axis", 0);
    /** How many leading axes params and indices share: each batch element gathers from its own params. */
    public static final Attr<Integer> BATCH_DIMS = Attr.integer("batch_dims", 0);

    /**
     * {@code params[indices]} along {@link #GATHER_AXIS}, indices int32 or int64; with {@link #BATCH_DIMS} b,
     * the first b axes of params and indices are batch axes they share, and each batch element gathers from its
     * own params: out = params.shape[:axis] + indices.shape[b:] + params.shape[axis + 1:].
     */
    public static final OpDef GATHER = OpDef.op("GatherV2")
            .takes(OpDef.Input.of("params", java.util.EnumSet.allOf(DType.class)), OpDef.Input.of("indices", OpDef.DTypes.INTEGER))
            .withAttrs(GATHER_AXIS, BATCH_DIMS).infer(ArrayOps::inferGather).gradient(ArrayOps::gatherGradient)
            .tf(TfMapping.untyped("GatherV2").type("Tparams", 0).type("Tindices", 1).input(GATHER_AXIS, 2).attr(BATCH_DIMS, "batch_dims"))
            .tests(GatherSamples.gather());

    private static List<TensorSpec> inferGather(InferenceContext ctx) {
        Shape params = ctx.shape(0), indices = ctx.shape(1);
        if (params.hasRank() && params.rank() == 0) throw ctx.fail("params must have rank >= 1, got a scalar");
        if (!params.hasRank() || !indices.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        int axis = Shapes.axis(ctx, ctx.attr(GATHER_AXIS), params.rank());
        int b = batchDims(ctx.attr(BATCH_DIMS), indices.rank(), axis, ctx::fail);
        int[] p = params.dims(), idx = indices.dims();
        int[] out = new int[p.length - 1 + idx.length - b];
        System.arraycopy(p, 0, out, 0, axis);
        System.arraycopy(idx, b, out, axis, idx.length - b);
        System.arraycopy(p, axis + 1, out, axis + idx.length - b, p.length - axis - 1);
        for (int i = 0; i < b; i++) {
            if (p[i] != Shape.UNKNOWN && idx[i] != Shape.UNKNOWN && p[i] != idx[i]) {
                throw ctx.fail("batch axis " + i + " differs: params " + params + ", indices " + indices + " (batch_dims " + b + ")");
            }
            if (out[i] == Shape.UNKNOWN) out[i] = idx[i];
        }
        return one(ctx.dtype(0), Shape.of(out));
    }

    /** batch_dims counted from the end when negative, as TensorFlow does; at most the indices' rank and the axis. */
    public static int batchDims(int batchDims, int indicesRank, int axis, java.util.function.Function<String, RuntimeException> fail) {
        int b = batchDims < 0 ? batchDims + indicesRank : batchDims;
        if (b < 0 || b > indicesRank) throw fail.apply("batch_dims " + batchDims + " is out of range for indices of rank " + indicesRank);
        if (b > axis) throw fail.apply("batch_dims " + batchDims + " must not exceed the axis " + axis);
        return b;
    }

    /**
     * out[batch, o, m, k] = params[batch, o, indices[batch, m], k]: each output slice came from one params slice,
     * so the params gradient sums the output gradient's slices into the slices the indices name: an
     * UnsortedSegmentSum over params rows numbered batch * N + index (N the size of the axis), with the axes
     * between the batch axes and the gathered one moved out of the way first. Needs params' full shape.
     */
    private static List<Output> gatherGradient(Tf tf, Node op, List<Output> up) {
        Output params = op.input(0), indices = op.input(1);
        Shape ps = params.shape();
        if (!ps.isFullyDefined() || !indices.shape().hasRank()) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the full shape of params and the rank of indices, got "
                    + ps + " and " + indices.shape());
        }
        int[] p = ps.dims();
        int axis = op.<Integer>attr("axis") < 0 ? op.<Integer>attr("axis") + p.length : op.<Integer>attr("axis");
        int b = batchDims(op.attr(BATCH_DIMS), indices.shape().rank(), axis, m -> dev.nagare.graph.GraphException.at(op.name(), op.opName(), m));
        if (ps.size() == 0) return Arrays.asList(tf.zerosLike(params), null);
        int batch = (int) Shape.elements(Arrays.copyOfRange(p, 0, b));
        int o = (int) Shape.elements(Arrays.copyOfRange(p, b, axis)), n = p[axis], k = (int) Shape.elements(Arrays.copyOfRange(p, axis + 1, p.length));
        Output ids = tf.reshape(indices, -1);
        if (batch > 1) { // index i of batch element j names row j * N + i
            long[] offsets = new long[batch];
            for (int j = 0; j < batch; j++) offsets[j] = (long) j * n;
            Output offset = indices.dtype() == DType.INT64 ? tf.constant(Tensor.of(Shape.of(batch, 1), offsets))
                    : tf.constant(Tensor.of(Shape.of(batch, 1), Arrays.stream(offsets).mapToInt(x -> (int) x).toArray()));
            ids = tf.reshape(tf.add(tf.reshape(indices, batch, -1), offset), -1);
        }
        Output g = up.get(0), sums;
        if (o == 1) {
            sums = tf.unsortedSegmentSum(tf.reshape(g, -1, k), ids, batch * n);
        } else { // [batch, o, m, k] -> [batch, m, o, k]: the gathered rows lead
            Output rows = tf.reshape(tf.transpose(tf.reshape(g, batch, o, -1, k), 0, 2, 1, 3), -1, o, k);
            sums = tf.transpose(tf.reshape(tf.unsortedSegmentSum(rows, ids, batch * n), batch, n, o, k), 0, 2, 1, 3);
        }
        return Arrays.asList(tf.reshape(sums, p), null);
    }

    /** OneHot's number of classes: the size of the new axis. */
    public static final Attr<Integer> DEPTH = Attr.integer("depth");
    /** OneHot's output dtype (TensorFlow's T). */
    public static final Attr<DType> ONE_HOT_DTYPE = Attr.dtype("dtype", DType.FLOAT32);
    public static final Attr<Double> ON_VALUE = Attr.real("on_value", 1);
    public static final Attr<Double> OFF_VALUE = Attr.real("off_value", 0);
    /** Where the new axis goes: -1 (last) or 0..rank of indices. */
    public static final Attr<Integer> ONE_HOT_AXIS = Attr.integer("axis", -1);

    /**
     * A new axis of {@link #DEPTH} at {@link #ONE_HOT_AXIS}, holding {@link #ON_VALUE} at each index and
     * {@link #OFF_VALUE} elsewhere; an index outside [0, depth) (a negative one, say) gives a row of all off.
     */
    public static final OpDef ONE_HOT = OpDef.op("OneHot").takes(OpDef.Input.of("indices", OpDef.DTypes.INTEGER))
            .withAttrs(DEPTH, ONE_HOT_DTYPE, ON_VALUE, OFF_VALUE, ONE_HOT_AXIS).infer(ctx -> {
        int depth = ctx.attr(DEPTH);
        if (depth < 0) throw ctx.fail("depth must be >= 0, got " + depth);
        Shape in = ctx.shape(0);
        DType t = ctx.attr(ONE_HOT_DTYPE);
        if (t == DType.STRING) throw ctx.fail("dtype must be a number or bool, got string");
        if (!in.hasRank()) return one(t, Shape.unknownRank());
        int axis = oneHotAxis(ctx.attr(ONE_HOT_AXIS), in.rank(), ctx::fail);
        int[] out = new int[in.rank() + 1];
        for (int i = 0, j = 0; i < out.length; i++) out[i] = i == axis ? depth : in.dim(j++);
        return one(t, Shape.of(out));
    }).kernelDtypeFrom(OpDef.BY_OUTPUT).notDifferentiable()
            .tf(TfMapping.untyped("OneHot").typeFromAttr("T", ONE_HOT_DTYPE).type("TI", 0, DType.INT64).input(DEPTH, 1)
                    .valueInput(ON_VALUE, 2, ONE_HOT_DTYPE).valueInput(OFF_VALUE, 3, ONE_HOT_DTYPE).attr(ONE_HOT_AXIS, "axis"))
            .tests(GatherSamples.oneHot());

    /** OneHot's axis in [0, rank]: -1 is the new last axis, as in TensorFlow; anything else below 0 fails. */
    public static int oneHotAxis(int axis, int rank, java.util.function.Function<String, RuntimeException> fail) {
        if (axis < -1 || axis > rank) throw fail.apply("axis must be -1 or in [0, " + rank + "], got " + axis);
        return axis == -1 ? rank : axis;
    }

    /**
     * A tensor of attr {@code shape} filled with its scalar input; or, with a second input, of the shape that
     * int32/int64 vector holds at run time (TensorFlow's Fill(dims, value), inputs swapped).
     */
    public static final OpDef FILL = OpDef.pure("Fill", ctx -> {
        if (ctx.shape(0).hasRank() && ctx.shape(0).rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + ctx.shape(0));
        if (ctx.inputCount() == 2) {
            if (ctx.hasAttr("shape")) throw ctx.fail("takes its shape as attr 'shape' or as input 1, not both");
            return one(ctx.dtype(0), Shapes.shapeInput(ctx, 1));
        }
        Shape s = Shape.of(ctx.attr("shape", int[].class));
        if (!s.isFullyDefined()) throw ctx.fail("the shape to fill must be fully known, got " + s);
        return one(ctx.dtype(0), s);
    // Every element is the fill value: its gradient is the sum of theirs.
    }).gradient((tf, op, g) -> Arrays.asList(tf.reduceSum(g.get(0)), null));

    /** The run-time shape of its input as an int32 vector. */
    public static final OpDef SHAPE = OpDef.pure("Shape", ctx -> {
        Shape in = ctx.shape(0);
        return one(DType.INT32, Shape.of(in.hasRank() ? in.rank() : Shape.UNKNOWN));
    }).notDifferentiable();

    /** Inserts a dimension of size 1 at attr {@code axis} (in [-rank-1, rank]). */
    public static final OpDef EXPAND_DIMS = OpDef.pure("ExpandDims", ctx -> {
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), in.rank() + 1);
        int[] dims = in.dims();
        int[] out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, axis);
        out[axis] = 1;
        System.arraycopy(dims, axis, out, axis + 1, dims.length - axis);
        return one(ctx.dtype(0), Shape.of(out));
    }).gradient((tf, op, g) -> {
        int axis = op.<Integer>attr("axis");
        return List.of(tf.squeeze(g.get(0), axis < 0 ? axis + op.output(0).shape().rank() : axis));
    });

    /** Removes dimensions of size 1: those in attr {@code squeeze_dims}, or all when absent. */
    public static final OpDef SQUEEZE = OpDef.pure("Squeeze", ctx -> {
        Shape in = ctx.shape(0);
        int[] which = Shapes.intsOrNull(ctx, "squeeze_dims");
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        int[] dims = in.dims();
        boolean[] drop = new boolean[dims.length];
        if (which == null || which.length == 0) {
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == Shape.UNKNOWN) throw ctx.fail("cannot squeeze all size-1 axes of " + in + " whose sizes are unknown; name the axes");
                drop[i] = dims[i] == 1;
            }
        } else {
            for (int a : Shapes.axes(ctx, which, dims.length)) {
                if (dims[a] != 1 && dims[a] != Shape.UNKNOWN) throw ctx.fail("cannot squeeze axis " + a + " of size " + dims[a] + " in " + in);
                drop[a] = true;
            }
        }
        int[] out = new int[dims.length];
        int n = 0;
        for (int i = 0; i < dims.length; i++) if (!drop[i]) out[n++] = dims[i];
        return one(ctx.dtype(0), Shape.of(Arrays.copyOf(out, n)));
    // Squeezing only drops size-1 axes: reshaping back to the input's shape undoes it.
    }).gradient((tf, op, g) -> List.of(tf.reshape(g.get(0), staticShape(op, op.input(0)))));

    /** {@code cond ? t : e} elementwise, all three broadcast together. */
    public static final OpDef SELECT = OpDef.pure("SelectV2", ctx -> {
        Shapes.requireBool(ctx, ctx.dtype(0));
        DType t = Shapes.sameDtype(ctx, 1, 2);
        return one(t, Shapes.broadcast(ctx, 0, 1, 2));
    // The gradient flows to the branch each element was taken from.
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> {
        Output zero = tf.scalar(0, op.output(0).dtype());
        Output c = op.input(0);
        return Arrays.asList(null, tf.where(c, g.get(0), zero), tf.where(c, zero, g.get(0)));
    });

    // ---- added for issue 11 ----

    /** Its input; passes no gradient, so what lies before it is treated as a constant. */
    public static final OpDef STOP_GRADIENT = OpDef.pure("StopGradient", ctx -> one(ctx.dtype(0), ctx.shape(0))).notDifferentiable();

    /** The rank of its input, an int32 scalar. */
    public static final OpDef RANK = OpDef.pure("Rank", ctx -> one(DType.INT32, Shape.scalar())).notDifferentiable();

    /** The element count of its input, a scalar of attr {@code out_type} (int32 or int64). */
    public static final OpDef SIZE = OpDef.pure("Size", ctx -> {
        DType out = ctx.attr("out_type", DType.class);
        Shapes.requireInteger(ctx, out, "out_type");
        return one(out, Shape.scalar());
    }).notDifferentiable();

    /**
     * TensorFlow 1's Select: t and e of one shape; the condition of that shape too, a scalar, or a vector
     * that picks whole rows (along axis 0) of a higher-rank t and e.
     */
    // The gradient goes to the branch each element came from, picked by the same condition.
    public static final OpDef SELECT_V1 = OpDef.pure("Select", ctx -> {
        Shapes.requireBool(ctx, ctx.dtype(0));
        DType t = Shapes.sameDtype(ctx, 1, 2);
        Shape c = ctx.shape(0), a = ctx.shape(1), b = ctx.shape(2);
        if (!a.isCompatibleWith(b)) throw ctx.fail("then " + a + " and else " + b + " must have one shape");
        Shape out = a.mergeWith(b);
        if (c.hasRank() && out.hasRank()) {
            boolean rows = c.rank() == 1 && out.rank() > 1 && Shape.of(out.dim(0)).isCompatibleWith(c);
            if (c.rank() != 0 && !rows && !c.isCompatibleWith(out)) {
                throw ctx.fail("condition " + c + " must be a scalar, a vector of " + out.dim(0) + " rows, or of shape " + out);
            }
            if (!rows && c.rank() == out.rank()) out = out.mergeWith(c);
        }
        return one(t, out);
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> {
        Output zeros = tf.zerosLike(g.get(0)), c = op.input(0);
        return Arrays.asList(null, tf.selectV1(c, g.get(0), zeros), tf.selectV1(c, zeros, g.get(0)));
    });

    /** Stacks N tensors of one shape along a new axis, attr {@code axis} (in [-rank-1, rank]). */
    // Each input's gradient is its slice of the output's: the gradient unstacked.
    public static final OpDef PACK = OpDef.pure("Pack", ctx -> {
        if (ctx.inputCount() == 0) throw ctx.fail("needs at least one input");
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        DType t = Shapes.sameDtype(ctx, all);
        Shape s = ctx.shape(0);
        for (int i = 1; i < all.length; i++) {
            if (!s.isCompatibleWith(ctx.shape(i))) throw ctx.fail("input " + i + " has shape " + ctx.shape(i) + ", input 0 " + ctx.shape(0) + ": stacked values need one shape");
            s = s.mergeWith(ctx.shape(i));
        }
        if (!s.hasRank()) return one(t, Shape.unknownRank());
        int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), s.rank() + 1);
        int[] dims = s.dims(), out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, axis);
        out[axis] = all.length;
        System.arraycopy(dims, axis, out, axis + 1, dims.length - axis);
        return one(t, Shape.of(out));
    }).gradient((tf, op, g) -> tf.unstack(g.get(0), op.inputs().size(), op.<Integer>attr("axis")));

    /** Splits its input along attr {@code axis} into attr {@code num} tensors, that axis removed. */
    // The gradient of the pieces is their stack (Gradients gives zeros to pieces that got none).
    public static final OpDef UNPACK = OpDef.pure("Unpack", ctx -> {
        int num = ctx.attr("num", Integer.class);
        if (num < 0) throw ctx.fail("num must be >= 0, got " + num);
        Shape in = ctx.shape(0);
        Shape piece = Shape.unknownRank();
        if (in.hasRank()) {
            if (in.rank() == 0) throw ctx.fail("cannot unstack a scalar");
            int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), in.rank());
            if (in.dim(axis) != Shape.UNKNOWN && in.dim(axis) != num) throw ctx.fail("axis " + axis + " of " + in + " does not have " + num + " entries");
            int[] dims = in.dims(), out = new int[dims.length - 1];
            for (int i = 0, k = 0; i < dims.length; i++) if (i != axis) out[k++] = dims[i];
            piece = Shape.of(out);
        }
        return java.util.Collections.nCopies(num, new TensorSpec(ctx.dtype(0), piece));
    }).gradient((tf, op, g) -> List.of(tf.stack(g, op.<Integer>attr("axis"))));

    /** Splits along attr {@code axis} into attr {@code num_split} equal pieces. */
    // The gradient is the pieces' gradients joined back.
    public static final OpDef SPLIT = OpDef.pure("Split", ctx -> {
        int num = ctx.attr("num_split", Integer.class);
        if (num < 1) throw ctx.fail("num_split must be >= 1, got " + num);
        Shape in = ctx.shape(0);
        Shape piece = Shape.unknownRank();
        if (in.hasRank()) {
            if (in.rank() == 0) throw ctx.fail("cannot split a scalar");
            int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), in.rank());
            int[] dims = in.dims();
            if (dims[axis] != Shape.UNKNOWN) {
                if (dims[axis] % num != 0) throw ctx.fail("axis " + axis + " of " + in + " does not split into " + num + " equal pieces");
                dims[axis] /= num;
            }
            piece = Shape.of(dims);
        }
        return java.util.Collections.nCopies(num, new TensorSpec(ctx.dtype(0), piece));
    }).gradient((tf, op, g) -> List.of(tf.concat(g, op.<Integer>attr("axis"))));

    /** Splits along attr {@code axis} into pieces of attr {@code size_splits} (one may be -1: the rest). */
    public static final OpDef SPLIT_V = OpDef.pure("SplitV", ctx -> {
        int[] sizes = ctx.attr("size_splits", int[].class);
        if (sizes.length == 0) throw ctx.fail("size_splits is empty");
        int inferred = -1;
        long known = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == -1 && inferred < 0) inferred = i;
            else if (sizes[i] < 0) throw ctx.fail("size_splits " + Arrays.toString(sizes) + " may hold one -1 and sizes >= 0");
            else known += sizes[i];
        }
        Shape in = ctx.shape(0);
        List<TensorSpec> out = new java.util.ArrayList<>();
        if (in.hasRank() && in.rank() == 0) throw ctx.fail("cannot split a scalar");
        int axis = in.hasRank() ? Shapes.axis(ctx, ctx.attr("axis", Integer.class), in.rank()) : 0;
        int total = in.hasRank() ? in.dim(axis) : Shape.UNKNOWN;
        if (total != Shape.UNKNOWN && (inferred < 0 ? known != total : known > total)) {
            throw ctx.fail("size_splits " + Arrays.toString(sizes) + " do not add up to " + total + ", the size of axis " + axis + " of " + in);
        }
        for (int i = 0; i < sizes.length; i++) {
            if (!in.hasRank()) { out.add(new TensorSpec(ctx.dtype(0), Shape.unknownRank())); continue; }
            int[] dims = in.dims();
            dims[axis] = i != inferred ? sizes[i] : total == Shape.UNKNOWN ? Shape.UNKNOWN : (int) (total - known);
            out.add(new TensorSpec(ctx.dtype(0), Shape.of(dims)));
        }
        return out;
    }).gradient((tf, op, g) -> List.of(tf.concat(g, op.<Integer>attr("axis"))));

    /**
     * start, start + delta, ... up to but not including limit: three scalars of one dtype (int32, int64,
     * float32, float64). The length is known while building only when the three are constants.
     */
    public static final OpDef RANGE = OpDef.pure("Range", ctx -> {
        DType t = Shapes.sameDtype(ctx, 0, 1, 2);
        Shapes.requireNumeric(ctx, t);
        for (int i = 0; i < 3; i++) {
            if (ctx.shape(i).hasRank() && ctx.shape(i).rank() != 0) throw ctx.fail("start, limit and delta must be scalars, input " + i + " has shape " + ctx.shape(i));
        }
        dev.nagare.graph.Tensor a = Shapes.constantValue(ctx.input(0)), b = Shapes.constantValue(ctx.input(1)), d = Shapes.constantValue(ctx.input(2));
        if (a == null || b == null || d == null) return one(t, Shape.of(Shape.UNKNOWN));
        long n;
        try {
            n = rangeLength(a.getDouble(0), b.getDouble(0), d.getDouble(0), t.isInteger());
        } catch (IllegalArgumentException e) {
            throw ctx.fail(e.getMessage());
        }
        return one(t, Shape.of(Shapes.dim(ctx, n, "the range")));
    }).notDifferentiable();

    /** Repeats its input along each axis as many times as input 1 (int32/int64, one entry per axis) says. */
    // Each output element is a copy of one input element: the gradient sums the copies.
    public static final OpDef TILE = OpDef.pure("Tile", ctx -> {
        Shapes.requireInteger(ctx, ctx.dtype(1), "multiples");
        Shape in = ctx.shape(0), m = ctx.shape(1);
        if (m.hasRank() && m.rank() != 1) throw ctx.fail("multiples must be a vector, got shape " + m);
        long[] mv = Shapes.partialValue(ctx.input(1));
        if (in.hasRank() && mv != null && mv.length != in.rank()) throw ctx.fail("multiples has " + mv.length + " entries for an input of shape " + in);
        if (!in.hasRank() && mv == null) return one(ctx.dtype(0), Shape.unknownRank());
        int rank = in.hasRank() ? in.rank() : mv.length;
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            long k = mv == null ? Shapes.UNKNOWN_VALUE : mv[i];
            if (k != Shapes.UNKNOWN_VALUE && k < 0) throw ctx.fail("multiples " + Arrays.toString(mv) + " has a negative entry");
            int d = in.hasRank() ? in.dim(i) : Shape.UNKNOWN;
            out[i] = k == 0 || d == 0 ? 0 : k == Shapes.UNKNOWN_VALUE || d == Shape.UNKNOWN ? Shape.UNKNOWN : Shapes.dim(ctx, d * k, "tiling " + in);
        }
        return one(ctx.dtype(0), Shape.of(out));
    }).gradient(ArrayOps::tileGradient);

    /** Its input broadcast to the shape input 1 holds (int32/int64), with NumPy's rules. */
    // Gradients sums a broadcast gradient back to the input's shape by itself.
    public static final OpDef BROADCAST_TO = OpDef.pure("BroadcastTo", ctx -> {
        Shape target = Shapes.shapeInput(ctx, 1), in = ctx.shape(0);
        if (!target.hasRank()) return one(ctx.dtype(0), target);
        if (in.hasRank()) {
            if (in.rank() > target.rank()) throw ctx.fail("cannot broadcast " + in + " to a shape of lower rank " + target);
            Shape b = Shape.broadcast(in, target);
            if (b == null || !b.isCompatibleWith(target)) throw ctx.fail("cannot broadcast " + in + " to " + target);
        }
        return one(ctx.dtype(0), target);
    }).gradient((tf, op, g) -> Arrays.asList(g.get(0), null));

    /**
     * TensorFlow's strided slice: attrs {@code begin}, {@code end}, {@code strides} (int[]) and the masks
     * {@code begin_mask}, {@code end_mask}, {@code ellipsis_mask}, {@code new_axis_mask},
     * {@code shrink_axis_mask} (Integer bit sets); see {@link StridedSlices}.
     */
    // The gradient is the output's gradient scattered back into zeros of the input's shape.
    public static final OpDef STRIDED_SLICE = OpDef.pure("StridedSlice", ctx -> {
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        try {
            StridedSlices.Plan p = StridedSlices.plan(in.dims(), ctx.attr("begin", int[].class), ctx.attr("end", int[].class),
                    ctx.attr("strides", int[].class), ctx.attr("begin_mask", Integer.class), ctx.attr("end_mask", Integer.class),
                    ctx.attr("ellipsis_mask", Integer.class), ctx.attr("new_axis_mask", Integer.class), ctx.attr("shrink_axis_mask", Integer.class));
            return one(ctx.dtype(0), Shape.of(p.outDims()));
        } catch (StridedSlices.BadSpec e) {
            throw ctx.fail(e.getMessage() + " (input of shape " + in + ")");
        }
    }).gradient((tf, op, g) -> List.of(tf.stridedSliceGrad(tf.shape(op.input(0)), g.get(0), op)));

    /**
     * The gradient of {@link #STRIDED_SLICE}: input 0 the int32 shape of the sliced input, input 1 the
     * slice's gradient; the same attrs. Zeros of that shape with input 1 written where the slice read.
     */
    // Its own gradient is the slice of its upstream gradient.
    public static final OpDef STRIDED_SLICE_GRAD = OpDef.pure("StridedSliceGrad", ctx -> {
        Shape target = Shapes.shapeInput(ctx, 0);
        return one(ctx.dtype(1), target);
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> Arrays.asList(null, tf.stridedSliceLike(g.get(0), op)));

    /** Reverses the axes listed in attr {@code axis} (int[], possibly negative). */
    // Reversing is its own inverse: the gradient is reversed back.
    public static final OpDef REVERSE = OpDef.pure("ReverseV2", ctx -> {
        int[] axes = ctx.attr("axis", int[].class);
        Shape in = ctx.shape(0);
        if (in.hasRank()) Shapes.axes(ctx, axes, in.rank());
        return one(ctx.dtype(0), in);
    }).gradient((tf, op, g) -> List.of(tf.reverse(g.get(0), op.<int[]>attr("axis"))));

    /** The indices of the true (non-zero) elements, row-major, as an int64 [count, rank] matrix. */
    public static final OpDef WHERE = OpDef.pure("Where", ctx -> {
        Shape in = ctx.shape(0);
        dev.nagare.graph.Tensor c = Shapes.constantValue(ctx.input(0));
        int count = Shape.UNKNOWN;
        if (c != null) {
            count = 0;
            for (int i = 0; i < c.size(); i++) if (c.getDouble(i) != 0) count++; // NaN counts, as != 0
        }
        return one(DType.INT64, Shape.of(count, in.hasRank() ? in.rank() : Shape.UNKNOWN));
    }).notDifferentiable();

    /** Its inputs, each passed through (of any dtypes): the outputs of a TensorFlow 2 function. */
    // Each output's gradient is its input's.
    public static final OpDef IDENTITY_N = OpDef.pure("IdentityN", ctx -> {
        if (ctx.inputCount() == 0) throw ctx.fail("needs at least one input");
        List<TensorSpec> out = new java.util.ArrayList<>();
        for (int i = 0; i < ctx.inputCount(); i++) out.add(new TensorSpec(ctx.dtype(i), ctx.shape(i)));
        return out;
    }).gradient((tf, op, g) -> g);

    static final List<OpDef> MORE = List.of(IDENTITY_N, REVERSE, WHERE, STOP_GRADIENT, RANK, SIZE, SELECT_V1, PACK, UNPACK, SPLIT, SPLIT_V, RANGE, TILE,
            BROADCAST_TO, STRIDED_SLICE, STRIDED_SLICE_GRAD);

    public static final List<OpDef> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(CONST, PLACEHOLDER, PLACEHOLDER_WITH_DEFAULT, IDENTITY, CAST, RESHAPE,
            TRANSPOSE, CONCAT, SLICE, PAD, GATHER, ONE_HOT, FILL, SHAPE, EXPAND_DIMS, SQUEEZE, SELECT, ZEROS_LIKE, ONES_LIKE), MORE.stream()).toList();

    /** The number of elements of a range, as TensorFlow counts them; fails for a zero or wrong-way delta. */
    public static long rangeLength(double start, double limit, double delta, boolean integer) {
        if (delta == 0) throw new IllegalArgumentException("delta must not be 0");
        if (delta > 0 ? start > limit : start < limit) {
            throw new IllegalArgumentException("start " + start + " and limit " + limit + " do not fit delta " + delta + " (start <= limit needs delta > 0)");
        }
        if (integer) {
            long s = (long) start, l = (long) limit, d = (long) delta;
            return (Math.abs(l - s) + Math.abs(d) - 1) / Math.abs(d);
        }
        return (long) Math.ceil(Math.abs((limit - start) / delta));
    }

    /** The gradient reshaped to {@code in}'s static shape when at most one size is unknown, else to its run-time shape. */
    private static Output reshapeBack(Tf tf, Output g, Output in) {
        Shape s = in.shape();
        int unknown = 0;
        if (s.hasRank()) for (int d : s.dims()) if (d == Shape.UNKNOWN) unknown++;
        return s.hasRank() && unknown <= 1 ? tf.reshape(g, s.dims()) : tf.reshape(g, tf.shape(in));
    }

    /**
     * y = tile(x, m): y viewed as [m0, d0, m1, d1, ...] holds a copy of x for each (m0, m1, ...), so the
     * gradient sums that view over the even axes. Needs constant multiples and the input's static shape.
     */
    private static List<Output> tileGradient(Tf tf, Node op, List<Output> g) {
        dev.nagare.graph.Tensor m = Shapes.constantValue(op.input(1));
        Shape in = op.input(0).shape();
        if (m == null || !in.isFullyDefined()) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs constant multiples and the input's full shape, got "
                    + (m == null ? "multiples computed at run time" : "shape " + in));
        }
        int r = in.rank();
        int[] view = new int[2 * r], even = new int[r];
        for (int i = 0; i < r; i++) {
            view[2 * i] = (int) m.getDouble(i);
            view[2 * i + 1] = in.dim(i);
            even[i] = 2 * i;
        }
        Output summed = r == 0 ? g.get(0) : tf.reduceSum(tf.reshape(g.get(0), view), even, false);
        return Arrays.asList(summed, null);
    }

    /**
     * The input's static shape as reshape dims (one unknown dimension becomes -1); fails naming the node
     * when more than one dimension is unknown, since a gradient then cannot restore the shape.
     */
    static int[] staticShape(Node op, Output in) {
        Shape s = in.shape();
        int unknown = 0;
        if (s.hasRank()) for (int d : s.dims()) if (d == Shape.UNKNOWN) unknown++;
        if (!s.hasRank() || unknown > 1) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the input's shape, but "
                    + in.name() + " has shape " + s + " (at most one unknown dimension)");
        }
        return s.dims();
    }

    /** Each input gets the slice of the gradient at its place along the axis. */
    private static List<Output> concatGradient(Tf tf, Node op, List<Output> g) {
        int rank = op.output(0).shape().rank();
        int axis = op.<Integer>attr("axis");
        if (axis < 0) axis += rank;
        List<Output> grads = new java.util.ArrayList<>();
        int offset = 0;
        for (Output in : op.inputs()) {
            int len = in.shape().dim(axis);
            if (len == Shape.UNKNOWN) {
                throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the size of "
                        + in.name() + " along axis " + axis + ", which is unknown");
            }
            int[] begin = new int[rank], size = new int[rank];
            Arrays.fill(size, -1);
            begin[axis] = offset;
            size[axis] = len;
            grads.add(tf.slice(g.get(0), begin, size));
            offset += len;
        }
        return grads;
    }

    /** The gradient of a slice is the slice's gradient padded with zeros back to the input's shape. */
    private static List<Output> sliceGradient(Tf tf, Node op, List<Output> g) {
        int[] begin = op.attr("begin");
        int[] in = op.input(0).shape().hasRank() ? op.input(0).shape().dims() : null;
        int[] out = op.output(0).shape().dims();
        int[] pads = new int[2 * begin.length];
        for (int i = 0; i < begin.length; i++) {
            if (in == null || in[i] == Shape.UNKNOWN || out[i] == Shape.UNKNOWN) {
                throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the input's and"
                        + " output's sizes along axis " + i + ", which are unknown");
            }
            pads[2 * i] = begin[i];
            pads[2 * i + 1] = in[i] - begin[i] - out[i];
        }
        return List.of(tf.pad(g.get(0), pads));
    }

    private static List<TensorSpec> inferReshape(InferenceContext ctx) {
        if (ctx.inputCount() == 2) {
            if (ctx.hasAttr("shape")) throw ctx.fail("takes its shape as attr 'shape' or as input 1, not both");
            Shapes.requireInteger(ctx, ctx.dtype(1), "the shape");
            long[] v = Shapes.partialValue(ctx.input(1));
            if (v == null) return one(ctx.dtype(0), Shape.unknownRank());
            boolean known = true;
            for (long d : v) known &= d != Shapes.UNKNOWN_VALUE;
            if (!known) {
                // Some sizes only the run knows: keep the known ones (a -1 stays unknown).
                int[] dims = new int[v.length];
                for (int i = 0; i < v.length; i++) dims[i] = v[i] == Shapes.UNKNOWN_VALUE || v[i] == -1 ? Shape.UNKNOWN : Shapes.dim(ctx, v[i], "the shape");
                return one(ctx.dtype(0), Shape.of(dims));
            }
            int[] target = new int[v.length];
            for (int i = 0; i < v.length; i++) {
                if (v[i] < -1) throw ctx.fail("shape " + Arrays.toString(v) + " has a negative size");
                target[i] = Shapes.dim(ctx, v[i], "the shape");
            }
            return inferReshape(ctx, target);
        }
        return inferReshape(ctx, ctx.attr("shape", int[].class).clone());
    }

    private static List<TensorSpec> inferReshape(InferenceContext ctx, int[] target) {
        int inferred = -1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                if (inferred >= 0) throw ctx.fail("shape " + Arrays.toString(target) + " has more than one -1");
                inferred = i;
            } else if (target[i] < 0) {
                throw ctx.fail("shape " + Arrays.toString(target) + " has a negative size");
            }
        }
        long known = knownElements(target);
        Shape in = ctx.shape(0);
        if (in.isFullyDefined()) {
            long n = in.size();
            if (inferred >= 0) {
                if (known == 0 || n % known != 0) throw ctx.fail("cannot reshape " + in + " (" + n + " elements) into " + Arrays.toString(target));
                target[inferred] = (int) (n / known);
            } else if (n != known) {
                throw ctx.fail("cannot reshape " + in + " (" + n + " elements) into " + Arrays.toString(target) + " ("
                        + (known > Integer.MAX_VALUE ? "more than 2^31-1" : known) + " elements)");
            }
        }
        return one(ctx.dtype(0), Shape.of(target));
    }

    /** The element count of the sizes other than -1, saturating past 2^31-1 (see {@link Shape#elements}). */
    private static long knownElements(int[] target) {
        return Shape.elements(Arrays.stream(target).filter(d -> d != -1).toArray());
    }

    private static List<TensorSpec> inferConcat(InferenceContext ctx) {
        if (ctx.inputCount() == 0) throw ctx.fail("needs at least one input");
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        DType t = Shapes.sameDtype(ctx, all);
        Shape first = null;
        for (int i = 0; i < all.length; i++) if (ctx.shape(i).hasRank()) { first = ctx.shape(i); break; }
        if (first == null) return one(t, Shape.unknownRank());
        if (first.rank() == 0) throw ctx.fail("cannot concatenate scalars");
        int rank = first.rank();
        int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), rank);
        int[] out = first.dims();
        out[axis] = 0;
        for (int i = 0; i < all.length; i++) {
            Shape s = ctx.shape(i);
            if (!s.hasRank()) { out[axis] = Shape.UNKNOWN; continue; }
            if (s.rank() != rank) throw ctx.fail("input " + i + " has shape " + s + ", input 0 " + first + ": ranks differ");
            for (int d = 0; d < rank; d++) {
                if (d == axis) {
                    out[d] = out[d] == Shape.UNKNOWN || s.dim(d) == Shape.UNKNOWN ? Shape.UNKNOWN
                            : Shapes.dim(ctx, (long) out[d] + s.dim(d), "joining along axis " + axis);
                } else if (out[d] == Shape.UNKNOWN) {
                    out[d] = s.dim(d);
                } else if (s.dim(d) != Shape.UNKNOWN && s.dim(d) != out[d]) {
                    throw ctx.fail("input " + i + " has shape " + s + " but the others have " + out[d] + " at axis " + d);
                }
            }
        }
        return one(t, Shape.of(out));
    }

    private static List<TensorSpec> inferSlice(InferenceContext ctx) {
        int[] begin = ctx.attr("begin", int[].class), size = ctx.attr("size", int[].class);
        if (begin.length != size.length) throw ctx.fail("begin " + Arrays.toString(begin) + " and size " + Arrays.toString(size) + " differ in length");
        Shape in = ctx.shape(0);
        if (in.hasRank() && in.rank() != begin.length) throw ctx.fail("begin has " + begin.length + " entries for an input of shape " + in);
        int[] out = new int[begin.length];
        for (int i = 0; i < begin.length; i++) {
            if (begin[i] < 0 || size[i] < -1) throw ctx.fail("bad slice begin " + Arrays.toString(begin) + " size " + Arrays.toString(size));
            int dim = in.hasRank() ? in.dim(i) : Shape.UNKNOWN;
            long end = size[i] == -1 ? dim : (long) begin[i] + size[i]; // in long: begin + size may pass 2^31-1
            if (dim != Shape.UNKNOWN && (begin[i] > dim || end > dim)) {
                throw ctx.fail("slice begin " + Arrays.toString(begin) + " size " + Arrays.toString(size) + " runs past shape " + in);
            }
            out[i] = size[i] == -1 ? (dim == Shape.UNKNOWN ? Shape.UNKNOWN : dim - begin[i]) : size[i];
        }
        return one(ctx.dtype(0), Shape.of(out));
    }
}
