package dev.nagare.session.grad;

import static dev.nagare.session.grad.GradientCheckCases.DISTINCT;
import static dev.nagare.session.grad.GradientCheckCases.U;
import static dev.nagare.session.grad.GradientCheckCases.f;

import dev.nagare.ops.ConvOps;
import dev.nagare.session.grad.GradientCheckCases.Gen;
import dev.nagare.session.grad.GradientCheckCases.GradCase;
import dev.nagare.session.grad.GradientCheckCases.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gradient-check rows of convolution and pooling: Conv2D in both data formats with each padding, strides
 * and dilations; its two backprops (second-order: the gradient of a gradient); pooling, with distinct
 * values so that no window's maximum is tied; and a conv - relu - max pool chain.
 */
final class ConvGradientCases {
    private ConvGradientCases() {}

    private static GradCase c(String name, Op op, Gen... inputs) {
        return new GradCase(name, List.of(inputs), op, 1e-6, 1e-6, null);
    }

    /** strides / dilations as 4 values in the data format's order, from (height, width). */
    private static int[] four(boolean nchw, int h, int w) { return nchw ? new int[] {1, 1, h, w} : new int[] {1, h, w, 1}; }

    static Stream<GradCase> all() {
        List<GradCase> t = new ArrayList<>();
        record Conf(String name, boolean nchw, int sh, int sw, int dh, int dw, String padding, int[] explicit) {}
        List<Conf> confs = List.of(
                new Conf("NHWC SAME", false, 1, 1, 1, 1, "SAME", null),
                new Conf("NHWC VALID strides 2x3 dilations 2x1", false, 2, 3, 2, 1, "VALID", null),
                new Conf("NHWC EXPLICIT (1,0,2,1) strides 2x1", false, 2, 1, 1, 1, "EXPLICIT", new int[] {0, 0, 1, 0, 2, 1, 0, 0}),
                new Conf("NCHW SAME strides 2x2 dilations 1x2", true, 2, 2, 1, 2, "SAME", null),
                new Conf("NCHW EXPLICIT (0,2,1,1)", true, 1, 1, 1, 1, "EXPLICIT", new int[] {0, 0, 0, 0, 0, 2, 1, 1}));
        for (Conf k : confs) {
            int[] st = four(k.nchw, k.sh, k.sw), dil = four(k.nchw, k.dh, k.dw);
            String fmt = k.nchw ? "NCHW" : "NHWC";
            int[] x = k.nchw ? GradientCheckCases.d(2, 2, 6, 5) : GradientCheckCases.d(2, 6, 5, 2);
            t.add(c("conv2d " + k.name + " wrt input and filter",
                    (tf, in) -> tf.nn.conv2d(in[0], in[1], st, k.padding, k.explicit, fmt, dil), f(U, x), f(U, 3, 2, 2, 3)));
            t.add(c("conv2dBackpropInput " + k.name + " wrt filter and out_backprop",
                    (tf, in) -> tf.nn.conv2dBackpropInput(tf.constant(x), in[0], in[1], st, k.padding, k.explicit, fmt, dil),
                    f(U, 3, 2, 2, 3), f(U, outShape(k.nchw, x, k.sh, k.sw, k.dh, k.dw, k.padding, k.explicit))));
            t.add(c("conv2dBackpropFilter " + k.name + " wrt input and out_backprop",
                    (tf, in) -> tf.nn.conv2dBackpropFilter(in[0], tf.constant(new int[] {3, 2, 2, 3}), in[1], st, k.padding, k.explicit, fmt, dil),
                    f(U, x), f(U, outShape(k.nchw, x, k.sh, k.sw, k.dh, k.dw, k.padding, k.explicit))));
        }
        for (Conf k : List.of(confs.get(1), confs.get(3), confs.get(4))) {
            int[] st = four(k.nchw, k.sh, k.sw), dil = four(k.nchw, k.dh, k.dw);
            String fmt = k.nchw ? "NCHW" : "NHWC";
            int[] x = k.nchw ? GradientCheckCases.d(2, 2, 6, 5) : GradientCheckCases.d(2, 6, 5, 2);
            int[] y = outShape(k.nchw, x, k.sh, k.sw, k.dh, k.dw, k.padding, k.explicit, 3, 2, 4);
            var attrs = new Object[] {st, k.padding, k.explicit, fmt, dil};
            t.add(c("depthwiseConv2d " + k.name + " multiplier 2 wrt input and filter",
                    (tf, in) -> tf.nn.depthwiseConv2d(in[0], in[1], st, k.padding, k.explicit, fmt, dil), f(U, x), f(U, 3, 2, 2, 2)));
            t.add(c("depthwiseConv2dBackpropInput " + k.name + " wrt filter and out_backprop",
                    (tf, in) -> depthwiseNode(tf, ConvOps.DEPTHWISE_BACKPROP_INPUT, attrs, tf.constant(x), in[0], in[1]), f(U, 3, 2, 2, 2), f(U, y)));
            t.add(c("depthwiseConv2dBackpropFilter " + k.name + " wrt input and out_backprop",
                    (tf, in) -> depthwiseNode(tf, ConvOps.DEPTHWISE_BACKPROP_FILTER, attrs, in[0], tf.constant(new int[] {3, 2, 2, 2}), in[1]), f(U, x), f(U, y)));
        }
        for (boolean nchw : new boolean[] {false, true}) {
            String fmt = nchw ? "NCHW" : "NHWC";
            int[] x = nchw ? GradientCheckCases.d(2, 3, 7, 6) : GradientCheckCases.d(2, 7, 6, 3);
            for (String padding : new String[] {"SAME", "VALID"}) {
                int[] ks = four(nchw, 3, 2), st = four(nchw, 2, 2);
                t.add(c("maxPool " + fmt + " " + padding + " window 3x2 strides 2x2 (no ties)",
                        (tf, in) -> tf.nn.maxPool(in[0], ks, st, padding, fmt), f(DISTINCT, x)));
                t.add(c("avgPool " + fmt + " " + padding + " window 3x2 strides 2x2",
                        (tf, in) -> tf.nn.avgPool(in[0], ks, st, padding, fmt), f(U, x)));
                int[] y = outShape(nchw, x, 2, 2, 1, 1, padding, null, 3, 2);
                int[] y0 = outShape(nchw, x, 2, 2, 1, 1, padding, null, 3, 2);
                for (var op : new dev.nagare.ops.OpDef[] {ConvOps.MAX_POOL_GRAD, ConvOps.MAX_POOL_GRAD_GRAD}) {
                    boolean gradOfGrad = op == ConvOps.MAX_POOL_GRAD_GRAD;
                    // orig_input a constant of distinct values, orig_output its max pool; the row differentiates wrt grad
                    t.add(c(op.name() + " " + fmt + " " + padding + " wrt grad", (tf, in) -> {
                        var orig = tf.constant(((GradientCheckCases.Gen) f(DISTINCT, x)).make(new java.util.Random(7)));
                        var pooled = tf.nn.maxPool(orig, ks, st, padding, fmt);
                        return tf.scope().node(op, op.name()).attr("ksize", ks).attr("strides", st).attr("padding", padding).attr("data_format", fmt)
                                .input(orig).input(pooled).input(in[0]).build().output(0);
                    }, f(U, gradOfGrad ? x : y0)));
                }
                t.add(c("avgPoolGrad " + fmt + " " + padding + " wrt grad", (tf, in) -> tf.scope().node(ConvOps.AVG_POOL_GRAD, "AvgPoolGrad")
                        .attr("ksize", ks).attr("strides", st).attr("padding", padding).attr("data_format", fmt)
                        .input(tf.constant(x)).input(in[0]).build().output(0), f(U, y)));
            }
        }
        t.add(c("maxPool(relu(conv2d + bias)) NHWC SAME wrt input, filter and bias", (tf, in) ->
                        tf.nn.maxPool(tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(in[0], in[1], new int[] {1, 1, 1, 1}, "SAME"), in[2])),
                                new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "SAME"),
                f(DISTINCT, 2, 5, 5, 2), f(U, 3, 3, 2, 3), f(U, 3)));
        batchNorm(t);
        return t.stream();
    }

    private static dev.nagare.graph.Output depthwiseNode(dev.nagare.ops.Tf tf, dev.nagare.ops.OpDef op, Object[] attrs,
                                                         dev.nagare.graph.Output a, dev.nagare.graph.Output b, dev.nagare.graph.Output c) {
        var n = tf.scope().node(op, op.name()).attr("strides", attrs[0]).attr("padding", attrs[1]).attr("data_format", attrs[3]).attr("dilations", attrs[4]);
        if (attrs[2] != null) n.attr("explicit_paddings", attrs[2]);
        return n.input(a).input(b).input(c).build().output(0);
    }

    private static void batchNorm(List<GradCase> t) {
        for (boolean nchw : new boolean[] {false, true}) {
            String fmt = nchw ? "NCHW" : "NHWC";
            int[] x = nchw ? GradientCheckCases.d(2, 3, 2, 3) : GradientCheckCases.d(2, 2, 3, 3);
            for (boolean training : new boolean[] {true, false}) {
                String mode = training ? "training" : "inference";
                t.add(c("fusedBatchNorm " + fmt + " " + mode + " y wrt x, scale and offset", (tf, in) ->
                        tf.nn.fusedBatchNorm(in[0], in[1], in[2], in[3], in[4], 1e-3, 1, fmt, training).output(0),
                        f(U, x), f(U, 3), f(U, 3), f(U, 3), f(GradientCheckCases.POS, 3)).wrtOnly(0, 1, 2));
                // second order: FusedBatchNormGradV3 wrt y_backprop, x and scale (inference: also mean and variance)
                t.add(c("fusedBatchNormGrad " + fmt + " " + mode + " wrt its inputs", (tf, in) -> {
                    var grad = tf.scope().node(dev.nagare.ops.NormOps.FUSED_BATCH_NORM_GRAD, "FusedBatchNormGradV3")
                            .input(in[0]).input(in[1]).input(in[2]).input(training ? tf.nn.moments(in[1], nchw ? new int[] {0, 2, 3} : new int[] {0, 1, 2}, false).get(0) : in[3])
                            .input(training ? tf.nn.moments(in[1], nchw ? new int[] {0, 2, 3} : new int[] {0, 1, 2}, false).get(1) : in[4])
                            .input(tf.scalar(0, dev.nagare.graph.DType.FLOAT64))
                            .attr("epsilon", 1e-3).attr("data_format", fmt).attr("is_training", training).build();
                    // all three outputs matter: weight them into one
                    return tf.add(tf.reduceSum(grad.output(0)), tf.add(tf.reduceSum(tf.square(grad.output(1))), tf.reduceSum(tf.exp(grad.output(2)))));
                }, f(U, x), f(U, x), f(U, 3), f(U, 3), f(GradientCheckCases.POS, 3)).wrtOnly(training ? new int[] {0, 1, 2} : new int[] {0, 1, 2, 3, 4}));
            }
        }
        t.add(c("moments [2,3,4] axes [0,1] mean + variance", (tf, in) -> {
            var m = tf.nn.moments(in[0], new int[] {0, 1}, false);
            return tf.add(m.get(0), tf.square(m.get(1)));
        }, f(U, 2, 3, 4)));
        t.add(c("batchNormalization [2,3,4] wrt all", (tf, in) -> tf.nn.batchNormalization(in[0], in[1], in[2], in[3], in[4], 1e-3),
                f(U, 2, 3, 4), f(U, 4), f(GradientCheckCases.POS, 4), f(U, 4), f(U, 4)));
    }

    private static int[] outShape(boolean nchw, int[] x, int sh, int sw, int dh, int dw, String padding, int[] explicit) {
        return outShape(nchw, x, sh, sw, dh, dw, padding, explicit, 3, 2, 3);
    }

    private static int[] outShape(boolean nchw, int[] x, int sh, int sw, int dh, int dw, String padding, int[] explicit, int kh, int kw) {
        return outShape(nchw, x, sh, sw, dh, dw, padding, explicit, kh, kw, nchw ? x[1] : x[3]);
    }

    private static int[] outShape(boolean nchw, int[] x, int sh, int sw, int dh, int dw, String padding, int[] explicit, int kh, int kw, int oc) {
        int h = nchw ? x[2] : x[1], w = nchw ? x[3] : x[2];
        int hAxis = nchw ? 2 : 1, wAxis = nchw ? 3 : 2;
        int[] ph = explicit == null ? new int[2] : new int[] {explicit[2 * hAxis], explicit[2 * hAxis + 1]};
        int[] pw = explicit == null ? new int[2] : new int[] {explicit[2 * wAxis], explicit[2 * wAxis + 1]};
        int oh = out(h, kh, sh, dh, padding, ph[0], ph[1]), ow = out(w, kw, sw, dw, padding, pw[0], pw[1]);
        return nchw ? new int[] {x[0], oc, oh, ow} : new int[] {x[0], oh, ow, oc};
    }

    /** TensorFlow's output size along one axis. */
    private static int out(int in, int k, int s, int d, String padding, int before, int after) {
        int dk = (k - 1) * d + 1;
        return switch (padding) {
            case "VALID" -> (in - dk + s) / s;
            case "SAME" -> (in + s - 1) / s;
            default -> (in + before + after - dk) / s + 1;
        };
    }
}
