package dev.nagare.device.cpu;

import static dev.nagare.device.cpu.Broadcast.at;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.StridedSlices;
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
            if (node.inputs().size() == 2) return (ctx, in) -> reshape(ctx, in[0], dims(ctx, in[1], -1, "the shape"));
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
            int axis = node.attr(ArrayOps.GATHER_AXIS), batchDims = node.attr(ArrayOps.BATCH_DIMS);
            return (ctx, in) -> gather(ctx, in[0], in[1], axis, batchDims);
        }));
        r.addAllTypes(ArrayOps.ONE_HOT, CpuKernel.bind(node -> {
            int depth = node.attr(ArrayOps.DEPTH), axis = node.attr(ArrayOps.ONE_HOT_AXIS);
            DType type = node.attr(ArrayOps.ONE_HOT_DTYPE);
            Object on = cast(new double[] {node.attr(ArrayOps.ON_VALUE)}, type);
            Object off = cast(new double[] {node.attr(ArrayOps.OFF_VALUE)}, type);
            return (ctx, in) -> oneHot(ctx, in[0], depth, axis, type, on, off);
        }));
        r.addAllTypes(ArrayOps.FILL, CpuKernel.bind(node -> {
            if (node.inputs().size() == 2) {
                return (ctx, in) -> {
                    if (in[0].rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + in[0].shape());
                    Shape shape = Sizes.shape(ctx, dims(ctx, in[1], 0, "the shape"));
                    return Tensor.of(in[0].dtype(), shape, filled(in[0].data(), shape.size()));
                };
            }
            Shape shape = Shape.of(node.<int[]>attr("shape"));
            return (ctx, in) -> {
                if (in[0].rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + in[0].shape());
                return Tensor.of(in[0].dtype(), shape, filled(in[0].data(), shape.size()));
            };
        }));
        r.addAllTypes(ArrayOps.SHAPE, CpuKernel.bind(node -> {
            boolean wide = node.attr(ArrayOps.OUT_TYPE) == DType.INT64;
            return (ctx, in) -> wide ? Tensor.of(Shape.of(in[0].rank()), Arrays.stream(in[0].shape().dims()).asLongStream().toArray())
                    : Tensor.of(Shape.of(in[0].rank()), in[0].shape().dims());
        }));
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
        r.add(dev.nagare.ops.MathOps.CLIP_BY_VALUE, CpuKernel.of((ctx, in) -> clipByValue(ctx, in[0], in[1], in[2])),
                DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
        r.addAllTypes(ArrayOps.PLACEHOLDER_WITH_DEFAULT, CpuKernel.of((ctx, in) -> in[0]));
        r.addAllTypes(ArrayOps.ZEROS_LIKE, CpuKernel.of((ctx, in) -> Tensor.zeros(in[0].dtype(), in[0].shape())));
        r.addAllTypes(ArrayOps.ONES_LIKE, CpuKernel.of((ctx, in) -> Tensor.of(in[0].dtype(), in[0].shape(),
                filled(cast(new double[] {1}, in[0].dtype()), in[0].size()))));
        dev.nagare.device.KernelFactory pad = CpuKernel.bind(node -> {
            int[] paddings = node.attr(ArrayOps.PADDINGS);
            if (node.inputs().size() == 2) {
                return (ctx, in) -> {
                    if (in[1].rank() != 0) throw ctx.fail("the padding value must be a scalar, got shape " + in[1].shape());
                    return padWith(ctx, in[0], paddings, in[1]);
                };
            }
            return (ctx, in) -> pad(ctx, in[0], paddings);
        });
        r.addAllTypes(ArrayOps.PAD, pad);
        r.addAllTypes(ArrayOps.PAD_V2, pad);
        registerMore(r);
    }

    // ---- kernels added for issue 11 ----

    private static void registerMore(KernelRegistry r) {
        r.addAllTypes(ArrayOps.STOP_GRADIENT, CpuKernel.of((ctx, in) -> in[0]));
        r.addAllTypes(ArrayOps.IDENTITY_N, node -> (ctx, in) -> Arrays.copyOf(in, in.length, dev.nagare.graph.TensorValue[].class));
        r.addAllTypes(ArrayOps.REVERSE, CpuKernel.bind(node -> {
            int[] axes = node.attr("axis");
            return (ctx, in) -> reverse(ctx, in[0], axes);
        }));
        r.addAllTypes(ArrayOps.WHERE, CpuKernel.of((ctx, in) -> where(ctx, in[0])));
        r.addAllTypes(ArrayOps.RANK, CpuKernel.of((ctx, in) -> Tensor.scalar(in[0].rank())));
        r.addAllTypes(ArrayOps.SIZE, CpuKernel.bind(node -> {
            boolean wide = node.attr(ArrayOps.OUT_TYPE) == DType.INT64;
            return (ctx, in) -> wide ? Tensor.scalar((long) in[0].size()) : Tensor.scalar(in[0].size());
        }));
        r.addAllTypes(ArrayOps.SELECT_V1, CpuKernel.of((ctx, in) -> selectV1(ctx, in[0], in[1], in[2])));
        r.addAllTypes(ArrayOps.PACK, CpuKernel.bind(node -> {
            int axis = node.attr(ArrayOps.PACK_AXIS);
            return (ctx, in) -> pack(ctx, in, axis);
        }));
        r.addAllTypes(ArrayOps.UNPACK, node -> {
            int num = node.attr(ArrayOps.NUM), axis = node.attr(ArrayOps.PACK_AXIS);
            return (ctx, in) -> unpack(ctx, (Tensor) in[0], num, axis);
        });
        r.addAllTypes(ArrayOps.SPLIT, node -> {
            int num = node.<Integer>attr("num_split"), axis = node.<Integer>attr("axis");
            return (ctx, in) -> {
                Tensor x = (Tensor) in[0];
                if (x.rank() == 0) throw ctx.fail("cannot split a scalar");
                int a = axis(ctx, axis, x.rank());
                if (x.shape().dim(a) % num != 0) throw ctx.fail("axis " + a + " of " + x.shape() + " does not split into " + num + " equal pieces");
                int[] sizes = new int[num];
                Arrays.fill(sizes, x.shape().dim(a) / num);
                return split(ctx, x, sizes, a);
            };
        });
        r.addAllTypes(ArrayOps.SPLIT_V, node -> {
            int[] sizes = node.attr("size_splits");
            int axis = node.<Integer>attr("axis");
            return (ctx, in) -> {
                Tensor x = (Tensor) in[0];
                if (x.rank() == 0) throw ctx.fail("cannot split a scalar");
                int a = axis(ctx, axis, x.rank()), total = x.shape().dim(a);
                int[] actual = sizes.clone();
                long known = 0;
                int inferred = -1;
                for (int i = 0; i < actual.length; i++) {
                    if (actual[i] == -1 && inferred < 0) inferred = i;
                    else if (actual[i] < 0) throw ctx.fail("size_splits " + Arrays.toString(sizes) + " may hold one -1 and sizes >= 0");
                    else known += actual[i];
                }
                if (inferred >= 0 && known <= total) actual[inferred] = (int) (total - known);
                else if (inferred >= 0 || known != total) {
                    throw ctx.fail("size_splits " + Arrays.toString(sizes) + " do not add up to " + total + ", the size of axis " + a + " of " + x.shape());
                }
                return split(ctx, x, actual, a);
            };
        });
        r.add(ArrayOps.RANGE, CpuKernel.of(ArrayKernels::range), DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
        r.addAllTypes(ArrayOps.TILE, CpuKernel.of((ctx, in) -> tile(ctx, in[0], longs(in[1]))));
        r.addAllTypes(ArrayOps.BROADCAST_TO, CpuKernel.of((ctx, in) -> {
            Shape target = Sizes.shape(ctx, dims(ctx, in[1], 0, "the shape"));
            Shape b = Broadcast.shape(ctx, in[0].shape(), target);
            if (!b.equals(target)) throw ctx.fail("cannot broadcast " + in[0].shape() + " to " + target);
            int[] map = Broadcast.indexMap(in[0].shape(), target);
            if (map == null) return in[0];
            return Tensor.of(in[0].dtype(), target, target.size() == 0 ? Array.newInstance(in[0].data().getClass().getComponentType(), 0) : take(in[0].data(), map, 1));
        }));
        r.addAllTypes(ArrayOps.STRIDED_SLICE, CpuKernel.bind(node -> {
            SliceSpec spec = SliceSpec.of(node);
            return (ctx, in) -> stridedSlice(ctx, in[0], spec);
        }));
        r.addAllTypes(ArrayOps.STRIDED_SLICE_GRAD, CpuKernel.bind(node -> {
            SliceSpec spec = SliceSpec.of(node);
            return (ctx, in) -> stridedSliceGrad(ctx, Sizes.shape(ctx, dims(ctx, in[0], 0, "the shape")), in[1], spec);
        }));
    }

    private static Tensor reverse(KernelContext ctx, Tensor x, int[] axes) {
        int[] dims = x.shape().dims();
        boolean[] flip = new boolean[dims.length];
        for (int a : axes) {
            int k = axis(ctx, a, dims.length);
            if (flip[k]) throw ctx.fail("axis " + k + " is listed twice in " + Arrays.toString(axes));
            flip[k] = true;
        }
        if (x.size() == 0) return x;
        int[] inStrides = strides(dims), steps = new int[dims.length];
        int base = 0;
        for (int d = 0; d < dims.length; d++) {
            steps[d] = flip[d] ? -inStrides[d] : inStrides[d];
            if (flip[d]) base += (dims[d] - 1) * inStrides[d];
        }
        return Tensor.of(x.dtype(), x.shape(), take(x.data(), offsets(dims, steps, base), 1));
    }

    /** Row-major coordinates of the non-zero (true) elements. */
    private static Tensor where(KernelContext ctx, Tensor x) {
        int r = x.rank(), n = x.size(), count = 0;
        if (r == 0) throw ctx.fail("needs an input of rank >= 1, got a scalar (as TensorFlow's Where)");
        boolean[] hit = (boolean[]) cast(x.data(), DType.BOOL);
        for (boolean h : hit) if (h) count++;
        Shape shape = Sizes.shape(ctx, (long) count, r);
        long[] out = new long[shape.size()];
        int[] dims = x.shape().dims();
        for (int i = 0, k = 0; i < n; i++) {
            if (!hit[i]) continue;
            for (int d = r - 1, rest = i; d >= 0; d--) { out[k * r + d] = rest % dims[d]; rest /= dims[d]; }
            k++;
        }
        return Tensor.of(shape, out);
    }

    /** PadV2: the padded tensor with {@code value} where Pad puts zeros. */
    private static Tensor padWith(KernelContext ctx, Tensor x, int[] pads, Tensor value) {
        Tensor zeroPadded = pad(ctx, x, pads);
        if (zeroPadded == x || zeroPadded.size() == 0) return zeroPadded;
        // Pad again into an array already filled with the value: the same copies, another background.
        int[] dims = x.shape().dims(), out = zeroPadded.shape().dims();
        int r = dims.length;
        Object data = filled(value.data(), zeroPadded.size());
        if (x.size() > 0) {
            int[] outStrides = strides(out);
            int base = 0;
            for (int i = 0; i < r; i++) base += pads[2 * i] * outStrides[i];
            int[] starts = offsets(Arrays.copyOf(dims, r - 1), outStrides, base);
            int run = dims[r - 1];
            for (int i = 0; i < starts.length; i++) System.arraycopy(x.data(), i * run, data, starts[i], run);
        }
        return Tensor.of(x.dtype(), zeroPadded.shape(), data);
    }

    /** An integer scalar or vector's values as longs. */
    private static long[] longs(Tensor t) { return (long[]) cast(t.data(), DType.INT64); }

    /** A shape given as an int32/int64 vector: entries below {@code min} fail naming the node. */
    private static long[] dims(KernelContext ctx, Tensor t, long min, String what) {
        if (t.rank() != 1) throw ctx.fail(what + " must be a vector, got shape " + t.shape());
        long[] v = longs(t);
        for (long d : v) if (d < min) throw ctx.fail(what + " " + Arrays.toString(v) + " has a negative size");
        return v;
    }

    private static Tensor reshape(KernelContext ctx, Tensor x, long[] target) {
        int[] t = new int[target.length];
        for (int i = 0; i < t.length; i++) {
            if (target[i] > Integer.MAX_VALUE) throw ctx.fail("shape " + Arrays.toString(target) + " has a size past 2^31-1");
            t[i] = (int) target[i];
        }
        return reshape(ctx, x, t);
    }

    private static Tensor selectV1(KernelContext ctx, Tensor cond, Tensor t, Tensor e) {
        if (!t.shape().equals(e.shape())) throw ctx.fail("then " + t.shape() + " and else " + e.shape() + " must have one shape");
        Shape c = cond.shape();
        if (c.rank() == 1 && t.rank() > 1 && c.dim(0) == t.shape().dim(0)) {
            int[] rows = new int[t.rank()];
            Arrays.fill(rows, 1);
            rows[0] = c.dim(0);
            cond = Tensor.of(cond.dtype(), Shape.of(rows), cond.data()); // one condition per row, broadcast over it
        } else if (c.rank() != 0 && !c.equals(t.shape())) {
            throw ctx.fail("condition " + c + " must be a scalar, a vector of " + (t.rank() > 0 ? t.shape().dim(0) : 1) + " rows, or of shape " + t.shape());
        }
        return select(ctx, cond, t, e);
    }

    private static Tensor pack(KernelContext ctx, Tensor[] in, int axisAttr) {
        Shape s = in[0].shape();
        for (int i = 1; i < in.length; i++) {
            if (!in[i].shape().equals(s)) throw ctx.fail("input " + i + " has shape " + in[i].shape() + ", input 0 " + s + ": stacked values need one shape");
        }
        int a = axis(ctx, axisAttr, s.rank() + 1);
        int[] dims = s.dims(), out = new int[dims.length + 1];
        System.arraycopy(dims, 0, out, 0, a);
        out[a] = 1;
        System.arraycopy(dims, a, out, a + 1, dims.length - a);
        Tensor[] expanded = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) expanded[i] = Tensor.of(in[i].dtype(), Shape.of(out), in[i].data());
        return concat(ctx, expanded, a);
    }

    private static dev.nagare.graph.TensorValue[] unpack(KernelContext ctx, Tensor x, int num, int axisAttr) {
        if (x.rank() == 0) throw ctx.fail("cannot unstack a scalar");
        int a = axis(ctx, axisAttr, x.rank());
        int[] dims = x.shape().dims();
        if (dims[a] != num) throw ctx.fail("axis " + a + " of " + x.shape() + " does not have " + num + " entries");
        int[] sizes = new int[num];
        Arrays.fill(sizes, 1);
        dev.nagare.graph.TensorValue[] pieces = split(ctx, x, sizes, a);
        int[] out = new int[dims.length - 1];
        for (int i = 0, k = 0; i < dims.length; i++) if (i != a) out[k++] = dims[i];
        for (int i = 0; i < num; i++) {
            Tensor p = (Tensor) pieces[i];
            pieces[i] = Tensor.of(p.dtype(), Shape.of(out), p.data());
        }
        return pieces;
    }

    /** Consecutive slices of {@code sizes} along {@code axis}. */
    private static dev.nagare.graph.TensorValue[] split(KernelContext ctx, Tensor x, int[] sizes, int axis) {
        int r = x.rank();
        dev.nagare.graph.TensorValue[] out = new dev.nagare.graph.TensorValue[sizes.length];
        int offset = 0;
        for (int i = 0; i < sizes.length; i++) {
            int[] begin = new int[r], size = x.shape().dims();
            begin[axis] = offset;
            size[axis] = sizes[i];
            out[i] = slice(ctx, x, begin, size);
            offset += sizes[i];
        }
        return out;
    }

    /** TensorFlow's Range: element i is start + i * delta, computed in the output's type as TensorFlow's kernel does. */
    private static Tensor range(KernelContext ctx, Tensor[] in) {
        for (int i = 0; i < 3; i++) {
            if (in[i].rank() != 0) throw ctx.fail("start, limit and delta must be scalars, input " + i + " has shape " + in[i].shape());
        }
        long n;
        try {
            n = ArrayOps.rangeLength(in[0].getDouble(0), in[1].getDouble(0), in[2].getDouble(0), in[0].dtype().isInteger());
        } catch (IllegalArgumentException e) {
            throw ctx.fail(e.getMessage());
        }
        Shape shape = Sizes.shape(ctx, n);
        int len = shape.size();
        return switch (in[0].dtype()) {
            case FLOAT32 -> { float[] o = new float[len]; float v = in[0].floatValue(), d = in[2].floatValue(); for (int i = 0; i < len; i++) o[i] = v + i * d; yield Tensor.of(shape, o); }
            case FLOAT64 -> { double[] o = new double[len]; double v = in[0].doubleValue(), d = in[2].doubleValue(); for (int i = 0; i < len; i++) o[i] = v + i * d; yield Tensor.of(shape, o); }
            case INT32 -> { int[] o = new int[len]; int v = in[0].intValue(), d = in[2].intValue(); for (int i = 0; i < len; i++) { o[i] = v; v += d; } yield Tensor.of(shape, o); }
            case INT64 -> { long[] o = new long[len]; long v = in[0].longValue(), d = in[2].longValue(); for (int i = 0; i < len; i++) { o[i] = v; v += d; } yield Tensor.of(shape, o); }
            case BOOL, STRING -> throw ctx.fail("no " + in[0].dtype() + " kernel");
        };
    }

    /** Repeats along each axis in turn, last first: each step copies whole blocks. */
    private static Tensor tile(KernelContext ctx, Tensor x, long[] multiples) {
        int[] dims = x.shape().dims();
        if (multiples.length != dims.length) throw ctx.fail("multiples has " + multiples.length + " entries for an input of shape " + x.shape());
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (multiples[i] < 0) throw ctx.fail("multiples " + Arrays.toString(multiples) + " has a negative entry");
            out[i] = dims[i] * multiples[i];
        }
        Shape shape = Sizes.shape(ctx, out);
        if (shape.size() == 0) return Tensor.zeros(x.dtype(), shape);
        Object data = x.data();
        int[] cur = dims.clone();
        for (int a = dims.length - 1; a >= 0; a--) {
            int times = (int) multiples[a];
            if (times == 1) continue;
            int outer = product(cur, 0, a), chunk = product(cur, a, cur.length);
            Object next = Array.newInstance(data.getClass().getComponentType(), outer * chunk * times);
            for (int o = 0, pos = 0; o < outer; o++) {
                for (int t = 0; t < times; t++, pos += chunk) System.arraycopy(data, o * chunk, next, pos, chunk);
            }
            data = next;
            cur[a] *= times;
        }
        return Tensor.of(x.dtype(), shape, data);
    }

    /** A StridedSlice's attrs, read once. */
    private record SliceSpec(int[] begin, int[] end, int[] strides, int beginMask, int endMask, int ellipsisMask, int newAxisMask, int shrinkMask) {
        static SliceSpec of(dev.nagare.graph.Node n) {
            return new SliceSpec(n.attr(StridedSlices.BEGIN), n.attr(StridedSlices.END), n.attr(StridedSlices.STRIDES), n.attr(StridedSlices.BEGIN_MASK),
                    n.attr(StridedSlices.END_MASK), n.attr(StridedSlices.ELLIPSIS_MASK), n.attr(StridedSlices.NEW_AXIS_MASK), n.attr(StridedSlices.SHRINK_AXIS_MASK));
        }

        StridedSlices.Plan plan(KernelContext ctx, Shape in) {
            try {
                return StridedSlices.plan(in.dims(), begin, end, strides, beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask);
            } catch (StridedSlices.BadSpec e) {
                throw ctx.fail(e.getMessage() + " (input of shape " + in + ")");
            }
        }
    }

    /** The flat input positions a strided slice reads, in output order. */
    private static int[] sliceOffsets(StridedSlices.Plan p, int[] dims) {
        int[] inStrides = strides(dims), steps = new int[dims.length];
        int base = 0;
        for (int i = 0; i < dims.length; i++) {
            base += p.start()[i] * inStrides[i];
            steps[i] = p.stride()[i] * inStrides[i];
        }
        return offsets(p.size(), steps, base);
    }

    private static Tensor stridedSlice(KernelContext ctx, Tensor x, SliceSpec spec) {
        StridedSlices.Plan p = spec.plan(ctx, x.shape());
        Shape shape = Sizes.shape(ctx, p.outDims());
        if (shape.size() == 0) return Tensor.zeros(x.dtype(), shape);
        return Tensor.of(x.dtype(), shape, take(x.data(), sliceOffsets(p, x.shape().dims()), 1));
    }

    private static Tensor stridedSliceGrad(KernelContext ctx, Shape inShape, Tensor dy, SliceSpec spec) {
        StridedSlices.Plan p = spec.plan(ctx, inShape);
        if (!Arrays.equals(p.outDims(), dy.shape().dims())) {
            throw ctx.fail("the gradient has shape " + dy.shape() + " but the slice of " + inShape + " has " + Shape.of(p.outDims()));
        }
        Tensor out = Tensor.zeros(dy.dtype(), inShape);
        if (dy.size() == 0) return out;
        int[] at = sliceOffsets(p, inShape.dims());
        Object o = out.data(), src = dy.data();
        // The array is this kernel's own until it returns.
        switch (o) {
            case float[] a -> { float[] b = (float[]) src; for (int i = 0; i < at.length; i++) a[at[i]] = b[i]; }
            case double[] a -> { double[] b = (double[]) src; for (int i = 0; i < at.length; i++) a[at[i]] = b[i]; }
            case int[] a -> { int[] b = (int[]) src; for (int i = 0; i < at.length; i++) a[at[i]] = b[i]; }
            case long[] a -> { long[] b = (long[]) src; for (int i = 0; i < at.length; i++) a[at[i]] = b[i]; }
            case boolean[] a -> { boolean[] b = (boolean[]) src; for (int i = 0; i < at.length; i++) a[at[i]] = b[i]; }
            default -> throw new AssertionError(o.getClass());
        }
        return out;
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

    /**
     * out[batch, o, m, k] = params[batch, o, indices[batch, m], k], over the first {@code batchDims} axes
     * (shared by params and indices), the axes before {@code axisAttr}, the indices' own and the axes after.
     */
    private static Tensor gather(KernelContext ctx, Tensor params, Tensor indices, int axisAttr, int batchDims) {
        int[] p = params.shape().dims();
        if (p.length == 0) throw ctx.fail("params must have rank >= 1, got a scalar");
        int axis = axis(ctx, axisAttr, p.length);
        int[] ix = indices.shape().dims();
        int b = ArrayOps.batchDims(batchDims, ix.length, axis, ctx::fail);
        for (int i = 0; i < b; i++) {
            if (p[i] != ix[i]) throw ctx.fail("batch axis " + i + " differs: params " + params.shape() + ", indices " + indices.shape() + " (batch_dims " + b + ")");
        }
        long[] idx = (long[]) cast(indices.data(), DType.INT64);
        int limit = p[axis];
        for (long i : idx) {
            if (i < 0 || i >= limit) {
                throw ctx.fail("index " + i + " is out of range [0, " + limit + ") for axis " + axis + " of params of shape " + params.shape());
            }
        }
        int[] out = new int[p.length - 1 + ix.length - b];
        System.arraycopy(p, 0, out, 0, axis);
        System.arraycopy(ix, b, out, axis, ix.length - b);
        System.arraycopy(p, axis + 1, out, axis + ix.length - b, p.length - axis - 1);
        Shape shape = Sizes.shape(ctx, out);
        if (shape.size() == 0) return Tensor.zeros(params.dtype(), shape);
        int batch = product(p, 0, b), outer = product(p, b, axis), inner = product(p, axis + 1, p.length), m = idx.length / batch;
        int[] starts = new int[batch * outer * m];
        for (int j = 0, s = 0; j < batch; j++) {
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < m; i++) starts[s++] = ((j * outer + o) * limit + (int) idx[j * m + i]) * inner;
            }
        }
        return Tensor.of(params.dtype(), shape, take(params.data(), starts, inner));
    }

    /**
     * {@code on} and {@code off} are one-element arrays of {@code type}; the new axis of {@code depth} goes at
     * {@code axisAttr}; indices outside [0, depth) give all-off rows.
     */
    private static Tensor oneHot(KernelContext ctx, Tensor indices, int depth, int axisAttr, DType type, Object on, Object off) {
        long[] idx = (long[]) cast(indices.data(), DType.INT64);
        int[] in = indices.shape().dims();
        int axis = ArrayOps.oneHotAxis(axisAttr, in.length, ctx::fail);
        int[] dims = new int[in.length + 1];
        for (int i = 0, j = 0; i < dims.length; i++) dims[i] = i == axis ? depth : in[j++];
        Shape shape = Sizes.shape(ctx, dims);
        Object data = filled(off, shape.size());
        if (shape.size() == 0) return Tensor.of(type, shape, data);
        int after = product(in, axis, in.length);
        for (int i = 0; i < idx.length; i++) {
            int before = i / after, s = i % after;
            if (idx[i] >= 0 && idx[i] < depth) System.arraycopy(on, 0, data, (before * depth + (int) idx[i]) * after + s, 1);
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
            case byte[][] a -> { byte[][] b = (byte[][]) e.data(), o = new byte[n][]; for (int i = 0; i < n; i++) o[i] = c[at(cm, i)] ? a[at(tm, i)] : b[at(em, i)]; yield o; }
            default -> throw new AssertionError(t.data().getClass());
        };
        return Tensor.of(t.dtype(), shape, data);
    }


    /** ClipByValue: min(t, hi), then the max of that and lo, as TensorFlow's kernel; each bound a scalar or of t's shape. */
    private static Tensor clipByValue(KernelContext ctx, Tensor t, Tensor lo, Tensor hi) {
        for (Tensor bound : new Tensor[] {lo, hi}) {
            if (bound.rank() != 0 && !bound.shape().equals(t.shape())) {
                throw ctx.fail((bound == lo ? "clip_value_min " : "clip_value_max ") + bound.shape() + " must be a scalar or of t's shape " + t.shape());
            }
        }
        int n = t.size(), ls = lo.rank() == 0 ? 0 : 1, hs = hi.rank() == 0 ? 0 : 1;
        Object data = switch (t.data()) {
            case float[] a -> { float[] l = lo.floatData(), h = hi.floatData(), o = new float[n]; for (int i = 0; i < n; i++) o[i] = Math.max(Math.min(a[i], h[i * hs]), l[i * ls]); yield o; }
            case double[] a -> { double[] l = lo.doubleData(), h = hi.doubleData(), o = new double[n]; for (int i = 0; i < n; i++) o[i] = Math.max(Math.min(a[i], h[i * hs]), l[i * ls]); yield o; }
            case int[] a -> { int[] l = lo.intData(), h = hi.intData(), o = new int[n]; for (int i = 0; i < n; i++) o[i] = Math.max(Math.min(a[i], h[i * hs]), l[i * ls]); yield o; }
            case long[] a -> { long[] l = lo.longData(), h = hi.longData(), o = new long[n]; for (int i = 0; i < n; i++) o[i] = Math.max(Math.min(a[i], h[i * hs]), l[i * ls]); yield o; }
            default -> throw ctx.fail("ClipByValue takes numbers, got " + t.dtype());
        };
        return Tensor.of(t.dtype(), t.shape(), data);
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
            case byte[][] a -> { byte[][] o = new byte[n][]; for (int i = 0; i < n; i++) o[i] = a[starts[i]]; yield o; }
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
