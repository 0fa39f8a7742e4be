package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ConvOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.Tf;
import java.util.List;

/**
 * Test graphs of convolution and pooling against TensorFlow: each padding, strides and dilations, inputs in
 * [-1, 1] so that float32 sums of many products stay within the table's tolerance. NHWC only: TensorFlow's
 * CPU kernels reject NCHW ("only supports the NHWC tensor format on the CPU"); NCHW is checked against the
 * float64 references of session-runtime's ConvCases.
 */
final class ConvOpCases {
    private ConvOpCases() {}

    /** A conv configuration: 4-value strides and dilations, padding, explicit paddings (or null), format. */
    record Conf(String label, int[] strides, int[] dilations, String padding, int[] explicit, String format) {
        boolean nchw() { return format.equals("NCHW"); }
    }

    static final List<Conf> CONFS = List.of(
            new Conf("NHWC VALID", new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, "VALID", null, "NHWC"),
            new Conf("NHWC SAME strides 2x3", new int[] {1, 2, 3, 1}, new int[] {1, 1, 1, 1}, "SAME", null, "NHWC"),
            new Conf("NHWC EXPLICIT (1,2,2,0) strides 2x1", new int[] {1, 2, 1, 1}, new int[] {1, 1, 1, 1}, "EXPLICIT",
                    new int[] {0, 0, 1, 2, 2, 0, 0, 0}, "NHWC"),
            new Conf("NHWC SAME dilations 2x1", new int[] {1, 1, 1, 1}, new int[] {1, 2, 1, 1}, "SAME", null, "NHWC"),
            new Conf("NHWC VALID dilations 1x2", new int[] {1, 1, 1, 1}, new int[] {1, 1, 2, 1}, "VALID", null, "NHWC"));

    /** TensorFlow's CPU backprop kernels reject dilations above 1 ("Current CPU implementations do not yet support ..."). */
    static final List<Conf> UNDILATED = CONFS.stream().filter(c -> c.dilations()[1] == 1 && c.dilations()[2] == 1).toList();

    /** TensorFlow's depthwise kernels take equal strides on height and width only, and no dilation. */
    static final List<Conf> DEPTHWISE = List.of(CONFS.get(0),
            new Conf("NHWC SAME strides 2x2", new int[] {1, 2, 2, 1}, new int[] {1, 1, 1, 1}, "SAME", null, "NHWC"),
            new Conf("NHWC EXPLICIT (1,2,2,0)", new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, "EXPLICIT", new int[] {0, 0, 1, 2, 2, 0, 0, 0}, "NHWC"));

    /** NHWC input [2, 7, 6, 3], filter [3, 2, 3, 4]; the output's shape for conf {@code c}. */
    static int[] outShape(Conf c) {
        int[] y = ConvRef.out(7, 3, c.strides()[1], c.dilations()[1], c.padding(), c.explicit() == null ? 0 : c.explicit()[2], c.explicit() == null ? 0 : c.explicit()[3]);
        int[] x = ConvRef.out(6, 2, c.strides()[2], c.dilations()[2], c.padding(), c.explicit() == null ? 0 : c.explicit()[4], c.explicit() == null ? 0 : c.explicit()[5]);
        return new int[] {2, y[0], x[0], 4};
    }

    static List<OpCase> all() {
        return List.of(
                values("Conv2D", v -> {
                    for (Conf c : CONFS) {
                        Tf tf = v.variant(c.label());
                        v.out(tf.nn.conv2d(v.feed(v.floats(Shape.of(2, 7, 6, 3), -1, 1)), v.feed(v.floats(Shape.of(3, 2, 3, 4), -1, 1)),
                                c.strides(), c.padding(), c.explicit(), c.format(), c.dilations()));
                    }
                    Tf tf = v.variant("f64 NHWC SAME strides 2x2, batch unknown");
                    v.out(tf.nn.conv2d(v.feed(v.doubles(3, 5, 5, 2), Shape.of(-1, 5, 5, 2)), v.feed(v.doubles(3, 3, 2, 5)),
                            new int[] {1, 2, 2, 1}, "SAME"));
                    tf = v.variant("1x1 filter");
                    v.out(tf.nn.conv2d(v.feed(v.floats(Shape.of(2, 4, 4, 8), -1, 1)), v.feed(v.floats(Shape.of(1, 1, 8, 3), -1, 1)),
                            new int[] {1, 1, 1, 1}, "VALID"));
                }),
                values("Conv2DBackpropInput", v -> {
                    for (Conf c : UNDILATED) {
                        Tf tf = v.variant(c.label());
                        v.out(tf.nn.conv2dBackpropInput(tf.constant(new int[] {2, 7, 6, 3}), v.feed(v.floats(Shape.of(3, 2, 3, 4), -1, 1)),
                                v.feed(v.floats(Shape.of(outShape(c)), -1, 1)), c.strides(), c.padding(), c.explicit(), c.format(), c.dilations()));
                    }
                    // 64 channels: wide enough for ConvKernels' flipped-filter path at stride 1. The second EXPLICIT
                    // row pads past the filter's reach on the left (2 > kw - 1) and takes the GEMM + col2im path.
                    for (Conf c : List.of(CONFS.get(0),
                            new Conf("NHWC SAME", new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, "SAME", null, "NHWC"),
                            new Conf("NHWC EXPLICIT (1,0,0,1)", new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, "EXPLICIT",
                                    new int[] {0, 0, 1, 0, 0, 1, 0, 0}, "NHWC"),
                            new Conf("NHWC EXPLICIT (1,0,2,1)", new int[] {1, 1, 1, 1}, new int[] {1, 1, 1, 1}, "EXPLICIT",
                                    new int[] {0, 0, 1, 0, 2, 1, 0, 0}, "NHWC"))) {
                        Tf tf = v.variant(c.label() + ", 64 channels");
                        int[] y = ConvRef.out(7, 3, 1, 1, c.padding(), c.explicit() == null ? 0 : c.explicit()[2], c.explicit() == null ? 0 : c.explicit()[3]);
                        int[] x = ConvRef.out(6, 2, 1, 1, c.padding(), c.explicit() == null ? 0 : c.explicit()[4], c.explicit() == null ? 0 : c.explicit()[5]);
                        v.out(tf.nn.conv2dBackpropInput(tf.constant(new int[] {2, 7, 6, 64}), v.feed(v.floats(Shape.of(3, 2, 64, 5), -1, 1)),
                                v.feed(v.floats(Shape.of(2, y[0], x[0], 5), -1, 1)), c.strides(), c.padding(), c.explicit(), c.format(), c.dilations()));
                    }
                }),
                values("Conv2DBackpropFilter", v -> {
                    for (Conf c : UNDILATED) {
                        Tf tf = v.variant(c.label());
                        v.out(tf.nn.conv2dBackpropFilter(v.feed(v.floats(Shape.of(2, 7, 6, 3), -1, 1)), tf.constant(new int[] {3, 2, 3, 4}),
                                v.feed(v.floats(Shape.of(outShape(c)), -1, 1)), c.strides(), c.padding(), c.explicit(), c.format(), c.dilations()));
                    }
                }),
                values("DepthwiseConv2dNative", v -> {
                    for (Conf c : DEPTHWISE) {
                        Tf tf = v.variant(c.label());
                        v.out(tf.nn.depthwiseConv2d(v.feed(v.floats(Shape.of(2, 7, 6, 3), -1, 1)), v.feed(v.floats(Shape.of(3, 2, 3, 2), -1, 1)),
                                c.strides(), c.padding(), c.explicit(), c.format(), c.dilations()));
                    }
                }),
                values("DepthwiseConv2dNativeBackpropInput", v -> {
                    for (Conf c : DEPTHWISE) {
                        Tf tf = v.variant(c.label());
                        v.out(depthwise(tf, ConvOps.DEPTHWISE_BACKPROP_INPUT, c, tf.constant(new int[] {2, 7, 6, 3}),
                                v.feed(v.floats(Shape.of(3, 2, 3, 2), -1, 1)), v.feed(v.floats(Shape.of(depthwiseOut(c)), -1, 1))));
                    }
                }),
                values("DepthwiseConv2dNativeBackpropFilter", v -> {
                    for (Conf c : DEPTHWISE) {
                        Tf tf = v.variant(c.label());
                        v.out(depthwise(tf, ConvOps.DEPTHWISE_BACKPROP_FILTER, c, v.feed(v.floats(Shape.of(2, 7, 6, 3), -1, 1)),
                                tf.constant(new int[] {3, 2, 3, 2}), v.feed(v.floats(Shape.of(depthwiseOut(c)), -1, 1))));
                    }
                }),
                values("MaxPool", v -> pools(v, false)),
                values("AvgPool", v -> pools(v, true)),
                values("MaxPoolGrad", v -> maxPoolGrads(v, ConvOps.MAX_POOL_GRAD)),
                values("MaxPoolGradGrad", v -> maxPoolGrads(v, ConvOps.MAX_POOL_GRAD_GRAD)),
                values("FusedBatchNormV3", v -> {
                    for (String fmt : new String[] {"NHWC", "NCHW"}) {
                        for (boolean training : new boolean[] {true, false}) {
                            for (double factor : training ? new double[] {1, 0.25} : new double[] {1}) {
                                Tf tf = v.variant(fmt + (training ? " training factor " + factor : " inference"));
                                int[] x = fmt.equals("NHWC") ? new int[] {2, 4, 5, 3} : new int[] {2, 3, 4, 5};
                                dev.nagare.graph.Node bn = tf.nn.fusedBatchNorm(v.feed(v.floats(x)), v.feed(v.floats(3)), v.feed(v.floats(3)),
                                        v.feed(v.floats(3)), v.feed(v.floats(Shape.of(3), 0.5, 2)), 1e-3, factor, fmt, training);
                                // In inference TensorFlow leaves the reserve spaces unspecified: compare y, mean and variance only.
                                if (training) v.out(bn.output(0), bn.output(1), bn.output(2), bn.output(3), bn.output(4));
                                else v.out(bn.output(0), bn.output(1), bn.output(2));
                            }
                        }
                    }
                }),
                values("FusedBatchNormGradV3", v -> {
                    for (String fmt : new String[] {"NHWC", "NCHW"}) {
                        for (boolean training : new boolean[] {true, false}) {
                            // TensorFlow: "FusedBatchNormGrad with is_training=False only support NHWC tensor format for now"
                            if (!training && fmt.equals("NCHW")) continue;
                            Tf tf = v.variant(fmt + (training ? " training" : " inference"));
                            int[] x = fmt.equals("NHWC") ? new int[] {2, 4, 5, 3} : new int[] {2, 3, 4, 5};
                            dev.nagare.graph.Node g = tf.scope().node(dev.nagare.ops.NormOps.FUSED_BATCH_NORM_GRAD, "FusedBatchNormGradV3")
                                    .input(v.feed(v.floats(x))).input(v.feed(v.floats(x))).input(v.feed(v.floats(3))).input(v.feed(v.floats(3)))
                                    .input(v.feed(v.floats(Shape.of(3), 0.5, 2))).input(tf.constant(0f))
                                    .attr("epsilon", 1e-3).attr("data_format", fmt).attr("is_training", training).build();
                            v.out(g.output(0), g.output(1), g.output(2));
                        }
                    }
                }),
                values("AvgPoolGrad", v -> {
                    for (String padding : new String[] {"SAME", "VALID"}) {
                        Tf tf = v.variant("NHWC " + padding + " window 3x2 strides 2x2");
                        int[] ks = {1, 3, 2, 1}, st = {1, 2, 2, 1};
                        Output y = tf.nn.avgPool(tf.zeros(Shape.of(2, 7, 6, 3), dev.nagare.graph.DType.FLOAT32), ks, st, padding);
                        Output g = v.feed(v.floats(Shape.of(y.shape().dims()), -1, 1));
                        v.out(poolGrad(tf, ConvOps.AVG_POOL_GRAD, ks, st, padding).input(tf.constant(new int[] {2, 7, 6, 3})).input(g).build().output(0));
                    }
                }));
    }

    private static int[] depthwiseOut(Conf c) {
        int[] y = outShape(c);
        y[3] = 6;
        return y;
    }

    private static Output depthwise(Tf tf, OpDef op, Conf c, Output a, Output b, Output d) {
        var n = tf.scope().node(op, op.name()).attr("strides", c.strides()).attr("padding", c.padding()).attr("data_format", c.format())
                .attr("dilations", c.dilations());
        if (c.explicit() != null) n.attr("explicit_paddings", c.explicit());
        return n.input(a).input(b).input(d).build().output(0);
    }

    private static void maxPoolGrads(OpCase.Variants v, OpDef op) {
        for (String padding : new String[] {"SAME", "VALID"}) {
            Tf tf = v.variant("NHWC " + padding + " window 3x2 strides 2x2");
            int[] ks = {1, 3, 2, 1}, st = {1, 2, 2, 1};
            Output x = v.feed(distinct(v, 2, 7, 6, 3));
            Output y = tf.nn.maxPool(x, ks, st, padding);
            Shape g = op == ConvOps.MAX_POOL_GRAD ? y.shape() : x.shape();
            v.out(poolGrad(tf, op, ks, st, padding).input(x).input(y).input(v.feed(v.floats(g, -1, 1))).build().output(0));
        }
    }

    private static void pools(OpCase.Variants v, boolean avg) {
        for (String padding : new String[] {"SAME", "VALID"}) {
            for (int[][] ks : new int[][][] {{{1, 2, 2, 1}, {1, 2, 2, 1}}, {{1, 3, 2, 1}, {1, 2, 1, 1}}}) {
                Tf tf = v.variant("NHWC " + padding + " window " + ks[0][1] + "x" + ks[0][2] + " strides " + ks[1][1] + "x" + ks[1][2]);
                Output x = v.feed(v.floats(Shape.of(2, 7, 5, 3), -1, 1));
                v.out(avg ? tf.nn.avgPool(x, ks[0], ks[1], padding) : tf.nn.maxPool(x, ks[0], ks[1], padding));
            }
        }
        Tf tf = v.variant("f64 NHWC SAME 3x3 strides 2x2");
        Output x = v.feed(v.doubles(1, 5, 5, 2));
        v.out(avg ? tf.nn.avgPool(x, new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1}, "SAME") : tf.nn.maxPool(x, new int[] {1, 3, 3, 1}, new int[] {1, 2, 2, 1}, "SAME"));
    }

    private static dev.nagare.graph.Scope.NodeBuilder poolGrad(Tf tf, OpDef op, int[] ks, int[] st, String padding) {
        return tf.scope().node(op, op.name()).attr("ksize", ks).attr("strides", st).attr("padding", padding).attr("data_format", "NHWC");
    }

    /** Distinct float32 values (no ties in any window), shuffled. */
    static Tensor distinct(OpCase.Variants v, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = (i - a.length / 2) * 0.01f;
        for (int i = a.length - 1; i > 0; i--) {
            int j = v.random.nextInt(i + 1);
            float t = a[i]; a[i] = a[j]; a[j] = t;
        }
        return Tensor.of(s, a);
    }

    /** Output size and padding before along one axis, from TensorFlow's formulas. */
    static final class ConvRef {
        static int[] out(int in, int k, int s, int d, String padding, int before, int after) {
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
    }
}
