package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.Arrays;
import java.util.List;

/** Shape and dtype rules shared by many ops. Each failure names the node through its context. */
final class Shapes {
    private Shapes() {}

    static List<TensorSpec> one(DType dtype, Shape shape) { return List.of(new TensorSpec(dtype, shape)); }

    /** All inputs must share one dtype; returns it. */
    static DType sameDtype(InferenceContext ctx, int... inputs) {
        DType first = ctx.dtype(inputs[0]);
        for (int i : inputs) {
            if (ctx.dtype(i) != first) {
                throw ctx.fail("inputs have dtypes " + first + " and " + ctx.dtype(i)
                        + "; Nagare never converts silently, cast one with tf.cast");
            }
        }
        return first;
    }

    static void requireNumeric(InferenceContext ctx, DType t) {
        if (!t.isNumeric()) throw ctx.fail("needs a numeric dtype, got " + t);
    }

    static void requireFloating(InferenceContext ctx, DType t) {
        if (!t.isFloating()) throw ctx.fail("needs float32 or float64, got " + t);
    }

    static void requireInteger(InferenceContext ctx, DType t, String what) {
        if (!t.isInteger()) throw ctx.fail(what + " must be int32 or int64, got " + t);
    }

    static void requireBool(InferenceContext ctx, DType t) {
        if (t != DType.BOOL) throw ctx.fail("needs bool inputs, got " + t);
    }

    /** NumPy broadcasting of the static shapes of the given inputs. */
    static Shape broadcast(InferenceContext ctx, int... inputs) {
        Shape out = ctx.shape(inputs[0]);
        for (int k = 1; k < inputs.length; k++) {
            Shape next = Shape.broadcast(out, ctx.shape(inputs[k]));
            if (next == null) {
                StringBuilder shapes = new StringBuilder();
                for (int i : inputs) shapes.append(shapes.isEmpty() ? "" : " and ").append(ctx.shape(i));
                throw ctx.fail("shapes " + shapes + " cannot be broadcast together");
            }
            out = next;
        }
        return out;
    }

    /** Maps a possibly negative axis into [0, rank); fails naming the node when it is out of range. */
    static int axis(InferenceContext ctx, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw ctx.fail("axis " + axis + " is out of range for rank " + rank);
        return a;
    }

    /** A dimension computed in long from others; fails naming the node when it is past 2^31-1. */
    static int dim(InferenceContext ctx, long size, String what) {
        if (size > Integer.MAX_VALUE) throw ctx.fail(what + " gives a dimension of " + size + ", more than 2^31-1");
        return (int) size;
    }

    /** Normalized, sorted, duplicate-free reduction axes. */
    static int[] axes(InferenceContext ctx, int[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) out[i] = axis(ctx, axes[i], rank);
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) throw ctx.fail("axis " + out[i] + " is listed twice in " + Arrays.toString(axes));
        }
        return out;
    }

    /** The shape left after reducing {@code axes} (null: all) of {@code in}. */
    static Shape reduced(InferenceContext ctx, Shape in, int[] axes, boolean keepDims) {
        if (!in.hasRank()) {
            // Without the rank only an axis listed twice as the same number shows; the kernel checks the rest.
            if (axes != null && Arrays.stream(axes).distinct().count() < axes.length) {
                throw ctx.fail("an axis is listed twice in " + Arrays.toString(axes));
            }
            return Shape.unknownRank();
        }
        int rank = in.rank();
        boolean[] reduce = new boolean[rank];
        if (axes == null) Arrays.fill(reduce, true);
        else for (int a : axes(ctx, axes, rank)) reduce[a] = true;
        int[] dims = in.dims();
        int[] out = new int[rank];
        int n = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduce[i]) out[n++] = dims[i];
            else if (keepDims) out[n++] = 1;
        }
        return Shape.of(Arrays.copyOf(out, n));
    }

    /** Reads an optional int[] attribute. */
    static int[] intsOrNull(InferenceContext ctx, String name) {
        return ctx.hasAttr(name) ? ctx.attr(name, int[].class) : null;
    }

    /** A node's optional Boolean attr, false when absent. */
    static boolean flagOf(dev.nagare.graph.Node n, String name) {
        return Boolean.TRUE.equals(n.attrs().get(name));
    }

    static boolean flag(InferenceContext ctx, String name) {
        return ctx.hasAttr(name) && ctx.attr(name, Boolean.class);
    }

    // ---- values known while the graph is built (added for issue 11) ----

    /** Marks an entry of {@link #partialValue} computed only at run time. */
    static final long UNKNOWN_VALUE = Long.MIN_VALUE;

    /** The value of {@code o} when it is a Const (seen through Identity nodes), else null. */
    static dev.nagare.graph.Tensor constantValue(dev.nagare.graph.Output o) {
        for (int hops = 0; hops < 64; hops++) {
            dev.nagare.graph.Node n = o.node();
            if (n.opName().equals("Identity")) { o = n.input(0); continue; }
            return n.opName().equals("Const") ? n.attr("value") : null;
        }
        return null;
    }

    /**
     * What is known of an integer scalar or vector {@code o} while the graph is built, element by element
     * ({@link #UNKNOWN_VALUE} where only the run knows): a Const; the Shape of an input of known rank; Pack of
     * such scalars; a strided slice of such a vector. Null when not even its length is known.
     */
    static long[] partialValue(dev.nagare.graph.Output o) {
        return partialValue(o, 0);
    }

    private static long[] partialValue(dev.nagare.graph.Output o, int depth) {
        dev.nagare.graph.Tensor c = constantValue(o);
        if (c != null) {
            if (!c.dtype().isInteger() || c.rank() > 1) return null;
            long[] v = new long[c.size()];
            for (int i = 0; i < v.length; i++) v[i] = (long) c.getDouble(i);
            return v;
        }
        dev.nagare.graph.Node n = o.node();
        if (depth < 16) {
            switch (n.opName()) {
                case "Shape" -> {
                    Shape in = n.input(0).shape();
                    if (in.hasRank()) {
                        long[] v = new long[in.rank()];
                        for (int i = 0; i < v.length; i++) v[i] = in.dim(i) == Shape.UNKNOWN ? UNKNOWN_VALUE : in.dim(i);
                        return v;
                    }
                }
                case "Pack" -> {
                    if (n.attr(ArrayOps.PACK_AXIS) == 0 && n.input(0).shape().hasRank() && n.input(0).shape().rank() == 0) {
                        long[] v = new long[n.inputs().size()];
                        for (int i = 0; i < v.length; i++) {
                            long[] e = partialValue(n.input(i), depth + 1);
                            v[i] = e != null && e.length == 1 ? e[0] : UNKNOWN_VALUE;
                        }
                        return v;
                    }
                }
                case "StridedSlice" -> {
                    long[] in = partialValue(n.input(0), depth + 1);
                    if (in != null) {
                        try {
                            StridedSlices.Plan p = StridedSlices.plan(new int[] {in.length}, n);
                            if (p.outDims().length <= 1) {
                                long[] v = new long[p.size()[0]];
                                for (int i = 0; i < v.length; i++) v[i] = in[p.start()[0] + i * p.stride()[0]];
                                return v;
                            }
                        } catch (StridedSlices.BadSpec e) {
                            return null; // the node itself failed to build
                        }
                    }
                }
                default -> { }
            }
        }
        Shape s = o.shape();
        if (s.hasRank() && s.rank() == 1 && s.dim(0) != Shape.UNKNOWN) {
            long[] v = new long[s.dim(0)];
            java.util.Arrays.fill(v, UNKNOWN_VALUE);
            return v;
        }
        if (s.hasRank() && s.rank() == 0) return new long[] {UNKNOWN_VALUE};
        return null;
    }

    /** A shape given as a tensor input: its known sizes; negative known sizes fail naming the node. */
    static Shape shapeInput(InferenceContext ctx, int input) {
        requireInteger(ctx, ctx.dtype(input), "the shape");
        Shape s = ctx.shape(input);
        if (s.hasRank() && s.rank() != 1) throw ctx.fail("the shape must be a vector, got shape " + s);
        long[] v = partialValue(ctx.input(input));
        if (v == null) return Shape.unknownRank();
        int[] dims = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] == UNKNOWN_VALUE) dims[i] = Shape.UNKNOWN;
            else if (v[i] < 0) throw ctx.fail("the shape " + java.util.Arrays.toString(v) + " has a negative size");
            else dims[i] = dim(ctx, v[i], "the shape");
        }
        return Shape.of(dims);
    }
}
