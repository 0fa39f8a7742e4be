package dev.nagare.session.grad;

import static dev.nagare.session.grad.GradientCheckCases.DISTINCT;
import static dev.nagare.session.grad.GradientCheckCases.U;
import static dev.nagare.session.grad.GradientCheckCases.f;

import dev.nagare.session.grad.GradientCheckCases.Gen;
import dev.nagare.session.grad.GradientCheckCases.GradCase;
import dev.nagare.session.grad.GradientCheckCases.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Gradient-check rows of a conv - relu - max pool chain and of the batch norms (convolution and pooling alone
 * are checked from their entries, EntryOpTest).
 */
final class ConvGradientCases {
    private ConvGradientCases() {}

    private static GradCase c(String name, Op op, Gen... inputs) {
        return new GradCase(name, List.of(inputs), op, 1e-6, 1e-6, null);
    }

    static Stream<GradCase> all() {
        List<GradCase> t = new ArrayList<>();
        t.add(c("maxPool(relu(conv2d + bias)) NHWC SAME wrt input, filter and bias", (tf, in) ->
                        tf.nn.maxPool(tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(in[0], in[1], new int[] {1, 1, 1, 1}, "SAME"), in[2])),
                                new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "SAME"),
                f(DISTINCT, 2, 5, 5, 2), f(U, 3, 3, 2, 3), f(U, 3)));
        batchNorm(t);
        return t.stream();
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
}
