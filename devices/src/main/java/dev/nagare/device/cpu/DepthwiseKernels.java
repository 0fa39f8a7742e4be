package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ConvGeometry;
import dev.nagare.ops.ConvGeometry.Window;
import dev.nagare.ops.ConvOps;
import java.util.Arrays;

/**
 * Depthwise convolution and its two backprops as direct loops (each output channel reads one input channel,
 * so there is no inner product to hand to GEMM). Tensors of either data format are addressed through the
 * strides of (n, y, x, c); in NHWC the innermost loops run over contiguous channels. The forward and the
 * input gradient are split over the batch (entries never share an element); the filter gradient sums over
 * it on one thread.
 */
final class DepthwiseKernels {
    private DepthwiseKernels() {}

    private enum Kind { FORWARD, INPUT, FILTER }

    static void register(KernelRegistry r) {
        r.add(ConvOps.DEPTHWISE_CONV2D, CpuKernel.bind(n -> kernel(n, Kind.FORWARD)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.DEPTHWISE_BACKPROP_INPUT, CpuKernel.bind(n -> kernel(n, Kind.INPUT)), ElementwiseKernels.FLOATING);
        r.add(ConvOps.DEPTHWISE_BACKPROP_FILTER, CpuKernel.bind(n -> kernel(n, Kind.FILTER)), ElementwiseKernels.FLOATING);
    }

    private static CpuKernel kernel(Node node, Kind kind) {
        ConvGeometry.Attrs a = ConvGeometry.parse(node.attrs(), false, IllegalStateException::new);
        return (ctx, in) -> {
            Window g = switch (kind) {
                case FORWARD -> ConvGeometry.window(a, in[0].shape(), in[1].shape(), true, ctx::fail);
                case INPUT -> ConvGeometry.window(a, ConvKernels.sizes(ctx, in[0], "input_sizes"), in[1].shape(), true, ctx::fail);
                case FILTER -> ConvGeometry.window(a, in[0].shape(), ConvKernels.sizes(ctx, in[1], "filter_sizes"), true, ctx::fail);
            };
            Tensor dy = kind == Kind.FORWARD ? null : in[2];
            if (dy != null && !dy.shape().equals(g.outputShape())) {
                throw ctx.fail("out_backprop of shape " + dy.shape() + " does not match the convolution's output " + g.outputShape());
            }
            int m = g.c() == 0 ? 0 : g.oc() / g.c();
            Shape outShape = switch (kind) {
                case FORWARD -> g.outputShape();
                case INPUT -> g.inputShape();
                case FILTER -> Shape.of(g.kh(), g.kw(), g.c(), m);
            };
            DType t = (kind == Kind.INPUT ? in[1] : in[0]).dtype();
            if (t == DType.FLOAT32) {
                float[] out = ctx.floats(0, outShape.size());
                switch (kind) {
                    case FORWARD -> run(g, m, kind, in[0].floatData(), in[1].floatData(), out);
                    case INPUT -> run(g, m, kind, out, in[1].floatData(), dy.floatData());
                    case FILTER -> run(g, m, kind, in[0].floatData(), out, dy.floatData());
                }
                return Tensor.of(outShape, out);
            }
            double[] out = ctx.doubles(0, outShape.size());
            switch (kind) {
                case FORWARD -> run(g, m, kind, in[0].doubleData(), in[1].doubleData(), out);
                case INPUT -> run(g, m, kind, out, in[1].doubleData(), dy.doubleData());
                case FILTER -> run(g, m, kind, in[0].doubleData(), out, dy.doubleData());
            }
            return Tensor.of(outShape, out);
        };
    }

    /** FORWARD y += x w; INPUT x += y w; FILTER w += x y, over every (n, oy, ox, ky, kx, c, m) inside the input. */
    private static void run(Window g, int mult, Kind kind, float[] x, float[] w, float[] y) {
        int[] s = strides(g);
        int h = g.h(), wd = g.w(), c = g.c(), oh = g.oh(), ow = g.ow();
        switch (kind) {
            case FORWARD -> Arrays.fill(y, 0f);
            case INPUT -> Arrays.fill(x, 0f);
            case FILTER -> Arrays.fill(w, 0f);
        }
        dev.nagare.device.Workers.Range body = (from, to) -> {
            for (int n = from; n < to; n++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int yBase = n * s[4] + oy * s[5] + ox * s[6];
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.a().strideH() - g.padTop() + ky * g.a().dilH();
                            if (iy < 0 || iy >= h) continue;
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.a().strideW() - g.padLeft() + kx * g.a().dilW();
                                if (ix < 0 || ix >= wd) continue;
                                int xBase = n * s[0] + iy * s[1] + ix * s[2], wBase = (ky * g.kw() + kx) * c * mult;
                                for (int ch = 0; ch < c; ch++) {
                                    int xi = xBase + ch * s[3];
                                    for (int q = 0; q < mult; q++) {
                                        int wi = wBase + ch * mult + q, yi = yBase + (ch * mult + q) * s[7];
                                        switch (kind) {
                                            case FORWARD -> y[yi] += x[xi] * w[wi];
                                            case INPUT -> x[xi] += y[yi] * w[wi];
                                            case FILTER -> w[wi] += x[xi] * y[yi];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        };
        if (kind == Kind.FILTER) body.run(0, g.n());
        else ElementwiseKernels.split(g.n(), oh * ow * g.kh() * g.kw() * c * mult, body);
    }

    private static void run(Window g, int mult, Kind kind, double[] x, double[] w, double[] y) {
        int[] s = strides(g);
        int h = g.h(), wd = g.w(), c = g.c(), oh = g.oh(), ow = g.ow();
        switch (kind) {
            case FORWARD -> Arrays.fill(y, 0);
            case INPUT -> Arrays.fill(x, 0);
            case FILTER -> Arrays.fill(w, 0);
        }
        for (int n = 0; n < g.n(); n++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int yBase = n * s[4] + oy * s[5] + ox * s[6];
                    for (int ky = 0; ky < g.kh(); ky++) {
                        int iy = oy * g.a().strideH() - g.padTop() + ky * g.a().dilH();
                        if (iy < 0 || iy >= h) continue;
                        for (int kx = 0; kx < g.kw(); kx++) {
                            int ix = ox * g.a().strideW() - g.padLeft() + kx * g.a().dilW();
                            if (ix < 0 || ix >= wd) continue;
                            int xBase = n * s[0] + iy * s[1] + ix * s[2], wBase = (ky * g.kw() + kx) * c * mult;
                            for (int ch = 0; ch < c; ch++) {
                                int xi = xBase + ch * s[3];
                                for (int q = 0; q < mult; q++) {
                                    int wi = wBase + ch * mult + q, yi = yBase + (ch * mult + q) * s[7];
                                    switch (kind) {
                                        case FORWARD -> y[yi] += x[xi] * w[wi];
                                        case INPUT -> x[xi] += y[yi] * w[wi];
                                        case FILTER -> w[wi] += x[xi] * y[yi];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Strides of (n, y, x, c) in the input, then in the output. */
    private static int[] strides(Window g) {
        boolean nchw = g.a().nchw();
        int h = g.h(), w = g.w(), c = g.c(), oh = g.oh(), ow = g.ow(), oc = g.oc();
        return new int[] {h * w * c, nchw ? w : w * c, nchw ? 1 : c, nchw ? h * w : 1,
                oh * ow * oc, nchw ? ow : ow * oc, nchw ? 1 : oc, nchw ? oh * ow : 1};
    }
}
