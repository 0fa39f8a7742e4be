package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.PadOps;
import java.util.Arrays;

/**
 * MirrorPad and its gradient. Both work from one map: for every element of the padded shape, the flat index
 * of the input element it mirrors ({@link PadOps#source} per axis). MirrorPad reads through the map; the
 * gradient adds each padded element onto the element the map names.
 */
final class PadKernels {
    private PadKernels() {}

    static void register(KernelRegistry r) {
        r.addAllTypes(PadOps.MIRROR_PAD, CpuKernel.bind(node -> {
            int[] pads = node.attr(PadOps.PADDINGS);
            boolean reflect = PadOps.reflects(node);
            return (ctx, in) -> mirrorPad(ctx, in[0], pads, reflect);
        }));
        r.add(PadOps.MIRROR_PAD_GRAD, CpuKernel.bind(node -> {
            int[] pads = node.attr(PadOps.PADDINGS);
            boolean reflect = PadOps.reflects(node);
            return (ctx, in) -> fold(ctx, in[0], pads, reflect);
        }), ElementwiseKernels.NUMERIC);
    }

    private static Tensor mirrorPad(KernelContext ctx, Tensor x, int[] pads, boolean reflect) {
        int[] in = x.shape().dims();
        Shape out = Sizes.shape(ctx, resized(ctx, in, pads, reflect, +1));
        int[] src = sources(in, out.dims(), pads, reflect);
        int n = src.length;
        Object data = switch (x.data()) {
            case float[] a -> { float[] o = new float[n]; for (int k = 0; k < n; k++) o[k] = a[src[k]]; yield o; }
            case double[] a -> { double[] o = new double[n]; for (int k = 0; k < n; k++) o[k] = a[src[k]]; yield o; }
            case int[] a -> { int[] o = new int[n]; for (int k = 0; k < n; k++) o[k] = a[src[k]]; yield o; }
            case long[] a -> { long[] o = new long[n]; for (int k = 0; k < n; k++) o[k] = a[src[k]]; yield o; }
            case boolean[] a -> { boolean[] o = new boolean[n]; for (int k = 0; k < n; k++) o[k] = a[src[k]]; yield o; }
            default -> throw ctx.fail("cannot mirror-pad " + x.dtype());
        };
        return Tensor.of(x.dtype(), out, data);
    }

    /** MirrorPadGrad: {@code g} has the padded shape; the result the shape it was padded from. */
    private static Tensor fold(KernelContext ctx, Tensor g, int[] pads, boolean reflect) {
        Shape out = Shape.of(resized(ctx, g.shape().dims(), pads, reflect, -1));
        int[] src = sources(out.dims(), g.shape().dims(), pads, reflect);
        int n = out.size();
        Object data = switch (g.data()) {
            case float[] a -> { float[] o = new float[n]; for (int k = 0; k < src.length; k++) o[src[k]] += a[k]; yield o; }
            case double[] a -> { double[] o = new double[n]; for (int k = 0; k < src.length; k++) o[src[k]] += a[k]; yield o; }
            case int[] a -> { int[] o = new int[n]; for (int k = 0; k < src.length; k++) o[src[k]] += a[k]; yield o; }
            case long[] a -> { long[] o = new long[n]; for (int k = 0; k < src.length; k++) o[src[k]] += a[k]; yield o; }
            default -> throw ctx.fail("cannot sum " + g.dtype());
        };
        return Tensor.of(g.dtype(), out, data);
    }

    /** The padded ({@code sign} +1) or folded (-1) dims; paddings that do not fit the run-time shape fail naming the axis. */
    private static int[] resized(KernelContext ctx, int[] in, int[] pads, boolean reflect, int sign) {
        if (pads.length != 2 * in.length) {
            throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis of " + Shape.of(in));
        }
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) {
            long size = (long) in[i] + sign * ((long) pads[2 * i] + pads[2 * i + 1]);
            long mirrored = sign > 0 ? in[i] : size;
            long limit = reflect ? mirrored - 1 : mirrored;
            if (size < 0 || size > Integer.MAX_VALUE || pads[2 * i] > limit || pads[2 * i + 1] > limit) {
                throw ctx.fail("paddings (" + pads[2 * i] + ", " + pads[2 * i + 1] + ") of axis " + i + " do not fit shape " + Shape.of(in)
                        + " in " + (reflect ? "REFLECT" : "SYMMETRIC") + " mode");
            }
            out[i] = (int) size;
        }
        return out;
    }

    /** For each element of {@code padded}, the flat index into {@code in} that it mirrors; row by row. */
    private static int[] sources(int[] in, int[] padded, int[] pads, boolean reflect) {
        int rank = in.length;
        int total = Shape.of(padded).size();
        int[] src = new int[total];
        if (total == 0) return src;
        if (rank == 0) return src; // one element, index 0
        int cols = padded[rank - 1], rows = total / cols;
        int[] lastAxis = new int[cols];
        for (int j = 0; j < cols; j++) lastAxis[j] = PadOps.source(j, pads[2 * rank - 2], in[rank - 1], reflect);
        int[] index = new int[rank - 1];
        for (int row = 0; row < rows; row++) {
            int base = 0;
            for (int i = 0; i < rank - 1; i++) base = base * in[i] + PadOps.source(index[i], pads[2 * i], in[i], reflect);
            base *= in[rank - 1];
            for (int j = 0; j < cols; j++) src[row * cols + j] = base + lastAxis[j];
            for (int i = rank - 2; i >= 0 && ++index[i] == padded[i]; i--) index[i] = 0; // next row
        }
        return src;
    }
}
