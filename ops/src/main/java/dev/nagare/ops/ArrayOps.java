package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

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
    public static final OpDef CONST = OpDef.pure("Const", ctx -> {
        Tensor v = ctx.attr("value", Tensor.class);
        return one(v.dtype(), v.shape());
    }).kernelDtypeFrom(OpDef.BY_OUTPUT);

    /** A value fed at run time: attrs {@code dtype} and {@code shape} (may be partial or of unknown rank). */
    public static final OpDef PLACEHOLDER = OpDef.pure("Placeholder",
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

    /** Attr {@code shape} (int[]; one entry may be -1, inferred from the element count). */
    public static final OpDef RESHAPE = OpDef.pure("Reshape", ArrayOps::inferReshape)
            .gradient((tf, op, g) -> List.of(tf.reshape(g.get(0), staticShape(op, op.input(0)))));

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

    /** Pads with zeros: attr {@code paddings} holds (before, after) per axis, flattened. */
    public static final OpDef PAD = OpDef.pure("Pad", ctx -> {
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

    /** {@code params[indices]} along attr {@code axis}; indices int32 or int64. */
    public static final OpDef GATHER = OpDef.pure("GatherV2", ctx -> {
        Shapes.requireInteger(ctx, ctx.dtype(1), "indices");
        Shape params = ctx.shape(0), indices = ctx.shape(1);
        if (!params.hasRank() || !indices.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        if (params.rank() == 0) throw ctx.fail("params must have rank >= 1, got a scalar");
        int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), params.rank());
        int[] p = params.dims(), idx = indices.dims();
        int[] out = new int[p.length - 1 + idx.length];
        System.arraycopy(p, 0, out, 0, axis);
        System.arraycopy(idx, 0, out, axis, idx.length);
        System.arraycopy(p, axis + 1, out, axis + idx.length, p.length - axis - 1);
        return one(ctx.dtype(0), Shape.of(out));
    // Each gathered row came from one row of params: the rows' gradients are summed into their sources.
    }).gradient((tf, op, g) -> {
        if (op.<Integer>attr("axis") != 0) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "gradients of a gather along axis "
                    + op.<Integer>attr("axis") + " are not supported; gather along axis 0");
        }
        int[] params = staticShape(op, op.input(0));
        int[] rows = new int[params.length];
        rows[0] = -1;
        System.arraycopy(params, 1, rows, 1, params.length - 1);
        Output flatIndices = tf.reshape(op.input(1), -1);
        return Arrays.asList(tf.unsortedSegmentSum(tf.reshape(g.get(0), rows), flatIndices, params[0]), null);
    });

    /** Attrs {@code depth}, {@code dtype}, {@code on_value}, {@code off_value} (Double); a new last axis. */
    public static final OpDef ONE_HOT = OpDef.pure("OneHot", ctx -> {
        Shapes.requireInteger(ctx, ctx.dtype(0), "indices");
        int depth = ctx.attr("depth", Integer.class);
        if (depth < 0) throw ctx.fail("depth must be >= 0, got " + depth);
        Shape in = ctx.shape(0);
        DType t = ctx.attr("dtype", DType.class);
        if (!in.hasRank()) return one(t, Shape.unknownRank());
        int[] out = Arrays.copyOf(in.dims(), in.rank() + 1);
        out[in.rank()] = depth;
        return one(t, Shape.of(out));
    }).kernelDtypeFrom(OpDef.BY_OUTPUT).notDifferentiable();

    /** A tensor of attr {@code shape} filled with its scalar input. */
    public static final OpDef FILL = OpDef.pure("Fill", ctx -> {
        if (ctx.shape(0).hasRank() && ctx.shape(0).rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + ctx.shape(0));
        Shape s = Shape.of(ctx.attr("shape", int[].class));
        if (!s.isFullyDefined()) throw ctx.fail("the shape to fill must be fully known, got " + s);
        return one(ctx.dtype(0), s);
    // Every element is the fill value: its gradient is the sum of theirs.
    }).gradient((tf, op, g) -> List.of(tf.reduceSum(g.get(0))));

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

    public static final List<OpDef> ALL = List.of(CONST, PLACEHOLDER, PLACEHOLDER_WITH_DEFAULT, IDENTITY, CAST, RESHAPE,
            TRANSPOSE, CONCAT, SLICE, PAD, GATHER, ONE_HOT, FILL, SHAPE, EXPAND_DIMS, SQUEEZE, SELECT, ZEROS_LIKE, ONES_LIKE);

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
        int[] target = ctx.attr("shape", int[].class).clone();
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
