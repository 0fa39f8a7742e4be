package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.MathOps;
import java.util.Arrays;

/**
 * Reductions over axes. Every input element is folded into the output element it broadcasts from: the
 * kept-dims output shape broadcast to the input shape gives that mapping, so one loop serves all axes.
 * Floating sums accumulate in double.
 */
final class ReductionKernels {
    private ReductionKernels() {}

    private enum Kind { SUM, MEAN, MAX, MIN }

    static void register(KernelRegistry r) {
        r.add(MathOps.SUM, CpuKernel.bind(n -> reduce(n, Kind.SUM)), ElementwiseKernels.NUMERIC);
        r.add(MathOps.MEAN, CpuKernel.bind(n -> reduce(n, Kind.MEAN)), ElementwiseKernels.NUMERIC);
        r.add(MathOps.MAX, CpuKernel.bind(n -> reduce(n, Kind.MAX)), ElementwiseKernels.NUMERIC);
        r.add(MathOps.MIN, CpuKernel.bind(n -> reduce(n, Kind.MIN)), ElementwiseKernels.NUMERIC);
        r.add(MathOps.ARGMAX, CpuKernel.bind(ReductionKernels::argmax), ElementwiseKernels.NUMERIC);
        r.add(MathOps.UNSORTED_SEGMENT_SUM, CpuKernel.bind(ReductionKernels::segmentSum), ElementwiseKernels.NUMERIC);
        // ---- added for issue 11 ----
        r.add(MathOps.PROD, CpuKernel.bind(ReductionKernels::prod), ElementwiseKernels.NUMERIC);
        r.add(MathOps.ANY, CpuKernel.bind(n -> logical(n, true)), DType.BOOL);
        r.add(MathOps.ALL_OF, CpuKernel.bind(n -> logical(n, false)), DType.BOOL);
        r.add(MathOps.ARGMIN, CpuKernel.bind(n -> argIndex(n, true)), ElementwiseKernels.NUMERIC);
        r.add(MathOps.CUMSUM, CpuKernel.bind(ReductionKernels::cumsum), ElementwiseKernels.NUMERIC);
    }

    /**
     * out[ids[i], ...] += data[i, ...]; rows with a negative id are dropped (as TensorFlow drops them), ids at or
     * past num_segments fail naming the id.
     */
    private static CpuKernel segmentSum(Node node) {
        int segments = node.<Integer>attr("num_segments");
        return (ctx, in) -> {
            Tensor data = in[0], ids = in[1];
            int[] dims = data.shape().dims();
            int idRank = ids.rank();
            int[] idDims = ids.shape().dims();
            for (int i = 0; i < idRank; i++) {
                if (i >= dims.length || idDims[i] != dims[i]) {
                    throw ctx.fail("segment_ids of shape " + ids.shape() + " do not prefix data of shape " + data.shape());
                }
            }
            int[] out = new int[1 + dims.length - idRank];
            out[0] = segments;
            System.arraycopy(dims, idRank, out, 1, dims.length - idRank);
            Shape shape = Sizes.shape(ctx, out); // [segments, ...] may pass 2^31-1 elements however small data is
            int row = 1;
            for (int i = idRank; i < dims.length; i++) row *= dims[i];
            int n = 0;
            int[] source = new int[ids.size()], target = new int[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                long id = ids.dtype() == DType.INT32 ? ids.intData()[i] : ids.longData()[i];
                if (id >= segments) throw ctx.fail("segment id " + id + " is outside [0, " + segments + ")");
                if (id < 0) continue;
                source[n] = i;
                target[n++] = (int) id;
            }
            switch (data.dtype()) {
                case FLOAT32 -> { float[] d = data.floatData(), o = new float[shape.size()]; for (int i = 0; i < n; i++) for (int j = 0; j < row; j++) o[target[i] * row + j] += d[source[i] * row + j]; return Tensor.of(shape, o); }
                case FLOAT64 -> { double[] d = data.doubleData(), o = new double[shape.size()]; for (int i = 0; i < n; i++) for (int j = 0; j < row; j++) o[target[i] * row + j] += d[source[i] * row + j]; return Tensor.of(shape, o); }
                case INT32 -> { int[] d = data.intData(), o = new int[shape.size()]; for (int i = 0; i < n; i++) for (int j = 0; j < row; j++) o[target[i] * row + j] += d[source[i] * row + j]; return Tensor.of(shape, o); }
                case INT64 -> { long[] d = data.longData(), o = new long[shape.size()]; for (int i = 0; i < n; i++) for (int j = 0; j < row; j++) o[target[i] * row + j] += d[source[i] * row + j]; return Tensor.of(shape, o); }
                default -> throw ctx.fail("no bool kernel");
            }
        };
    }

    /** Which axes of a tensor of {@code rank} are reduced; null {@code axes} means all. An axis listed twice fails, as in TensorFlow. */
    static boolean[] reducedAxes(KernelContext ctx, int[] axes, int rank) {
        boolean[] reduce = new boolean[rank];
        if (axes == null) { Arrays.fill(reduce, true); return reduce; }
        for (int a : axes) {
            int x = a < 0 ? a + rank : a;
            if (x < 0 || x >= rank) throw ctx.fail("axis " + a + " is out of range for rank " + rank);
            if (reduce[x]) throw ctx.fail("axis " + x + " is listed twice in " + Arrays.toString(axes) + " for rank " + rank);
            reduce[x] = true;
        }
        return reduce;
    }

    private static CpuKernel reduce(Node node, Kind kind) {
        int[] axes = node.attrs().containsKey("axes") ? node.attr("axes") : null;
        boolean keepDims = Boolean.TRUE.equals(node.attrs().get("keep_dims")); // optional, as in inference
        return (ctx, in) -> {
            Tensor x = in[0];
            int[] dims = x.shape().dims();
            boolean[] reduce = reducedAxes(ctx, axes, dims.length);
            int[] kept = dims.clone();
            int count = 1;
            for (int d = 0; d < dims.length; d++) if (reduce[d]) { kept[d] = 1; count *= dims[d]; }
            Shape keptShape = Sizes.shape(ctx, kept); // an empty input may reduce to more than 2^31-1 elements
            Shape out = keepDims ? keptShape : dropReduced(dims, reduce);
            if (x.dtype() == DType.FLOAT32 && (kind == Kind.SUM || kind == Kind.MEAN)) {
                float[] fast = floatSumOfBlock(ctx, x.floatData(), dims, reduce, kind == Kind.MEAN ? count : 1);
                if (fast != null) return Tensor.of(out, fast);
            }
            int[] map = Broadcast.indexMap(keptShape, x.shape());
            int outSize = keptShape.size();
            double[] acc = new double[outSize];
            long[] iacc = new long[outSize];
            double init = switch (kind) { case MAX -> Double.NEGATIVE_INFINITY; case MIN -> Double.POSITIVE_INFINITY; default -> 0; };
            Arrays.fill(acc, init);
            long iinit = switch (kind) {
                case MAX -> x.dtype() == DType.INT32 ? Integer.MIN_VALUE : Long.MIN_VALUE;
                case MIN -> x.dtype() == DType.INT32 ? Integer.MAX_VALUE : Long.MAX_VALUE;
                default -> 0;
            };
            Arrays.fill(iacc, iinit);
            int n = x.size();
            boolean floating = x.dtype().isFloating();
            for (int i = 0; i < n; i++) {
                int o = Broadcast.at(map, i);
                if (floating) {
                    double v = x.dtype() == DType.FLOAT32 ? x.floatData()[i] : x.doubleData()[i];
                    acc[o] = switch (kind) {
                        case SUM, MEAN -> acc[o] + v;
                        // NaN wins, as in TensorFlow: Math.max/min propagate it.
                        case MAX -> Math.max(acc[o], v);
                        case MIN -> Math.min(acc[o], v);
                    };
                } else {
                    long v = x.dtype() == DType.INT32 ? x.intData()[i] : x.longData()[i];
                    iacc[o] = switch (kind) {
                        case SUM, MEAN -> iacc[o] + v;
                        case MAX -> Math.max(iacc[o], v);
                        case MIN -> Math.min(iacc[o], v);
                    };
                }
            }
            return switch (x.dtype()) {
                case FLOAT32 -> { float[] o = new float[outSize]; for (int i = 0; i < outSize; i++) o[i] = (float) finish(acc[i], kind, count); yield Tensor.of(out, o); }
                case FLOAT64 -> { double[] o = new double[outSize]; for (int i = 0; i < outSize; i++) o[i] = finish(acc[i], kind, count); yield Tensor.of(out, o); }
                case INT32 -> { int[] o = new int[outSize]; for (int i = 0; i < outSize; i++) o[i] = (int) finishInt(ctx, iacc[i], kind, count); yield Tensor.of(out, o); }
                case INT64 -> { long[] o = new long[outSize]; for (int i = 0; i < outSize; i++) o[i] = finishInt(ctx, iacc[i], kind, count); yield Tensor.of(out, o); }
                case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
            };
        };
    }

    /**
     * The float32 sum (divided by {@code divisor}) over reduced axes that form one contiguous block, the
     * common case (a row's softmax normalizer, a bias gradient over the batch): x viewed as
     * [outer, mid, inner] is summed over mid with double accumulators. Null when the axes are not contiguous.
     */
    private static float[] floatSumOfBlock(KernelContext ctx, float[] x, int[] dims, boolean[] reduce, int divisor) {
        int first = -1, last = -1;
        for (int d = 0; d < dims.length; d++) {
            if (!reduce[d]) continue;
            if (first < 0) first = d;
            else if (last != d - 1) return null;
            last = d;
        }
        if (first < 0) {
            float[] copy = ctx.floats(0, x.length);
            System.arraycopy(x, 0, copy, 0, x.length);
            return copy;
        }
        int outer = 1, mid = 1, inner = 1;
        for (int d = 0; d < first; d++) outer *= dims[d];
        for (int d = first; d <= last; d++) mid *= dims[d];
        for (int d = last + 1; d < dims.length; d++) inner *= dims[d];
        float[] out = ctx.floats(0, outer * inner);
        double[] acc = ctx.doubles(1, inner);
        int m = mid, in = inner, n = outer;
        if (outer == 1) {
            // One block (a bias gradient over the batch): split its columns over the cores.
            ElementwiseKernels.split(inner, mid, (c0, c1) -> sumBlock(x, 0, m, in, c0, c1, acc, out, divisor));
        } else {
            ElementwiseKernels.split(outer, mid * inner, (o0, o1) -> {
                double[] a = o0 == 0 && o1 == n ? acc : new double[in]; // a chunk of several needs its own
                for (int o = o0; o < o1; o++) sumBlock(x, o, m, in, 0, in, a, out, divisor);
            });
        }
        return out;
    }

    /** out[o, c] = sum over m of x[o, m, c] / divisor, for columns c0 <= c < c1, accumulating in acc[c]. */
    private static void sumBlock(float[] x, int o, int mid, int inner, int c0, int c1, double[] acc, float[] out, int divisor) {
        java.util.Arrays.fill(acc, c0, c1, 0);
        for (int m = 0; m < mid; m++) {
            int base = (o * mid + m) * inner;
            for (int i = c0; i < c1; i++) acc[i] += x[base + i];
        }
        for (int i = c0; i < c1; i++) out[o * inner + i] = (float) (acc[i] / divisor);
    }

    private static double finish(double acc, Kind kind, int count) {
        return kind == Kind.MEAN ? acc / count : acc;   // an empty mean is 0/0 = NaN, as in TensorFlow
    }

    private static long finishInt(KernelContext ctx, long acc, Kind kind, int count) {
        if (kind != Kind.MEAN) return acc;
        if (count == 0) throw ctx.fail("integer mean over zero elements");
        return acc / count;
    }

    static Shape dropReduced(int[] dims, boolean[] reduce) {
        int[] out = new int[dims.length];
        int r = 0;
        for (int d = 0; d < dims.length; d++) if (!reduce[d]) out[r++] = dims[d];
        return Shape.of(Arrays.copyOf(out, r));
    }

    /** x[i] > x[j], comparing integers exactly and letting NaN win as TensorFlow's argmax does. */
    private static boolean greater(Tensor x, int i, int j) {
        return switch (x.data()) {
            case int[] a -> a[i] > a[j];
            case long[] a -> a[i] > a[j];
            default -> {
                double v = x.getDouble(i), best = x.getDouble(j);
                yield v > best || (Double.isNaN(v) && !Double.isNaN(best));
            }
        };
    }

    private static CpuKernel argmax(Node node) { return argIndex(node, false); }

    /** x[i] < x[j], as {@link #greater} the other way round (NaN still wins). */
    private static boolean less(Tensor x, int i, int j) {
        return switch (x.data()) {
            case int[] a -> a[i] < a[j];
            case long[] a -> a[i] < a[j];
            default -> {
                double v = x.getDouble(i), best = x.getDouble(j);
                yield v < best || (Double.isNaN(v) && !Double.isNaN(best));
            }
        };
    }

    /** The product over axes; floats multiply in double, integers wrap as TensorFlow's do. An empty product is 1. */
    private static CpuKernel prod(Node node) {
        int[] axes = node.attrs().containsKey("axes") ? node.attr("axes") : null;
        boolean keepDims = Boolean.TRUE.equals(node.attrs().get("keep_dims"));
        return (ctx, in) -> {
            Tensor x = in[0];
            int[] dims = x.shape().dims();
            boolean[] reduce = reducedAxes(ctx, axes, dims.length);
            int[] kept = dims.clone();
            for (int d = 0; d < dims.length; d++) if (reduce[d]) kept[d] = 1;
            Shape keptShape = Sizes.shape(ctx, kept);
            Shape out = keepDims ? keptShape : dropReduced(dims, reduce);
            int[] map = Broadcast.indexMap(keptShape, x.shape());
            int outSize = keptShape.size(), n = x.size();
            if (x.dtype().isFloating()) {
                double[] acc = new double[outSize];
                Arrays.fill(acc, 1);
                for (int i = 0; i < n; i++) acc[Broadcast.at(map, i)] *= x.getDouble(i);
                if (x.dtype() == DType.FLOAT64) return Tensor.of(out, acc);
                float[] o = new float[outSize];
                for (int i = 0; i < outSize; i++) o[i] = (float) acc[i];
                return Tensor.of(out, o);
            }
            long[] acc = new long[outSize];
            Arrays.fill(acc, 1);
            if (x.dtype() == DType.INT32) {
                int[] a = x.intData();
                for (int i = 0; i < n; i++) acc[Broadcast.at(map, i)] *= a[i];
                int[] o = new int[outSize];
                for (int i = 0; i < outSize; i++) o[i] = (int) acc[i];
                return Tensor.of(out, o);
            }
            long[] a = x.longData();
            for (int i = 0; i < n; i++) acc[Broadcast.at(map, i)] *= a[i];
            return Tensor.of(out, acc);
        };
    }

    /** Running sums along an axis, in the input's type (float32 adds in float32, as TensorFlow's scan). */
    private static CpuKernel cumsum(Node node) {
        int axisAttr = node.<Integer>attr("axis");
        boolean exclusive = Boolean.TRUE.equals(node.attrs().get("exclusive")), reverse = Boolean.TRUE.equals(node.attrs().get("reverse"));
        return (ctx, in) -> {
            Tensor x = in[0];
            int[] dims = x.shape().dims();
            if (dims.length == 0) throw ctx.fail("needs rank >= 1, got a scalar");
            int axis = axisAttr < 0 ? axisAttr + dims.length : axisAttr;
            if (axis < 0 || axis >= dims.length) throw ctx.fail("axis " + axisAttr + " is out of range for shape " + x.shape());
            int len = dims[axis], inner = 1, outer = 1;
            for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
            for (int d = 0; d < axis; d++) outer *= dims[d];
            int n = x.size();
            Object out = java.lang.reflect.Array.newInstance(x.data().getClass().getComponentType(), n);
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    switch (x.data()) {
                        case float[] a -> { float[] b = (float[]) out; float acc = 0; for (int j = 0; j < len; j++) { int at = base + (reverse ? len - 1 - j : j) * inner; if (exclusive) { b[at] = acc; acc += a[at]; } else { acc += a[at]; b[at] = acc; } } }
                        case double[] a -> { double[] b = (double[]) out; double acc = 0; for (int j = 0; j < len; j++) { int at = base + (reverse ? len - 1 - j : j) * inner; if (exclusive) { b[at] = acc; acc += a[at]; } else { acc += a[at]; b[at] = acc; } } }
                        case int[] a -> { int[] b = (int[]) out; int acc = 0; for (int j = 0; j < len; j++) { int at = base + (reverse ? len - 1 - j : j) * inner; if (exclusive) { b[at] = acc; acc += a[at]; } else { acc += a[at]; b[at] = acc; } } }
                        case long[] a -> { long[] b = (long[]) out; long acc = 0; for (int j = 0; j < len; j++) { int at = base + (reverse ? len - 1 - j : j) * inner; if (exclusive) { b[at] = acc; acc += a[at]; } else { acc += a[at]; b[at] = acc; } } }
                        default -> throw ctx.fail("no bool kernel");
                    }
                }
            }
            return Tensor.of(x.dtype(), x.shape(), out);
        };
    }

    /** Any (or, {@code any}) or All (and) over axes of a bool tensor. */
    private static CpuKernel logical(Node node, boolean any) {
        int[] axes = node.attrs().containsKey("axes") ? node.attr("axes") : null;
        boolean keepDims = Boolean.TRUE.equals(node.attrs().get("keep_dims"));
        return (ctx, in) -> {
            Tensor x = in[0];
            int[] dims = x.shape().dims();
            boolean[] reduce = reducedAxes(ctx, axes, dims.length);
            int[] kept = dims.clone();
            for (int d = 0; d < dims.length; d++) if (reduce[d]) kept[d] = 1;
            Shape keptShape = Sizes.shape(ctx, kept);
            Shape out = keepDims ? keptShape : dropReduced(dims, reduce);
            int[] map = Broadcast.indexMap(keptShape, x.shape());
            boolean[] a = x.boolData(), o = new boolean[keptShape.size()];
            if (!any) Arrays.fill(o, true);
            for (int i = 0; i < a.length; i++) {
                int k = Broadcast.at(map, i);
                o[k] = any ? o[k] || a[i] : o[k] && a[i];
            }
            return Tensor.of(out, o);
        };
    }

    /** ArgMax, or ArgMin when {@code min}: the first index of the extreme value; NaN wins, as in TensorFlow. */
    private static CpuKernel argIndex(Node node, boolean min) {
        int axisAttr = node.<Integer>attr("axis");
        DType outType = node.attr(dev.nagare.ops.MathOps.OUTPUT_TYPE);
        return (ctx, in) -> {
            Tensor x = in[0];
            int[] dims = x.shape().dims();
            int axis = axisAttr < 0 ? axisAttr + dims.length : axisAttr;
            if (axis < 0 || axis >= dims.length) throw ctx.fail("axis " + axisAttr + " is out of range for shape " + x.shape());
            int len = dims[axis];
            if (len == 0) throw ctx.fail((min ? "argmin" : "argmax") + " over an empty axis " + axis + " of shape " + x.shape());
            int inner = 1;
            for (int d = axis + 1; d < dims.length; d++) inner *= dims[d];
            int outer = 1;
            for (int d = 0; d < axis; d++) outer *= dims[d];
            boolean[] reduce = new boolean[dims.length];
            reduce[axis] = true;
            Shape out = dropReduced(dims, reduce);
            long[] result = new long[outer * inner];
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) {
                    int base = o * len * inner + i;
                    int best = 0;
                    for (int j = 1; j < len; j++) {
                        if (min ? less(x, base + j * inner, base + best * inner) : greater(x, base + j * inner, base + best * inner)) best = j;
                    }
                    result[o * inner + i] = best;
                }
            }
            if (outType == DType.INT64) return Tensor.of(out, result);
            int[] r32 = new int[result.length];
            for (int i = 0; i < r32.length; i++) r32[i] = (int) result[i];
            return Tensor.of(out, r32);
        };
    }
}
