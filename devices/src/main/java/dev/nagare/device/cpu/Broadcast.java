package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.graph.Shape;

/**
 * NumPy broadcasting of run-time shapes, written once for every elementwise kernel: the output shape, and
 * for each input the element index that feeds each output element.
 */
public final class Broadcast {
    private Broadcast() {}

    /**
     * The broadcast shape of {@code shapes}; fails naming the node when they do not broadcast, or when the
     * result has more elements than an array holds (small operands such as [n, 1] and [1, n] can).
     */
    public static Shape shape(KernelContext ctx, Shape... shapes) {
        Shape out = shapes[0];
        for (int i = 1; i < shapes.length; i++) {
            Shape next = Shape.broadcast(out, shapes[i]);
            if (next == null) {
                StringBuilder sb = new StringBuilder();
                for (Shape s : shapes) sb.append(sb.isEmpty() ? "" : " and ").append(s);
                throw ctx.fail("shapes " + sb + " cannot be broadcast together");
            }
            out = next;
        }
        if (Shape.elements(out.dims()) > Integer.MAX_VALUE) {
            StringBuilder sb = new StringBuilder();
            for (Shape s : shapes) sb.append(sb.isEmpty() ? "" : " and ").append(s);
            throw ctx.fail("shapes " + sb + " broadcast to " + out + ", more than 2^31-1 elements");
        }
        return out;
    }

    /**
     * For each element of {@code out} (row-major) the index of the element of {@code in} that broadcasts to
     * it. Returns null when {@code in} has the same shape as {@code out} (index i maps to i), so that the
     * common case costs nothing.
     */
    public static int[] indexMap(Shape in, Shape out) {
        if (in.equals(out)) return null;
        int rank = out.rank();
        int[] outDims = out.dims();
        int[] inStrides = new int[rank];
        int offset = rank - in.rank();
        int stride = 1;
        for (int d = rank - 1; d >= 0; d--) {
            int inDim = d < offset ? 1 : in.dim(d - offset);
            inStrides[d] = inDim == 1 ? 0 : stride;
            stride *= inDim;
        }
        int n = out.size();
        int[] map = new int[n];
        int[] counter = new int[rank];
        int idx = 0;
        for (int i = 0; i < n; i++) {
            map[i] = idx;
            for (int d = rank - 1; d >= 0; d--) { // odometer step: advance the last axis, carry left
                counter[d]++;
                idx += inStrides[d];
                if (counter[d] < outDims[d]) break;
                idx -= inStrides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return map;
    }

    /**
     * When {@code in} broadcasts to {@code out} by repeating its whole block of elements (it equals the
     * trailing axes of {@code out}, after dropping its own leading size-1 axes), the block's size: {@code out}'s
     * size for equal shapes, 1 for a scalar. Otherwise -1.
     */
    public static int period(Shape in, Shape out) {
        int[] d = in.dims(), o = out.dims();
        int first = 0;
        while (first < d.length && d[first] == 1) first++;
        int len = d.length - first;
        if (len > o.length) return -1;
        int size = 1;
        for (int i = 0; i < len; i++) {
            if (d[first + i] != o[o.length - len + i]) return -1;
            size *= d[first + i];
        }
        return size;
    }

    /**
     * When {@code in} broadcasts to {@code out} by stretching each element over a run of consecutive outputs
     * (it has {@code out}'s rank and leading axes, and size 1 on the trailing axes where {@code out} is
     * bigger, as a [rows, 1] column against [rows, cols]), the length of that run. Otherwise -1.
     */
    public static int stretch(Shape in, Shape out) {
        int[] d = in.dims(), o = out.dims();
        if (d.length != o.length) return -1;
        int j = d.length;
        while (j > 0 && d[j - 1] == 1) j--;
        for (int i = 0; i < j; i++) if (d[i] != o[i]) return -1;
        int run = 1;
        for (int i = j; i < o.length; i++) run *= o[i];
        return run;
    }

    /** Index {@code i} through a map from {@link #indexMap}. */
    public static int at(int[] map, int i) { return map == null ? i : map[i]; }
}
