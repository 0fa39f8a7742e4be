package dev.nagare.device.cpu;

import static dev.nagare.device.cpu.Broadcast.at;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ArrayOps;
import java.lang.reflect.Array;
import java.util.Arrays;

/**
 * Kernels of the array ops: constants, casts, reshapes, concatenation, slicing, gathering.
 *
 * <p>Static shapes may be partial or of unknown rank, so every kernel works from its inputs' run-time shapes
 * and re-checks what inference could not. Tensors are immutable, so ops that only relabel the shape share
 * the input's array. Data movement is generic over dtypes: contiguous runs move with System.arraycopy, and
 * the few element-by-element loops switch on the array type once, outside the loop.
 *
 * <p>Output shapes are computed in long and checked by {@link Sizes} before anything is allocated, and a
 * kernel whose input or output is empty returns before its index arithmetic: so every product of dimensions
 * below is at most the length of an array that exists, and int arithmetic on them cannot overflow.
 */
final class ArrayKernels {
    private ArrayKernels() {}

    static void register(KernelRegistry r) {
        // Placeholder has no kernel: the session feeds it.
        r.addAllTypes(ArrayOps.CONST, CpuKernel.bind(node -> {
            Tensor value = node.attr("value");
            return (ctx, in) -> value;
        }));
        r.addAllTypes(ArrayOps.IDENTITY, CpuKernel.of((ctx, in) -> in[0]));
        r.addAllTypes(ArrayOps.CAST, CpuKernel.bind(node -> {
            DType to = node.attr("DstT");
            return (ctx, in) -> Tensor.of(to, in[0].shape(), cast(in[0].data(), to));
        }));
        r.addAllTypes(ArrayOps.RESHAPE, CpuKernel.bind(node -> {
            int[] target = node.attr("shape");
            return (ctx, in) -> reshape(ctx, in[0], target);
        }));
        r.addAllTypes(ArrayOps.TRANSPOSE, CpuKernel.bind(node -> {
            int[] perm = node.attr("perm");
            return (ctx, in) -> transpose(ctx, in[0], perm);
        }));
        r.addAllTypes(ArrayOps.CONCAT, CpuKernel.bind(node -> {
            int axis = node.<Integer>attr("axis");
            return (ctx, in) -> concat(ctx, in, axis);
        }));
        r.addAllTypes(ArrayOps.SLICE, CpuKernel.bind(node -> {
            int[] begin = node.attr("begin"), size = node.attr("size");
            return (ctx, in) -> slice(ctx, in[0], begin, size);
        }));
        r.addAllTypes(ArrayOps.GATHER, CpuKernel.bind(node -> {
            int axis = node.<Integer>attr("axis");
            return (ctx, in) -> gather(ctx, in[0], in[1], axis);
        }));
        r.addAllTypes(ArrayOps.ONE_HOT, CpuKernel.bind(node -> {
            int depth = node.<Integer>attr("depth");
            DType type = node.attr("dtype");
            Object on = cast(new double[] {node.<Double>attr("on_value")}, type);
            Object off = cast(new double[] {node.<Double>attr("off_value")}, type);
            return (ctx, in) -> oneHot(ctx, in[0], depth, type, on, off);
        }));
        r.addAllTypes(ArrayOps.FILL, CpuKernel.bind(node -> {
            Shape shape = Shape.of(node.<int[]>attr("shape"));
            return (ctx, in) -> {
                if (in[0].rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + in[0].shape());
                return Tensor.of(in[0].dtype(), shape, filled(in[0].data(), shape.size()));
            };
        }));
        r.addAllTypes(ArrayOps.SHAPE, CpuKernel.of((ctx, in) -> Tensor.of(Shape.of(in[0].rank()), in[0].shape().dims())));
        r.addAllTypes(ArrayOps.EXPAND_DIMS, CpuKernel.bind(node -> {
            int axis = node.<Integer>attr("axis");
            return (ctx, in) -> {
                int[] dims = in[0].shape().dims();
                int a = axis(ctx, axis, dims.length + 1);
                int[] out = new int[dims.length + 1];
                System.arraycopy(dims, 0, out, 0, a);
                out[a] = 1;
                System.arraycopy(dims, a, out, a + 1, dims.length - a);
                return Tensor.of(in[0].dtype(), Shape.of(out), in[0].data());
            };
        }));
        r.addAllTypes(ArrayOps.SQUEEZE, CpuKernel.bind(node -> {
            int[] which = node.attrs().containsKey("squeeze_dims") ? node.attr("squeeze_dims") : new int[0];
            return (ctx, in) -> squeeze(ctx, in[0], which);
        }));
        r.addAllTypes(ArrayOps.SELECT, CpuKernel.of((ctx, in) -> select(ctx, in[0], in[1], in[2])));
        r.addAllTypes(ArrayOps.PLACEHOLDER_WITH_DEFAULT, CpuKernel.of((ctx, in) -> in[0]));
        r.addAllTypes(ArrayOps.ZEROS_LIKE, CpuKernel.of((ctx, in) -> Tensor.zeros(in[0].dtype(), in[0].shape())));
        r.addAllTypes(ArrayOps.ONES_LIKE, CpuKernel.of((ctx, in) -> Tensor.of(in[0].dtype(), in[0].shape(),
                filled(cast(new double[] {1}, in[0].dtype()), in[0].size()))));
        r.addAllTypes(ArrayOps.PAD, CpuKernel.bind(node -> {
            int[] paddings = node.attr("paddings");
            return (ctx, in) -> pad(ctx, in[0], paddings);
        }));
    }

    // ---- kernels ----

    private static Tensor reshape(KernelContext ctx, Tensor x, int[] target) {
        int[] dims = target.clone();
        int inferred = -1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < -1 || dims[i] == -1 && inferred >= 0) throw ctx.fail("bad target shape " + Arrays.toString(target));
            if (dims[i] == -1) inferred = i;
        }
        // Saturates past 2^31-1: a wrapped product could divide n and give a wrong shape.
        long known = Shape.elements(Arrays.stream(dims).filter(d -> d != -1).toArray());
        long n = x.size();
        if (inferred >= 0 && known != 0 && n % known == 0) dims[inferred] = (int) (n / known);
        if (inferred >= 0 ? dims[inferred] == -1 : known != n) {
            throw ctx.fail("cannot reshape " + x.shape() + " (" + n + " elements) into " + Arrays.toString(target));
        }
        return Tensor.of(x.dtype(), Shape.of(dims), x.data());
    }

    private static Tensor transpose(KernelContext ctx, Tensor x, int[] perm) {
        int r = perm.length;
        int[] dims = x.shape().dims();
        // Inference skips these checks when the rank is unknown, so they are repeated here.
        if (dims.length != r) throw ctx.fail("perm " + Arrays.toString(perm) + " does not fit an input of shape " + x.shape());
        boolean[] seen = new boolean[r];
        for (int p : perm) {
            if (p < 0 || p >= r || seen[p]) throw ctx.fail("perm " + Arrays.toString(perm) + " is not a permutation of 0.." + (r - 1));
            seen[p] = true;
        }
        int[] strides = strides(dims), out = new int[r];
        for (int i = 0; i < r; i++) out[i] = dims[perm[i]];
        // Trailing axes that stay in place are contiguous in both layouts: move them as whole runs.
        int k = r;
        while (k > 0 && perm[k - 1] == k - 1) k--;
        if (k == 0 || x.size() == 0) return Tensor.of(x.dtype(), Shape.of(out), x.data());
        int[] outerStrides = new int[k];
        for (int i = 0; i < k; i++) outerStrides[i] = strides[perm[i]];
        Object data = take(x.data(), offsets(Arrays.copyOf(out, k), outerStrides, 0), strides[k - 1]);
        return Tensor.of(x.dtype(), Shape.of(out), data);
    }

    private static Tensor concat(KernelContext ctx, Tensor[] in, int axisAttr) {
        Shape first = in[0].shape();
        if (first.rank() == 0) throw ctx.fail("cannot concatenate scalars");
        int axis = axis(ctx, axisAttr, first.rank());
        int[] dims = first.dims();
        long[] joined = new long[dims.length];
        for (int i = 0; i < in.length; i++) {
            Shape s = in[i].shape();
            boolean fits = s.rank() == dims.length;
            for (int d = 0; fits && d < dims.length; d++) fits = d == axis || s.dim(d) == dims[d];
            if (!fits) throw ctx.fail("input " + i + " has shape " + s + " but input 0 has " + first + " (joining along axis " + axis + ")");
            joined[axis] += s.dim(axis);
        }
        for (int d = 0; d < dims.length; d++) if (d != axis) joined[d] = dims[d];
        Shape shape = Sizes.shape(ctx, joined);
        if (shape.size() == 0) return Tensor.zeros(in[0].dtype(), shape);
        int[] out = shape.dims();
        int outer = product(out, 0, axis), inner = product(out, axis + 1, out.length);
        Object data = Array.newInstance(in[0].data().getClass().getComponentType(), shape.size());
        // Row-major: for each outer index, the inputs' slabs follow one another.
        int pos = 0;
        for (int o = 0; o < outer; o++) {
            for (Tensor t : in) {
                int chunk = t.shape().dim(axis) * inner;
                System.arraycopy(t.data(), o * chunk, data, pos, chunk);
                pos += chunk;
            }
        }
        return Tensor.of(in[0].dtype(), shape, data);
    }

    private static Tensor slice(KernelContext ctx, Tensor x, int[] begin, int[] size) {
        int r = begin.length;
        int[] dims = x.shape().dims(), out = new int[r];
        if (dims.length != r) throw ctx.fail("begin has " + r + " entries for an input of shape " + x.shape());
        for (int i = 0; i < r; i++) {
            out[i] = size[i] == -1 ? dims[i] - begin[i] : size[i];
            if (begin[i] < 0 || out[i] < 0 || (long) begin[i] + out[i] > dims[i]) { // long: begin + size may pass 2^31-1
                throw ctx.fail("slice begin " + Arrays.toString(begin) + " size " + Arrays.toString(size) + " runs past shape " + x.shape());
            }
        }
        if (Arrays.equals(out, dims)) return x;
        if (Shape.elements(out) == 0) return Tensor.zeros(x.dtype(), Shape.of(out));
        int[] strides = strides(dims);
        int base = 0;
        for (int i = 0; i < r; i++) base += begin[i] * strides[i];
        // The last axis is contiguous in input and output: copy one run per row.
        Object data = take(x.data(), offsets(Arrays.copyOf(out, r - 1), strides, base), out[r - 1]);
        return Tensor.of(x.dtype(), Shape.of(out), data);
    }

    private static Tensor pad(KernelContext ctx, Tensor x, int[] pads) {
        int[] dims = x.shape().dims();
        int r = dims.length;
        if (pads.length != 2 * r) throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis of " + x.shape());
        // As TensorFlow's Pad: a negative padding would crop, and cropping is Slice's job.
        for (int p : pads) if (p < 0) throw ctx.fail("negative padding in " + Arrays.toString(pads));
        if (r == 0) return x;
        long[] padded = new long[r];
        for (int i = 0; i < r; i++) padded[i] = (long) dims[i] + pads[2 * i] + pads[2 * i + 1];
        Shape shape = Sizes.shape(ctx, padded);
        if (x.size() == 0) return Tensor.zeros(x.dtype(), shape); // all padding
        int[] out = shape.dims();
        int[] outStrides = strides(out);
        int base = 0;
        for (int i = 0; i < r; i++) base += pads[2 * i] * outStrides[i];
        // Each row of the input (its last axis) lands contiguously in the output at its padded offset.
        int[] starts = offsets(Arrays.copyOf(dims, r - 1), outStrides, base);
        Object data = Array.newInstance(x.data().getClass().getComponentType(), shape.size());
        int run = dims[r - 1];
        for (int i = 0; i < starts.length; i++) System.arraycopy(x.data(), i * run, data, starts[i], run);
        return Tensor.of(x.dtype(), shape, data);
    }

    private static Tensor gather(KernelContext ctx, Tensor params, Tensor indices, int axisAttr) {
        int[] p = params.shape().dims();
        if (p.length == 0) throw ctx.fail("params must have rank >= 1, got a scalar");
        int axis = axis(ctx, axisAttr, p.length);
        long[] idx = (long[]) cast(indices.data(), DType.INT64);
        int limit = p[axis];
        for (long i : idx) {
            if (i < 0 || i >= limit) {
                throw ctx.fail("index " + i + " is out of range [0, " + limit + ") for axis " + axis + " of params of shape " + params.shape());
            }
        }
        int[] ix = indices.shape().dims(), out = new int[p.length - 1 + ix.length];
        System.arraycopy(p, 0, out, 0, axis);
        System.arraycopy(ix, 0, out, axis, ix.length);
        System.arraycopy(p, axis + 1, out, axis + ix.length, p.length - axis - 1);
        Shape shape = Sizes.shape(ctx, out);
        if (shape.size() == 0) return Tensor.zeros(params.dtype(), shape);
        int outer = product(p, 0, axis), inner = product(p, axis + 1, p.length);
        int[] starts = new int[outer * idx.length];
        for (int o = 0, s = 0; o < outer; o++) {
            for (long i : idx) starts[s++] = (o * limit + (int) i) * inner;
        }
        return Tensor.of(params.dtype(), shape, take(params.data(), starts, inner));
    }

    /** {@code on} and {@code off} are one-element arrays of {@code type}; indices outside [0, depth) give all-off rows. */
    private static Tensor oneHot(KernelContext ctx, Tensor indices, int depth, DType type, Object on, Object off) {
        long[] idx = (long[]) cast(indices.data(), DType.INT64);
        int[] dims = Arrays.copyOf(indices.shape().dims(), indices.rank() + 1);
        dims[dims.length - 1] = depth;
        Shape shape = Sizes.shape(ctx, dims);
        Object data = filled(off, shape.size());
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] >= 0 && idx[i] < depth) System.arraycopy(on, 0, data, i * depth + (int) idx[i], 1);
        }
        return Tensor.of(type, shape, data);
    }

    /** {@code which} empty: drop every size-1 axis. */
    private static Tensor squeeze(KernelContext ctx, Tensor x, int[] which) {
        int[] dims = x.shape().dims();
        boolean[] drop = new boolean[dims.length];
        if (which.length == 0) {
            for (int i = 0; i < dims.length; i++) drop[i] = dims[i] == 1;
        }
        for (int a : which) {
            int d = axis(ctx, a, dims.length);
            if (dims[d] != 1) throw ctx.fail("cannot squeeze axis " + a + " of size " + dims[d] + " in " + x.shape());
            drop[d] = true;
        }
        int[] out = new int[dims.length];
        int n = 0;
        for (int i = 0; i < dims.length; i++) if (!drop[i]) out[n++] = dims[i];
        return Tensor.of(x.dtype(), Shape.of(Arrays.copyOf(out, n)), x.data());
    }

    private static Tensor select(KernelContext ctx, Tensor cond, Tensor t, Tensor e) {
        Shape shape = Broadcast.shape(ctx, cond.shape(), t.shape(), e.shape());
        int[] cm = Broadcast.indexMap(cond.shape(), shape), tm = Broadcast.indexMap(t.shape(), shape), em = Broadcast.indexMap(e.shape(), shape);
        boolean[] c = cond.boolData();
        int n = shape.size();
        Object data = switch (t.data()) {
            case float[] a -> { float[] b = (float[]) e.data(), o = new float[n]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            case double[] a -> { double[] b = (double[]) e.data(), o = new double[n]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            case int[] a -> { int[] b = (int[]) e.data(), o = new int[n]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            case long[] a -> { long[] b = (long[]) e.data(), o = new long[n]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            case boolean[] a -> { boolean[] b = (boolean[]) e.data(), o = new boolean[n]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            default -> throw new AssertionError(t.data().getClass());
        };
        return Tensor.of(t.dtype(), shape, data);
    }


    // ---- data movement ----

    /**
     * Converts as C does: floating to integer truncates toward zero, int64 to int32 keeps the low bits, bool
     * becomes 0 or 1 and a number becomes {@code x != 0}. Returns {@code src} itself when no conversion is needed.
     */
    static Object cast(Object src, DType to) {
        if (src.getClass() == Tensor.arrayClass(to)) return src;
        if (src instanceof boolean[] b) { // 0 and 1 are exact in every numeric type
            int[] v = new int[b.length];
            for (int i = 0; i < v.length; i++) v[i] = b[i] ? 1 : 0;
            return cast(v, to);
        }
        int n = Array.getLength(src);
        switch (to) {
            case FLOAT32 -> {
                float[] o = new float[n];
                if (src instanceof double[] a) for (int i = 0; i < n; i++) o[i] = (float) a[i];
                else if (src instanceof int[] a) for (int i = 0; i < n; i++) o[i] = a[i];
                else { long[] a = (long[]) src; for (int i = 0; i < n; i++) o[i] = a[i]; }
                return o;
            }
            case FLOAT64 -> {
                double[] o = new double[n];
                if (src instanceof float[] a) for (int i = 0; i < n; i++) o[i] = a[i];
                else if (src instanceof int[] a) for (int i = 0; i < n; i++) o[i] = a[i];
                else { long[] a = (long[]) src; for (int i = 0; i < n; i++) o[i] = a[i]; }
                return o;
            }
            case INT32 -> {
                int[] o = new int[n];
                if (src instanceof float[] a) for (int i = 0; i < n; i++) o[i] = (int) a[i];
                else if (src instanceof double[] a) for (int i = 0; i < n; i++) o[i] = (int) a[i];
                else { long[] a = (long[]) src; for (int i = 0; i < n; i++) o[i] = (int) a[i]; }
                return o;
            }
            case INT64 -> {
                long[] o = new long[n];
                if (src instanceof float[] a) for (int i = 0; i < n; i++) o[i] = (long) a[i];
                else if (src instanceof double[] a) for (int i = 0; i < n; i++) o[i] = (long) a[i];
                else { int[] a = (int[]) src; for (int i = 0; i < n; i++) o[i] = a[i]; }
                return o;
            }
            case BOOL -> {
                boolean[] o = new boolean[n];
                if (src instanceof float[] a) for (int i = 0; i < n; i++) o[i] = a[i] != 0;
                else if (src instanceof double[] a) for (int i = 0; i < n; i++) o[i] = a[i] != 0;
                else if (src instanceof int[] a) for (int i = 0; i < n; i++) o[i] = a[i] != 0;
                else { long[] a = (long[]) src; for (int i = 0; i < n; i++) o[i] = a[i] != 0; }
                return o;
            }
            default -> throw new AssertionError(to);
        }
    }

    /** Runs of {@code run} elements of {@code src} starting at each of {@code starts}, back to back in a new array. */
    private static Object take(Object src, int[] starts, int run) {
        int n = starts.length * run;
        if (run != 1) {
            Object out = Array.newInstance(src.getClass().getComponentType(), n);
            for (int i = 0; run > 0 && i < starts.length; i++) System.arraycopy(src, starts[i], out, i * run, run);
            return out;
        }
        // Runs of one element: a plain gather, too slow through arraycopy per element.
        return switch (src) {
            case float[] a -> { float[] o = new float[n]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
            case double[] a -> { double[] o = new double[n]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
            case int[] a -> { int[] o = new int[n]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
            case long[] a -> { long[] o = new long[n]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
            case boolean[] a -> { boolean[] o = new boolean[n]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
            default -> throw new AssertionError(src.getClass());
        };
    }

    /** An array of {@code n} copies of the single element of {@code one}, built by doubling copies. */
    private static Object filled(Object one, int n) {
        Object out = Array.newInstance(one.getClass().getComponentType(), n);
        if (n > 0) System.arraycopy(one, 0, out, 0, 1);
        for (int have = 1; have < n; ) {
            int c = Math.min(have, n - have);
            System.arraycopy(out, 0, out, have, c);
            have += c;
        }
        return out;
    }

    /** {@code base + Σ i_d * strides[d]} for every index of {@code dims}, in row-major order. */
    private static int[] offsets(int[] dims, int[] strides, int base) {
        int n = product(dims, 0, dims.length);
        int[] out = new int[n], counter = new int[dims.length];
        int at = base;
        for (int i = 0; i < n; i++) {
            out[i] = at;
            for (int d = dims.length - 1; d >= 0; d--) { // odometer step: advance the last axis, carry left
                at += strides[d];
                if (++counter[d] < dims[d]) break;
                at -= strides[d] * dims[d];
                counter[d] = 0;
            }
        }
        return out;
    }

    private static int[] strides(int[] dims) {
        int[] s = new int[dims.length];
        for (int d = dims.length - 1, stride = 1; d >= 0; d--) { s[d] = stride; stride *= dims[d]; }
        return s;
    }

    private static int product(int[] dims, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) n *= dims[i];
        return n;
    }

    /** Maps a possibly negative axis into [0, n); the rank may have been unknown when the graph was built. */
    private static int axis(KernelContext ctx, int axis, int n) {
        int a = axis < 0 ? axis + n : axis;
        if (a < 0 || a >= n) throw ctx.fail("axis " + axis + " is out of range [" + -n + ", " + n + ")");
        return a;
    }
}
