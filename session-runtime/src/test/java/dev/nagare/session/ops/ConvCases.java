package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.ConvOps;
import dev.nagare.ops.Tf;
import dev.nagare.session.ops.Reference.Arr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Table rows for Conv2D, its two backprops, and max and average pooling with their gradients: every
 * combination of data format, padding (SAME, VALID, EXPLICIT), stride and dilation, on odd sizes, in
 * float32 and float64. The float64 references below are direct loops written from TensorFlow's definition
 * of the ops; they compute output sizes and padding themselves (nothing from Nagare's ConvGeometry).
 */
final class ConvCases {
    private ConvCases() {}

    /** One conv configuration: strides, dilations (height, width), padding and explicit padding (top, bottom, left, right). */
    record Conf(boolean nchw, int sh, int sw, int dh, int dw, String padding, int[] pads) {
        int[] strides() { return nchw ? new int[] {1, 1, sh, sw} : new int[] {1, sh, sw, 1}; }
        int[] dilations() { return nchw ? new int[] {1, 1, dh, dw} : new int[] {1, dh, dw, 1}; }
        String format() { return nchw ? "NCHW" : "NHWC"; }

        /** TensorFlow's explicit_paddings: (before, after) per axis in data-format order. */
        int[] explicit() {
            if (!padding.equals("EXPLICIT")) return null;
            return nchw ? new int[] {0, 0, 0, 0, pads[0], pads[1], pads[2], pads[3]}
                    : new int[] {0, 0, pads[0], pads[1], pads[2], pads[3], 0, 0};
        }

        @Override
        public String toString() {
            return format() + " " + padding + (pads == null ? "" : Arrays.toString(pads)) + " strides " + sh + "x" + sw + " dilations " + dh + "x" + dw;
        }
    }

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : new DType[] {FLOAT32, FLOAT64}) {
            for (boolean nchw : new boolean[] {false, true}) {
                for (String padding : new String[] {"VALID", "SAME", "EXPLICIT"}) {
                    int[] pads = padding.equals("EXPLICIT") ? new int[] {1, 2, 2, 0} : null;
                    for (int[] st : new int[][] {{1, 1}, {2, 3}}) {
                        for (int[] dil : new int[][] {{1, 1}, {2, 1}}) {
                            Conf c = new Conf(nchw, st[0], st[1], dil[0], dil[1], padding, pads);
                            // input [2, 7, 6, 3] (NHWC), filter [3, 2, 3, 4]
                            convRows(rows, t, c, 2, 7, 6, 3, 3, 2, 4);
                            // depthwise: filter [3, 2, 3, 2], a multiplier of 2
                            depthwiseRows(rows, t, c, 2, 7, 6, 3, 3, 2, 2);
                        }
                    }
                }
                // 64 input channels at stride 1: the input's gradient is a convolution with the flipped filter
                // (ConvKernels.flipped), except where explicit padding exceeds the filter's reach (pads 2 > kw - 1)
                for (String padding : new String[] {"VALID", "SAME", "EXPLICIT"}) {
                    for (int[] pads : padding.equals("EXPLICIT") ? new int[][] {{1, 0, 0, 1}, {1, 2, 2, 0}} : new int[][] {null}) {
                        for (int[] dil : new int[][] {{1, 1}, {2, 1}}) {
                            convRows(rows, t, new Conf(nchw, 1, 1, dil[0], dil[1], padding, pads), 2, 5, 4, 64, 3, 2, 5);
                        }
                    }
                }
                // a 1x1 filter at stride 1 (no packing), and a window as large as the input
                convRows(rows, t, new Conf(nchw, 1, 1, 1, 1, "VALID", null), 2, 5, 4, 6, 1, 1, 3);
                convRows(rows, t, new Conf(nchw, 1, 1, 1, 1, "VALID", null), 3, 4, 3, 2, 4, 3, 2);
                for (String padding : new String[] {"VALID", "SAME"}) {
                    for (int[] ks : new int[][] {{2, 2, 2, 2}, {3, 2, 2, 1}, {3, 3, 1, 1}}) {
                        poolRows(rows, t, nchw, padding, ks, 2, 7, 6, 3);
                    }
                    // 19 channels: whole vectors and a tail in the NHWC float32 loops (PoolKernels.runNhwc)
                    poolRows(rows, t, nchw, padding, new int[] {3, 2, 2, 1}, 2, 5, 6, 19);
                }
            }
        }
        // Big enough that the patch matrix is packed one image at a time (ConvKernels.CHUNK_FLOATS).
        convRows(rows, FLOAT32, new Conf(false, 1, 1, 1, 1, "SAME", null), 3, 90, 90, 32, 3, 3, 2);
        return rows.stream();
    }

    private static void convRows(List<OpCase> rows, DType t, Conf c, int n, int h, int w, int ch, int kh, int kw, int oc) {
        int[] x = c.nchw ? s(n, ch, h, w) : s(n, h, w, ch);
        int[] f = s(kh, kw, ch, oc);
        Geo g = geo(c, n, h, w, ch, kh, kw, oc);
        int[] y = c.nchw ? s(n, oc, g.oh, g.ow) : s(n, g.oh, g.ow, oc);
        rows.add(op("conv2d").in(t, x).in(t, f).extra(c.toString()).sumBased()
                .build((tf, in) -> tf.nn.conv2d(in[0], in[1], c.strides(), c.padding, c.explicit(), c.format(), c.dilations()))
                .ref(in -> fromNhwc(conv(g, toNhwc(in[0], c.nchw), in[1]), c.nchw)).done());
        rows.add(op("conv2dBackpropInput").in(t, f).in(t, y).extra(c.toString()).sumBased()
                .build((tf, in) -> tf.nn.conv2dBackpropInput(tf.constant(x), in[0], in[1], c.strides(), c.padding, c.explicit(), c.format(), c.dilations()))
                .ref(in -> fromNhwc(convInput(g, in[0], toNhwc(in[1], c.nchw)), c.nchw)).done());
        rows.add(op("conv2dBackpropFilter").in(t, x).in(t, y).extra(c.toString()).sumBased()
                .build((tf, in) -> tf.nn.conv2dBackpropFilter(in[0], tf.constant(f), in[1], c.strides(), c.padding, c.explicit(), c.format(), c.dilations()))
                .ref(in -> convFilter(g, toNhwc(in[0], c.nchw), toNhwc(in[1], c.nchw))).done());
    }

    private static void depthwiseRows(List<OpCase> rows, DType t, Conf c, int n, int h, int w, int ch, int kh, int kw, int mult) {
        int[] x = c.nchw ? s(n, ch, h, w) : s(n, h, w, ch);
        int[] f = s(kh, kw, ch, mult);
        Geo g = geo(c, n, h, w, ch, kh, kw, ch * mult);
        int[] y = c.nchw ? s(n, ch * mult, g.oh, g.ow) : s(n, g.oh, g.ow, ch * mult);
        rows.add(op("depthwiseConv2d").in(t, x).in(t, f).extra(c.toString()).sumBased()
                .build((tf, in) -> tf.nn.depthwiseConv2d(in[0], in[1], c.strides(), c.padding, c.explicit(), c.format(), c.dilations()))
                .ref(in -> fromNhwc(depthwise(g, toNhwc(in[0], c.nchw), in[1]), c.nchw)).done());
        rows.add(op("depthwiseConv2dBackpropInput").in(t, f).in(t, y).extra(c.toString()).sumBased()
                .build((tf, in) -> ConvCases.node(tf, ConvOps.DEPTHWISE_BACKPROP_INPUT, c, tf.constant(x), in[0], in[1]))
                .ref(in -> fromNhwc(depthwiseInput(g, in[0], toNhwc(in[1], c.nchw)), c.nchw)).done());
        rows.add(op("depthwiseConv2dBackpropFilter").in(t, x).in(t, y).extra(c.toString()).sumBased()
                .build((tf, in) -> ConvCases.node(tf, ConvOps.DEPTHWISE_BACKPROP_FILTER, c, in[0], tf.constant(f), in[1]))
                .ref(in -> depthwiseFilter(g, toNhwc(in[0], c.nchw), toNhwc(in[1], c.nchw))).done());
    }

    static Output node(Tf tf, dev.nagare.ops.OpDef op, Conf c, Output a, Output b, Output d) {
        var n = tf.scope().node(op, op.name()).attr("strides", c.strides()).attr("padding", c.padding).attr("data_format", c.format())
                .attr("dilations", c.dilations());
        if (c.explicit() != null) n.attr("explicit_paddings", c.explicit());
        return n.input(a).input(b).input(d).build().output(0);
    }

    /** y[n, oy, ox, c m + q] = sum over (ky, kx) inside the input of x[n, iy, ix, c] w[ky, kx, c, q]. */
    static Arr depthwise(Geo g, Arr x, Arr w) {
        int mult = w.shape()[3];
        Arr y = Arr.zeros(g.n, g.oh, g.ow, g.c * mult);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++)
            for (int c = 0; c < g.c; c++) for (int q = 0; q < mult; q++) {
                double sum = 0;
                for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                    int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                    if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                    sum += at(x, n, iy, ix, c) * w.v()[idx(w.shape(), ky, kx, c, q)];
                }
                y.v()[idx(y.shape(), n, oy, ox, c * mult + q)] = sum;
            }
        return y;
    }

    static Arr depthwiseInput(Geo g, Arr w, Arr dy) {
        int mult = w.shape()[3];
        Arr dx = Arr.zeros(g.n, g.h, g.w, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++)
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int c = 0; c < g.c; c++) for (int q = 0; q < mult; q++) {
                    dx.v()[idx(dx.shape(), n, iy, ix, c)] += at(dy, n, oy, ox, c * mult + q) * w.v()[idx(w.shape(), ky, kx, c, q)];
                }
            }
        return dx;
    }

    static Arr depthwiseFilter(Geo g, Arr x, Arr dy) {
        int mult = g.oc / g.c;
        Arr dw = Arr.zeros(g.kh, g.kw, g.c, mult);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++)
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int c = 0; c < g.c; c++) for (int q = 0; q < mult; q++) {
                    dw.v()[idx(dw.shape(), ky, kx, c, q)] += at(x, n, iy, ix, c) * at(dy, n, oy, ox, c * mult + q);
                }
            }
        return dw;
    }

    private static void poolRows(List<OpCase> rows, DType t, boolean nchw, String padding, int[] ks, int n, int h, int w, int ch) {
        Conf c = new Conf(nchw, ks[2], ks[3], 1, 1, padding, null);
        int[] ksize = nchw ? new int[] {1, 1, ks[0], ks[1]} : new int[] {1, ks[0], ks[1], 1};
        int[] x = nchw ? s(n, ch, h, w) : s(n, h, w, ch);
        Geo g = geo(c, n, h, w, ch, ks[0], ks[1], ch);
        int[] y = nchw ? s(n, ch, g.oh, g.ow) : s(n, g.oh, g.ow, ch);
        String extra = c.format() + " " + padding + " window " + ks[0] + "x" + ks[1] + " strides " + ks[2] + "x" + ks[3];
        rows.add(op("maxPool").in(t, x, RandomTensors.DISTINCT).extra(extra)
                .build((tf, in) -> tf.nn.maxPool(in[0], ksize, c.strides(), padding, c.format()))
                .ref(in -> fromNhwc(pool(g, toNhwc(in[0], nchw), true), nchw)).done());
        rows.add(op("avgPool").in(t, x).extra(extra).sumBased()
                .build((tf, in) -> tf.nn.avgPool(in[0], ksize, c.strides(), padding, c.format()))
                .ref(in -> fromNhwc(pool(g, toNhwc(in[0], nchw), false), nchw)).done());
        rows.add(op("maxPoolGrad").in(t, x, RandomTensors.DISTINCT).in(t, y).extra(extra)
                .build((tf, in) -> poolGrad(tf, ConvOps.MAX_POOL_GRAD, ksize, c, in[0], tf.nn.maxPool(in[0], ksize, c.strides(), padding, c.format()), in[1]))
                .ref(in -> fromNhwc(maxPoolGrad(g, toNhwc(in[0], nchw), toNhwc(in[1], nchw)), nchw)).done());
        rows.add(op("maxPoolGradGrad").in(t, x, RandomTensors.DISTINCT).in(t, x).extra(extra)
                .build((tf, in) -> poolGrad(tf, ConvOps.MAX_POOL_GRAD_GRAD, ksize, c, in[0], tf.nn.maxPool(in[0], ksize, c.strides(), padding, c.format()), in[1]))
                .ref(in -> fromNhwc(maxPoolGradGrad(g, toNhwc(in[0], nchw), toNhwc(in[1], nchw)), nchw)).done());
        rows.add(op("avgPoolGrad").in(t, y).extra(extra).sumBased()
                .build((tf, in) -> poolGrad(tf, ConvOps.AVG_POOL_GRAD, ksize, c, tf.constant(x), null, in[0]))
                .ref(in -> fromNhwc(avgPoolGrad(g, toNhwc(in[0], nchw)), nchw)).done());
    }

    private static Output poolGrad(Tf tf, dev.nagare.ops.OpDef op, int[] ksize, Conf c, Output first, Output origOut, Output grad) {
        var b = tf.scope().node(op, op.name()).attr("ksize", ksize).attr("strides", c.strides()).attr("padding", c.padding)
                .attr("data_format", c.format()).input(first);
        if (origOut != null) b.input(origOut);
        return b.input(grad).build().output(0);
    }

    // ---- the references, on NHWC arrays ----

    /** Sizes and padding of one application, computed from TensorFlow's formulas. */
    record Geo(int n, int h, int w, int c, int kh, int kw, int oc, int oh, int ow, int padTop, int padLeft, int sh, int sw, int dh, int dw) {}

    static Geo geo(Conf c, int n, int h, int w, int ch, int kh, int kw, int oc) {
        int[] y = outAndPad(h, kh, c.sh, c.dh, c.padding, c.pads == null ? 0 : c.pads[0], c.pads == null ? 0 : c.pads[1]);
        int[] x = outAndPad(w, kw, c.sw, c.dw, c.padding, c.pads == null ? 0 : c.pads[2], c.pads == null ? 0 : c.pads[3]);
        return new Geo(n, h, w, ch, kh, kw, oc, y[0], x[0], y[1], x[1], c.sh, c.sw, c.dh, c.dw);
    }

    static int[] outAndPad(int in, int k, int s, int d, String padding, int before, int after) {
        int dk = (k - 1) * d + 1;
        return switch (padding) {
            case "VALID" -> new int[] {(in - dk + s) / s, 0};
            case "SAME" -> {
                int out = (in + s - 1) / s;
                yield new int[] {out, Math.max((out - 1) * s + dk - in, 0) / 2};
            }
            default -> new int[] {(in + before + after - dk) / s + 1, before};
        };
    }

    private static double at(Arr a, int n, int y, int x, int c) {
        int[] s = a.shape();
        return a.v()[((n * s[1] + y) * s[2] + x) * s[3] + c];
    }

    private static int idx(int[] s, int n, int y, int x, int c) { return ((n * s[1] + y) * s[2] + x) * s[3] + c; }

    /** y[n, oy, ox, o] = sum over (ky, kx, c) inside the input of x[n, oy*sh - top + ky*dh, ox*sw - left + kx*dw, c] w[ky, kx, c, o]. */
    static Arr conv(Geo g, Arr x, Arr w) {
        Arr y = Arr.zeros(g.n, g.oh, g.ow, g.oc);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int o = 0; o < g.oc; o++) {
            double sum = 0;
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int c = 0; c < g.c; c++) sum += at(x, n, iy, ix, c) * w.v()[idx(w.shape(), ky, kx, c, o)];
            }
            y.v()[idx(y.shape(), n, oy, ox, o)] = sum;
        }
        return y;
    }

    /** The adjoint of conv in x: every product x * w of the forward sends dy * w back to that x. */
    static Arr convInput(Geo g, Arr w, Arr dy) {
        Arr dx = Arr.zeros(g.n, g.h, g.w, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++)
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int c = 0; c < g.c; c++) for (int o = 0; o < g.oc; o++) {
                    dx.v()[idx(dx.shape(), n, iy, ix, c)] += at(dy, n, oy, ox, o) * w.v()[idx(w.shape(), ky, kx, c, o)];
                }
            }
        return dx;
    }

    /** The adjoint of conv in w: every product x * w sends x * dy back to that w. */
    static Arr convFilter(Geo g, Arr x, Arr dy) {
        Arr dw = Arr.zeros(g.kh, g.kw, g.c, g.oc);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++)
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky * g.dh, ix = ox * g.sw - g.padLeft + kx * g.dw;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                for (int c = 0; c < g.c; c++) for (int o = 0; o < g.oc; o++) {
                    dw.v()[idx(dw.shape(), ky, kx, c, o)] += at(x, n, iy, ix, c) * at(dy, n, oy, ox, o);
                }
            }
        return dw;
    }

    /** Max or mean of each window's elements that lie inside the input. */
    static Arr pool(Geo g, Arr x, boolean max) {
        Arr y = Arr.zeros(g.n, g.oh, g.ow, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int c = 0; c < g.c; c++) {
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            int count = 0;
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky, ix = ox * g.sw - g.padLeft + kx;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                m = Math.max(m, at(x, n, iy, ix, c));
                sum += at(x, n, iy, ix, c);
                count++;
            }
            y.v()[idx(y.shape(), n, oy, ox, c)] = max ? m : sum / count;
        }
        return y;
    }

    /** Each window's gradient goes to its largest element (the first, scanning rows then columns). */
    static Arr maxPoolGrad(Geo g, Arr x, Arr dy) {
        Arr dx = Arr.zeros(g.n, g.h, g.w, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int c = 0; c < g.c; c++) {
            double m = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky, ix = ox * g.sw - g.padLeft + kx;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                if (at(x, n, iy, ix, c) > m) {
                    m = at(x, n, iy, ix, c);
                    best = idx(dx.shape(), n, iy, ix, c);
                }
            }
            dx.v()[best] += at(dy, n, oy, ox, c);
        }
        return dx;
    }

    /** For each window, the input-shaped gradient at the window's largest element (the first, as above). */
    static Arr maxPoolGradGrad(Geo g, Arr x, Arr gin) {
        Arr y = Arr.zeros(g.n, g.oh, g.ow, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int c = 0; c < g.c; c++) {
            double m = Double.NEGATIVE_INFINITY, v = 0;
            for (int ky = 0; ky < g.kh; ky++) for (int kx = 0; kx < g.kw; kx++) {
                int iy = oy * g.sh - g.padTop + ky, ix = ox * g.sw - g.padLeft + kx;
                if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) continue;
                if (at(x, n, iy, ix, c) > m) {
                    m = at(x, n, iy, ix, c);
                    v = at(gin, n, iy, ix, c);
                }
            }
            y.v()[idx(y.shape(), n, oy, ox, c)] = v;
        }
        return y;
    }

    /** Each window's gradient divided evenly among its elements inside the input. */
    static Arr avgPoolGrad(Geo g, Arr dy) {
        Arr dx = Arr.zeros(g.n, g.h, g.w, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int c = 0; c < g.c; c++) {
            int y0 = Math.max(0, oy * g.sh - g.padTop), y1 = Math.min(g.h, oy * g.sh - g.padTop + g.kh);
            int x0 = Math.max(0, ox * g.sw - g.padLeft), x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.kw);
            double share = at(dy, n, oy, ox, c) / ((y1 - y0) * (x1 - x0));
            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) dx.v()[idx(dx.shape(), n, iy, ix, c)] += share;
        }
        return dx;
    }

    // ---- layouts ----

    /** NCHW to NHWC (a copy); NHWC arrays pass through. */
    static Arr toNhwc(Arr a, boolean nchw) {
        if (!nchw) return a;
        int[] s = a.shape();
        Arr out = Arr.zeros(s[0], s[2], s[3], s[1]);
        for (int n = 0; n < s[0]; n++) for (int c = 0; c < s[1]; c++) for (int y = 0; y < s[2]; y++) for (int x = 0; x < s[3]; x++) {
            out.v()[idx(out.shape(), n, y, x, c)] = a.v()[idx(s, n, c, y, x)];
        }
        return out;
    }

    /** NHWC to NCHW when {@code nchw}. */
    static Arr fromNhwc(Arr a, boolean nchw) {
        if (!nchw) return a;
        int[] s = a.shape();
        Arr out = Arr.zeros(s[0], s[3], s[1], s[2]);
        for (int n = 0; n < s[0]; n++) for (int y = 0; y < s[1]; y++) for (int x = 0; x < s[2]; x++) for (int c = 0; c < s[3]; c++) {
            out.v()[idx(out.shape(), n, c, y, x)] = a.v()[idx(s, n, y, x, c)];
        }
        return out;
    }
}
