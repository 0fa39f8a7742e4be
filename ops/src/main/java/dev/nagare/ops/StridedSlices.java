package dev.nagare.ops;

import dev.nagare.graph.Shape;
import java.util.Arrays;

/**
 * The index arithmetic of TensorFlow's StridedSlice, shared by its shape rule and its kernels: the sparse
 * spec (begin, end, strides and the five masks) is expanded over the input's axes, an ellipsis standing for
 * as many full axes as needed (and an implicit one at the end), new axes adding size-1 dimensions and
 * shrunk axes taking one index and vanishing. Negative indices count from the end; out-of-range begin and
 * end are clamped as in Python, except a shrunk axis, whose index must exist.
 */
public final class StridedSlices {
    private StridedSlices() {}

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
