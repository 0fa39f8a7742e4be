package dev.nagare.ops;

import static dev.nagare.ops.OpTests.count;
import static dev.nagare.ops.OpTests.ravel;
import static dev.nagare.ops.OpTests.unravel;

import dev.nagare.graph.DType;
import dev.nagare.ops.OpTests.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Float64 references of the array, math and neural-network entries: written from each op's definition
 * (TensorFlow's and NumPy's semantics) with naive index arithmetic, element by element. Nothing here calls a
 * kernel or a shape rule; the generated tests compare the kernels with these. The elementwise building blocks
 * (map, zip, reduce) are in {@link OpTests}.
 */
final class References {
    private References() {}

    // ---- index arithmetic (count, unravel and ravel are OpTests' ) ----

    static double at(Values x, int[] idx) { return x.v()[ravel(idx, x.shape())]; }

    static int rank(Values x) { return x.shape().length; }

    static int normAxis(int axis, int rank) { return axis < 0 ? axis + rank : axis; }

    static int[] ints(Values x) {
        int[] out = new int[x.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) x.v()[i];
        return out;
    }

    static Values of(int[] shape, double[] v) { return new Values(shape.clone(), v); }

    /** The element of {@code x} that lands at multi-index {@code outIdx} of a broadcast result. */
    static double broadcastAt(Values x, int[] outIdx) {
        int[] idx = new int[rank(x)];
        int offset = outIdx.length - idx.length;
        for (int d = 0; d < idx.length; d++) idx[d] = x.shape()[d] == 1 ? 0 : outIdx[d + offset];
        return at(x, idx);
    }

    // ---- elementwise ----

    /** {@code cond ? t : e}, the three broadcast together. */
    static Values select(Values cond, Values t, Values e) {
        int[] shape = OpTests.broadcastShape(cond.shape(), t.shape(), e.shape());
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            out[i] = broadcastAt(cond, idx) != 0 ? broadcastAt(t, idx) : broadcastAt(e, idx);
        }
        return of(shape, out);
    }

    /** ClipByValue: max(min(t, hi), lo), each bound a scalar or of t's shape. */
    static Values clipByValue(Values t, Values lo, Values hi) {
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            double l = lo.size() == 1 ? lo.v()[0] : lo.v()[i], h = hi.size() == 1 ? hi.v()[0] : hi.v()[i];
            out[i] = Math.max(Math.min(t.v()[i], h), l);
        }
        return of(t.shape(), out);
    }

    /** TensorFlow 1's Select: a vector condition picks rows of a higher-rank t and e. */
    static Values selectV1(Values cond, Values t, Values e) {
        if (rank(cond) == 1 && rank(t) > 1) {
            int[] rows = new int[rank(t)];
            Arrays.fill(rows, 1);
            rows[0] = cond.shape()[0];
            cond = new Values(rows, cond.v());
        }
        return select(cond, t, e);
    }

    /** Conversion as C's static_cast: to integers truncate toward zero, to bool test != 0, to float32 round. */
    static Values cast(Values x, DType to) {
        return OpTests.map(x, v -> switch (to) {
            case FLOAT32 -> (double) (float) v;
            case FLOAT64 -> v;
            case INT32, INT64 -> v < 0 ? Math.ceil(v) : Math.floor(v);
            case BOOL -> v != 0 ? 1 : 0;
            case STRING -> throw new IllegalArgumentException("numbers are not cast to strings");
        });
    }

    // ---- rearrangement ----

    /** out[i_0, .., i_r] = x[j] where j[perm[d]] = i_d. */
    static Values transpose(Values x, int... perm) {
        int[] shape = new int[perm.length];
        for (int d = 0; d < perm.length; d++) shape[d] = x.shape()[perm[d]];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] oi = unravel(i, shape);
            int[] src = new int[perm.length];
            for (int d = 0; d < perm.length; d++) src[perm[d]] = oi[d];
            out[i] = at(x, src);
        }
        return of(shape, out);
    }

    static Values expandDims(Values x, int axis) {
        int a = normAxis(axis, rank(x) + 1);
        List<Integer> dims = new ArrayList<>();
        for (int d : x.shape()) dims.add(d);
        dims.add(a, 1);
        return new Values(dims.stream().mapToInt(Integer::intValue).toArray(), x.v().clone());
    }

    /** Drops the listed axes (which must have size 1), or every size-1 axis when none are listed. */
    static Values squeeze(Values x, int[] axes) {
        boolean[] drop = new boolean[rank(x)];
        if (axes == null || axes.length == 0) for (int d = 0; d < rank(x); d++) drop[d] = x.shape()[d] == 1;
        else for (int a : axes) drop[normAxis(a, rank(x))] = true;
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < rank(x); d++) if (!drop[d]) dims.add(x.shape()[d]);
        return new Values(dims.stream().mapToInt(Integer::intValue).toArray(), x.v().clone());
    }

    static Values reverse(Values x, int[] axes) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, x.shape());
            for (int a : axes) {
                int d = normAxis(a, rank(x));
                idx[d] = x.shape()[d] - 1 - idx[d];
            }
            out[i] = at(x, idx);
        }
        return of(x.shape(), out);
    }

    /** The coordinates of the non-zero elements, one row each, row-major. */
    static Values whereTrue(Values x) {
        List<int[]> rows = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) if (x.v()[i] != 0) rows.add(unravel(i, x.shape()));
        double[] out = new double[rows.size() * rank(x)];
        for (int k = 0; k < rows.size(); k++) for (int d = 0; d < rank(x); d++) out[k * rank(x) + d] = rows.get(k)[d];
        return new Values(new int[] {rows.size(), rank(x)}, out);
    }

    /** The shape as a vector. */
    static Values shapeOf(Values x) {
        double[] out = new double[rank(x)];
        for (int d = 0; d < out.length; d++) out[d] = x.shape()[d];
        return new Values(new int[] {rank(x)}, out);
    }

    static Values scalar(double v) { return new Values(new int[0], new double[] {v}); }

    static Values filled(int[] shape, double value) {
        double[] out = new double[count(shape)];
        Arrays.fill(out, value);
        return of(shape, out);
    }

    /** Same values, a new shape; one -1 entry is solved from the element count. */
    static Values reshape(Values x, int[] target) {
        int[] shape = target.clone();
        int known = 1, unknown = -1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) unknown = d;
            else known *= shape[d];
        }
        if (unknown >= 0) shape[unknown] = x.size() / known;
        return new Values(shape, x.v().clone());
    }

    static Values concat(int axis, List<Values> xs) {
        int a = normAxis(axis, rank(xs.get(0)));
        int[] shape = xs.get(0).shape().clone();
        shape[a] = 0;
        for (Values x : xs) shape[a] += x.shape()[a];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            int k = 0;
            while (idx[a] >= xs.get(k).shape()[a]) idx[a] -= xs.get(k++).shape()[a];
            out[i] = at(xs.get(k), idx);
        }
        return of(shape, out);
    }

    static Values slice(Values x, int[] begin, int[] size) {
        int[] shape = new int[begin.length];
        for (int d = 0; d < shape.length; d++) shape[d] = size[d] == -1 ? x.shape()[d] - begin[d] : size[d];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            for (int d = 0; d < idx.length; d++) idx[d] += begin[d];
            out[i] = at(x, idx);
        }
        return of(shape, out);
    }

    /** x placed at (before_d) inside a tensor of {@code value}. */
    static Values pad(Values x, int[] pads, double value) {
        int[] shape = new int[rank(x)];
        for (int d = 0; d < shape.length; d++) shape[d] = x.shape()[d] + pads[2 * d] + pads[2 * d + 1];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            boolean inside = true;
            for (int d = 0; d < idx.length; d++) {
                idx[d] -= pads[2 * d];
                inside &= idx[d] >= 0 && idx[d] < x.shape()[d];
            }
            out[i] = inside ? at(x, idx) : value;
        }
        return of(shape, out);
    }

    /** The values stacked along a new axis {@code axis}. */
    static Values stack(int axis, List<Values> xs) {
        int a = normAxis(axis, rank(xs.get(0)) + 1);
        return concat(a, xs.stream().map(x -> expandDims(x, a)).toList());
    }

    /** The slices of {@code x} along {@code axis}, that axis removed. */
    static List<Values> unstack(Values x, int axis) {
        int a = normAxis(axis, rank(x));
        List<Values> out = new ArrayList<>();
        for (int k = 0; k < x.shape()[a]; k++) {
            int[] begin = new int[rank(x)], size = x.shape().clone();
            begin[a] = k;
            size[a] = 1;
            out.add(squeeze(slice(x, begin, size), new int[] {a}));
        }
        return out;
    }

    /** The pieces of {@code x} along {@code axis} of the given sizes. */
    static List<Values> split(Values x, int axis, int[] sizes) {
        int a = normAxis(axis, rank(x));
        List<Values> out = new ArrayList<>();
        int at = 0;
        for (int size : sizes) {
            int[] begin = new int[rank(x)], extent = x.shape().clone();
            begin[a] = at;
            extent[a] = size;
            out.add(slice(x, begin, extent));
            at += size;
        }
        return out;
    }

    /** out[i] = x[i mod dims]. */
    static Values tile(Values x, int[] multiples) {
        int[] shape = new int[rank(x)];
        for (int d = 0; d < shape.length; d++) shape[d] = x.shape()[d] * multiples[d];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            for (int d = 0; d < idx.length; d++) idx[d] %= x.shape()[d];
            out[i] = at(x, idx);
        }
        return of(shape, out);
    }

    static Values broadcastTo(Values x, int[] shape) {
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) out[i] = broadcastAt(x, unravel(i, shape));
        return of(shape, out);
    }

    /** start, start + delta, ... while before limit (after it, for a negative delta). */
    static Values range(double start, double limit, double delta) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; delta > 0 ? start + i * delta < limit : start + i * delta > limit; i++) v.add(start + i * delta);
        return new Values(new int[] {v.size()}, v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Matrix products over the last two axes (each transposed first where asked), the leading axes broadcast. */
    static Values batchMatmul(Values a, Values b, boolean ta, boolean tb) {
        int ra = rank(a), rb = rank(b);
        int[] batch = OpTests.broadcastShape(Arrays.copyOf(a.shape(), ra - 2), Arrays.copyOf(b.shape(), rb - 2));
        int m = a.shape()[ta ? ra - 1 : ra - 2], k = a.shape()[ta ? ra - 2 : ra - 1], n = b.shape()[tb ? rb - 2 : rb - 1];
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            int r = idx[batch.length], c = idx[batch.length + 1];
            int[] ia = new int[ra], ib = new int[rb];
            for (int d = 0; d < ra - 2; d++) ia[d] = a.shape()[d] == 1 ? 0 : idx[batch.length - (ra - 2) + d];
            for (int d = 0; d < rb - 2; d++) ib[d] = b.shape()[d] == 1 ? 0 : idx[batch.length - (rb - 2) + d];
            double sum = 0;
            for (int p = 0; p < k; p++) {
                ia[ra - 2] = ta ? p : r;
                ia[ra - 1] = ta ? r : p;
                ib[rb - 2] = tb ? c : p;
                ib[rb - 1] = tb ? p : c;
                sum += at(a, ia) * at(b, ib);
            }
            out[i] = sum;
        }
        return of(shape, out);
    }
}
