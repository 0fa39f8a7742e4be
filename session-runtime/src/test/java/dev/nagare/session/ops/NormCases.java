package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import dev.nagare.ops.NormOps;
import dev.nagare.session.ops.Reference.Arr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Table rows for FusedBatchNormV3 (each output, training and inference, both data formats, running-average
 * factors 1 and 0.3) and FusedBatchNormGradV3, against float64 loops written here from TensorFlow's
 * definition, and for tf.nn.moments and tf.nn.batchNormalization.
 */
final class NormCases {
    private NormCases() {}

    /** epsilon and exponential_avg_factor are float attrs (as in TensorFlow): the references use their float values. */
    private static final double EPS = 1e-3f;

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : new DType[] {FLOAT32, FLOAT64}) {
            // [2, 4, 5, 3]; and in float32, [2, 33, 32, 9]: more than one block of positions per image (NormKernels.BLOCK)
            for (int[] d : t == FLOAT32 ? new int[][] {{2, 4, 5, 3}, {2, 33, 32, 9}} : new int[][] {{2, 4, 5, 3}})
            for (boolean nchw : new boolean[] {false, true}) {
                int c = d[3];
                int[] x = nchw ? s(d[0], c, d[1], d[2]) : s(d);
                String fmt = nchw ? "NCHW" : "NHWC";
                for (boolean training : new boolean[] {true, false}) {
                    for (double factor : training ? new double[] {1, 0.3} : new double[] {1}) {
                        for (int out = 0; out < 5; out++) {
                            int k = out;
                            String extra = fmt + " " + Arrays.toString(x) + (training ? " training factor " + factor : " inference") + " output " + out;
                            rows.add(op("fusedBatchNorm").in(t, x).in(t, s(c)).in(t, s(c)).in(t, s(c)).in(t, s(c), RandomTensors.POSITIVE)
                                    .extra(extra).sumBased()
                                    .build((tf, in) -> tf.nn.fusedBatchNorm(in[0], in[1], in[2], in[3], in[4], EPS, factor, fmt, training).output(k))
                                    .ref(in -> forward(in, nchw, training, factor)[k]).done());
                        }
                    }
                    for (int out = 0; out < 3; out++) {
                        int k = out;
                        String extra = fmt + " " + Arrays.toString(x) + (training ? " training" : " inference") + " output " + out;
                        rows.add(op("fusedBatchNormGrad").in(t, x).in(t, x).in(t, s(c)).in(t, s(c)).in(t, s(c), RandomTensors.POSITIVE)
                                .extra(extra).sumBased()
                                .build((tf, in) -> tf.scope().node(NormOps.FUSED_BATCH_NORM_GRAD, "FusedBatchNormGradV3")
                                        .input(in[0]).input(in[1]).input(in[2]).input(in[3]).input(in[4]).input(tf.scalar(0, t))
                                        .attr("epsilon", EPS).attr("data_format", fmt).attr("is_training", training).build().output(k))
                                .ref(in -> backward(in, nchw, training)[k]).done());
                    }
                }
            }
            rows.add(op("moments mean").in(t, s(2, 3, 4)).extra("axes [0,1]").sumBased()
                    .build((tf, in) -> tf.nn.moments(in[0], new int[] {0, 1}, false).get(0))
                    .ref(in -> stats(in[0], true)).done());
            rows.add(op("moments variance").in(t, s(2, 3, 4)).extra("axes [0,1]").sumBased()
                    .build((tf, in) -> tf.nn.moments(in[0], new int[] {0, 1}, false).get(1))
                    .ref(in -> stats(in[0], false)).done());
            rows.add(op("batchNormalization").in(t, s(2, 3, 4)).in(t, s(4)).in(t, s(4), RandomTensors.POSITIVE).in(t, s(4)).in(t, s(4)).sumBased()
                    .build((tf, in) -> tf.nn.batchNormalization(in[0], in[1], in[2], in[3], in[4], EPS))
                    .ref(in -> {
                        Arr y = Arr.zeros(in[0].shape());
                        for (int i = 0; i < y.size(); i++) {
                            int c = i % 4;
                            y.v()[i] = (in[0].v()[i] - in[1].v()[c]) / Math.sqrt(in[2].v()[c] + EPS) * in[4].v()[c] + in[3].v()[c];
                        }
                        return y;
                    }).done());
        }
        return rows.stream();
    }

    /** Mean (or biased variance) of [2,3,4] over axes 0 and 1. */
    private static Arr stats(Arr x, boolean mean) {
        Arr out = Arr.zeros(4);
        for (int c = 0; c < 4; c++) {
            double m = 0, v = 0;
            for (int r = 0; r < 6; r++) m += x.v()[r * 4 + c] / 6;
            for (int r = 0; r < 6; r++) v += Math.pow(x.v()[r * 4 + c] - m, 2) / 6;
            out.v()[c] = mean ? m : v;
        }
        return out;
    }

    /** The flat index of (n, spatial s, channel c). */
    private static int at(int[] shape, boolean nchw, int n, int s, int c) {
        int ch = nchw ? shape[1] : shape[3], sp = nchw ? shape[2] * shape[3] : shape[1] * shape[2];
        return nchw ? (n * ch + c) * sp + s : (n * sp + s) * ch + c;
    }

    /** y, running mean, running variance, batch mean, batch variance (inference: the given statistics). */
    static Arr[] forward(Arr[] in, boolean nchw, boolean training, double factor) {
        Arr x = in[0], scale = in[1], offset = in[2], mean = in[3], var = in[4];
        int[] sh = x.shape();
        int n = sh[0], c = nchw ? sh[1] : sh[3], sp = x.size() / n / c;
        Arr y = Arr.zeros(sh), m1 = Arr.zeros(c), v1 = Arr.zeros(c), m2 = Arr.zeros(c), v2 = Arr.zeros(c);
        for (int ch = 0; ch < c; ch++) {
            double mu = mean.v()[ch], sigma2 = var.v()[ch];
            if (training) {
                double sum = 0;
                for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) sum += x.v()[at(sh, nchw, b, s, ch)];
                mu = sum / (n * sp);
                double sq = 0;
                for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) sq += Math.pow(x.v()[at(sh, nchw, b, s, ch)] - mu, 2);
                sigma2 = sq / (n * sp);
            }
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                y.v()[i] = (x.v()[i] - mu) / Math.sqrt(sigma2 + EPS) * scale.v()[ch] + offset.v()[ch];
            }
            double unbiased = sigma2 * (n * sp) / (n * sp - 1.0);
            double f = (float) factor;
            m1.v()[ch] = training ? (1 - f) * mean.v()[ch] + f * mu : mu;
            v1.v()[ch] = training ? (1 - f) * var.v()[ch] + f * unbiased : sigma2;
            m2.v()[ch] = mu;
            v2.v()[ch] = sigma2;
        }
        return new Arr[] {y, m1, v1, m2, v2};
    }

    /** dx, dscale, doffset from (dy, x, scale, mean, variance). */
    static Arr[] backward(Arr[] in, boolean nchw, boolean training) {
        Arr dy = in[0], x = in[1], scale = in[2], mean = in[3], var = in[4];
        int[] sh = x.shape();
        int n = sh[0], c = nchw ? sh[1] : sh[3], sp = x.size() / n / c, m = n * sp;
        Arr dx = Arr.zeros(sh), dScale = Arr.zeros(c), dOffset = Arr.zeros(c);
        for (int ch = 0; ch < c; ch++) {
            double inv = 1 / Math.sqrt(var.v()[ch] + EPS), sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                sumDy += dy.v()[i];
                sumDyXhat += dy.v()[i] * (x.v()[i] - mean.v()[ch]) * inv;
            }
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                double xhat = (x.v()[i] - mean.v()[ch]) * inv;
                dx.v()[i] = scale.v()[ch] * inv * (training ? dy.v()[i] - sumDy / m - xhat * sumDyXhat / m : dy.v()[i]);
            }
            dScale.v()[ch] = sumDyXhat;
            dOffset.v()[ch] = sumDy;
        }
        return new Arr[] {dx, dScale, dOffset};
    }

}
