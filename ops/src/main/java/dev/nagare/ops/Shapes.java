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

    static boolean flag(InferenceContext ctx, String name) {
        return ctx.hasAttr(name) && ctx.attr(name, Boolean.class);
    }
}
