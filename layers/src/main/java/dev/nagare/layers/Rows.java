package dev.nagare.layers;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;

/** Selecting examples (rows along the first axis) of a host tensor, for batches and splits. */
final class Rows {
    private Rows() {}

    static int count(Tensor t) {
        if (t.rank() == 0) throw new IllegalArgumentException("data needs a batch axis, got a scalar");
        return t.shape().dim(0);
    }

    /** The rows {@code order[from..to)} of {@code t}, in that order. */
    static Tensor pick(Tensor t, int[] order, int from, int to) {
        int rowSize = t.size() / Math.max(1, count(t));
        int[] dims = t.shape().dims();
        dims[0] = to - from;
        Object src = t.data();
        Object out = java.lang.reflect.Array.newInstance(src.getClass().getComponentType(), (to - from) * rowSize);
        for (int i = from; i < to; i++) System.arraycopy(src, order[i] * rowSize, out, (i - from) * rowSize, rowSize);
        return Tensor.of(t.dtype(), Shape.of(dims), out);
    }

    /** The rows {@code [from, to)} of {@code t}: one contiguous copy. */
    static Tensor range(Tensor t, int from, int to) {
        int rowSize = t.size() / Math.max(1, count(t));
        int[] dims = t.shape().dims();
        dims[0] = to - from;
        Object out = java.lang.reflect.Array.newInstance(t.data().getClass().getComponentType(), (to - from) * rowSize);
        System.arraycopy(t.data(), from * rowSize, out, 0, (to - from) * rowSize);
        return Tensor.of(t.dtype(), Shape.of(dims), out);
    }

    /** Rows of several tensors of equal row layout stacked into one. */
    static Tensor concat(java.util.List<Tensor> parts) {
        Tensor first = parts.getFirst();
        int rows = 0;
        for (Tensor p : parts) rows += count(p);
        int[] dims = first.shape().dims();
        dims[0] = rows;
        int total = Shape.of(dims).size();
        Object out = java.lang.reflect.Array.newInstance(first.data().getClass().getComponentType(), total);
        int at = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data(), 0, out, at, p.size());
            at += p.size();
        }
        return Tensor.of(first.dtype(), Shape.of(dims), out);
    }
}
