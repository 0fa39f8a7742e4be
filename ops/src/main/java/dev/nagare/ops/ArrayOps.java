package dev.nagare.ops;

import static dev.nagare.ops.OpDef.DTypes.ANY;
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
import java.util.Map;
import dev.nagare.ops.OpDef.Input;

/** Ops that make, feed, reshape and rearrange tensors without arithmetic on their elements. */
public final class ArrayOps {
    private ArrayOps() {}

    /** A constant's value, and the dtype of a constant, placeholder or variable. */
    public static final Attr<Tensor> VALUE = new Attr<>("value", Tensor.class, null, true);
    public static final Attr<DType> DTYPE = Attr.dtype("dtype");
    /** The shape a placeholder or variable declares (may be partial, or of unknown rank). */
    public static final Attr<Shape> SHAPE_ATTR = new Attr<>("shape", Shape.class, null, true);

    /** A constant: its {@link #VALUE}. */
    public static final OpDef CONST = OpDef.op("Const").takes().withAttrs(VALUE, DTYPE).infer(ctx -> {
        Tensor v = ctx.attr(VALUE);
        return one(v.dtype(), v.shape());
    }).kernelDtypeFrom(OpDef.BY_OUTPUT).tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt(
            "its value is its attr: the generated tests build their constant inputs with it; ArrayOpCases exports every dtype"));

    /** A value fed at run time, of {@link #DTYPE} and {@link #SHAPE_ATTR}. */
    public static final OpDef PLACEHOLDER = OpDef.op("Placeholder").takes().withAttrs(DTYPE, SHAPE_ATTR).infer(
            ctx -> one(ctx.attr(DTYPE), ctx.attr(SHAPE_ATTR))).kernelDtypeFrom(OpDef.BY_OUTPUT).tf(TfMapping.HAND_WRITTEN)
            .tests(OpTests.exempt("fed, never computed (it has no kernel): the generated tests feed every sample through one; RunnerTest checks feeds"));

    public static final OpDef IDENTITY = passThrough("Identity").gradient((tf, op, g) -> List.of(g.get(0)));

    /** The shape a placeholder with a default declares (may be partial); the default must fit it. */
    public static final Attr<Shape> DECLARED_SHAPE = new Attr<>("shape", Shape.class, null, true);

    /** Its input, unless a value is fed in its place: a placeholder with a default (such as "training = false"). */
    public static final OpDef PLACEHOLDER_WITH_DEFAULT = OpDef.op("PlaceholderWithDefault").takes(Input.of("input", ANY)).withAttrs(DECLARED_SHAPE).infer(ctx -> {
        Shape declared = ctx.attr(DECLARED_SHAPE);
        if (!declared.isCompatibleWith(ctx.shape(0))) throw ctx.fail("default of shape " + ctx.shape(0) + " does not fit " + declared);
        return one(ctx.dtype(0), declared);
    }).gradient((tf, op, g) -> List.of(g.get(0)))
            .tf(TfMapping.untyped("PlaceholderWithDefault").type("dtype", 0).attr(DECLARED_SHAPE, "shape"))
            .tests(() -> likeInputTests((node, in) -> in.get(0), OpDef.DTypes.ALL, shape -> Map.of("shape", Shape.of(shape))));

    /** Zeros, or ones, of its input's run-time shape and dtype. */
    public static final OpDef ZEROS_LIKE = passThrough("ZerosLike").notDifferentiable()
            .tests(() -> likeInputTests((node, in) -> OpTests.map(in.get(0), x -> 0), OpDef.DTypes.ALL, null));
    public static final OpDef ONES_LIKE = passThrough("OnesLike").takes(Input.of("x", OpDef.DTypes.ALL)).notDifferentiable()
            .tests(() -> likeInputTests((node, in) -> OpTests.map(in.get(0), x -> 1), OpDef.DTypes.ALL, null));

    /** The dtype Cast converts to. */
    public static final Attr<DType> DST_T = Attr.dtype("DstT");
    /** TensorFlow's Truncate (rounding toward zero where a float narrows); Nagare rounds to nearest, so only false is taken. */
    public static final Attr<Boolean> TRUNCATE = Attr.flag("Truncate", false);

    /** Converts to {@link #DST_T}: to integers toward zero, to bool by != 0, between floats to nearest. */
    // Between floating types the gradient is cast back; through an integer or bool there is none.
    public static final OpDef CAST = OpDef.op("Cast").takes(Input.of("x", OpDef.DTypes.ALL)).withAttrs(DST_T, TRUNCATE).infer(ctx -> {
        if (ctx.attr(TRUNCATE)) throw ctx.fail("Truncate=true is not supported");
        return one(ctx.attr(DST_T), ctx.shape(0));
    }).gradient((tf, op, g) -> Arrays.asList(op.input(0).dtype().isFloating() && op.output(0).dtype().isFloating()
                    ? tf.cast(g.get(0), op.input(0).dtype()) : null))
            .tf(TfMapping.untyped("Cast").type("SrcT", 0).attr(DST_T, "DstT").attr(TRUNCATE, "Truncate"))
            .tests(() -> castTests());

    /**
     * Attr {@code shape} (int[]; one entry may be -1, inferred from the element count), or instead a second
     * input: the shape as an int32/int64 vector computed at run time (as TensorFlow's Reshape takes it).
     */
    // The gradient is reshaped back to the input's shape: its static shape when known, else its run-time Shape.
    public static final Attr<int[]> RESHAPE_SHAPE = Attr.optionalInts("shape");

    public static final OpDef RESHAPE = OpDef.op("Reshape").takes(Input.of("tensor", ANY), Input.optional("shape", OpDef.DTypes.INTEGER))
            .withAttrs(RESHAPE_SHAPE).infer(ArrayOps::inferReshape).gradient((tf, op, g) -> {
        Output back = reshapeBack(tf, g.get(0), op.input(0));
        return op.inputs().size() == 2 ? Arrays.asList(back, null) : List.of(back);
    }).tf(TfMapping.same("Reshape").inputOrWired(RESHAPE_SHAPE, 1, 1).type("Tshape", 1, DType.INT32)).tests(() -> reshapeTests());

    /** A permutation of the input's axes. */
    public static final Attr<int[]> PERM = Attr.ints("perm");

    /** Output axis i is input axis perm[i]. */
    public static final OpDef TRANSPOSE = OpDef.op("Transpose").takes(Input.of("x", ANY)).withAttrs(PERM).infer(ctx -> {
        int[] perm = ctx.attr(PERM);
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
        int[] perm = op.attr(PERM);
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[perm[i]] = i;
        return List.of(tf.transpose(g.get(0), inverse));
    }).tf(TfMapping.same("Transpose").input(PERM, 1)).tests(() -> transposeTests());

    /** The axis ConcatV2 joins along. */
    public static final Attr<Integer> CONCAT_AXIS = Attr.integer("axis");

    /** Joins two or more inputs along {@link #CONCAT_AXIS} (one value joined is itself: {@code tf.concat} gives it back). */
    public static final OpDef CONCAT = OpDef.op("ConcatV2").takes(Input.list("values", ANY)).withAttrs(CONCAT_AXIS).infer(ArrayOps::inferConcat)
            .gradient(ArrayOps::concatGradient).tf(TfMapping.same("ConcatV2").count("N").input(CONCAT_AXIS, TfMapping.LAST)).tests(() -> concatTests());

    /** Where a slice starts, per axis. */
    public static final Attr<int[]> BEGIN = Attr.ints("begin");
    /** A slice's size per axis; -1 runs to the end of that axis. */
    public static final Attr<int[]> SIZE_ATTR = Attr.ints("size");

    public static final OpDef SLICE = OpDef.op("Slice").takes(Input.of("input", ANY)).withAttrs(BEGIN, SIZE_ATTR).infer(ArrayOps::inferSlice)
            .gradient(ArrayOps::sliceGradient).tf(TfMapping.same("Slice").input(BEGIN, 1).input(SIZE_ATTR, 2).type("Index", 1)).tests(() -> sliceTests());

    /** (before, after) per axis, flattened: TensorFlow's [rank, 2] paddings row by row. */
    public static final Attr<int[]> PADDINGS = Attr.ints("paddings");

    /** Pads with zeros by {@link #PADDINGS}. */
    public static final OpDef PAD = OpDef.op("Pad").takes(Input.of("input", OpDef.DTypes.ALL)).withAttrs(PADDINGS).infer(ArrayOps::inferPad)
            .gradient(ArrayOps::padGradient).tf(TfMapping.same("Pad").pairsInput(PADDINGS, 1)).tests(() -> padTests(false));

    /** Pads with input 1, a scalar of the input's dtype, by {@link #PADDINGS}. */
    public static final OpDef PAD_V2 = OpDef.op("PadV2").takes(Input.of("input", OpDef.DTypes.ALL), Input.of("constant_values", OpDef.DTypes.ALL))
            .withAttrs(PADDINGS).infer(ArrayOps::inferPad).gradient(ArrayOps::padGradient)
            .tf(TfMapping.same("PadV2").pairsInput(PADDINGS, 1)).tests(() -> padTests(true));

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
            .tf(TfMapping.untyped("GatherV2").type("Tparams", 0).type("Tindices", 1).type("Taxis", 2).input(GATHER_AXIS, 2).attr(BATCH_DIMS, "batch_dims"))
            .tests(() -> GatherSamples.gather());

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
            .tests(() -> GatherSamples.oneHot());

    /** OneHot's axis in [0, rank]: -1 is the new last axis, as in TensorFlow; anything else below 0 fails. */
    public static int oneHotAxis(int axis, int rank, java.util.function.Function<String, RuntimeException> fail) {
        if (axis < -1 || axis > rank) throw fail.apply("axis must be -1 or in [0, " + rank + "], got " + axis);
        return axis == -1 ? rank : axis;
    }

    /** The shape Fill makes, when fixed while building. */
    public static final Attr<int[]> FILL_SHAPE = Attr.optionalInts("shape");

    /**
     * A tensor of {@link #FILL_SHAPE} filled with its scalar input; or, with a second input, of the shape that
     * int32/int64 vector holds at run time (TensorFlow's Fill(dims, value), inputs swapped).
     */
    public static final OpDef FILL = OpDef.op("Fill").takes(Input.of("value", ANY), Input.optional("dims", OpDef.DTypes.INTEGER))
            .withAttrs(FILL_SHAPE).infer(ctx -> {
        if (ctx.shape(0).hasRank() && ctx.shape(0).rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + ctx.shape(0));
        if (ctx.inputCount() == 2) {
            if (ctx.hasAttr("shape")) throw ctx.fail("takes its shape as attr 'shape' or as input 1, not both");
            return one(ctx.dtype(0), Shapes.shapeInput(ctx, 1));
        }
        if (ctx.attr(FILL_SHAPE) == null) throw ctx.fail("needs its shape: attr 'shape' or input 1");
        Shape s = Shape.of(ctx.attr(FILL_SHAPE));
        if (!s.isFullyDefined()) throw ctx.fail("the shape to fill must be fully known, got " + s);
        return one(ctx.dtype(0), s);
    // Every element is the fill value: its gradient is the sum of theirs.
    }).gradient((tf, op, g) -> Arrays.asList(tf.reduceSum(g.get(0)), null))
            .tf(TfMapping.untyped("Fill").type("T", 1).type("index_type", 0, DType.INT32).inputOrWired(FILL_SHAPE, 0, 1)).tests(() -> fillTests());

    /** The integer dtype of a count or a shape an op returns. */
    public static final Attr<DType> OUT_TYPE = Attr.dtype("out_type", DType.INT32);

    /** The run-time shape of its input as a vector of {@link #OUT_TYPE} (int32 or int64). */
    public static final OpDef SHAPE = OpDef.op("Shape").takes(Input.of("input", ANY)).withAttrs(OUT_TYPE).infer(ctx -> {
        Shape in = ctx.shape(0);
        Shapes.requireInteger(ctx, ctx.attr(OUT_TYPE), "out_type");
        return one(ctx.attr(OUT_TYPE), Shape.of(in.hasRank() ? in.rank() : Shape.UNKNOWN));
    }).notDifferentiable().tf(TfMapping.same("Shape").attr(OUT_TYPE, "out_type"))
            .tests(() -> likeInputTests((node, in) -> References.shapeOf(in.get(0)), OpDef.DTypes.ALL, shape -> Map.of()));

    /** The position of the new axis of size 1 (in [-rank-1, rank]). */
    public static final Attr<Integer> EXPAND_AXIS = Attr.integer("axis");

    /** Inserts a dimension of size 1 at {@link #EXPAND_AXIS}. */
    public static final OpDef EXPAND_DIMS = OpDef.op("ExpandDims").takes(Input.of("input", ANY)).withAttrs(EXPAND_AXIS).infer(ctx -> {
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        int axis = Shapes.axis(ctx, ctx.attr(EXPAND_AXIS), in.rank() + 1);
        int[] dims = in.dims();
        int[] out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, axis);
        out[axis] = 1;
        System.arraycopy(dims, axis, out, axis + 1, dims.length - axis);
        return one(ctx.dtype(0), Shape.of(out));
    }).gradient((tf, op, g) -> {
        int axis = op.attr(EXPAND_AXIS);
        return List.of(tf.squeeze(g.get(0), axis < 0 ? axis + op.output(0).shape().rank() : axis));
    }).tf(TfMapping.same("ExpandDims").input(EXPAND_AXIS, 1)).tests(() -> expandDimsTests());

    /** The size-1 axes Squeeze removes (absent or empty: every size-1 axis). */
    public static final Attr<int[]> SQUEEZE_DIMS = Attr.optionalInts("squeeze_dims");

    /**
     * Removes dimensions of size 1: those in {@link #SQUEEZE_DIMS}, or all when absent. Without axes, a dimension
     * unknown at build time is dropped or kept by its run-time size, so the shape (even the rank) is unknown
     * until then, as TensorFlow's shape function says.
     */
    public static final OpDef SQUEEZE = OpDef.op("Squeeze").takes(Input.of("input", ANY)).withAttrs(SQUEEZE_DIMS).infer(ctx -> {
        Shape in = ctx.shape(0);
        int[] which = ctx.attr(SQUEEZE_DIMS);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        int[] dims = in.dims();
        boolean[] drop = new boolean[dims.length];
        if (which == null || which.length == 0) {
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == Shape.UNKNOWN) return one(ctx.dtype(0), Shape.unknownRank());
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
    // Squeezing only drops size-1 axes: reshaping back to the input's shape (its run-time one where the graph
    // does not know it) undoes it.
    }).gradient((tf, op, g) -> {
        Shape in = op.input(0).shape();
        return List.of(in.isFullyDefined() ? tf.reshape(g.get(0), in.dims()) : tf.reshape(g.get(0), tf.shape(op.input(0))));
    })
            .tf(TfMapping.same("Squeeze").attr(SQUEEZE_DIMS, "squeeze_dims")).tests(() -> squeezeTests());

    /** {@code cond ? t : e} elementwise, all three broadcast together. */
    public static final OpDef SELECT = OpDef.op("SelectV2").takes(Input.of("condition", OpDef.DTypes.BOOL), Input.of("t", ANY), Input.of("e", ANY))
            .withAttrs().infer(ctx -> {
        Shapes.requireBool(ctx, ctx.dtype(0));
        DType t = Shapes.sameDtype(ctx, 1, 2);
        return one(t, Shapes.broadcast(ctx, 0, 1, 2));
    // The gradient flows to the branch each element was taken from.
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> {
        Output zero = tf.scalar(0, op.output(0).dtype());
        Output c = op.input(0);
        return Arrays.asList(null, tf.where(c, g.get(0), zero), tf.where(c, zero, g.get(0)));
    }).tf(TfMapping.untyped("SelectV2").type("T", 1)).tests(() -> selectTests(false));

    // ---- added for issue 11 ----

    /** Its input; passes no gradient, so what lies before it is treated as a constant. */
    public static final OpDef STOP_GRADIENT = passThrough("StopGradient").notDifferentiable();

    /** The rank of its input, an int32 scalar. */
    public static final OpDef RANK = OpDef.op("Rank").takes(Input.of("input", ANY)).withAttrs().infer(ctx -> one(DType.INT32, Shape.scalar()))
            .notDifferentiable().tf(TfMapping.same("Rank"))
            .tests(() -> likeInputTests((node, in) -> References.scalar(in.get(0).shape().length), OpDef.DTypes.ALL, shape -> Map.of()));

    /** The element count of its input, a scalar of {@link #OUT_TYPE} (int32 or int64). */
    public static final OpDef SIZE = OpDef.op("Size").takes(Input.of("input", ANY)).withAttrs(OUT_TYPE).infer(ctx -> {
        DType out = ctx.attr(OUT_TYPE);
        Shapes.requireInteger(ctx, out, "out_type");
        return one(out, Shape.scalar());
    }).notDifferentiable().tf(TfMapping.same("Size").attr(OUT_TYPE, "out_type"))
            .tests(() -> likeInputTests((node, in) -> References.scalar(in.get(0).size()), OpDef.DTypes.ALL, shape -> Map.of())
                    .sample(Map.of("out_type", DType.INT64), OpTests.in(new int[] {2, 0}, OpTests.U)));

    /**
     * TensorFlow 1's Select: t and e of one shape; the condition of that shape too, a scalar, or a vector
     * that picks whole rows (along axis 0) of a higher-rank t and e.
     */
    // The gradient goes to the branch each element came from, picked by the same condition.
    public static final OpDef SELECT_V1 = OpDef.op("Select").takes(Input.of("condition", OpDef.DTypes.BOOL), Input.of("t", ANY), Input.of("e", ANY))
            .withAttrs().infer(ctx -> {
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
    }).tf(TfMapping.untyped("Select").type("T", 1)).tests(() -> selectTests(true));

    /** The axis Pack stacks along, or Unpack splits along (in [-rank-1, rank] for Pack). */
    public static final Attr<Integer> PACK_AXIS = Attr.integer("axis", 0);

    /** Stacks N tensors of one shape along a new axis, {@link #PACK_AXIS}. */
    // Each input's gradient is its slice of the output's: the gradient unstacked.
    public static final OpDef PACK = OpDef.op("Pack").takes(Input.list("values", ANY)).withAttrs(PACK_AXIS).infer(ctx -> {
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        DType t = Shapes.sameDtype(ctx, all);
        Shape s = ctx.shape(0);
        for (int i = 1; i < all.length; i++) {
            if (!s.isCompatibleWith(ctx.shape(i))) throw ctx.fail("input " + i + " has shape " + ctx.shape(i) + ", input 0 " + ctx.shape(0) + ": stacked values need one shape");
            s = s.mergeWith(ctx.shape(i));
        }
        if (!s.hasRank()) return one(t, Shape.unknownRank());
        int axis = Shapes.axis(ctx, ctx.attr(PACK_AXIS), s.rank() + 1);
        int[] dims = s.dims(), out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, axis);
        out[axis] = all.length;
        System.arraycopy(dims, axis, out, axis + 1, dims.length - axis);
        return one(t, Shape.of(out));
    }).gradient((tf, op, g) -> tf.unstack(g.get(0), op.inputs().size(), op.attr(PACK_AXIS)))
            .tf(TfMapping.same("Pack").count("N").attr(PACK_AXIS, "axis")).tests(() -> packTests());

    /** How many tensors Unpack makes: the size of the axis it splits. */
    public static final Attr<Integer> NUM = Attr.integer("num");

    /** Splits its input along {@link #PACK_AXIS} into {@link #NUM} tensors, that axis removed. */
    // The gradient of the pieces is their stack (Gradients gives zeros to pieces that got none).
    public static final OpDef UNPACK = OpDef.op("Unpack").takes(Input.of("value", ANY)).withAttrs(NUM, PACK_AXIS).infer(ctx -> {
        int num = ctx.attr(NUM);
        if (num < 0) throw ctx.fail("num must be >= 0, got " + num);
        Shape in = ctx.shape(0);
        Shape piece = Shape.unknownRank();
        if (in.hasRank()) {
            if (in.rank() == 0) throw ctx.fail("cannot unstack a scalar");
            int axis = Shapes.axis(ctx, ctx.attr(PACK_AXIS), in.rank());
            if (in.dim(axis) != Shape.UNKNOWN && in.dim(axis) != num) throw ctx.fail("axis " + axis + " of " + in + " does not have " + num + " entries");
            int[] dims = in.dims(), out = new int[dims.length - 1];
            for (int i = 0, k = 0; i < dims.length; i++) if (i != axis) out[k++] = dims[i];
            piece = Shape.of(out);
        }
        return java.util.Collections.nCopies(num, new TensorSpec(ctx.dtype(0), piece));
    }).gradient((tf, op, g) -> List.of(tf.stack(g, op.attr(PACK_AXIS))))
            .tf(TfMapping.same("Unpack").attr(NUM, "num").attr(PACK_AXIS, "axis")).tests(() -> unpackTests());

    /** How many pieces Split and SplitV make. */
    public static final Attr<Integer> NUM_SPLIT = Attr.integer("num_split");
    /** The axis Split and SplitV split along. */
    public static final Attr<Integer> SPLIT_AXIS = Attr.integer("axis");
    /** SplitV's piece sizes along the axis (one may be -1: the rest); {@link #NUM_SPLIT} of them. */
    public static final Attr<int[]> SIZE_SPLITS = Attr.ints("size_splits");

    /** Splits along {@link #SPLIT_AXIS} into {@link #NUM_SPLIT} equal pieces. */
    // The gradient is the pieces' gradients joined back.
    public static final OpDef SPLIT = OpDef.op("Split").takes(Input.of("value", ANY)).withAttrs(NUM_SPLIT, SPLIT_AXIS).infer(ctx -> {
        int num = ctx.attr(NUM_SPLIT);
        if (num < 1) throw ctx.fail("num_split must be >= 1, got " + num);
        Shape in = ctx.shape(0);
        Shape piece = Shape.unknownRank();
        if (in.hasRank()) {
            if (in.rank() == 0) throw ctx.fail("cannot split a scalar");
            int axis = Shapes.axis(ctx, ctx.attr(SPLIT_AXIS), in.rank());
            int[] dims = in.dims();
            if (dims[axis] != Shape.UNKNOWN) {
                if (dims[axis] % num != 0) throw ctx.fail("axis " + axis + " of " + in + " does not split into " + num + " equal pieces");
                dims[axis] /= num;
            }
            piece = Shape.of(dims);
        }
        return java.util.Collections.nCopies(num, new TensorSpec(ctx.dtype(0), piece));
    }).gradient((tf, op, g) -> List.of(tf.concat(g, op.attr(SPLIT_AXIS))))
            .tf(TfMapping.untyped("Split").type("T", 1).input(SPLIT_AXIS, 0).attr(NUM_SPLIT, "num_split")).tests(() -> splitTests());

    /** Splits along {@link #SPLIT_AXIS} into pieces of {@link #SIZE_SPLITS}. */
    public static final OpDef SPLIT_V = OpDef.op("SplitV").takes(Input.of("value", ANY)).withAttrs(SIZE_SPLITS, SPLIT_AXIS, NUM_SPLIT).infer(ctx -> {
        int[] sizes = ctx.attr(SIZE_SPLITS);
        if (sizes.length == 0) throw ctx.fail("size_splits is empty");
        if (ctx.attr(NUM_SPLIT) != sizes.length) throw ctx.fail("num_split is " + ctx.attr(NUM_SPLIT) + " but size_splits " + Arrays.toString(sizes) + " holds " + sizes.length);
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
        int axis = in.hasRank() ? Shapes.axis(ctx, ctx.attr(SPLIT_AXIS), in.rank()) : 0;
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
    }).gradient((tf, op, g) -> List.of(tf.concat(g, op.attr(SPLIT_AXIS))))
            .tf(TfMapping.same("SplitV").input(SIZE_SPLITS, 1).input(SPLIT_AXIS, 2).attr(NUM_SPLIT, "num_split").type("Tlen", 1, DType.INT64))
            .tests(() -> splitVTests());

    /**
     * start, start + delta, ... up to but not including limit: three scalars of one dtype (int32, int64,
     * float32, float64). The length is known while building only when the three are constants.
     */
    public static final OpDef RANGE = OpDef.op("Range").takes(Input.of("start", OpDef.DTypes.NUMERIC), Input.of("limit", OpDef.DTypes.NUMERIC),
            Input.of("delta", OpDef.DTypes.NUMERIC)).withAttrs().infer(ctx -> {
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
    }).notDifferentiable().tf(TfMapping.untyped("Range").type("Tidx", 0, DType.INT32)).tests(() -> rangeTests());

    /** Repeats its input along each axis as many times as input 1 (int32/int64, one entry per axis) says. */
    // Each output element is a copy of one input element: the gradient sums the copies.
    public static final OpDef TILE = OpDef.op("Tile").takes(Input.of("input", ANY), Input.of("multiples", OpDef.DTypes.INTEGER)).withAttrs().infer(ctx -> {
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
    }).gradient(ArrayOps::tileGradient).tf(TfMapping.same("Tile").type("Tmultiples", 1, DType.INT32)).tests(() -> tileTests());

    /** Its input broadcast to the shape input 1 holds (int32/int64), with NumPy's rules. */
    // Gradients sums a broadcast gradient back to the input's shape by itself.
    public static final OpDef BROADCAST_TO = OpDef.op("BroadcastTo").takes(Input.of("input", ANY), Input.of("shape", OpDef.DTypes.INTEGER)).withAttrs().infer(ctx -> {
        Shape target = Shapes.shapeInput(ctx, 1), in = ctx.shape(0);
        if (!target.hasRank()) return one(ctx.dtype(0), target);
        if (in.hasRank()) {
            if (in.rank() > target.rank()) throw ctx.fail("cannot broadcast " + in + " to a shape of lower rank " + target);
            Shape b = Shape.broadcast(in, target);
            if (b == null || !b.isCompatibleWith(target)) throw ctx.fail("cannot broadcast " + in + " to " + target);
        }
        return one(ctx.dtype(0), target);
    }).gradient((tf, op, g) -> Arrays.asList(g.get(0), null)).tf(TfMapping.same("BroadcastTo").type("Tidx", 1, DType.INT32)).tests(() -> broadcastToTests());

    /**
     * TensorFlow's strided slice: attrs {@code begin}, {@code end}, {@code strides} (int[]) and the masks
     * {@code begin_mask}, {@code end_mask}, {@code ellipsis_mask}, {@code new_axis_mask},
     * {@code shrink_axis_mask} (Integer bit sets); see {@link StridedSlices}.
     */
    // The gradient is the output's gradient scattered back into zeros of the input's shape.
    public static final OpDef STRIDED_SLICE = OpDef.op("StridedSlice").takes(Input.of("input", ANY)).withAttrs(StridedSlices.ATTRS).infer(ctx -> {
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        try {
            return one(ctx.dtype(0), Shape.of(StridedSlices.plan(in.dims(), ctx.attr(StridedSlices.BEGIN), ctx.attr(StridedSlices.END),
                    ctx.attr(StridedSlices.STRIDES), ctx.attr(StridedSlices.BEGIN_MASK), ctx.attr(StridedSlices.END_MASK),
                    ctx.attr(StridedSlices.ELLIPSIS_MASK), ctx.attr(StridedSlices.NEW_AXIS_MASK), ctx.attr(StridedSlices.SHRINK_AXIS_MASK)).outDims()));
        } catch (StridedSlices.BadSpec e) {
            throw ctx.fail(e.getMessage() + " (input of shape " + in + ")");
        }
    }).gradient((tf, op, g) -> List.of(tf.stridedSliceGrad(tf.shape(op.input(0)), g.get(0), op)))
            .tf(StridedSlices.mapping(TfMapping.same("StridedSlice").type("Index", 1))).tests(() -> StridedSlices.tests(false));

    /**
     * The gradient of {@link #STRIDED_SLICE}: input 0 the int32 shape of the sliced input, input 1 the
     * slice's gradient; the same attrs. Zeros of that shape with input 1 written where the slice read.
     */
    // Its own gradient is the slice of its upstream gradient.
    public static final OpDef STRIDED_SLICE_GRAD = OpDef.op("StridedSliceGrad").takes(Input.of("shape", java.util.EnumSet.of(DType.INT32)), Input.of("dy", ANY))
            .withAttrs(StridedSlices.ATTRS).infer(ctx -> {
        Shape target = Shapes.shapeInput(ctx, 0);
        return one(ctx.dtype(1), target);
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> Arrays.asList(null, tf.stridedSliceLike(g.get(0), op)))
            .tf(StridedSlices.mapping(TfMapping.untyped("StridedSliceGrad").type("T", 4).type("Index", 0)))
            .tests(() -> StridedSlices.tests(true));

    /** The axes ReverseV2 reverses (possibly negative). */
    public static final Attr<int[]> REVERSE_AXES = Attr.ints("axis");

    /** Reverses the axes listed in {@link #REVERSE_AXES}. */
    // Reversing is its own inverse: the gradient is reversed back.
    public static final OpDef REVERSE = OpDef.op("ReverseV2").takes(Input.of("tensor", ANY)).withAttrs(REVERSE_AXES).infer(ctx -> {
        int[] axes = ctx.attr(REVERSE_AXES);
        Shape in = ctx.shape(0);
        if (in.hasRank()) Shapes.axes(ctx, axes, in.rank());
        return one(ctx.dtype(0), in);
    }).gradient((tf, op, g) -> List.of(tf.reverse(g.get(0), op.attr(REVERSE_AXES))))
            .tf(TfMapping.same("ReverseV2").input(REVERSE_AXES, 1)).tests(() -> reverseTests());

    /**
     * The indices of the true (non-zero) elements, row-major, as an int64 [count, rank] matrix. The count is
     * known while building only for a constant input (the samples are constants for that reason).
     */
    public static final OpDef WHERE = OpDef.op("Where").takes(Input.of("input", OpDef.DTypes.ALL)).withAttrs().infer(ctx -> {
        Shape in = ctx.shape(0);
        if (in.hasRank() && in.rank() == 0) throw ctx.fail("needs an input of rank >= 1, got a scalar (as TensorFlow's Where)");
        dev.nagare.graph.Tensor c = Shapes.constantValue(ctx.input(0));
        int count = Shape.UNKNOWN;
        if (c != null) {
            count = 0;
            for (int i = 0; i < c.size(); i++) if (c.getDouble(i) != 0) count++; // NaN counts, as != 0
        }
        return one(DType.INT64, Shape.of(count, in.hasRank() ? in.rank() : Shape.UNKNOWN));
    }).notDifferentiable().tf(TfMapping.same("Where").typeDefault(DType.BOOL)).tests(() -> whereTests());

    /** Its inputs, each passed through (of any dtypes): the outputs of a TensorFlow 2 function. */
    // Each output's gradient is its input's.
    public static final OpDef IDENTITY_N = OpDef.op("IdentityN").takes(Input.list("input", ANY)).withAttrs().infer(ctx -> {
        List<TensorSpec> out = new java.util.ArrayList<>();
        for (int i = 0; i < ctx.inputCount(); i++) out.add(new TensorSpec(ctx.dtype(i), ctx.shape(i)));
        return out;
    }).gradient((tf, op, g) -> g).tf(TfMapping.untyped("IdentityN").type("T", TfMapping.ALL_INPUTS))
            .tests(() -> OpTests.ofOutputs((node, in) -> in, OpDef.DTypes.ALL)
                    .sample(Map.of(), OpTests.in(new int[] {2, 3}, OpTests.U), OpTests.fixed(DType.INT64, new int[] {4}, 1, -2, 3, 0), OpTests.in(new int[] {}, OpTests.U))
                    .sample(Map.of(), OpTests.in(new int[] {0, 3}, OpTests.U)));

    static final List<OpDef> MORE = List.of(IDENTITY_N, REVERSE, WHERE, STOP_GRADIENT, RANK, SIZE, SELECT_V1, PACK, UNPACK, SPLIT, SPLIT_V, RANGE, TILE, PAD_V2,
            BROADCAST_TO, STRIDED_SLICE, STRIDED_SLICE_GRAD);

    public static final List<OpDef> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(CONST, PLACEHOLDER, PLACEHOLDER_WITH_DEFAULT, IDENTITY, CAST, RESHAPE,
            TRANSPOSE, CONCAT, SLICE, PAD, GATHER, ONE_HOT, FILL, SHAPE, EXPAND_DIMS, SQUEEZE, SELECT, ZEROS_LIKE, ONES_LIKE), MORE.stream()).toList();

    /** An op of one input of any dtype, its output like it: TensorFlow's op of the same name. */
    private static OpDef passThrough(String name) {
        return OpDef.op(name).takes(Input.of("input", ANY)).withAttrs().infer(ctx -> one(ctx.dtype(0), ctx.shape(0)))
                .tf(TfMapping.same(name)).tests(() -> likeInputTests((node, in) -> in.get(0), OpDef.DTypes.ALL, null));
    }

    /**
     * Tests of an op of one input: {@link OpTests#UNARY_SHAPES} in {@code dtypes}; {@code attrs} gives a
     * sample's attrs from its input's shape (null: none).
     */
    private static OpTests likeInputTests(OpTests.Reference reference, java.util.Set<DType> dtypes, java.util.function.Function<int[], Map<String, Object>> attrs) {
        OpTests t = OpTests.of(reference, dtypes);
        for (int[] s : OpTests.UNARY_SHAPES) t = t.sample(attrs == null ? Map.of() : attrs.apply(s), OpTests.in(s, OpTests.U));
        return t;
    }

    /** Every pair of dtypes, from whole numbers and halves (a cast to an integer truncates them toward zero). */
    private static OpTests castTests() {
        OpTests t = OpTests.of((node, in) -> References.cast(in.get(0), node.attr(DST_T)), OpDef.DTypes.ALL);
        OpTests.Domain halves = OpTests.Domain.of(-3, 3);
        // The gradient check takes float64 to float64 only: through float32 finite differences round away.
        for (DType to : List.of(DType.FLOAT32, DType.INT32, DType.INT64, DType.BOOL)) {
            t = t.sampleWithoutGradient(Map.of("DstT", to), OpTests.in(new int[] {3, 4}, halves));
        }
        return t.sample(Map.of("DstT", DType.FLOAT64), OpTests.in(new int[] {3, 4}, halves))
                .sample(Map.of("DstT", DType.FLOAT64), OpTests.fixed(DType.FLOAT32, new int[] {4}, -2.5, 0.5, 1.75, -0.25))
                .sampleWithoutGradient(Map.of("DstT", DType.INT32), OpTests.fixed(DType.FLOAT64, new int[] {4}, -2.5, 0.5, 1.75, -0.75))
                .sampleWithoutGradient(Map.of("DstT", DType.FLOAT32), OpTests.in(new int[] {}, halves))
                .sampleWithoutGradient(Map.of("DstT", DType.INT64), OpTests.in(new int[] {0, 2}, halves));
    }

    private static OpTests transposeTests() {
        OpTests t = OpTests.of((node, in) -> References.transpose(in.get(0), node.attr(PERM)), OpDef.DTypes.ALL);
        int[][][] rows = { // input shape, perm
            {{2, 3}, {1, 0}}, {{2, 3}, {0, 1}}, {{0, 3}, {1, 0}}, {{}, {}}, {{1, 5}, {1, 0}},
            {{2, 3, 4}, {0, 2, 1}}, {{2, 3, 4}, {1, 2, 0}}, {{2, 3, 4}, {2, 0, 1}}, {{2, 0, 4}, {2, 1, 0}},
        };
        for (int[][] r : rows) t = t.sample(Map.of("perm", r[1]), OpTests.in(r[0], OpTests.U));
        return t;
    }

    private static OpTests expandDimsTests() {
        OpTests t = OpTests.of((node, in) -> References.expandDims(in.get(0), node.attr(EXPAND_AXIS)), OpDef.DTypes.ALL);
        int[][] shapes = {{2, 3}, {2, 3}, {2, 3}, {2, 3}, {2, 3}, {}, {0, 3}};
        int[] axes = {0, 1, 2, -1, -3, 0, 1};
        for (int i = 0; i < axes.length; i++) t = t.sample(Map.of("axis", axes[i]), OpTests.in(shapes[i], OpTests.U));
        return t;
    }

    private static OpTests squeezeTests() {
        OpTests t = OpTests.of((node, in) -> References.squeeze(in.get(0), node.attr(SQUEEZE_DIMS)), OpDef.DTypes.ALL);
        Object[][] rows = {{new int[] {1, 3, 1}, null}, {new int[] {1, 3, 1}, new int[] {0}}, {new int[] {1, 3, 1}, new int[] {-1}},
            {new int[] {1, 3, 1}, new int[] {0, 2}}, {new int[] {2, 1, 3, 1}, new int[] {-1, 1}}, {new int[] {1, 1}, null},
            {new int[] {2, 1, 0}, new int[] {1}}, {new int[] {3}, null}};
        for (Object[] r : rows) t = t.sample(r[1] == null ? Map.of() : Map.of("squeeze_dims", r[1]), OpTests.in((int[]) r[0], OpTests.U));
        return t;
    }

    private static OpTests reverseTests() {
        OpTests t = OpTests.of((node, in) -> References.reverse(in.get(0), node.attr(REVERSE_AXES)), OpDef.DTypes.ALL);
        int[][][] rows = {{{2, 3, 4}, {0}}, {{2, 3, 4}, {0, 2}}, {{2, 3, 4}, {1, -1}}, {{2, 3, 4}, {}}, {{5}, {-1}}, {{0, 3}, {1}}, {{}, {}}};
        for (int[][] r : rows) t = t.sample(Map.of("axis", r[1]), OpTests.in(r[0], OpTests.U));
        return t;
    }

    /** Constants of whole numbers (ties at zero), and NaN (not zero, so true); no scalars, which TensorFlow rejects. */
    private static OpTests whereTests() {
        OpTests.Domain whole = OpTests.Domain.whole(-1, 1);
        OpTests t = OpTests.of((node, in) -> References.whereTrue(in.get(0)), OpDef.DTypes.ALL);
        java.util.Random r = new java.util.Random(7);
        double[] m = new double[12];
        for (int i = 0; i < m.length; i++) m[i] = r.nextInt(-1, 2);
        return t.sample(Map.of(), OpTests.constant(null, new int[] {3, 4}, m))
                .sample(Map.of(), OpTests.constant(null, new int[] {5}, 0, 1.5, 0, -2, 1))
                .sample(Map.of(), OpTests.constant(null, new int[] {2, 0}))
                .sample(Map.of(), OpTests.constant(DType.FLOAT32, new int[] {3}, Double.NaN, 0, 2));
    }

    /** Broadcast shapes of (condition, t, e); Select (v1) takes one shape, a scalar or a row-picking vector condition. */
    private static OpTests selectTests(boolean v1) {
        OpTests t = OpTests.of((node, in) -> v1 ? References.selectV1(in.get(0), in.get(1), in.get(2))
                : References.select(in.get(0), in.get(1), in.get(2)), OpDef.DTypes.ALL);
        int[][][] shapes = v1
                ? new int[][][] {{{2, 3}, {2, 3}, {2, 3}}, {{3}, {3, 2}, {3, 2}}, {{}, {2, 2}, {2, 2}}, {{0}, {0, 2}, {0, 2}}, {{}, {}, {}}}
                : new int[][][] {{{2, 3}, {2, 3}, {2, 3}}, {{2, 3}, {3}, {}}, {{2, 1}, {1, 4}, {2, 4}}, {{}, {2, 3}, {2, 3}},
                    {{4, 1, 3}, {2, 1}, {3}}, {{3}, {2, 1}, {}}, {{0, 3}, {3}, {}}, {{}, {}, {}}};
        for (int[][] s : shapes) {
            t = t.sample(Map.of(), new OpTests.SampleInput(DType.BOOL, s[0], OpTests.U, null, false), OpTests.in(s[1], OpTests.U), OpTests.in(s[2], OpTests.U));
        }
        return t;
    }

    private static List<TensorSpec> inferPad(InferenceContext ctx) {
        if (ctx.inputCount() == 2) {
            Shapes.sameDtype(ctx, 0, 1);
            if (ctx.shape(1).hasRank() && ctx.shape(1).rank() != 0) throw ctx.fail("the padding value must be a scalar, got shape " + ctx.shape(1));
        }
        return one(ctx.dtype(0), Paddings.check(ctx, ctx.attr(PADDINGS), ctx.shape(0), +1, null));
    }

    /**
     * The input's gradient is the slice of g that holds it; the padding value's (PadV2) is the sum of g over
     * the padding, g's sum less that slice's. TensorFlow gives the padding value none.
     */
    private static List<Output> padGradient(Tf tf, Node op, List<Output> g) {
        int[] pads = op.attr(PADDINGS);
        int[] dims = staticShape(op, op.input(0));
        int[] begin = new int[dims.length];
        for (int i = 0; i < dims.length; i++) begin[i] = pads[2 * i];
        Output inside = tf.slice(g.get(0), begin, dims);
        if (op.inputs().size() == 1) return List.of(inside);
        return List.of(inside, tf.sub(tf.reduceSum(g.get(0)), tf.reduceSum(inside)));
    }

    private static OpTests reshapeTests() {
        OpTests t = OpTests.of((node, in) -> References.reshape(in.get(0), in.size() == 2 ? References.ints(in.get(1)) : node.attr(RESHAPE_SHAPE)),
                OpDef.DTypes.ALL);
        int[][][] rows = { // input shape, target
            {{2, 3, 4}, {4, 6}}, {{2, 3, 4}, {-1, 4}}, {{2, 3, 4}, {2, -1, 2}}, {{2, 3, 4}, {-1}}, {{}, {1, 1}}, {{1}, {}},
            {{1, 1}, {-1}}, {{0, 3}, {3, 0}}, {{0, 3}, {-1, 3}}, {{6}, {3, 2}},
        };
        for (int[][] r : rows) t = t.sample(Map.of("shape", r[1]), OpTests.in(r[0], OpTests.U));
        // The shape as a tensor (a constant here, so that the shape rule sees it), int32 or int64.
        return t.sample(Map.of(), OpTests.in(new int[] {2, 3, 4}, OpTests.U), OpTests.ints(4, 6))
                .sample(Map.of(), OpTests.in(new int[] {6}, OpTests.U), OpTests.ints(3, -1))
                .sample(Map.of(), OpTests.in(new int[] {2, 3, 4}, OpTests.U), OpTests.constant(DType.INT64, new int[] {2}, 6, 4));
    }

    private static OpTests concatTests() {
        OpTests t = OpTests.of((node, in) -> References.concat(node.attr(CONCAT_AXIS), in), OpDef.DTypes.ALL);
        Object[][] rows = { // shapes, axis
            {new int[][] {{2, 3}, {1, 3}, {4, 3}}, 0}, {new int[][] {{2, 1}, {2, 3}, {2, 2}}, 1}, {new int[][] {{2, 1}, {2, 3}, {2, 2}}, -1},
            {new int[][] {{2, 3}, {0, 3}, {1, 3}}, 0}, {new int[][] {{2, 3, 2}, {2, 1, 2}, {2, 2, 2}}, 1}, {new int[][] {{3}, {0}, {2}}, 0},
            {new int[][] {{0, 2}, {0, 1}, {0, 3}}, 1}, {new int[][] {{2, 2}, {2, 1}}, 1},
        };
        for (Object[] r : rows) {
            int[][] shapes = (int[][]) r[0];
            OpTests.SampleInput[] in = new OpTests.SampleInput[shapes.length];
            for (int i = 0; i < in.length; i++) in[i] = OpTests.in(shapes[i], OpTests.U);
            t = t.sample(Map.of("axis", r[1]), in);
        }
        return t;
    }

    private static OpTests sliceTests() {
        OpTests t = OpTests.of((node, in) -> References.slice(in.get(0), node.attr(BEGIN), node.attr(SIZE_ATTR)), OpDef.DTypes.ALL);
        int[][][] rows = { // input shape, begin, size
            {{4, 5}, {1, 2}, {2, 3}}, {{4, 5}, {1, 0}, {-1, 2}}, {{4, 5}, {0, 0}, {4, 5}}, {{4, 5}, {2, 3}, {-1, -1}},
            {{4, 5}, {1, 1}, {0, 2}}, {{4, 5}, {4, 5}, {0, 0}}, {{6}, {2}, {3}}, {{6}, {5}, {-1}},
            {{2, 3, 4}, {0, 1, 1}, {2, -1, 2}}, {{2, 3, 4}, {1, 0, 3}, {1, 3, 1}}, {{0, 3}, {0, 1}, {-1, 2}}, {{}, {}, {}},
        };
        for (int[][] r : rows) t = t.sample(Map.of("begin", r[1], "size", r[2]), OpTests.in(r[0], OpTests.U));
        return t;
    }

    /** Pad: zeros around; PadV2: input 1 around. */
    private static OpTests padTests(boolean withValue) {
        OpTests t = OpTests.of((node, in) -> References.pad(in.get(0), node.attr(PADDINGS), withValue ? in.get(1).v()[0] : 0), OpDef.DTypes.ALL);
        int[][][] rows = {{{2, 3}, {1, 0, 2, 1}}, {{4}, {0, 3}}, {{0, 2}, {1, 1, 0, 0}}, {{}, {}}, {{2, 2, 2}, {0, 1, 1, 0, 1, 1}}, {{3}, {0, 0}}};
        for (int[][] r : rows) {
            t = withValue ? t.sample(Map.of("paddings", r[1]), OpTests.in(r[0], OpTests.U), OpTests.in(new int[] {}, OpTests.U))
                    : t.sample(Map.of("paddings", r[1]), OpTests.in(r[0], OpTests.U));
        }
        return t;
    }

    private static OpTests fillTests() {
        OpTests t = OpTests.of((node, in) -> References.filled(in.size() == 2 ? References.ints(in.get(1)) : node.attr(FILL_SHAPE), in.get(0).v()[0]),
                OpDef.DTypes.ALL);
        for (int[] shape : new int[][] {{2, 3}, {}, {0, 3}, {4}}) t = t.sample(Map.of("shape", shape), OpTests.in(new int[] {}, OpTests.U));
        // The shape as a tensor (a constant, so that the shape rule sees it): int32 and int64.
        return t.sample(Map.of(), OpTests.in(new int[] {}, OpTests.U), OpTests.ints(2, 3))
                .sample(Map.of(), OpTests.in(new int[] {}, OpTests.U), OpTests.ints())
                .sample(Map.of(), OpTests.in(new int[] {}, OpTests.U), OpTests.constant(DType.INT64, new int[] {2}, 0, 2));
    }

    private static OpTests packTests() {
        OpTests t = OpTests.of((node, in) -> References.stack(node.attr(PACK_AXIS), in), OpDef.DTypes.ALL);
        for (int axis : new int[] {0, 1, 2, -1, -3}) {
            t = t.sample(Map.of("axis", axis), OpTests.in(new int[] {2, 3}, OpTests.U), OpTests.in(new int[] {2, 3}, OpTests.U), OpTests.in(new int[] {2, 3}, OpTests.U));
        }
        return t.sample(Map.of(), OpTests.in(new int[] {}, OpTests.U), OpTests.in(new int[] {}, OpTests.U))
                .sample(Map.of("axis", 1), OpTests.in(new int[] {0, 3}, OpTests.U), OpTests.in(new int[] {0, 3}, OpTests.U))
                .sample(Map.of(), OpTests.in(new int[] {4}, OpTests.U));
    }

    private static OpTests unpackTests() {
        OpTests t = OpTests.ofOutputs((node, in) -> References.unstack(in.get(0), node.attr(PACK_AXIS)), OpDef.DTypes.ALL);
        Object[][] rows = {{new int[] {3, 2, 4}, 0}, {new int[] {3, 2, 4}, 1}, {new int[] {3, 2, 4}, -1}, {new int[] {2}, 0}, {new int[] {2, 0}, 0}};
        for (Object[] r : rows) {
            int[] shape = (int[]) r[0];
            int axis = (Integer) r[1];
            t = t.sample(Map.of("num", shape[axis < 0 ? axis + shape.length : axis], "axis", axis), OpTests.in(shape, OpTests.U));
        }
        return t;
    }

    private static OpTests splitTests() {
        OpTests t = OpTests.ofOutputs((node, in) -> {
            int[] shape = in.get(0).shape();
            int axis = node.attr(SPLIT_AXIS), num = node.attr(NUM_SPLIT);
            int[] sizes = new int[num];
            Arrays.fill(sizes, shape[axis < 0 ? axis + shape.length : axis] / num);
            return References.split(in.get(0), axis, sizes);
        }, OpDef.DTypes.ALL);
        return t.sample(Map.of("num_split", 3, "axis", 0), OpTests.in(new int[] {6, 4}, OpTests.U))
                .sample(Map.of("num_split", 2, "axis", -1), OpTests.in(new int[] {2, 4}, OpTests.U))
                .sample(Map.of("num_split", 1, "axis", 1), OpTests.in(new int[] {2, 3}, OpTests.U))
                .sample(Map.of("num_split", 3, "axis", 0), OpTests.in(new int[] {3, 0}, OpTests.U));
    }

    private static OpTests splitVTests() {
        OpTests t = OpTests.ofOutputs((node, in) -> {
            int[] shape = in.get(0).shape(), sizes = node.attr(SIZE_SPLITS).clone();
            int axis = node.attr(SPLIT_AXIS), total = shape[axis < 0 ? axis + shape.length : axis], known = 0;
            for (int size : sizes) if (size != -1) known += size;
            for (int i = 0; i < sizes.length; i++) if (sizes[i] == -1) sizes[i] = total - known;
            return References.split(in.get(0), axis, sizes);
        }, OpDef.DTypes.ALL);
        Object[][] rows = {{new int[] {2, 5}, new int[] {1, -1, 2}, -1}, {new int[] {2, 6}, new int[] {1, -1, 2}, 1},
            {new int[] {3, 2}, new int[] {0, 3}, 0}, {new int[] {5}, new int[] {0, 5}, 0}};
        for (Object[] r : rows) {
            int[] sizes = (int[]) r[1];
            t = t.sample(Map.of("size_splits", sizes, "axis", r[2], "num_split", sizes.length), OpTests.in((int[]) r[0], OpTests.U));
        }
        return t;
    }

    /** Constant bounds (the length is known while building only then): whole numbers in every dtype, fractions in floats. */
    private static OpTests rangeTests() {
        OpTests t = OpTests.of((node, in) -> References.range(in.get(0).v()[0], in.get(1).v()[0], in.get(2).v()[0]), OpDef.DTypes.NUMERIC);
        for (double[] r : new double[][] {{0, 5, 1}, {5, 0, -2}, {3, 3, 1}, {-4, 7, 3}}) {
            t = t.sample(Map.of(), OpTests.constant(null, new int[] {}, r[0]), OpTests.constant(null, new int[] {}, r[1]), OpTests.constant(null, new int[] {}, r[2]));
        }
        for (double[] r : new double[][] {{0.5, 3, 0.7}, {-1, 1, 0.25}, {2, -1.5, -0.5}}) {
            for (DType f : List.of(DType.FLOAT32, DType.FLOAT64)) {
                t = t.sample(Map.of(), OpTests.constant(f, new int[] {}, r[0]), OpTests.constant(f, new int[] {}, r[1]), OpTests.constant(f, new int[] {}, r[2]));
            }
        }
        return t;
    }

    /** Constant multiples, as the shape rule and the gradient need them. */
    private static OpTests tileTests() {
        OpTests t = OpTests.of((node, in) -> References.tile(in.get(0), References.ints(in.get(1))), OpDef.DTypes.ALL);
        int[][][] rows = {{{2, 3}, {2, 1}}, {{2, 3}, {1, 3}}, {{2, 3}, {2, 2}}, {{2, 3}, {0, 2}}, {{}, {}}, {{3}, {4}},
            {{2, 1, 2}, {1, 3, 2}}, {{0, 2}, {3, 1}}};
        for (int[][] r : rows) t = t.sample(Map.of(), OpTests.in(r[0], OpTests.U), OpTests.ints(r[1]));
        return t.sample(Map.of(), OpTests.in(new int[] {2, 1}, OpTests.U), OpTests.constant(DType.INT64, new int[] {2}, 1, 3));
    }

    private static OpTests broadcastToTests() {
        OpTests t = OpTests.of((node, in) -> References.broadcastTo(in.get(0), References.ints(in.get(1))), OpDef.DTypes.ALL);
        int[][][] rows = {{{3}, {2, 3}}, {{2, 1}, {2, 4}}, {{}, {3, 2}}, {{1, 3}, {2, 2, 3}}, {{0, 3}, {0, 3}}, {{2, 3}, {2, 3}}};
        for (int[][] r : rows) t = t.sample(Map.of(), OpTests.in(r[0], OpTests.U), OpTests.ints(r[1]));
        return t.sample(Map.of(), OpTests.in(new int[] {2, 1}, OpTests.U), OpTests.constant(DType.INT64, new int[] {3}, 2, 2, 4));
    }

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
        if (ctx.attr(RESHAPE_SHAPE) == null) throw ctx.fail("needs its shape: attr 'shape' or input 1");
        return inferReshape(ctx, ctx.attr(RESHAPE_SHAPE).clone());
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
        if (ctx.inputCount() < 2) throw ctx.fail("joins two values or more, as TensorFlow's ConcatV2; got " + ctx.inputCount());
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        DType t = Shapes.sameDtype(ctx, all);
        Shape first = null;
        for (int i = 0; i < all.length; i++) if (ctx.shape(i).hasRank()) { first = ctx.shape(i); break; }
        if (first == null) return one(t, Shape.unknownRank());
        if (first.rank() == 0) throw ctx.fail("cannot concatenate scalars");
        int rank = first.rank();
        int axis = Shapes.axis(ctx, ctx.attr(CONCAT_AXIS), rank);
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
        int[] begin = ctx.attr(BEGIN), size = ctx.attr(SIZE_ATTR);
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
