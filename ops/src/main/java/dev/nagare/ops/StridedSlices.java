package dev.nagare.ops;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.ops.OpTests.Values;
import java.util.Arrays;
import java.util.Map;

/**
 * The index arithmetic of TensorFlow's StridedSlice, shared by its shape rule and its kernels: the sparse
 * spec (begin, end, strides and the five masks) is expanded over the input's axes, an ellipsis standing for
 * as many full axes as needed (and an implicit one at the end), new axes adding size-1 dimensions and
 * shrunk axes taking one index and vanishing. Negative indices count from the end; out-of-range begin and
 * end are clamped as in Python, except a shrunk axis, whose index must exist.
 *
 * <p>Also the parts the entries of StridedSlice and StridedSliceGrad share: their attrs, where those go in
 * TensorFlow, and their samples.
 */
public final class StridedSlices {
    private StridedSlices() {}

    public static final Attr<int[]> BEGIN = Attr.ints("begin"), END = Attr.ints("end"), STRIDES = Attr.ints("strides");
    public static final Attr<Integer> BEGIN_MASK = Attr.integer("begin_mask", 0), END_MASK = Attr.integer("end_mask", 0),
            ELLIPSIS_MASK = Attr.integer("ellipsis_mask", 0), NEW_AXIS_MASK = Attr.integer("new_axis_mask", 0),
            SHRINK_AXIS_MASK = Attr.integer("shrink_axis_mask", 0);
    /** The spec: begin, end, strides and the five masks (bit i applies to entry i). */
    static final Attr<?>[] ATTRS = {BEGIN, END, STRIDES, BEGIN_MASK, END_MASK, ELLIPSIS_MASK, NEW_AXIS_MASK, SHRINK_AXIS_MASK};

    /** Plans the slice a node's attrs spell (see {@link #plan(int[], int[], int[], int[], int, int, int, int, int)}). */
    public static Plan plan(int[] dims, dev.nagare.graph.Node n) {
        return plan(dims, n.attr(BEGIN), n.attr(END), n.attr(STRIDES), n.attr(BEGIN_MASK), n.attr(END_MASK), n.attr(ELLIPSIS_MASK),
                n.attr(NEW_AXIS_MASK), n.attr(SHRINK_AXIS_MASK));
    }

    /** The spec written as TensorFlow writes it: begin, end and strides as int32 inputs 1 to 3, the masks as attrs. */
    static TfMapping mapping(TfMapping base) {
        return base.input(BEGIN, 1).input(END, 2).input(STRIDES, 3).attr(BEGIN_MASK, "begin_mask").attr(END_MASK, "end_mask")
                .attr(ELLIPSIS_MASK, "ellipsis_mask").attr(NEW_AXIS_MASK, "new_axis_mask").attr(SHRINK_AXIS_MASK, "shrink_axis_mask");
    }

    /** Input shape, begin, end, strides, then the masks: begin, end, ellipsis, new axis, shrink. */
    private static final int[][][] SPECS = {
        {{4, 5}, {1, 0}, {3, 5}, {1, 2}, {0, 0, 0, 0, 0}},      // x[1:3, 0:5:2]
        {{4, 5}, {0}, {0}, {-1}, {1, 1, 0, 0, 0}},              // x[::-1]
        {{4, 5}, {1, 0}, {-1, 0}, {1, -2}, {2, 2, 0, 0, 0}},    // x[1:-1, ::-2]
        {{4, 5}, {2}, {3}, {1}, {0, 0, 0, 0, 1}},               // x[2]
        {{4, 5}, {-1}, {0}, {1}, {0, 0, 0, 0, 1}},              // x[-1]
        {{4, 5}, {0, 1}, {0, 2}, {1, 1}, {0, 0, 1, 0, 2}},      // x[..., 1]
        {{4, 5}, {0, 0, 1}, {0, 0, 3}, {1, 1, 1}, {1, 1, 0, 2, 0}}, // x[:, None, 1:3]
        {{4, 5}, {-10, 3}, {10, 100}, {1, 1}, {0, 0, 0, 0, 0}}, // x[-10:10, 3:100], clamped
        {{4, 5}, {3}, {1}, {1}, {0, 0, 0, 0, 0}},               // x[3:1], empty
        {{4, 5}, {3, 4}, {0, 0}, {-1, -3}, {0, 0, 0, 0, 0}},    // x[3:0:-1, 4:0:-3]
        {{2, 3, 4}, {1, 0, 2}, {2, 0, 4}, {1, -1, 1}, {0, 2, 0, 0, 1}}, // x[1, ::-1, 2:4]
        {{2, 3, 4}, {0, 1}, {0, 0}, {1, 2}, {0, 2, 1, 0, 0}},   // x[..., 1::2]
        {{2, 3, 4}, {0, 0}, {1, 0}, {1, 1}, {0, 0, 2, 0, 1}},   // x[0, ...]
        {{2, 3, 4}, {0, 0, 0}, {0, 0, 0}, {1, 1, 1}, {0, 0, 2, 5, 0}}, // x[None, ..., None]
        {{5}, {4}, {-6}, {-1}, {0, 0, 0, 0, 0}},                // x[4:-6:-1], to the start
        {{}, {0}, {0}, {1}, {0, 0, 0, 1, 0}},                   // scalar[None]
        {{0, 3}, {0, 1}, {0, 3}, {1, 1}, {1, 0, 0, 0, 0}},      // empty[:, 1:3]
    };

    /**
     * The samples of StridedSlice (the input sliced) or of its gradient (input 0 the sliced input's shape, a
     * constant; input 1 the slice's gradient), with float64 references from {@link #reference}.
     */
    static OpTests tests(boolean gradient) {
        OpTests t = OpTests.of((node, in) -> gradient ? scatter(in.get(0), in.get(1), node) : reference(in.get(0), node), OpDef.DTypes.ALL);
        for (int[][] spec : SPECS) {
            Map<String, Object> attrs = Map.of("begin", spec[1], "end", spec[2], "strides", spec[3], "begin_mask", spec[4][0],
                    "end_mask", spec[4][1], "ellipsis_mask", spec[4][2], "new_axis_mask", spec[4][3], "shrink_axis_mask", spec[4][4]);
            if (!gradient) {
                t = t.sample(attrs, OpTests.in(spec[0], OpTests.U));
                continue;
            }
            int[] sliced = plan(spec[0], spec[1], spec[2], spec[3], spec[4][0], spec[4][1], spec[4][2], spec[4][3], spec[4][4]).outDims();
            double[] shape = Arrays.stream(spec[0]).asDoubleStream().toArray();
            t = t.sample(attrs, OpTests.constant(DType.INT32, new int[] {spec[0].length}, shape), OpTests.in(sliced, OpTests.U));
        }
        return t;
    }

    /**
     * NumPy's basic indexing as the spec spells it, written apart from {@link #plan}: entry i is an ellipsis, a
     * new axis, a single index (shrink) or a slice begin:end:stride whose missing ends (mask bits) and
     * out-of-range ends follow CPython's slice.indices.
     */
    static Values reference(Values x, dev.nagare.graph.Node node) {
        Picked p = picked(x.shape(), node);
        double[] out = new double[p.flat().length];
        for (int i = 0; i < out.length; i++) out[i] = x.v()[p.flat()[i]];
        return new Values(p.shape(), out);
    }

    /** The gradient: dy added into zeros of {@code shape} at the elements the slice read. */
    private static Values scatter(Values shape, Values dy, dev.nagare.graph.Node node) {
        int[] dims = References.ints(shape);
        Values out = References.filled(dims, 0);
        int[] from = picked(dims, node).flat();
        for (int i = 0; i < from.length; i++) out.v()[from[i]] += dy.v()[i];
        return out;
    }

    /** The slice's shape and, for each of its elements in order, the flat index of the input element it is. */
    private record Picked(int[] shape, int[] flat) {}

    private static Picked picked(int[] shape, dev.nagare.graph.Node node) {
        int[] begin = node.attr(BEGIN), end = node.attr(END), strides = node.attr(STRIDES);
        int beginMask = node.attr(BEGIN_MASK), endMask = node.attr(END_MASK), ellipsisMask = node.attr(ELLIPSIS_MASK);
        int newAxisMask = node.attr(NEW_AXIS_MASK), shrinkMask = node.attr(SHRINK_AXIS_MASK);
        int n = begin.length, rank = shape.length;
        int consuming = 0;
        for (int i = 0; i < n; i++) if ((ellipsisMask >> i & 1) == 0 && (newAxisMask >> i & 1) == 0) consuming++;
        // Per output axis: the input axis it walks (-1: a new axis) and the indices it takes.
        java.util.List<Integer> axisOf = new java.util.ArrayList<>();
        java.util.List<int[]> indicesOf = new java.util.ArrayList<>();
        int[] fixed = new int[rank];
        int in = 0;
        for (int i = 0; i <= n; i++) {
            boolean isEllipsis = i < n ? (ellipsisMask >> i & 1) != 0 : ellipsisMask == 0;
            if (isEllipsis) {
                for (int k = 0; k < rank - consuming; k++, in++) {
                    axisOf.add(in);
                    indicesOf.add(java.util.stream.IntStream.range(0, shape[in]).toArray());
                }
                continue;
            }
            if (i == n) break;
            if ((newAxisMask >> i & 1) != 0) { axisOf.add(-1); indicesOf.add(new int[] {0}); continue; }
            int d = shape[in];
            if ((shrinkMask >> i & 1) != 0) { fixed[in++] = begin[i] < 0 ? begin[i] + d : begin[i]; continue; }
            int step = strides[i];
            int lower = step > 0 ? 0 : -1, upper = step > 0 ? d : d - 1;
            int b = (beginMask >> i & 1) != 0 ? (step > 0 ? lower : upper) : begin[i] < 0 ? Math.max(begin[i] + d, lower) : Math.min(begin[i], upper);
            int e = (endMask >> i & 1) != 0 ? (step > 0 ? upper : lower) : end[i] < 0 ? Math.max(end[i] + d, lower) : Math.min(end[i], upper);
            java.util.List<Integer> idx = new java.util.ArrayList<>();
            for (int k = b; step > 0 ? k < e : k > e; k += step) idx.add(k);
            axisOf.add(in++);
            indicesOf.add(idx.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] outShape = indicesOf.stream().mapToInt(a -> a.length).toArray();
        int[] flat = new int[OpTests.count(outShape)];
        for (int i = 0; i < flat.length; i++) {
            int[] oi = OpTests.unravel(i, outShape), src = fixed.clone();
            for (int k = 0; k < oi.length; k++) if (axisOf.get(k) >= 0) src[axisOf.get(k)] = indicesOf.get(k)[oi[k]];
            flat[i] = OpTests.ravel(src, shape);
        }
        return new Picked(outShape, flat);
    }

    /** The slice of an input: per input axis its first index, step and length; and the output's shape. */
    public record Plan(int[] start, int[] stride, int[] size, int[] outDims) {}

    /** Thrown for a spec that cannot apply; the caller adds the node. */
    public static final class BadSpec extends RuntimeException {
        BadSpec(String m) { super(m, null, false, false); }
    }

    /**
     * Plans the slice of an input of {@code dims} (entries may be {@link Shape#UNKNOWN}: their output sizes
     * are unknown then, and only what can be checked is).
     */
    public static Plan plan(int[] dims, int[] begin, int[] end, int[] strides,
                            int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkMask) {
        int n = begin.length;
        if (end.length != n || strides.length != n) {
            throw new BadSpec("begin, end and strides differ in length: " + n + ", " + end.length + ", " + strides.length);
        }
        if (Integer.bitCount(ellipsisMask) > 1) throw new BadSpec("ellipsis_mask " + ellipsisMask + " marks more than one ellipsis");
        boolean hasEllipsis = ellipsisMask != 0;
        int sparse = hasEllipsis ? n : n + 1; // without an ellipsis, one is implied at the end
        int ellipsisAt = hasEllipsis ? Integer.numberOfTrailingZeros(ellipsisMask) : n;
        if (hasEllipsis && ellipsisAt >= n) throw new BadSpec("ellipsis_mask " + ellipsisMask + " marks an entry past the " + n + " given");
        int newAfter = 0;
        for (int i = ellipsisAt + 1; i < n; i++) if ((newAxisMask >> i & 1) != 0) newAfter++;
        int rank = dims.length;
        int[] start = new int[rank], stride = new int[rank], size = new int[rank];
        int[] out = new int[rank + n];
        int outRank = 0, full = 0;
        for (int i = 0; i < sparse; i++) {
            if (i == ellipsisAt) {
                int next = Math.min(rank - (sparse - i) + 1 + newAfter, rank);
                for (; full < next; full++) {
                    start[full] = 0;
                    stride[full] = 1;
                    size[full] = dims[full];
                    out[outRank++] = dims[full];
                }
                continue;
            }
            if ((newAxisMask >> i & 1) != 0) {
                out[outRank++] = 1;
                continue;
            }
            if (full >= rank) throw new BadSpec("the spec indexes " + (full + 1) + " axes of an input of rank " + rank);
            int s = strides[i], d = dims[full];
            if (s == 0) throw new BadSpec("strides[" + i + "] is 0");
            boolean shrink = (shrinkMask >> i & 1) != 0;
            if (shrink) {
                int idx = begin[i];
                if (d != Shape.UNKNOWN) {
                    long k = idx < 0 ? (long) idx + d : idx;
                    if (k < 0 || k >= d) throw new BadSpec("index " + idx + " of axis " + full + " is out of range for size " + d);
                    idx = (int) k;
                }
                start[full] = idx;
                stride[full] = 1;
                size[full] = 1;
            } else if (d == Shape.UNKNOWN) {
                start[full] = 0;
                stride[full] = s;
                size[full] = Shape.UNKNOWN;
                out[outRank++] = Shape.UNKNOWN;
            } else {
                boolean bm = (beginMask >> i & 1) != 0, em = (endMask >> i & 1) != 0;
                long b, e, len;
                if (s > 0) {
                    b = bm ? 0 : clamp(begin[i] < 0 ? (long) begin[i] + d : begin[i], 0, d);
                    e = em ? d : clamp(end[i] < 0 ? (long) end[i] + d : end[i], 0, d);
                    len = e > b ? (e - b + s - 1) / s : 0;
                } else {
                    b = bm ? d - 1 : clamp(begin[i] < 0 ? (long) begin[i] + d : begin[i], -1, d - 1);
                    e = em ? -1 : clamp(end[i] < 0 ? (long) end[i] + d : end[i], -1, d - 1);
                    len = b > e ? (b - e + (-(long) s) - 1) / -(long) s : 0;
                }
                start[full] = (int) b;
                stride[full] = s;
                size[full] = (int) len;
                out[outRank++] = (int) len;
            }
            full++;
        }
        if (full != rank) throw new BadSpec("the spec covers " + full + " axes of an input of rank " + rank);
        return new Plan(start, stride, size, Arrays.copyOf(out, outRank));
    }

    private static long clamp(long v, long lo, long hi) { return Math.max(lo, Math.min(hi, v)); }
}
