package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.List;

/**
 * Test graphs of the fused batch norms against TensorFlow (convolution and pooling are judged from their
 * entries, EntryTfTest), and distinct values for max-pool graphs (no window's maximum is tied).
 */
final class ConvOpCases {
    private ConvOpCases() {}

    static List<OpCase> all() {
        return List.of(
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
                }));
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
}
