package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalization as TensorFlow's fused ops. Attrs: {@code epsilon} (Double, default 1e-4),
 * {@code exponential_avg_factor} (Double, default 1), {@code data_format} ("NHWC" or "NCHW", default NHWC)
 * and {@code is_training} (Boolean, default true). Nagare takes x and the per-channel vectors in one dtype,
 * float32 or float64 (TensorFlow: x float32 or half, the vectors float32).
 */
public final class NormOps {
    private NormOps() {}

    static final List<String> ATTRS = List.of("epsilon", "exponential_avg_factor", "data_format", "is_training");

    /**
     * FusedBatchNormV3(x, scale, offset, mean, variance) over the channels of a 4-D x. Training: normalizes
     * by the batch's mean and (biased) variance; outputs y, the running mean and variance updated with factor
     * f ({@code (1 - f) old + f batch}, the variance unbiased by n / (n - 1)), the batch mean and biased
     * variance (reserve spaces 1 and 2) and an unused scalar (reserve space 3). Inference: normalizes by the
     * given mean and variance, which pass through to outputs 1 to 4.
     */
    // dy -> FusedBatchNormGradV3(dy, x, scale, reserve_1, reserve_2, reserve_3) gives dx, dscale, doffset; as in
    // TensorFlow, gradients reaching the mean and variance outputs are not propagated, and in inference the mean
    // and variance inputs get none
    public static final OpDef FUSED_BATCH_NORM = OpDef.pure("FusedBatchNormV3", ctx -> {
        DType t = vectors(ctx, 5);
        Shape x = x4(ctx, 0);
        int c = channels(ctx, x);
        Shape vec = Shape.of(c);
        for (int i = 1; i <= 4; i++) {
            Shape s = ctx.shape(i);
            boolean emptyStat = i >= 3 && training(ctx) && s.isCompatibleWith(Shape.of(0));
            if (!s.isCompatibleWith(vec) && !emptyStat) {
                throw ctx.fail(List.of("scale", "offset", "mean", "variance").get(i - 1) + " of shape " + s + " does not match the "
                        + c + " channels of x " + ctx.shape(0));
            }
        }
        return List.of(new TensorSpec(t, x), new TensorSpec(t, vec), new TensorSpec(t, vec), new TensorSpec(t, vec),
                new TensorSpec(t, vec), new TensorSpec(t, Shape.scalar()));
    }).gradient((tf, op, g) -> {
        Node grad = withAttrs(tf.scope().node(NormOps.FUSED_BATCH_NORM_GRAD, "FusedBatchNormGradV3"), op)
                .input(g.get(0)).input(op.input(0)).input(op.input(1)).input(op.output(3)).input(op.output(4)).input(op.output(5)).build();
        return Arrays.asList(grad.output(0), grad.output(1), grad.output(2), null, null);
    });

    /**
     * FusedBatchNormGradV3(y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3): with
     * m the count per channel, xhat = (x - mean) / sqrt(var + eps), training gives
     * dx = scale / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat)), inference dx = scale dy / sqrt(var + eps);
     * both give dscale = sum(dy xhat), doffset = sum(dy), and two empty reserve spaces.
     */
    // second order: the three outputs rebuilt from primitive ops (the statistics recomputed from x in training),
    // differentiated by Gradients
    public static final OpDef FUSED_BATCH_NORM_GRAD = OpDef.pure("FusedBatchNormGradV3", ctx -> {
        DType t = vectors(ctx, 5);
        Shape dy = x4(ctx, 0), x = x4(ctx, 1);
        if (!dy.isCompatibleWith(x)) throw ctx.fail("y_backprop of shape " + dy + " does not match x " + x);
        Shape both = dy.mergeWith(x);
        int c = channels(ctx, both);
        Shape vec = Shape.of(c);
        for (int i = 2; i <= 4; i++) {
            if (!ctx.shape(i).isCompatibleWith(vec)) {
                throw ctx.fail(List.of("scale", "reserve_space_1", "reserve_space_2").get(i - 2) + " of shape " + ctx.shape(i)
                        + " does not match the " + c + " channels of x " + x);
            }
        }
        return List.of(new TensorSpec(t, both), new TensorSpec(t, vec), new TensorSpec(t, vec),
                new TensorSpec(t, Shape.of(0)), new TensorSpec(t, Shape.of(0)));
    }).gradient(NormOps::secondOrder);

    public static final List<OpDef> ALL = List.of(FUSED_BATCH_NORM, FUSED_BATCH_NORM_GRAD);

    // ---- builders ----

    /** A FusedBatchNormV3 node; its outputs are y, the (running) mean and variance, and the reserve spaces. */
    static Node fusedBatchNorm(Tf tf, Output x, Output scale, Output offset, Output mean, Output variance, double epsilon,
                               double exponentialAvgFactor, String dataFormat, boolean training) {
        return tf.scope().node(FUSED_BATCH_NORM, "FusedBatchNormV3").input(x).input(scale).input(offset).input(mean).input(variance)
                .attr("epsilon", epsilon).attr("exponential_avg_factor", exponentialAvgFactor)
                .attr("data_format", dataFormat == null ? "NHWC" : dataFormat).attr("is_training", training).build();
    }

    private static Scope.NodeBuilder withAttrs(Scope.NodeBuilder b, Node from) {
        for (String name : ATTRS) if (from.attrs().containsKey(name)) b.attr(name, from.attrs().get(name));
        return b;
    }

    /** The attrs as the kernels read them; epsilon and the factor are float attrs in TensorFlow, and rounded as such. */
    public record Attrs(double epsilon, double factor, boolean nchw, boolean training) {
        public static Attrs of(Node n) {
            return new Attrs(n.attrs().containsKey("epsilon") ? ((Number) n.attr("epsilon")).floatValue() : 1e-4f,
                    n.attrs().containsKey("exponential_avg_factor") ? ((Number) n.attr("exponential_avg_factor")).floatValue() : 1,
                    "NCHW".equals(n.attrs().get("data_format")), !n.attrs().containsKey("is_training") || n.<Boolean>attr("is_training"));
        }
    }

    // ---- shape rules ----

    private static boolean training(InferenceContext ctx) { return !ctx.hasAttr("is_training") || ctx.attr("is_training", Boolean.class); }

    private static String format(InferenceContext ctx) {
        String f = ctx.hasAttr("data_format") ? ctx.attr("data_format", String.class) : "NHWC";
        if (!f.equals("NHWC") && !f.equals("NCHW")) throw ctx.fail("data_format must be NHWC or NCHW, got '" + f + "'");
        return f;
    }

    /** All {@code n} inputs of one floating dtype, and valid attrs; returns the dtype. */
    private static DType vectors(InferenceContext ctx, int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        DType t = Shapes.sameDtype(ctx, all);
        Shapes.requireFloating(ctx, t);
        for (String a : List.of("epsilon", "exponential_avg_factor")) {
            if (ctx.hasAttr(a)) {
                double v = ctx.attr(a, Number.class).doubleValue();
                if (!(v >= 0) || Double.isInfinite(v)) throw ctx.fail(a + " must be a finite number >= 0, got " + v);
            }
        }
        format(ctx);
        training(ctx);
        return t;
    }

    private static Shape x4(InferenceContext ctx, int i) {
        Shape s = ctx.shape(i);
        if (s.hasRank() && s.rank() != 4) throw ctx.fail("input " + i + " must be 4-D (" + format(ctx) + "), got shape " + s);
        return s.hasRank() ? s : Shape.unknownDims(4);
    }

    private static int channels(InferenceContext ctx, Shape x) { return x.dim(format(ctx).equals("NCHW") ? 1 : 3); }

    // ---- second order ----

    private static List<Output> secondOrder(Tf tf, Node op, List<Output> g) {
        Attrs a = Attrs.of(op);
        Output dy = op.input(0), x = op.input(1), scale = op.input(2);
        DType t = x.dtype();
        int[] axes = a.nchw() ? new int[] {0, 2, 3} : new int[] {0, 1, 2};
        Output mean, var;
        if (a.training()) {
            mean = tf.reduceMean(x, axes, true);
            var = tf.reduceMean(tf.square(tf.sub(x, mean)), axes, true);
        } else {
            mean = perChannel(tf, op.input(3), a.nchw());
            var = perChannel(tf, op.input(4), a.nchw());
        }
        Output inv = tf.div(tf.scalar(1, t), tf.sqrt(tf.add(var, tf.scalar(a.epsilon(), t))));
        Output xhat = tf.mul(tf.sub(x, mean), inv);
        Output dScale = tf.reduceSum(tf.mul(dy, xhat), axes, false);
        Output dOffset = tf.reduceSum(dy, axes, false);
        Output k = tf.mul(perChannel(tf, scale, a.nchw()), inv);
        Output dx = a.training()
                ? tf.mul(k, tf.sub(tf.sub(dy, tf.reduceMean(dy, axes, true)), tf.mul(xhat, tf.reduceMean(tf.mul(dy, xhat), axes, true))))
                : tf.mul(k, dy);
        List<Output> wrt = new ArrayList<>(List.of(dy, x, scale));
        if (!a.training()) wrt.addAll(List.of(op.input(3), op.input(4)));
        List<Output> d = Gradients.of(tf, List.of(dx, dScale, dOffset), wrt, List.of(g.get(0), g.get(1), g.get(2)));
        return Arrays.asList(d.get(0), d.get(1), d.get(2), a.training() ? null : d.get(3), a.training() ? null : d.get(4), null);
    }

    /** A [C] vector shaped to broadcast over the channels of a 4-D tensor. */
    private static Output perChannel(Tf tf, Output v, boolean nchw) { return nchw ? tf.reshape(v, -1, 1, 1) : v; }
}
