package dev.nagare.session.ops;

import static dev.nagare.ops.OpTests.broadcastShape;
import static dev.nagare.ops.OpTests.count;
import static dev.nagare.ops.OpTests.ravel;
import static dev.nagare.ops.OpTests.unravel;

import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain float64 reference implementations of Nagare's ops, written from the op's definition (TensorFlow and
 * NumPy semantics) with naive index arithmetic. Nothing here calls Nagare code other than reading the input
 * tensors' elements; each function works on {@link Arr}, a row-major double array with a shape.
 */
final class Reference {
    private Reference() {}

    /** A dense float64 array: shape and row-major values. Ints and bools (0/1) are held exactly. */
    record Arr(int[] shape, double[] v) {
        static Arr of(Tensor t) {
            double[] v = new double[t.size()];
            for (int i = 0; i < v.length; i++) v[i] = t.getDouble(i);
            return new Arr(t.shape().dims(), v);
        }

        static Arr zeros(int... shape) { return new Arr(shape.clone(), new double[count(shape)]); }

        int rank() { return shape.length; }
        int size() { return v.length; }
        double at(int[] index) { return v[ravel(index, shape)]; }

        @Override public String toString() { return Arrays.toString(shape) + " " + Arrays.toString(v); }
    }

    // ---- index arithmetic (count, unravel, ravel and broadcastShape are OpTests') ----

    static int normAxis(int axis, int rank) { return axis < 0 ? axis + rank : axis; }

    /** The element of {@code x} that lands at multi-index {@code outIdx} of the broadcast result. */
    static double broadcastAt(Arr x, int[] outIdx) {
        int[] idx = new int[x.rank()];
        int offset = outIdx.length - x.rank();
        for (int d = 0; d < idx.length; d++) idx[d] = x.shape[d] == 1 ? 0 : outIdx[d + offset];
        return x.at(idx);
    }

    // ---- elementwise ----

    static Arr map(Arr x, DoubleUnaryOperator f) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x.v[i]);
        return new Arr(x.shape, out);
    }

    static Arr zip(Arr a, Arr b, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape, b.shape);
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            out[i] = f.applyAsDouble(broadcastAt(a, idx), broadcastAt(b, idx));
        }
        return new Arr(shape, out);
    }

    static double sigmoid(double x) { return 1.0 / (1.0 + Math.exp(-x)); }

    static double relu(double x) { return x > 0 ? x : 0; }

    /** C-style integer division: the quotient truncated toward zero. */
    static double truncDiv(double a, double b) {
        double q = a / b;
        return q < 0 ? Math.ceil(q) : Math.floor(q);
    }

    static double bool(boolean b) { return b ? 1 : 0; }

    // ---- linear algebra and reductions ----

    static Arr matmul(Arr a, Arr b, boolean ta, boolean tb) {
        int m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
        int n = tb ? b.shape[0] : b.shape[1];
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a.at(new int[] {p, i}) : a.at(new int[] {i, p});
                    double y = tb ? b.at(new int[] {j, p}) : b.at(new int[] {p, j});
                    s += x * y;
                }
                out[i * n + j] = s;
            }
        }
        return new Arr(new int[] {m, n}, out);
    }

    enum Reduce { SUM, MEAN, MAX, MIN, PROD, ANY, ALL }

    /**
     * Reduces {@code axes} ({@code null}: all) of {@code x}. Groups the input elements by the index they keep,
     * then folds each group; {@code integer} makes the mean truncate as integer division does.
     */
    static Arr reduce(Arr x, int[] axes, boolean keepDims, Reduce kind, boolean integer) {
        int rank = x.rank();
        boolean[] reduced = new boolean[rank];
        if (axes == null) Arrays.fill(reduced, true);
        else for (int a : axes) reduced[normAxis(a, rank)] = true;
        int[] keptShape = new int[rank];
        List<Integer> outDims = new ArrayList<>();
        for (int d = 0; d < rank; d++) {
            keptShape[d] = reduced[d] ? 1 : x.shape[d];
            if (!reduced[d]) outDims.add(x.shape[d]);
            else if (keepDims) outDims.add(1);
        }
        int groups = count(keptShape);
        List<List<Double>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) members.add(new ArrayList<>());
        for (int i = 0; i < x.size(); i++) {
            int[] idx = unravel(i, x.shape);
            for (int d = 0; d < rank; d++) if (reduced[d]) idx[d] = 0;
            members.get(ravel(idx, keptShape)).add(x.v[i]);
        }
        double[] out = new double[groups];
        for (int g = 0; g < groups; g++) out[g] = fold(members.get(g), kind, integer);
        return new Arr(outDims.stream().mapToInt(Integer::intValue).toArray(), out);
    }

    private static double fold(List<Double> values, Reduce kind, boolean integer) {
        double sum = 0, max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, prod = 1;
        boolean any = false, all = true;
        for (double v : values) {
            prod *= v;
            any |= v != 0;
            all &= v != 0;
            sum += v;
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        return switch (kind) {
            case SUM -> sum;
            case MEAN -> integer ? truncDiv(sum, values.size()) : sum / values.size();
            case MAX -> max;
            case MIN -> min;
            case PROD -> prod;
            case ANY -> bool(any);
            case ALL -> bool(all);
        };
    }

    /** Index of the first smallest element along {@code axis}: the argmax of the negated values. */
    static Arr argmin(Arr x, int axis) {
        return argmax(map(x, v -> -v), axis);
    }

    /** TensorFlow's FloorMod: the remainder with the divisor's sign. */
    static double floorMod(double a, double b) {
        double m = a % b;
        return m != 0 && (b < 0) != (m < 0) ? m + b : m;
    }

    static double softplus(double x) { return Math.log1p(Math.exp(x)); }

    /** Index of the first largest element along {@code axis}. */
    static Arr argmax(Arr x, int axis) {
        int a = normAxis(axis, x.rank());
        int[] outShape = new int[x.rank() - 1];
        for (int d = 0, o = 0; d < x.rank(); d++) if (d != a) outShape[o++] = x.shape[d];
        double[] out = new double[count(outShape)];
        for (int i = 0; i < out.length; i++) {
            int[] oi = unravel(i, outShape);
            int[] idx = new int[x.rank()];
            for (int d = 0, o = 0; d < x.rank(); d++) idx[d] = d == a ? 0 : oi[o++];
            int best = 0;
            double bestValue = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < x.shape[a]; j++) {
                idx[a] = j;
                if (x.at(idx) > bestValue) { bestValue = x.at(idx); best = j; }
            }
            out[i] = best;
        }
        return new Arr(outShape, out);
    }

    // ---- rearrangement ----

    /** Same values, new shape; one -1 entry is solved from the element count. */
    static Arr reshape(Arr x, int... target) {
        int[] shape = target.clone();
        int known = 1, unknown = -1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) unknown = d;
            else known *= shape[d];
        }
        if (unknown >= 0) shape[unknown] = x.size() / known;
        return new Arr(shape, x.v.clone());
    }

    /** out[p..., i..., q...] = params[p..., indices[i...], q...] with the index axis at {@code axis}. */
    static Arr gather(Arr params, Arr indices, int axis) {
        int a = normAxis(axis, params.rank());
        int ir = indices.rank();
        int[] shape = new int[params.rank() - 1 + ir];
        for (int d = 0; d < a; d++) shape[d] = params.shape[d];
        for (int d = 0; d < ir; d++) shape[a + d] = indices.shape[d];
        for (int d = a + 1; d < params.rank(); d++) shape[d - 1 + ir] = params.shape[d];
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] oi = unravel(i, shape);
            int[] src = new int[params.rank()];
            for (int d = 0; d < a; d++) src[d] = oi[d];
            src[a] = (int) indices.at(Arrays.copyOfRange(oi, a, a + ir));
            for (int d = a + 1; d < params.rank(); d++) src[d] = oi[d - 1 + ir];
            out[i] = params.at(src);
        }
        return new Arr(shape, out);
    }

    /** A new last axis of {@code depth}: on where the index equals the position, off elsewhere. */
    static Arr oneHot(Arr indices, int depth, double on, double off) {
        int[] shape = Arrays.copyOf(indices.shape, indices.rank() + 1);
        shape[indices.rank()] = depth;
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            double which = indices.at(Arrays.copyOf(idx, indices.rank()));
            out[i] = which == idx[indices.rank()] ? on : off;
        }
        return new Arr(shape, out);
    }

    static Arr fill(int[] shape, double value) {
        double[] out = new double[count(shape)];
        Arrays.fill(out, value);
        return new Arr(shape.clone(), out);
    }

    // ---- neural network ----

    /** exp(x_i) / sum_j exp(x_j) along the last axis (inputs here are small, so no shift is needed). */
    static Arr softmax(Arr x) {
        return lastAxis(x, false);
    }

    /** x_i - log(sum_j exp(x_j)) along the last axis. */
    static Arr logSoftmax(Arr x) {
        return lastAxis(x, true);
    }

    private static Arr lastAxis(Arr x, boolean log) {
        int cols = x.shape[x.rank() - 1];
        double[] out = new double[x.size()];
        for (int row = 0; cols > 0 && row < x.size() / cols; row++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(x.v[row * cols + c]);
            for (int c = 0; c < cols; c++) {
                double xi = x.v[row * cols + c];
                out[row * cols + c] = log ? xi - Math.log(sum) : Math.exp(xi) / sum;
            }
        }
        return new Arr(x.shape, out);
    }

    // ---- added for issue 11 ----

    /** Running sums along {@code axis}: exclusive ones leave out their own element, reversed ones run from the end. */
    static Arr cumsum(Arr x, int axis, boolean exclusive, boolean reverse) {
        int a = normAxis(axis, x.rank());
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, x.shape);
            int at = idx[a];
            double sum = 0;
            for (int j = 0; j < x.shape[a]; j++) {
                boolean in = reverse ? (exclusive ? j > at : j >= at) : (exclusive ? j < at : j <= at);
                if (!in) continue;
                idx[a] = j;
                sum += x.at(idx);
            }
            out[i] = sum;
        }
        return new Arr(x.shape, out);
    }

    /** Matrix products over the last two axes, the leading axes broadcast. */
    static Arr batchMatmul(Arr a, Arr b, boolean ta, boolean tb) {
        int ra = a.rank(), rb = b.rank();
        int[] batch = broadcastShape(Arrays.copyOf(a.shape, ra - 2), Arrays.copyOf(b.shape, rb - 2));
        int m = a.shape[ta ? ra - 1 : ra - 2], k = a.shape[ta ? ra - 2 : ra - 1], n = b.shape[tb ? rb - 2 : rb - 1];
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, shape);
            int r = idx[batch.length], c = idx[batch.length + 1];
            int[] ia = new int[ra], ib = new int[rb];
            for (int d = 0; d < ra - 2; d++) ia[d] = a.shape[d] == 1 ? 0 : idx[batch.length - (ra - 2) + d];
            for (int d = 0; d < rb - 2; d++) ib[d] = b.shape[d] == 1 ? 0 : idx[batch.length - (rb - 2) + d];
            double sum = 0;
            for (int p = 0; p < k; p++) {
                ia[ra - 2] = ta ? p : r; ia[ra - 1] = ta ? r : p;
                ib[rb - 2] = tb ? c : p; ib[rb - 1] = tb ? p : c;
                sum += a.at(ia) * b.at(ib);
            }
            out[i] = sum;
        }
        return new Arr(shape, out);
    }

    /** The k largest of each row, largest first, ties by lower index; their values, or their indices. */
    static Arr topK(Arr x, int k, boolean indices) {
        int n = x.shape[x.rank() - 1], rows = n == 0 ? 0 : x.size() / n;
        int[] shape = x.shape.clone();
        shape[shape.length - 1] = k;
        double[] out = new double[count(shape)];
        for (int r = 0; r < rows; r++) {
            boolean[] taken = new boolean[n];
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int c = 0; c < n; c++) if (!taken[c] && (best < 0 || x.v[r * n + c] > x.v[r * n + best])) best = c;
                taken[best] = true;
                out[r * k + j] = indices ? best : x.v[r * n + best];
            }
        }
        return new Arr(shape, out);
    }

    /** True where fewer than k predictions of the row beat the target's (out-of-range targets: false). */
    static Arr inTopK(Arr p, Arr targets, int k) {
        int batch = p.shape[0], classes = p.shape[1];
        double[] out = new double[batch];
        for (int b = 0; b < batch; b++) {
            int t = (int) targets.v[b];
            if (t < 0 || t >= classes) continue;
            int above = 0;
            for (int c = 0; c < classes; c++) if (p.v[b * classes + c] > p.v[b * classes + t]) above++;
            out[b] = bool(above < k);
        }
        return new Arr(new int[] {batch}, out);
    }

}
