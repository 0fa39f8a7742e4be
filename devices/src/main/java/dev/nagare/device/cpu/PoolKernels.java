package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.device.Workers;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ConvGeometry;
import dev.nagare.ops.ConvGeometry.Window;
import dev.nagare.ops.ConvOps;
import java.util.Arrays;

/**
 * Max and average pooling and their gradients, in either data format (elements are addressed through the
 * strides of (n, y, x, c), so NHWC walks channels contiguously). Windows are clipped to the input: SAME
 * padding never wins a max and is left out of an average's count, as in TensorFlow. Work is split over the
 * batch, whose entries never share an element; float64 runs the same loops through double arrays, and
 * float32 NHWC works on rows of channels with vector loops ({@link #runNhwc}).
 */
final class PoolKernels {
    private PoolKernels() {}

    /** MAX_GRAD_TILED: MaxPoolGrad over windows that tile the input (chosen at run time, see runNhwc). */
    private enum Kind { MAX, AVG, MAX_GRAD, AVG_GRAD, MAX_GRAD_GRAD, MAX_GRAD_TILED }

    static void register(KernelRegistry r) {
        r.add(ConvOps.MAX_POOL, CpuKernel.bind(n -> pool(n, Kind.MAX)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.AVG_POOL, CpuKernel.bind(n -> pool(n, Kind.AVG)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.MAX_POOL_GRAD, CpuKernel.bind(n -> pool(n, Kind.MAX_GRAD)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.AVG_POOL_GRAD, CpuKernel.bind(n -> pool(n, Kind.AVG_GRAD)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.MAX_POOL_GRAD_GRAD, CpuKernel.bind(n -> pool(n, Kind.MAX_GRAD_GRAD)), ElementwiseKernels.FLOATING);
    }

    private static CpuKernel pool(Node node, Kind kind) {
        ConvGeometry.Attrs a = ConvGeometry.parse(node.attrs(), true, IllegalStateException::new);
        return (ctx, in) -> {
            Shape inShape = kind == Kind.AVG_GRAD ? ConvKernels.sizes(ctx, in[0], "orig_input_shape") : in[0].shape();
            Window g = ConvGeometry.window(a, inShape, null, ctx::fail);
            Tensor grad = switch (kind) {
                case MAX_GRAD, MAX_GRAD_GRAD -> in[2];
                case AVG_GRAD -> in[1];
                default -> null;
            };
            boolean byMax = kind == Kind.MAX_GRAD || kind == Kind.MAX_GRAD_GRAD;
            if (byMax && (!in[1].shape().equals(g.outputShape()) || in[1].dtype() != in[0].dtype())) {
                throw ctx.fail("orig_output of shape " + in[1].shape() + " does not match the pooled shape " + g.outputShape());
            }
            Shape gradShape = kind == Kind.MAX_GRAD_GRAD ? g.inputShape() : g.outputShape();
            if (grad != null && (!grad.shape().equals(gradShape) || grad.dtype() != in[0].dtype() && kind != Kind.AVG_GRAD)) {
                throw ctx.fail("grad of shape " + grad.shape() + " does not match " + gradShape);
            }
            boolean forward = kind == Kind.MAX || kind == Kind.AVG || kind == Kind.MAX_GRAD_GRAD;
            Shape outShape = forward ? g.outputShape() : g.inputShape();
            DType t = (grad != null ? grad : in[0]).dtype();
            if (t == DType.FLOAT32) {
                float[] out = ctx.floats(0, outShape.size());
                float[] x = kind == Kind.AVG_GRAD ? null : in[0].floatData();
                if (a.nchw()) run(g, kind, x, null, grad == null ? null : grad.floatData(), null, out, null);
                else runNhwc(g, kind, x, grad == null ? null : grad.floatData(), out);
                return Tensor.of(outShape, out);
            }
            double[] out = ctx.doubles(0, outShape.size());
            double[] x = kind == Kind.AVG_GRAD ? null : in[0].doubleData();
            run(g, kind, null, x, null, grad == null ? null : grad.doubleData(), null, out);
            return Tensor.of(outShape, out);
        };
    }

    /** One of the four loops on float ({@code f*}) or double ({@code d*}) arrays; the other set is null. */
    private static void run(Window g, Kind kind, float[] fx, double[] dx, float[] fg, double[] dg, float[] fo, double[] dout) {
        boolean nchw = g.a().nchw();
        int h = g.h(), w = g.w(), c = g.c(), oh = g.oh(), ow = g.ow();
        int sY = nchw ? w : w * c, sX = nchw ? 1 : c, sC = nchw ? h * w : 1, sN = h * w * c;
        int tY = nchw ? ow : ow * c, tX = nchw ? 1 : c, tC = nchw ? oh * ow : 1, tN = oh * ow * c;
        int sh = g.a().strideH(), sw = g.a().strideW(), kh = g.kh(), kw = g.kw();
        boolean grad = kind == Kind.MAX_GRAD || kind == Kind.AVG_GRAD;
        Workers.Range body = (from, to) -> {
            for (int n = from; n < to; n++) {
                if (grad) {
                    if (fo != null) Arrays.fill(fo, n * sN, (n + 1) * sN, 0f);
                    else Arrays.fill(dout, n * sN, (n + 1) * sN, 0);
                }
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * sh - g.padTop()), y1 = Math.min(h, oy * sh - g.padTop() + kh);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * sw - g.padLeft()), x1 = Math.min(w, ox * sw - g.padLeft() + kw);
                        int count = (y1 - y0) * (x1 - x0);
                        int o = n * tN + oy * tY + ox * tX;
                        int first = n * sN + y0 * sY + x0 * sX;
                        for (int ch = 0; ch < c; ch++) {
                            int oi = o + ch * tC, base = first + ch * sC;
                            if (fo != null) floatCell(kind, fx, fg, fo, base, oi, y1 - y0, x1 - x0, sY, sX, count);
                            else doubleCell(kind, dx, dg, dout, base, oi, y1 - y0, x1 - x0, sY, sX, count);
                        }
                    }
                }
            }
        };
        ElementwiseKernels.split(g.n(), Math.max(sN, tN) * Math.max(1, kh * kw / Math.max(1, sh * sw)), body);
    }

    /** Per-thread rows of c channels for {@link #runNhwc}: a running max, its positions, a scaled gradient. */
    private static final class Rows {
        float[] max = new float[0], row = new float[0];
        int[] at = new int[0];

        Rows of(int c) {
            if (max.length < c) {
                max = new float[c];
                row = new float[c];
                at = new int[c];
            }
            return this;
        }
    }

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    /**
     * float32 NHWC: the elements of a window hold their c channels side by side, so each step works on a row of
     * c channels at once with the vector loops of {@link FloatLoops}. Every output element gets the same
     * operations in the same order as in {@link #floatCell} (so the same bits), split over the batch.
     */
    private static void runNhwc(Window g, Kind kind, float[] x, float[] grad, float[] o) {
        int h = g.h(), w = g.w(), c = g.c(), oh = g.oh(), ow = g.ow();
        int sh = g.a().strideH(), sw = g.a().strideW(), kh = g.kh(), kw = g.kw();
        int sN = h * w * c, tN = oh * ow * c;
        boolean backward = kind == Kind.MAX_GRAD || kind == Kind.AVG_GRAD;
        // MaxPoolGrad over windows that tile the input (side by side, every element in exactly one) writes each
        // element once (see nhwcWindow) instead of zeroing the image and adding into it.
        boolean tiles = kind == Kind.MAX_GRAD && tilesAxis(h, kh, sh, g.padTop(), oh) && tilesAxis(w, kw, sw, g.padLeft(), ow);
        Kind k = tiles ? Kind.MAX_GRAD_TILED : kind;
        Workers.Range body = (from, to) -> {
            Rows rows = ROWS.get().of(c);
            for (int n = from; n < to; n++) {
                if (backward && !tiles) Arrays.fill(o, n * sN, (n + 1) * sN, 0f);
                for (int oy = 0; oy < oh; oy++) {
                    int y0 = Math.max(0, oy * sh - g.padTop()), y1 = Math.min(h, oy * sh - g.padTop() + kh);
                    for (int ox = 0; ox < ow; ox++) {
                        int x0 = Math.max(0, ox * sw - g.padLeft()), x1 = Math.min(w, ox * sw - g.padLeft() + kw);
                        int oi = n * tN + (oy * ow + ox) * c, first = n * sN + (y0 * w + x0) * c;
                        nhwcWindow(k, x, grad, o, rows, c, w, oi, first, y1 - y0, x1 - x0);
                    }
                }
            }
        };
        ElementwiseKernels.split(g.n(), Math.max(sN, tN) * Math.max(1, kh * kw / Math.max(1, sh * sw)), body);
    }

    /**
     * Whether windows of {@code k} with stride {@code k}, {@code before} padding and {@code out} outputs cover the
     * {@code in} elements of an axis each exactly once: side by side from the first element to at least the last.
     */
    private static boolean tilesAxis(int in, int k, int stride, int before, int out) {
        return stride == k && before == 0 && (long) out * k >= in;
    }

    /** One window of {@code rows x cols} elements starting at element {@code first}, all c channels. */
    private static void nhwcWindow(Kind kind, float[] x, float[] grad, float[] o, Rows s, int c, int w, int oi, int first,
                                   int rows, int cols) {
        int count = rows * cols;
        switch (kind) {
            case MAX -> {
                System.arraycopy(x, first, o, oi, c); // max(-inf, v) is v, NaN included
                for (int r = 0; r < rows; r++) {
                    for (int q = r == 0 ? 1 : 0; q < cols; q++) FloatLoops.max(o, oi, x, first + (r * w + q) * c, o, oi, c);
                }
            }
            case AVG -> {
                FloatLoops.add(x, first, 0f, o, oi, c); // 0 + v, as the scalar sum starts
                for (int r = 0; r < rows; r++) {
                    for (int q = r == 0 ? 1 : 0; q < cols; q++) FloatLoops.add(o, oi, x, first + (r * w + q) * c, o, oi, c);
                }
                FloatLoops.div(o, oi, count, o, oi, c);
            }
            case AVG_GRAD -> {
                FloatLoops.div(grad, oi, count, s.row, 0, c);
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int e = first + (r * w + q) * c;
                        FloatLoops.add(o, e, s.row, 0, o, e, c);
                    }
                }
            }
            default -> { // MAX_GRAD, MAX_GRAD_GRAD: the first largest element of each channel
                Arrays.fill(s.max, 0, c, Float.NEGATIVE_INFINITY);
                Arrays.fill(s.at, 0, c, 0);
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int offset = (r * w + q) * c;
                        FloatLoops.keepMax(x, first + offset, s.max, s.at, offset, c);
                    }
                }
                if (kind == Kind.MAX_GRAD_TILED) {
                    // Each element of the window: +0 + the gradient where it is the channel's first largest, else
                    // +0, the values the zeroed image plus the gradient added at the largest would hold.
                    for (int r = 0; r < rows; r++) {
                        for (int q = 0; q < cols; q++) {
                            int offset = (r * w + q) * c;
                            FloatLoops.routeGradient(grad, oi, s.at, offset, o, first + offset, c);
                        }
                    }
                } else if (kind == Kind.MAX_GRAD) {
                    for (int ch = 0; ch < c; ch++) o[first + s.at[ch] + ch] += grad[oi + ch];
                } else {
                    for (int ch = 0; ch < c; ch++) o[oi + ch] = grad[first + s.at[ch] + ch];
                }
            }
        }
    }

    /**
     * One (window, channel): MAX and AVG write output {@code oi}; MAX_GRAD adds the gradient to the first
     * largest element; AVG_GRAD spreads it over the window; MAX_GRAD_GRAD reads the (input-shaped) gradient at
     * the first largest element. {@code base} is the window's first element.
     */
    private static void floatCell(Kind kind, float[] x, float[] g, float[] o, int base, int oi, int rows, int cols, int sY, int sX, int count) {
        switch (kind) {
            case MAX -> {
                float m = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) m = Math.max(m, x[base + r * sY + q * sX]);
                o[oi] = m;
            }
            case AVG -> {
                float s = 0;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) s += x[base + r * sY + q * sX];
                o[oi] = s / count;
            }
            case MAX_GRAD -> {
                int best = base;
                float m = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int i = base + r * sY + q * sX;
                        if (x[i] > m) { m = x[i]; best = i; }
                    }
                }
                o[best] += g[oi];
            }
            case AVG_GRAD -> {
                float v = g[oi] / count;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) o[base + r * sY + q * sX] += v;
            }
            case MAX_GRAD_GRAD -> {
                int best = base;
                float m = Float.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int i = base + r * sY + q * sX;
                        if (x[i] > m) { m = x[i]; best = i; }
                    }
                }
                o[oi] = g[best];
            }
        }
    }

    private static void doubleCell(Kind kind, double[] x, double[] g, double[] o, int base, int oi, int rows, int cols, int sY, int sX, int count) {
        switch (kind) {
            case MAX -> {
                double m = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) m = Math.max(m, x[base + r * sY + q * sX]);
                o[oi] = m;
            }
            case AVG -> {
                double s = 0;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) s += x[base + r * sY + q * sX];
                o[oi] = s / count;
            }
            case MAX_GRAD -> {
                int best = base;
                double m = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int i = base + r * sY + q * sX;
                        if (x[i] > m) { m = x[i]; best = i; }
                    }
                }
                o[best] += g[oi];
            }
            case AVG_GRAD -> {
                double v = g[oi] / count;
                for (int r = 0; r < rows; r++) for (int q = 0; q < cols; q++) o[base + r * sY + q * sX] += v;
            }
            case MAX_GRAD_GRAD -> {
                int best = base;
                double m = Double.NEGATIVE_INFINITY;
                for (int r = 0; r < rows; r++) {
                    for (int q = 0; q < cols; q++) {
                        int i = base + r * sY + q * sX;
                        if (x[i] > m) { m = x[i]; best = i; }
                    }
                }
                o[oi] = g[best];
            }
        }
    }
}
