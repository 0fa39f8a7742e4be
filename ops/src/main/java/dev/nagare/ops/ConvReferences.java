package dev.nagare.ops;

import dev.nagare.graph.Node;
import dev.nagare.ops.OpTests.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Float64 references of convolution and pooling, and the samples of their entries: direct loops written from
 * TensorFlow's definition of the ops, on NHWC arrays (NCHW ones are transposed in and out). Output sizes and
 * padding come from TensorFlow's formulas, computed here: nothing is taken from {@link ConvGeometry}, which the
 * shape rules and kernels share.
 */
final class ConvReferences {
    private ConvReferences() {}

    /** Sizes, padding, strides and dilations of one application. */
    record Geo(int n, int h, int w, int c, int kh, int kw, int oc, int oh, int ow, int padTop, int padLeft, int sh, int sw, int dh, int dw) {}

    /** The geometry a node's attrs give an NHWC input of {@code x} and a window of kh x kw making oc channels. */
    static Geo geo(Node node, int[] x, int kh, int kw, int oc) {
        boolean nchw = nchw(node);
        int[] strides = node.attr(ConvOps.STRIDES);
        int[] dil = node.op() == ConvOps.MAX_POOL || node.op() == ConvOps.AVG_POOL || isPoolGrad(node) ? new int[] {1, 1, 1, 1} : node.attr(ConvOps.DILATIONS);
        int hi = nchw ? 2 : 1, wi = nchw ? 3 : 2;
        int[] pads = node.attr(ConvOps.EXPLICIT_PADDINGS);
        int top = 0, bottom = 0, left = 0, right = 0;
        if (pads != null && pads.length == 8) {
            top = pads[2 * hi];
            bottom = pads[2 * hi + 1];
            left = pads[2 * wi];
            right = pads[2 * wi + 1];
        }
        String padding = node.attr(ConvOps.PADDING);
        int[] y = outAndPad(x[1], kh, strides[hi], dil[hi], padding, top, bottom);
        int[] xx = outAndPad(x[2], kw, strides[wi], dil[wi], padding, left, right);
        return new Geo(x[0], x[1], x[2], x[3], kh, kw, oc, y[0], xx[0], y[1], xx[1], strides[hi], strides[wi], dil[hi], dil[wi]);
    }

    private static boolean isPoolGrad(Node node) {
        return node.op() == ConvOps.MAX_POOL_GRAD || node.op() == ConvOps.MAX_POOL_GRAD_GRAD || node.op() == ConvOps.AVG_POOL_GRAD;
    }

    static boolean nchw(Node node) { return "NCHW".equals(node.attr(ConvOps.DATA_FORMAT)); }

    /** The output size along one axis and the padding before it. */
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

    // ---- the ops, as their entries' references ----

    static Values conv2d(Node node, Values x, Values f) {
        Values nhwc = toNhwc(x, nchw(node));
        Geo g = geo(node, nhwc.shape(), f.shape()[0], f.shape()[1], f.shape()[3]);
        return fromNhwc(conv(g, nhwc, f), nchw(node));
    }

    static Values conv2dInput(Node node, Values sizes, Values f, Values dy) {
        int[] x = nhwcShape(References.ints(sizes), nchw(node));
        Geo g = geo(node, x, f.shape()[0], f.shape()[1], f.shape()[3]);
        return fromNhwc(convInput(g, f, toNhwc(dy, nchw(node))), nchw(node));
    }

    static Values conv2dFilter(Node node, Values x, Values sizes, Values dy) {
        int[] fs = References.ints(sizes);
        Values nhwc = toNhwc(x, nchw(node));
        Geo g = geo(node, nhwc.shape(), fs[0], fs[1], fs[3]);
        return convFilter(g, nhwc, toNhwc(dy, nchw(node)));
    }

    static Values depthwise(Node node, Values x, Values f) {
        Values nhwc = toNhwc(x, nchw(node));
        Geo g = geo(node, nhwc.shape(), f.shape()[0], f.shape()[1], f.shape()[2] * f.shape()[3]);
        return fromNhwc(depthwise(g, nhwc, f), nchw(node));
    }

    static Values depthwiseInput(Node node, Values sizes, Values f, Values dy) {
        int[] x = nhwcShape(References.ints(sizes), nchw(node));
        Geo g = geo(node, x, f.shape()[0], f.shape()[1], f.shape()[2] * f.shape()[3]);
        return fromNhwc(depthwiseInput(g, f, toNhwc(dy, nchw(node))), nchw(node));
    }

    static Values depthwiseFilter(Node node, Values x, Values sizes, Values dy) {
        int[] fs = References.ints(sizes);
        Values nhwc = toNhwc(x, nchw(node));
        Geo g = geo(node, nhwc.shape(), fs[0], fs[1], fs[2] * fs[3]);
        return depthwiseFilter(g, nhwc, toNhwc(dy, nchw(node)), fs[3]);
    }

    /** MaxPool (max) or AvgPool. */
    static Values pool(Node node, Values x, boolean max) {
        Values nhwc = toNhwc(x, nchw(node));
        return fromNhwc(pool(poolGeo(node, nhwc.shape()), nhwc, max), nchw(node));
    }

    static Values maxPoolGrad(Node node, Values x, Values dy) {
        Values nhwc = toNhwc(x, nchw(node));
        return fromNhwc(maxPoolGrad(poolGeo(node, nhwc.shape()), nhwc, toNhwc(dy, nchw(node))), nchw(node));
    }

    static Values maxPoolGradGrad(Node node, Values x, Values gin) {
        Values nhwc = toNhwc(x, nchw(node));
        return fromNhwc(maxPoolGradGrad(poolGeo(node, nhwc.shape()), nhwc, toNhwc(gin, nchw(node))), nchw(node));
    }

    static Values avgPoolGrad(Node node, Values sizes, Values dy) {
        int[] x = nhwcShape(References.ints(sizes), nchw(node));
        return fromNhwc(avgPoolGrad(poolGeo(node, x), toNhwc(dy, nchw(node))), nchw(node));
    }

    private static Geo poolGeo(Node node, int[] x) {
        int[] k = node.attr(ConvOps.KSIZE);
        boolean nchw = nchw(node);
        return geo(node, x, k[nchw ? 2 : 1], k[nchw ? 3 : 2], x[3]);
    }

    // ---- loops on NHWC arrays ----

    private static double at(Values a, int n, int y, int x, int c) {
        int[] s = a.shape();
        return a.v()[((n * s[1] + y) * s[2] + x) * s[3] + c];
    }

    private static int idx(int[] s, int n, int y, int x, int c) { return ((n * s[1] + y) * s[2] + x) * s[3] + c; }

    private static Values zeros(int... shape) { return References.filled(shape, 0); }

    /** y[n, oy, ox, o] = sum over (ky, kx, c) inside the input of x[n, oy*sh - top + ky*dh, ox*sw - left + kx*dw, c] w[ky, kx, c, o]. */
    static Values conv(Geo g, Values x, Values w) {
        Values y = zeros(g.n, g.oh, g.ow, g.oc);
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
    static Values convInput(Geo g, Values w, Values dy) {
        Values dx = zeros(g.n, g.h, g.w, g.c);
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
    static Values convFilter(Geo g, Values x, Values dy) {
        Values dw = zeros(g.kh, g.kw, g.c, g.oc);
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

    /** y[n, oy, ox, c m + q] = sum over (ky, kx) inside the input of x[n, iy, ix, c] w[ky, kx, c, q]. */
    static Values depthwise(Geo g, Values x, Values w) {
        int mult = w.shape()[3];
        Values y = zeros(g.n, g.oh, g.ow, g.c * mult);
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

    static Values depthwiseInput(Geo g, Values w, Values dy) {
        int mult = w.shape()[3];
        Values dx = zeros(g.n, g.h, g.w, g.c);
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

    static Values depthwiseFilter(Geo g, Values x, Values dy, int mult) {
        Values dw = zeros(g.kh, g.kw, g.c, mult);
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

    /** Max or mean of each window's elements that lie inside the input. */
    static Values pool(Geo g, Values x, boolean max) {
        Values y = zeros(g.n, g.oh, g.ow, g.c);
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
    static Values maxPoolGrad(Geo g, Values x, Values dy) {
        Values dx = zeros(g.n, g.h, g.w, g.c);
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
    static Values maxPoolGradGrad(Geo g, Values x, Values gin) {
        Values y = zeros(g.n, g.oh, g.ow, g.c);
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
    static Values avgPoolGrad(Geo g, Values dy) {
        Values dx = zeros(g.n, g.h, g.w, g.c);
        for (int n = 0; n < g.n; n++) for (int oy = 0; oy < g.oh; oy++) for (int ox = 0; ox < g.ow; ox++) for (int c = 0; c < g.c; c++) {
            int y0 = Math.max(0, oy * g.sh - g.padTop), y1 = Math.min(g.h, oy * g.sh - g.padTop + g.kh);
            int x0 = Math.max(0, ox * g.sw - g.padLeft), x1 = Math.min(g.w, ox * g.sw - g.padLeft + g.kw);
            double share = at(dy, n, oy, ox, c) / ((y1 - y0) * (x1 - x0));
            for (int iy = y0; iy < y1; iy++) for (int ix = x0; ix < x1; ix++) dx.v()[idx(dx.shape(), n, iy, ix, c)] += share;
        }
        return dx;
    }

    // ---- layouts ----

    static int[] nhwcShape(int[] s, boolean nchw) { return nchw ? new int[] {s[0], s[2], s[3], s[1]} : s.clone(); }

    static int[] layoutShape(int[] nhwc, boolean nchw) { return nchw ? new int[] {nhwc[0], nhwc[3], nhwc[1], nhwc[2]} : nhwc.clone(); }

    /** NCHW to NHWC (a copy); NHWC arrays pass through. */
    static Values toNhwc(Values a, boolean nchw) {
        if (!nchw) return a;
        int[] s = a.shape();
        Values out = zeros(s[0], s[2], s[3], s[1]);
        for (int n = 0; n < s[0]; n++) for (int c = 0; c < s[1]; c++) for (int y = 0; y < s[2]; y++) for (int x = 0; x < s[3]; x++) {
            out.v()[idx(out.shape(), n, y, x, c)] = a.v()[idx(s, n, c, y, x)];
        }
        return out;
    }

    /** NHWC to NCHW when {@code nchw}. */
    static Values fromNhwc(Values a, boolean nchw) {
        if (!nchw) return a;
        int[] s = a.shape();
        Values out = zeros(s[0], s[3], s[1], s[2]);
        for (int n = 0; n < s[0]; n++) for (int y = 0; y < s[1]; y++) for (int x = 0; x < s[2]; x++) for (int c = 0; c < s[3]; c++) {
            out.v()[idx(out.shape(), n, c, y, x)] = a.v()[idx(s, n, y, x, c)];
        }
        return out;
    }

    // ---- the samples ----

    /**
     * One configuration: data format, strides and dilations (height, width), padding with its explicit (top,
     * bottom, left, right), and whether the gradient check takes it.
     */
    record Conf(boolean nchw, int sh, int sw, int dh, int dw, String padding, int[] pads, boolean gradient) {
        /**
         * Whether TensorFlow Java 1.1.0's CPU kernels run it (measured): no NCHW; Conv2D takes dilations at
         * stride 1 only, its backprops none; the depthwise ops neither dilations nor unequal strides.
         */
        boolean tensorFlow(Part part, boolean depthwise) {
            boolean dilated = dh != 1 || dw != 1;
            if (nchw) return false;
            if (depthwise) return !dilated && sh == sw;
            return part == Part.FORWARD ? !dilated || sh == 1 && sw == 1 : !dilated;
        }

        int[] four(int h, int w) { return nchw ? new int[] {1, 1, h, w} : new int[] {1, h, w, 1}; }

        Map<String, Object> attrs(boolean pooling, int kh, int kw) {
            Map<String, Object> a = new java.util.LinkedHashMap<>();
            a.put("strides", four(sh, sw));
            a.put("padding", padding);
            if (nchw) a.put("data_format", "NCHW");
            if (pooling) {
                a.put("ksize", four(kh, kw));
                return a;
            }
            if (dh != 1 || dw != 1) a.put("dilations", four(dh, dw));
            if (pads != null) {
                a.put("explicit_paddings", nchw ? new int[] {0, 0, 0, 0, pads[0], pads[1], pads[2], pads[3]}
                        : new int[] {0, 0, pads[0], pads[1], pads[2], pads[3], 0, 0});
            }
            return a;
        }

        /** The output's (height, width) for an input of (h, w) and a window of (kh, kw). */
        int[] out(int h, int w, int kh, int kw) {
            return new int[] {outAndPad(h, kh, sh, dh, padding, pads == null ? 0 : pads[0], pads == null ? 0 : pads[1])[0],
                outAndPad(w, kw, sw, dw, padding, pads == null ? 0 : pads[2], pads == null ? 0 : pads[3])[0]};
        }
    }

    /** The convolutions' configurations (inputs [2, 5, 4, 2] NHWC, 2 x 2 windows), and the larger ones after them. */
    static final List<Conf> CONV = List.of(
            new Conf(false, 1, 1, 1, 1, "VALID", null, true),
            new Conf(false, 2, 3, 1, 1, "SAME", null, true),
            new Conf(false, 1, 1, 2, 1, "SAME", null, true),
            new Conf(false, 2, 1, 1, 1, "EXPLICIT", new int[] {1, 2, 2, 0}, true),
            new Conf(false, 2, 3, 2, 1, "VALID", null, false),
            new Conf(true, 1, 1, 1, 1, "SAME", null, false),
            new Conf(true, 2, 2, 1, 2, "EXPLICIT", new int[] {0, 2, 1, 1}, true));

    /** Which of a convolution's three ops: the forward, the input's gradient, the filter's. */
    enum Part { FORWARD, INPUT, FILTER }

    /**
     * The samples of one convolution op over {@link #CONV}, plus 64 input channels at stride 1 (the input's
     * gradient computed as a convolution by the flipped filter), a 1 x 1 filter, and a window as large as the
     * input. A shape input is a constant; the gradient check takes the small configurations.
     */
    static OpTests convSamples(OpTests t, Part part, boolean depthwise) {
        List<Object[]> cases = new ArrayList<>(); // conf, n, h, w, c, kh, kw, out channels per input channel (depthwise) or out channels
        for (Conf c : CONV) cases.add(new Object[] {c, 2, 5, 4, 2, 2, 2, depthwise ? 2 : 3});
        if (!depthwise) {
            for (String padding : List.of("VALID", "SAME", "EXPLICIT")) {
                cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, padding, padding.equals("EXPLICIT") ? new int[] {1, 2, 2, 0} : null, false), 2, 5, 4, 64, 3, 2, 5});
            }
            // 32 channels in and out: the CPU's strided implicit-GEMM kernels, forward and for the input's gradient.
            cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, "SAME", null, false), 1, 3, 8, 32, 3, 2, 32});
            // Stride 1 with the output as large as the input through uneven explicit padding (rows: 0 above, 2
            // below; columns: 2 left, 0 right): the filter's gradient then packs each image's valid rows at once.
            cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, "EXPLICIT", new int[] {0, 2, 2, 0}, false), 2, 4, 5, 3, 3, 3, 2});
            // One input channel (the first layer of an MNIST network): NHWC is then also the NCHW layout the
            // filter's gradient packs its patches from.
            cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, "SAME", null, false), 2, 6, 5, 1, 3, 3, 4});
            cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, "VALID", null, false), 2, 5, 4, 6, 1, 1, 3});
            cases.add(new Object[] {new Conf(false, 1, 1, 1, 1, "VALID", null, false), 3, 4, 3, 2, 4, 3, 2});
        }
        for (Object[] k : cases) {
            Conf c = (Conf) k[0];
            int n = (int) k[1], h = (int) k[2], w = (int) k[3], ch = (int) k[4], kh = (int) k[5], kw = (int) k[6], m = (int) k[7];
            int[] out = c.out(h, w, kh, kw);
            int oc = depthwise ? ch * m : m;
            int[] x = layoutShape(new int[] {n, h, w, ch}, c.nchw), f = {kh, kw, ch, m}, y = layoutShape(new int[] {n, out[0], out[1], oc}, c.nchw);
            OpTests.SampleInput[] in = switch (part) {
                case FORWARD -> new OpTests.SampleInput[] {OpTests.in(x, OpTests.U), OpTests.in(f, OpTests.U)};
                case INPUT -> new OpTests.SampleInput[] {OpTests.ints(x), OpTests.in(f, OpTests.U), OpTests.in(y, OpTests.U)};
                case FILTER -> new OpTests.SampleInput[] {OpTests.in(x, OpTests.U), OpTests.ints(f), OpTests.in(y, OpTests.U)};
            };
            t = c.gradient ? t.sample(c.attrs(false, 0, 0), in) : t.sampleWithoutGradient(c.attrs(false, 0, 0), in);
            if (!c.tensorFlow(part, depthwise)) t = t.lastNotInTensorFlow();
        }
        return t;
    }

    /** Pooling windows (height, width, stride height, stride width) on [2, 7, 6, 3], and 19 channels (whole vectors and a tail) for two of them. */
    static OpTests poolSamples(OpTests t, String op) {
        List<Object[]> cases = new ArrayList<>(); // nchw, padding, window, channels, gradient
        for (String padding : List.of("VALID", "SAME")) {
            for (int[] ks : new int[][] {{2, 2, 2, 2}, {3, 2, 2, 1}, {3, 3, 1, 1}}) cases.add(new Object[] {false, padding, ks, 3, ks[0] == 2});
            cases.add(new Object[] {false, padding, new int[] {3, 2, 2, 1}, 19, false});
            // windows side by side: with SAME on 7 x 6 they tile the input (MaxPoolGrad writes each element once)
            cases.add(new Object[] {false, padding, new int[] {2, 2, 2, 2}, 19, false});
        }
        cases.add(new Object[] {true, "SAME", new int[] {3, 2, 2, 1}, 3, false});
        for (Object[] k : cases) {
            boolean nchw = (boolean) k[0];
            String padding = (String) k[1];
            int[] ks = (int[]) k[2];
            int ch = (int) k[3];
            Conf c = new Conf(nchw, ks[2], ks[3], 1, 1, padding, null, (boolean) k[4]);
            int[] out = c.out(7, 6, ks[0], ks[1]);
            int[] x = layoutShape(new int[] {2, 7, 6, ch}, nchw), y = layoutShape(new int[] {2, out[0], out[1], ch}, nchw);
            Map<String, Object> attrs = c.attrs(true, ks[0], ks[1]);
            OpTests.SampleInput[] in = switch (op) {
                case "MaxPool", "AvgPool" -> new OpTests.SampleInput[] {OpTests.in(x, OpTests.U)};
                case "AvgPoolGrad" -> new OpTests.SampleInput[] {OpTests.ints(x), OpTests.in(y, OpTests.U)};
                default -> {
                    // orig_input: distinct values (no window's maximum is tied); orig_output: its max pool
                    double[] values = distinct(OpTests.count(x), 31L * ch + ks[0]);
                    double[] origOut = fromNhwc(pool(pooledGeo(c, x, ks), toNhwc(new Values(x, values), nchw), true), nchw).v();
                    yield new OpTests.SampleInput[] {OpTests.constant(null, x, values), OpTests.constant(null, y, origOut),
                        OpTests.in(op.equals("MaxPoolGrad") ? y : x, OpTests.U)};
                }
            };
            t = c.gradient ? t.sample(attrs, in) : t.sampleWithoutGradient(attrs, in);
            if (nchw) t = t.lastNotInTensorFlow(); // TensorFlow's CPU pools take NHWC only
        }
        return t;
    }

    private static Geo pooledGeo(Conf c, int[] x, int[] ks) {
        int[] nhwc = nhwcShape(x, c.nchw);
        int[] y = outAndPad(nhwc[1], ks[0], ks[2], 1, c.padding, 0, 0), xx = outAndPad(nhwc[2], ks[1], ks[3], 1, c.padding, 0, 0);
        return new Geo(nhwc[0], nhwc[1], nhwc[2], nhwc[3], ks[0], ks[1], nhwc[3], y[0], xx[0], y[1], xx[1], ks[2], ks[3], 1, 1);
    }

    /** n values 0.01 apart, shuffled: no two are equal, in float32 too. */
    private static double[] distinct(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2) * 0.01;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double s = v[i];
            v[i] = v[j];
            v[j] = s;
        }
        return v;
    }
}
