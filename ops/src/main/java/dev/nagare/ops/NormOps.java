package dev.nagare.ops;

import dev.nagare.graph.Attr;
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

    /** The attrs the gradient node takes from its forward node (TensorFlow's has no averaging factor). */
    static final List<String> GRAD_ATTRS = List.of("epsilon", "data_format", "is_training");

    public static final Attr<Double> EPSILON = Attr.real("epsilon", 1e-4), FACTOR = Attr.real("exponential_avg_factor", 1);
    public static final Attr<Boolean> IS_TRAINING = Attr.flag("is_training", true);

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
    public static final OpDef FUSED_BATCH_NORM = OpDef.op("FusedBatchNormV3")
            .takes(f("x"), f("scale"), f("offset"), f("mean"), f("variance")).withAttrs(EPSILON, FACTOR, ConvOps.DATA_FORMAT, IS_TRAINING).infer(ctx -> {
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
    }).tf(TfMapping.same("FusedBatchNormV3").type("U", 1).attr(EPSILON, "epsilon").attr(FACTOR, "exponential_avg_factor")
            .attr(ConvOps.DATA_FORMAT, "data_format").attr(IS_TRAINING, "is_training")).tests(() -> tests(false));

    /**
     * FusedBatchNormGradV3(y_backprop, x, scale, reserve_space_1, reserve_space_2, reserve_space_3): with
     * m the count per channel, xhat = (x - mean) / sqrt(var + eps), training gives
     * dx = scale / sqrt(var + eps) (dy - mean(dy) - xhat mean(dy xhat)), inference dx = scale dy / sqrt(var + eps);
     * both give dscale = sum(dy xhat), doffset = sum(dy), and two empty reserve spaces.
     */
    // second order: the three outputs rebuilt from primitive ops (the statistics recomputed from x in training),
    // differentiated by Gradients
    public static final OpDef FUSED_BATCH_NORM_GRAD = OpDef.op("FusedBatchNormGradV3")
            .takes(f("y_backprop"), f("x"), f("scale"), f("reserve_space_1"), f("reserve_space_2"), f("reserve_space_3"))
            .withAttrs(EPSILON, ConvOps.DATA_FORMAT, IS_TRAINING).infer(ctx -> {
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
    }).gradient(NormOps::secondOrder).tf(TfMapping.same("FusedBatchNormGradV3").type("U", 2).attr(EPSILON, "epsilon")
            .attr(ConvOps.DATA_FORMAT, "data_format").attr(IS_TRAINING, "is_training")).tests(() -> tests(true));

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
        for (String name : GRAD_ATTRS) if (from.attrs().containsKey(name)) b.attr(name, from.attrs().get(name));
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

    private static OpDef.Input f(String name) { return OpDef.Input.of(name, OpDef.DTypes.FLOATING); }

    // ---- float64 references and samples ----

    /**
     * FusedBatchNormV3 (training with averaging factors 1 and 0.3, inference; both data formats) or its
     * gradient (training: the reserve spaces are then taken as the batch statistics; inference). The statistics
     * inputs are constants (the gradient passes none to them). TensorFlow runs float32 only, and the gradient in
     * inference NHWC only; in inference it leaves the reserve spaces unspecified, so only y and the statistics
     * are compared. The gradient check takes the forward op, and the gradient op in inference (in training its
     * second order recomputes the statistics from x, which the constants here are not).
     */
    private static OpTests tests(boolean gradient) {
        OpTests t = OpTests.ofOutputs((node, in) -> gradient ? backward(node, in) : forward(node, in), OpDef.DTypes.FLOATING)
                .float32Tolerance(1e-4).judgedByTensorFlowIn(java.util.Set.of(DType.FLOAT32)).gradientThrough(gradient ? new int[] {0, 1, 2} : new int[] {0});
        java.util.Random r = new java.util.Random(3);
        for (boolean nchw : new boolean[] {false, true}) {
            int[] x = nchw ? new int[] {2, 3, 4, 5} : new int[] {2, 4, 5, 3};
            double[] mean = {r.nextDouble(-1, 1), r.nextDouble(-1, 1), r.nextDouble(-1, 1)}, var = {r.nextDouble(0.5, 2), r.nextDouble(0.5, 2), r.nextDouble(0.5, 2)};
            for (double factor : gradient ? new double[] {-1, 1} : new double[] {1, 0.3, -1}) {
                boolean training = factor >= 0;
                java.util.Map<String, Object> attrs = new java.util.LinkedHashMap<>();
                attrs.put("epsilon", 1e-3);
                if (nchw) attrs.put("data_format", "NCHW");
                attrs.put("is_training", training);
                if (!gradient && training) attrs.put("exponential_avg_factor", factor);
                OpTests.SampleInput[] in = gradient
                        ? new OpTests.SampleInput[] {OpTests.in(x, OpTests.U), OpTests.in(x, OpTests.U), OpTests.in(new int[] {3}, OpTests.U),
                            OpTests.constant(null, new int[] {3}, mean), OpTests.constant(null, new int[] {3}, var), OpTests.constant(null, new int[] {}, 0)}
                        : new OpTests.SampleInput[] {OpTests.in(x, OpTests.U), OpTests.in(new int[] {3}, OpTests.U), OpTests.in(new int[] {3}, OpTests.U),
                            OpTests.constant(null, new int[] {3}, mean), OpTests.constant(null, new int[] {3}, var)};
                t = gradient && training ? t.sampleWithoutGradient(attrs, in) : t.sample(attrs, in);
                if (gradient && !training && nchw) t = t.lastNotInTensorFlow();
            }
        }
        if (gradient) return t;
        // float32, more than one block of positions per image (NormKernels.BLOCK)
        double[] mean = new double[9], var = new double[9];
        for (int i = 0; i < 9; i++) {
            mean[i] = r.nextDouble(-1, 1);
            var[i] = r.nextDouble(0.5, 2);
        }
        return t.sampleWithoutGradient(java.util.Map.of("epsilon", 1e-3), new OpTests.SampleInput(DType.FLOAT32, new int[] {2, 33, 32, 9}, OpTests.U, null, false),
                new OpTests.SampleInput(DType.FLOAT32, new int[] {9}, OpTests.U, null, false), new OpTests.SampleInput(DType.FLOAT32, new int[] {9}, OpTests.U, null, false),
                OpTests.constant(DType.FLOAT32, new int[] {9}, mean), OpTests.constant(DType.FLOAT32, new int[] {9}, var));
    }

    /** The flat index of (n, spatial s, channel c). */
    private static int at(int[] shape, boolean nchw, int n, int s, int c) {
        int ch = nchw ? shape[1] : shape[3], sp = nchw ? shape[2] * shape[3] : shape[1] * shape[2];
        return nchw ? (n * ch + c) * sp + s : (n * sp + s) * ch + c;
    }

    /**
     * y, running mean, running variance (unbiased batch variance averaged in), and in training the batch mean
     * and biased variance; epsilon and the factor at float precision, as TensorFlow's float attrs.
     */
    private static List<OpTests.Values> forward(Node node, List<OpTests.Values> in) {
        OpTests.Values x = in.get(0), scale = in.get(1), offset = in.get(2), mean = in.get(3), var = in.get(4);
        boolean nchw = "NCHW".equals(node.attr(ConvOps.DATA_FORMAT)), training = node.attr(IS_TRAINING);
        double eps = (float) (double) node.attr(EPSILON), f = (float) (double) node.attr(FACTOR);
        int[] sh = x.shape();
        int n = sh[0], c = nchw ? sh[1] : sh[3], sp = x.size() / n / c;
        double[] y = new double[x.size()], m1 = new double[c], v1 = new double[c], m2 = new double[c], v2 = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double mu = mean.v()[ch], sigma2 = var.v()[ch];
            if (training) {
                double sum = 0, sq = 0;
                for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) sum += x.v()[at(sh, nchw, b, s, ch)];
                mu = sum / (n * sp);
                for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) sq += Math.pow(x.v()[at(sh, nchw, b, s, ch)] - mu, 2);
                sigma2 = sq / (n * sp);
            }
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                y[i] = (x.v()[i] - mu) / Math.sqrt(sigma2 + eps) * scale.v()[ch] + offset.v()[ch];
            }
            m1[ch] = training ? (1 - f) * mean.v()[ch] + f * mu : mu;
            v1[ch] = training ? (1 - f) * var.v()[ch] + f * sigma2 * (n * sp) / (n * sp - 1.0) : sigma2;
            m2[ch] = mu;
            v2[ch] = sigma2;
        }
        int[] vec = {c};
        List<OpTests.Values> out = new ArrayList<>(List.of(new OpTests.Values(sh, y), new OpTests.Values(vec, m1), new OpTests.Values(vec, v1)));
        if (training) out.addAll(List.of(new OpTests.Values(vec, m2), new OpTests.Values(vec, v2)));
        return out;
    }

    /** dx, dscale, doffset from (dy, x, scale, mean, variance). */
    private static List<OpTests.Values> backward(Node node, List<OpTests.Values> in) {
        OpTests.Values dy = in.get(0), x = in.get(1), scale = in.get(2), mean = in.get(3), var = in.get(4);
        boolean nchw = "NCHW".equals(node.attr(ConvOps.DATA_FORMAT)), training = node.attr(IS_TRAINING);
        double eps = (float) (double) node.attr(EPSILON);
        int[] sh = x.shape();
        int n = sh[0], c = nchw ? sh[1] : sh[3], sp = x.size() / n / c, m = n * sp;
        double[] dx = new double[x.size()], dScale = new double[c], dOffset = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double inv = 1 / Math.sqrt(var.v()[ch] + eps), sumDy = 0, sumDyXhat = 0;
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                sumDy += dy.v()[i];
                sumDyXhat += dy.v()[i] * (x.v()[i] - mean.v()[ch]) * inv;
            }
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) {
                int i = at(sh, nchw, b, s, ch);
                double xhat = (x.v()[i] - mean.v()[ch]) * inv;
                dx[i] = scale.v()[ch] * inv * (training ? dy.v()[i] - sumDy / m - xhat * sumDyXhat / m : dy.v()[i]);
            }
            dScale[ch] = sumDyXhat;
            dOffset[ch] = sumDy;
        }
        return List.of(new OpTests.Values(sh, dx), new OpTests.Values(new int[] {c}, dScale), new OpTests.Values(new int[] {c}, dOffset));
    }

    /** A [C] vector shaped to broadcast over the channels of a 4-D tensor. */
    private static Output perChannel(Tf tf, Output v, boolean nchw) { return nchw ? tf.reshape(v, -1, 1, 1) : v; }
}
