package dev.nagare.ops;

import dev.nagare.graph.Shape;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/**
 * The window arithmetic of 2-D convolution and pooling, as TensorFlow defines it, shared by the ops' shape
 * rules and the kernels (one source of truth for output sizes and padding).
 *
 * <p>Attrs use TensorFlow's names and layouts: {@code strides}, {@code dilations} and (pooling) {@code ksize}
 * hold four values in {@code data_format} order ("NHWC" or "NCHW"), whose batch and channel entries must be 1;
 * {@code padding} is "SAME", "VALID" or (convolution only) "EXPLICIT" with {@code explicit_paddings} holding
 * (before, after) for each of the four axes in data-format order, zero on batch and channels.
 *
 * <p>Along one spatial axis with input size {@code in}, window {@code k}, stride {@code s} and dilation
 * {@code d}, the dilated window spans {@code dk = (k - 1) d + 1}:
 * VALID: {@code out = ceil((in - dk + 1) / s)}, no padding; SAME: {@code out = ceil(in / s)}, padding
 * {@code max((out - 1) s + dk - in, 0)} split with the smaller half before; EXPLICIT: {@code out = (in +
 * before + after - dk) / s + 1}.
 */
public final class ConvGeometry {
    private ConvGeometry() {}

    public enum Padding { SAME, VALID, EXPLICIT }

    /**
     * The attrs of one conv or pooling node, validated. {@code kH, kW} are the pooling window (0 for a
     * convolution, whose window comes from the filter); {@code pads} holds top, bottom, left, right.
     */
    public record Attrs(boolean nchw, int strideH, int strideW, int dilH, int dilW, int kH, int kW, Padding padding, int[] pads) {
        /** The position of the height, width and channel axes in a 4-D tensor of this data format. */
        public int hAxis() { return nchw ? 2 : 1; }
        public int wAxis() { return nchw ? 3 : 2; }
        public int cAxis() { return nchw ? 1 : 3; }

        @Override
        public String toString() {
            return (nchw ? "NCHW" : "NHWC") + " strides " + strideH + "x" + strideW + " dilations " + dilH + "x" + dilW
                    + (kH > 0 ? " window " + kH + "x" + kW : "") + " " + padding + (padding == Padding.EXPLICIT ? " " + Arrays.toString(pads) : "");
        }
    }

    /**
     * Reads and checks the attrs of a node; {@code pooling} nodes have {@code ksize} and no dilations or
     * explicit padding. Failures are built by {@code fail} (the node's own error type).
     */
    public static Attrs parse(Map<String, Object> attrs, boolean pooling, Function<String, RuntimeException> fail) {
        String format = string(attrs, "data_format", "NHWC", fail);
        if (!format.equals("NHWC") && !format.equals("NCHW")) throw fail.apply("data_format must be NHWC or NCHW, got '" + format + "'");
        boolean nchw = format.equals("NCHW");
        int h = nchw ? 2 : 1, w = nchw ? 3 : 2, c = nchw ? 1 : 3;
        int[] strides = four(attrs, "strides", null, fail);
        if (strides[0] != 1 || strides[c] != 1) throw fail.apply("strides " + Arrays.toString(strides) + " must be 1 on the batch and channel axes");
        if (strides[h] < 1 || strides[w] < 1) throw fail.apply("strides " + Arrays.toString(strides) + " must be at least 1");
        int[] dil = pooling ? new int[] {1, 1, 1, 1} : four(attrs, "dilations", new int[] {1, 1, 1, 1}, fail);
        if (dil[0] != 1 || dil[c] != 1) throw fail.apply("dilations " + Arrays.toString(dil) + " must be 1 on the batch and channel axes");
        if (dil[h] < 1 || dil[w] < 1) throw fail.apply("dilations " + Arrays.toString(dil) + " must be at least 1");
        int kH = 0, kW = 0;
        if (pooling) {
            int[] k = four(attrs, "ksize", null, fail);
            if (k[0] != 1 || k[c] != 1) throw fail.apply("ksize " + Arrays.toString(k) + " must be 1 on the batch and channel axes");
            if (k[h] < 1 || k[w] < 1) throw fail.apply("ksize " + Arrays.toString(k) + " must be at least 1");
            kH = k[h];
            kW = k[w];
        }
        String p = string(attrs, "padding", null, fail);
        Padding padding;
        try {
            padding = Padding.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw fail.apply("padding must be SAME, VALID" + (pooling ? "" : " or EXPLICIT") + ", got '" + p + "'");
        }
        if (pooling && padding == Padding.EXPLICIT) throw fail.apply("pooling takes padding SAME or VALID, got EXPLICIT");
        int[] pads = new int[4];
        Object explicit = attrs.get("explicit_paddings");
        if (padding == Padding.EXPLICIT) {
            if (!(explicit instanceof int[] e) || e.length != 8) {
                throw fail.apply("padding EXPLICIT needs explicit_paddings of 8 ints, got " + describe(explicit));
            }
            for (int v : e) if (v < 0) throw fail.apply("explicit_paddings " + Arrays.toString(e) + " must not be negative");
            if (e[0] != 0 || e[1] != 0 || e[2 * c] != 0 || e[2 * c + 1] != 0) {
                throw fail.apply("explicit_paddings " + Arrays.toString(e) + " must be 0 on the batch and channel axes");
            }
            pads = new int[] {e[2 * h], e[2 * h + 1], e[2 * w], e[2 * w + 1]};
        } else if (explicit instanceof int[] e && e.length != 0) {
            throw fail.apply("explicit_paddings " + Arrays.toString(e) + " given with padding " + padding);
        }
        return new Attrs(nchw, strides[h], strides[w], dil[h], dil[w], kH, kW, padding, pads);
    }

    /**
     * The output size and the padding before, along one axis: {@code {out, before}}. An unknown input size
     * gives an unknown output (and before = 0). Fails when the output would be empty.
     */
    public static int[] axis(String what, int in, int k, int stride, int dil, Padding padding, int before, int after,
                             Function<String, RuntimeException> fail) {
        if (in == Shape.UNKNOWN || k == Shape.UNKNOWN) return new int[] {Shape.UNKNOWN, 0};
        long dk = (long) (k - 1) * dil + 1;
        long out;
        long pad = 0;
        switch (padding) {
            case VALID -> out = in - dk < 0 ? 0 : (in - dk) / stride + 1;
            case SAME -> {
                out = (in + (long) stride - 1) / stride;
                pad = Math.max((out - 1) * stride + dk - in, 0) / 2;
            }
            default -> {
                long span = (long) in + before + after - dk;
                out = span < 0 ? 0 : span / stride + 1;
                pad = before;
            }
        }
        if (out <= 0) {
            throw fail.apply(what + ": window " + k + (dil > 1 ? " dilated by " + dil : "") + " does not fit an input of size " + in
                    + " with padding " + padding + (padding == Padding.EXPLICIT ? " (" + before + ", " + after + ")" : "") + ": the output would be empty");
        }
        return new int[] {(int) out, (int) pad};
    }

    /**
     * The full geometry of one application on known sizes: batch {@code n}, input {@code h x w x c}, window
     * {@code kh x kw}, output {@code oh x ow x oc}, padding before {@code padTop, padLeft}.
     */
    public record Window(Attrs a, int n, int h, int w, int c, int kh, int kw, int oc, int oh, int ow, int padTop, int padLeft) {
        /** The shape of a 4-D tensor of this data format. */
        public Shape shape(int batch, int height, int width, int channels) {
            return a.nchw ? Shape.of(batch, channels, height, width) : Shape.of(batch, height, width, channels);
        }

        public Shape inputShape() { return shape(n, h, w, c); }
        public Shape outputShape() { return shape(n, oh, ow, oc); }
    }

    /**
     * The geometry of a convolution of {@code input} (4-D in the attrs' format) by a filter
     * [kh, kw, c, oc], or of a pooling window ({@code filter} null: oc = c). Fails through {@code fail}
     * on wrong ranks, channel mismatches and empty outputs; sizes must be known.
     */
    public static Window window(Attrs a, Shape input, Shape filter, Function<String, RuntimeException> fail) {
        return window(a, input, filter, false, fail);
    }

    /**
     * As {@link #window(Attrs, Shape, Shape, Function)}; a {@code depthwise} filter [kh, kw, c, multiplier]
     * gives c x multiplier output channels.
     */
    public static Window window(Attrs a, Shape input, Shape filter, boolean depthwise, Function<String, RuntimeException> fail) {
        if (input.rank() != 4) throw fail.apply("input must be 4-D (" + (a.nchw ? "NCHW" : "NHWC") + "), got shape " + input);
        int n = input.dim(0), h = input.dim(a.hAxis()), w = input.dim(a.wAxis()), c = input.dim(a.cAxis());
        int kh = a.kH, kw = a.kW, oc = c;
        if (filter != null) {
            if (filter.rank() != 4) throw fail.apply("filter must be 4-D [height, width, in_channels, out_channels], got shape " + filter);
            kh = filter.dim(0);
            kw = filter.dim(1);
            oc = depthwise ? (int) Math.min(Integer.MAX_VALUE, (long) c * filter.dim(3)) : filter.dim(3);
            if (filter.dim(2) != c) {
                throw fail.apply("input of shape " + input + " has " + c + " channels but the filter of shape " + filter + " takes " + filter.dim(2));
            }
            if (kh == 0 || kw == 0) throw fail.apply("filter of shape " + filter + " has an empty window");
        }
        int[] y = axis("height", h, kh, a.strideH, a.dilH, a.padding, a.pads[0], a.pads[1], fail);
        int[] x = axis("width", w, kw, a.strideW, a.dilW, a.padding, a.pads[2], a.pads[3], fail);
        // Every buffer a kernel makes is at most one of these sizes: check they fit an int.
        long inSize = (long) n * h * w * c, outSize = (long) n * y[0] * x[0] * oc, patch = (long) kh * kw * c;
        if (inSize > Integer.MAX_VALUE || outSize > Integer.MAX_VALUE || (depthwise ? (long) kh * kw * oc : patch * oc) > Integer.MAX_VALUE || patch * y[0] * x[0] > Integer.MAX_VALUE) {
            throw fail.apply("sizes overflow: input " + input + ", output " + outSize + " elements");
        }
        return new Window(a, n, h, w, c, kh, kw, oc, y[0], x[0], y[1], x[1]);
    }

    /** The static output shape of a conv (filter given) or pool, with unknown sizes where inputs are unknown. */
    public static Shape outputShape(Attrs a, Shape input, Shape filter, Function<String, RuntimeException> fail) {
        return outputShape(a, input, filter, false, fail);
    }

    /** As {@link #outputShape(Attrs, Shape, Shape, Function)}, for a depthwise filter when {@code depthwise}. */
    public static Shape outputShape(Attrs a, Shape input, Shape filter, boolean depthwise, Function<String, RuntimeException> fail) {
        if (input.hasRank() && input.rank() != 4) throw fail.apply("input must be 4-D (" + (a.nchw ? "NCHW" : "NHWC") + "), got shape " + input);
        if (filter != null && filter.hasRank() && filter.rank() != 4) {
            throw fail.apply("filter must be 4-D [height, width, in_channels, out_channels], got shape " + filter);
        }
        Shape in = input.hasRank() ? input : Shape.unknownDims(4);
        Shape f = filter == null ? null : filter.hasRank() ? filter : Shape.unknownDims(4);
        int n = in.dim(0), h = in.dim(a.hAxis()), w = in.dim(a.wAxis()), c = in.dim(a.cAxis());
        int kh = a.kH, kw = a.kW, oc = c;
        if (f != null) {
            kh = f.dim(0);
            kw = f.dim(1);
            oc = !depthwise ? f.dim(3) : c == Shape.UNKNOWN || f.dim(3) == Shape.UNKNOWN ? Shape.UNKNOWN : channels(c, f.dim(3), fail);
            if (c != Shape.UNKNOWN && f.dim(2) != Shape.UNKNOWN && c != f.dim(2)) {
                throw fail.apply("input of shape " + input + " has " + c + " channels but the filter of shape " + filter + " takes " + f.dim(2));
            }
            if (kh == 0 || kw == 0) throw fail.apply("filter of shape " + filter + " has an empty window");
        }
        int oh = axis("height", h, kh, a.strideH, a.dilH, a.padding, a.pads[0], a.pads[1], fail)[0];
        int ow = axis("width", w, kw, a.strideW, a.dilW, a.padding, a.pads[2], a.pads[3], fail)[0];
        return a.nchw ? Shape.of(n, oc, oh, ow) : Shape.of(n, oh, ow, oc);
    }

    private static int channels(int c, int multiplier, Function<String, RuntimeException> fail) {
        long oc = (long) c * multiplier;
        if (oc > Integer.MAX_VALUE) throw fail.apply(c + " channels times a depth multiplier of " + multiplier + " overflow");
        return (int) oc;
    }

    private static int[] four(Map<String, Object> attrs, String name, int[] absent, Function<String, RuntimeException> fail) {
        Object v = attrs.get(name);
        if (v == null) {
            if (absent == null) throw fail.apply("missing attribute '" + name + "'");
            return absent;
        }
        if (!(v instanceof int[] a) || a.length != 4) throw fail.apply("attribute '" + name + "' must be 4 ints, got " + describe(v));
        return a.clone();
    }

    private static String string(Map<String, Object> attrs, String name, String absent, Function<String, RuntimeException> fail) {
        Object v = attrs.get(name);
        if (v == null) {
            if (absent == null) throw fail.apply("missing attribute '" + name + "'");
            return absent;
        }
        if (!(v instanceof String s)) throw fail.apply("attribute '" + name + "' must be a String, got " + describe(v));
        return s;
    }

    private static String describe(Object v) {
        return v instanceof int[] a ? Arrays.toString(a) : v == null ? "nothing" : v + " (" + v.getClass().getSimpleName() + ")";
    }
}
