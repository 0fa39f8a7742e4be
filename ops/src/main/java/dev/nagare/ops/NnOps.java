package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.ops.OpDef.DTypes;
import dev.nagare.ops.OpDef.Input;
import java.util.Map;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.Arrays;
import java.util.List;

/** Neural-network building blocks. */
public final class NnOps {
    private NnOps() {}

    /** The gradient of Relu: inputs (gradients, features); passes the gradient where features > 0. */
    public static final OpDef RELU_GRAD = OpDef.op("ReluGrad").takes(Input.of("gradients", DTypes.FLOATING), Input.of("features", DTypes.FLOATING))
            .withAttrs().infer(ctx -> {
        DType t = Shapes.sameDtype(ctx, 0, 1);
        if (!ctx.shape(0).isCompatibleWith(ctx.shape(1))) throw ctx.fail("gradient " + ctx.shape(0) + " and features " + ctx.shape(1) + " differ");
        return one(t, ctx.shape(0).mergeWith(ctx.shape(1)));
    // Its own derivative: the gradient passes where features > 0 (second order); features' is 0 (piecewise constant).
    }).gradient((tf, op, g) -> List.of(tf.scope().node(NnOps.RELU_GRAD, "ReluGrad").input(g.get(0)).input(op.input(1)).build().output(0),
            tf.zerosLike(op.input(1)))).tf(TfMapping.same("ReluGrad")).tests(() -> reluGradTests());

    // d/dx max(x, 0) = 1 where x > 0, else 0; on integers there is no gradient to pass
    public static final OpDef RELU = MathOps.unary("Relu", DTypes.NUMERIC, x -> Math.max(x, 0), OpTests.NON_ZERO).gradient((tf, op, g) -> List.of(tf.scope().node(RELU_GRAD, "ReluGrad").input(g.get(0)).input(op.input(0)).build().output(0)));

    /** Softmax over the last axis. */
    // y = softmax(x): dx = (g - sum(g y)) y, the sum over the last axis
    public static final OpDef SOFTMAX = lastAxis("Softmax", false).gradient((tf, op, g) -> {
        Output y = op.output(0);
        Output dot = tf.reduceSum(tf.mul(g.get(0), y), new int[] {-1}, true);
        return List.of(tf.mul(tf.sub(g.get(0), dot), y));
    });

    /** log(softmax(x)) over the last axis, computed without forming softmax. */
    // y = log_softmax(x): dx = g - exp(y) sum(g), the sum over the last axis
    public static final OpDef LOG_SOFTMAX = lastAxis("LogSoftmax", true).gradient((tf, op, g) -> {
        Output sum = tf.reduceSum(g.get(0), new int[] {-1}, true);
        return List.of(tf.sub(g.get(0), tf.mul(tf.exp(op.output(0)), sum)));
    });

    /** "NHWC": the channels are the last axis; "NCHW": they are axis 1 (of a value of rank 3 or more, as TensorFlow requires). */
    public static final Attr<String> DATA_FORMAT = Attr.string("data_format", "NHWC");

    /**
     * Adds a vector to the channel axis of its first input: the last axis ({@link #DATA_FORMAT} "NHWC", where a
     * vector value is taken too), or axis 1 ("NCHW").
     */
    // d/dvalue = g; d/dbias = g summed over every axis but the channels', which is BiasAddGrad.
    public static final OpDef BIAS_ADD = OpDef.op("BiasAdd").takes(Input.of("value", DTypes.NUMERIC), Input.of("bias", DTypes.NUMERIC))
            .withAttrs(DATA_FORMAT).infer(ctx -> {
        DType t = Shapes.sameDtype(ctx, 0, 1);
        Shape v = ctx.shape(0), b = ctx.shape(1);
        if (b.hasRank() && b.rank() != 1) throw ctx.fail("bias must be a vector, got shape " + b);
        int c = channelAxis(ctx.attr(DATA_FORMAT), v, 2, ctx::fail); // TensorFlow's rank >= 2 (tf.nn.biasAdd adds to a vector)
        if (c >= 0 && v.dim(c) != Shape.UNKNOWN && b.hasRank() && b.dim(0) != Shape.UNKNOWN && v.dim(c) != b.dim(0)) {
            throw ctx.fail("bias of shape " + b + " does not match the channel axis " + c + " of " + v + " (" + ctx.attr(DATA_FORMAT) + ")");
        }
        return one(t, v);
    }).gradient((tf, op, g) -> List.of(g.get(0), tf.nn.biasAddGrad(g.get(0), op.attr(DATA_FORMAT))))
            .tf(TfMapping.same("BiasAdd").attr(DATA_FORMAT, "data_format")).tests(() -> BiasSamples.biasAdd());

    /** The gradient of BiasAdd with respect to the bias: its input summed over every axis but the channels'. */
    // A sum over the other axes: its gradient is g broadcast back along them.
    public static final OpDef BIAS_ADD_GRAD = OpDef.op("BiasAddGrad").takes(Input.of("out_backprop", DTypes.NUMERIC)).withAttrs(DATA_FORMAT)
            .infer(ctx -> {
        Shape x = ctx.shape(0);
        if (x.hasRank() && x.rank() < 2) throw ctx.fail("out_backprop must have rank >= 2, got shape " + x);
        int c = channelAxis(ctx.attr(DATA_FORMAT), x, 2, ctx::fail);
        return one(ctx.dtype(0), Shape.of(c >= 0 ? x.dim(c) : Shape.UNKNOWN));
    }).gradient((tf, op, g) -> {
        Shape x = op.input(0).shape();
        Output spread = g.get(0);
        if (op.attr(DATA_FORMAT).equals("NCHW")) {
            if (!x.hasRank()) throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the rank of its input");
            int[] column = new int[x.rank() - 1]; // [C, 1, ..., 1]: broadcasts along the axes after the channels'
            Arrays.fill(column, 1);
            column[0] = -1;
            spread = tf.reshape(spread, column);
        }
        return List.of(tf.add(tf.zerosLike(op.input(0)), spread));
    }).tf(TfMapping.same("BiasAddGrad").attr(DATA_FORMAT, "data_format")).tests(() -> BiasSamples.biasAddGrad());

    /**
     * The channel axis of a value of shape {@code v} in {@code format}, or -1 when its rank is unknown; fails on
     * another format and on a rank below {@code minRank} (NCHW needs 3 whatever {@code minRank} says, as in TensorFlow).
     */
    public static int channelAxis(String format, Shape v, int minRank, java.util.function.Function<String, RuntimeException> fail) {
        boolean nchw = switch (format) {
            case "NHWC" -> false;
            case "NCHW" -> true;
            default -> throw fail.apply("data_format must be NHWC or NCHW, got '" + format + "'");
        };
        if (!v.hasRank()) return -1;
        int min = nchw ? Math.max(minRank, 3) : minRank;
        if (v.rank() < min) throw fail.apply("value of shape " + v + " has rank " + v.rank() + ", " + format + " needs at least " + min);
        return nchw ? 1 : v.rank() - 1;
    }

    /**
     * Softmax cross-entropy of logits [batch, classes] against label distributions of the same shape.
     * Outputs the loss per example and its gradient with respect to the logits (softmax - labels).
     */
    // dloss/dlogits = softmax(logits) - labels (output 1); dloss/dlabels = -log_softmax(logits)
    public static final OpDef SOFTMAX_CROSS_ENTROPY = OpDef.op("SoftmaxCrossEntropyWithLogits")
            .takes(Input.of("features", DTypes.FLOATING), Input.of("labels", DTypes.FLOATING)).withAttrs().infer(ctx -> {
        DType t = Shapes.sameDtype(ctx, 0, 1);
        Shape logits = logitsShape(ctx);
        if (!logits.isCompatibleWith(ctx.shape(1))) throw ctx.fail("labels of shape " + ctx.shape(1) + " do not match logits " + logits);
        Shape both = logits.mergeWith(ctx.shape(1));
        return xentOutputs(t, both);
    }).gradient((tf, op, g) -> List.of(
            tf.mul(tf.expandDims(g.get(0), -1), op.output(1)),
            tf.mul(tf.expandDims(g.get(0), -1), tf.neg(tf.nn.logSoftmax(op.input(0))))))
            .tf(TfMapping.same("SoftmaxCrossEntropyWithLogits")).tests(() -> xentTests(false));

    /** As {@link #SOFTMAX_CROSS_ENTROPY} with integer class labels [batch]; a label outside [0, classes) fails the run. */
    public static final OpDef SPARSE_SOFTMAX_CROSS_ENTROPY = OpDef.op("SparseSoftmaxCrossEntropyWithLogits")
            .takes(Input.of("features", DTypes.FLOATING), Input.of("labels", DTypes.INTEGER)).withAttrs().infer(ctx -> {
        Shape logits = logitsShape(ctx);
        Shape labels = ctx.shape(1);
        if (labels.hasRank() && labels.rank() != 1) throw ctx.fail("labels must be a vector, got shape " + labels);
        if (logits.hasRank() && labels.hasRank() && !Shape.of(logits.dim(0)).isCompatibleWith(labels)) {
            throw ctx.fail("labels of shape " + labels + " do not match the batch of logits " + logits);
        }
        return xentOutputs(ctx.dtype(0), logits);
    }).gradient((tf, op, g) -> Arrays.asList(tf.mul(tf.expandDims(g.get(0), -1), op.output(1)), null))
            .tf(TfMapping.same("SparseSoftmaxCrossEntropyWithLogits").type("Tlabels", 1, DType.INT64)).tests(() -> xentTests(true));

    // ---- more activations (issue 11); their gradients are written with where/mul, not TensorFlow's *Grad ops ----
    // min(max(x, 0), 6): the gradient passes where 0 < x < 6
    public static final OpDef RELU6 = MathOps.unary("Relu6", DTypes.NUMERIC, x -> Math.min(Math.max(x, 0), 6), OpTests.NON_ZERO).gradient((tf, op, g) -> {
        Output x = op.input(0);
        Output inside = tf.logicalAnd(tf.greater(x, tf.scalar(0, x.dtype())), tf.less(x, tf.scalar(6, x.dtype())));
        return List.of(tf.where(inside, g.get(0), tf.scalar(0, x.dtype())));
    });
    /** The slope below zero, used at float precision as TensorFlow's float attr is. */
    public static final Attr<Double> ALPHA = Attr.real("alpha", 0.2);

    /** x where x > 0, else {@link #ALPHA} times x. */
    // dy/dx = 1 where x > 0, else alpha
    public static final OpDef LEAKY_RELU = MathOps.unary("LeakyRelu", DTypes.FLOATING, x -> x, OpTests.NON_ZERO).withAttrs(ALPHA)
            .tf(TfMapping.same("LeakyRelu").typeDefault(DType.FLOAT32).attr(ALPHA, "alpha")).tests(() -> leakyReluTests()).gradient((tf, op, g) -> {
        Output x = op.input(0);
        Output alpha = tf.scalar((float) (double) op.attr(ALPHA), x.dtype()); // a float attr, as TensorFlow's
        return List.of(tf.where(tf.greater(x, tf.scalar(0, x.dtype())), g.get(0), tf.mul(g.get(0), alpha)));
    });
    // y = x where x > 0, else e^x - 1: dy/dx = 1 where x > 0, else y + 1
    public static final OpDef ELU = MathOps.unary("Elu", DTypes.FLOATING, x -> x > 0 ? x : Math.expm1(x), OpTests.NON_ZERO).gradient((tf, op, g) -> {
        Output x = op.input(0), y = op.output(0);
        return List.of(tf.where(tf.greater(x, tf.scalar(0, x.dtype())), g.get(0), tf.mul(g.get(0), tf.add(y, tf.scalar(1, y.dtype())))));
    });
    // y = log(1 + e^x): dy/dx = sigmoid(x)
    public static final OpDef SOFTPLUS = MathOps.unary("Softplus", DTypes.FLOATING, x -> Math.log1p(Math.exp(x)), OpTests.Domain.of(-30, 30)).gradient((tf, op, g) ->
            List.of(tf.mul(g.get(0), tf.sigmoid(op.input(0)))));
    /** How many entries TopKV2 takes, and InTopKV2 looks among. */
    public static final Attr<Integer> K = Attr.integer("k");
    /** TensorFlow's sorted flag: with false the order is left open, and Nagare's is sorted all the same. */
    public static final Attr<Boolean> SORTED = Attr.flag("sorted", true);

    /**
     * The {@link #K} largest entries of each row (the last axis), largest first, ties by lower index. Outputs
     * the values and their int32 indices.
     */
    // Each value came from one input element: the gradient is scattered back to those positions.
    public static final OpDef TOP_K = OpDef.op("TopKV2").takes(Input.of("input", DTypes.NUMERIC)).withAttrs(K, SORTED).infer(ctx -> {
        int k = ctx.attr(K);
        if (k < 0) throw ctx.fail("k must be >= 0, got " + k);
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return List.of(new TensorSpec(ctx.dtype(0), Shape.unknownRank()), new TensorSpec(DType.INT32, Shape.unknownRank()));
        if (in.rank() == 0) throw ctx.fail("needs rank >= 1, got a scalar");
        if (in.dim(-1) != Shape.UNKNOWN && in.dim(-1) < k) throw ctx.fail("k = " + k + " is more than the " + in.dim(-1) + " entries of the last axis of " + in);
        int[] out = in.dims();
        out[out.length - 1] = k;
        return List.of(new TensorSpec(ctx.dtype(0), Shape.of(out)), new TensorSpec(DType.INT32, Shape.of(out)));
    }).gradient(NnOps::topKGradient).tf(TfMapping.same("TopKV2").input(K, 1).attr(SORTED, "sorted")).tests(() -> topKTests());

    /**
     * Whether each target class is among the {@link #K} largest predictions of its row: fewer than k predictions
     * beat it (ties count as in); a target out of range is not.
     */
    public static final OpDef IN_TOP_K = OpDef.op("InTopKV2").takes(Input.of("predictions", java.util.EnumSet.of(DType.FLOAT32)),
            Input.of("targets", DTypes.INTEGER)).withAttrs(K).infer(ctx -> {
        Shape p = ctx.shape(0), t = ctx.shape(1);
        if (p.hasRank() && p.rank() != 2) throw ctx.fail("predictions must be [batch, classes], got shape " + p);
        if (t.hasRank() && t.rank() != 1) throw ctx.fail("targets must be a vector, got shape " + t);
        Shape batch = Shape.of(p.hasRank() ? p.dim(0) : Shape.UNKNOWN);
        if (!batch.isCompatibleWith(t)) throw ctx.fail("targets " + t + " do not match the batch of predictions " + p);
        return one(DType.BOOL, t.hasRank() ? batch.mergeWith(t) : batch);
    }).notDifferentiable().tf(TfMapping.untyped("InTopKV2").type("T", 1, DType.INT32).input(K, 2, 1)).tests(() -> inTopKTests());

    /**
     * dx[r, indices[r, j]] += g[r, j]: rows flattened, the indices offset by each row's start, summed by
     * segment. Needs the input's static shape.
     */
    private static List<Output> topKGradient(Tf tf, dev.nagare.graph.Node op, List<Output> g) {
        Shape in = op.input(0).shape();
        int k = op.attr(K);
        if (!in.isFullyDefined()) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the input's full shape, got " + in);
        }
        int n = in.dim(-1), rows = in.size() / Math.max(1, n);
        int[] offsets = new int[rows * k];
        for (int r = 0; r < rows; r++) for (int j = 0; j < k; j++) offsets[r * k + j] = r * n;
        Output ids = tf.add(tf.reshape(op.output(1), -1), tf.constant(offsets));
        Output dx = tf.unsortedSegmentSum(tf.reshape(g.get(0), -1), ids, rows * n);
        return List.of(tf.reshape(dx, in.dims()));
    }

    /** Selu's constants, as TensorFlow's. */
    public static final double SELU_SCALE = 1.0507009873554804934193349852946, SELU_ALPHA = 1.6732632423543772848170429916717;

    /** scale (x where x > 0, else alpha (e^x - 1)), with the fixed scale and alpha of self-normalizing nets. */
    // dy/dx = scale where x > 0, else y + scale alpha
    public static final OpDef SELU = MathOps.unary("Selu", DTypes.FLOATING, x -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)), OpTests.NON_ZERO).gradient((tf, op, g) -> {
        Output x = op.input(0), y = op.output(0);
        return List.of(tf.where(tf.greater(x, tf.scalar(0, x.dtype())), tf.mul(g.get(0), tf.scalar(SELU_SCALE, x.dtype())),
                tf.mul(g.get(0), tf.add(y, tf.scalar(SELU_SCALE * SELU_ALPHA, y.dtype())))));
    });
    /** x / (1 + |x|). */
    // dy/dx = 1 / (1 + |x|)^2
    public static final OpDef SOFTSIGN = MathOps.unary("Softsign", DTypes.FLOATING, x -> x / (1 + Math.abs(x)), OpTests.U).gradient((tf, op, g) -> {
        Output x = op.input(0);
        return List.of(tf.div(g.get(0), tf.square(tf.add(tf.scalar(1, x.dtype()), tf.abs(x)))));
    });

    /** sum(x^2) / 2, a scalar. */
    // d/dx = x
    public static final OpDef L2_LOSS = MathOps.unary("L2Loss", DTypes.FLOATING, x -> x, OpTests.U)
            .infer(ctx -> one(ctx.dtype(0), Shape.scalar())).tests(() -> OpTests.of((node, in) -> {
                double sum = 0;
                for (double x : in.get(0).v()) sum += x * x;
                return new OpTests.Values(new int[0], new double[] {sum / 2});
            }, DTypes.FLOATING).float32Tolerance(1e-4).sample(Map.of(), OpTests.in(new int[] {2, 3}, OpTests.U))
                    .sample(Map.of(), OpTests.in(new int[] {}, OpTests.U)).sample(Map.of(), OpTests.in(new int[] {0, 3}, OpTests.U))
                    .sample(Map.of(), OpTests.in(new int[] {2, 3, 4}, OpTests.U))).gradient((tf, op, g) -> List.of(tf.mul(op.input(0), g.get(0))));

    public static final List<OpDef> ALL = List.of(RELU, RELU_GRAD, SOFTMAX, LOG_SOFTMAX, BIAS_ADD, SOFTMAX_CROSS_ENTROPY,
            SPARSE_SOFTMAX_CROSS_ENTROPY, RELU6, LEAKY_RELU, ELU, SOFTPLUS, L2_LOSS,
            SELU, SOFTSIGN, TOP_K, IN_TOP_K, BIAS_ADD_GRAD);

    private static OpTests leakyReluTests() {
        OpTests t = OpTests.of((node, in) -> {
            double alpha = (float) (double) node.attr(ALPHA);
            return OpTests.map(in.get(0), x -> x > 0 ? x : alpha * x);
        }, DTypes.FLOATING);
        for (int[] s : OpTests.UNARY_SHAPES) t = t.sample(Map.of(), OpTests.in(s, OpTests.NON_ZERO));
        return t.sample(Map.of("alpha", 0.3), OpTests.in(new int[] {2, 3}, OpTests.NON_ZERO));
    }

    /** Softmax or log-softmax over the last axis; samples with large logits, where an unshifted exp overflows. */
    private static OpDef lastAxis(String name, boolean log) {
        java.util.function.Supplier<OpTests> t = () -> {
        OpTests tests = OpTests.of((node, in) -> softmaxReference(in.get(0), log), DTypes.FLOATING).float32Tolerance(1e-4);
        for (int[] s : new int[][] {{2, 5}, {7}, {2, 3, 4}, {0, 4}, {3, 1}, {3, 0}}) tests = tests.sample(Map.of(), OpTests.in(s, OpTests.U));
        return tests.sample(Map.of(), OpTests.in(new int[] {3, 4}, OpTests.Domain.of(-60, 60)));
        };
        return OpDef.op(name).takes(Input.of("logits", DTypes.FLOATING)).withAttrs().infer(ctx -> {
            Shape s = ctx.shape(0);
            if (s.hasRank() && s.rank() < 1) throw ctx.fail("needs rank >= 1, got a scalar");
            return one(ctx.dtype(0), s);
        }).tf(TfMapping.same(name)).tests(t);
    }

    /** exp(x_i - m) / sum_j exp(x_j - m), or its log, along the last axis; m the row's largest. */
    private static OpTests.Values softmaxReference(OpTests.Values x, boolean log) {
        int cols = x.shape()[x.shape().length - 1];
        double[] out = new double[x.size()];
        for (int row = 0; cols > 0 && row < x.size() / cols; row++) {
            double m = Double.NEGATIVE_INFINITY, sum = 0;
            for (int c = 0; c < cols; c++) m = Math.max(m, x.v()[row * cols + c]);
            for (int c = 0; c < cols; c++) sum += Math.exp(x.v()[row * cols + c] - m);
            for (int c = 0; c < cols; c++) {
                double shifted = x.v()[row * cols + c] - m;
                out[row * cols + c] = log ? shifted - Math.log(sum) : Math.exp(shifted) / sum;
            }
        }
        return new OpTests.Values(x.shape(), out);
    }

    /** The gradient where the features are positive (features kept away from the kink at 0). */
    private static OpTests reluGradTests() {
        OpTests t = OpTests.of((node, in) -> OpTests.zip(in.get(0), in.get(1), (g, f) -> f > 0 ? g : 0), DTypes.FLOATING);
        for (int[] s : OpTests.UNARY_SHAPES) t = t.sample(Map.of(), OpTests.in(s, OpTests.U), OpTests.in(s, OpTests.NON_ZERO));
        return t;
    }

    /**
     * Logits and labels (distributions, or class ids for the sparse form): the loss per row, log-sum-exp less
     * the labels' logits, and the backprop output, softmax less the labels. The gradient check feeds the loss.
     */
    private static OpTests xentTests(boolean sparse) {
        OpTests t = OpTests.ofOutputs((node, in) -> {
            OpTests.Values logits = in.get(0), labels = in.get(1);
            int rows = logits.shape()[0], cols = logits.shape()[1];
            OpTests.Values p = softmaxReference(logits, false), logP = softmaxReference(logits, true);
            double[] loss = new double[rows], back = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double y = sparse ? (labels.v()[r] == c ? 1 : 0) : labels.v()[r * cols + c];
                    loss[r] -= y * logP.v()[r * cols + c];
                    back[r * cols + c] = p.v()[r * cols + c] - y;
                }
            }
            return List.of(new OpTests.Values(new int[] {rows}, loss), new OpTests.Values(logits.shape(), back));
        }, DTypes.FLOATING).float32Tolerance(1e-4).gradientThrough(0);
        if (sparse) {
            return t.sample(Map.of(), OpTests.in(new int[] {3, 4}, OpTests.U), OpTests.fixed(DType.INT32, new int[] {3}, 1, 0, 3))
                    .sample(Map.of(), OpTests.in(new int[] {2, 5}, OpTests.Domain.of(-30, 30)), OpTests.fixed(DType.INT64, new int[] {2}, 4, 4))
                    .sample(Map.of(), OpTests.in(new int[] {0, 3}, OpTests.U), OpTests.fixed(DType.INT32, new int[] {0}));
        }
        // The gradient (backprop, softmax - labels, as TensorFlow's) holds for labels that sum to 1 per row;
        // labels that do not are checked forward only.
        return t.sample(Map.of(), OpTests.in(new int[] {3, 4}, OpTests.U), OpTests.fixed(null, new int[] {3, 4}, 0.1, 0.2, 0.3, 0.4, 0.25, 0.25, 0.25, 0.25, 0.7, 0, 0.1, 0.2))
                .sample(Map.of(), OpTests.in(new int[] {2, 3}, OpTests.U), OpTests.fixed(null, new int[] {2, 3}, 0, 1, 0, 1, 0, 0))
                .sample(Map.of(), OpTests.in(new int[] {1, 5}, OpTests.Domain.of(-30, 30)), OpTests.fixed(null, new int[] {1, 5}, 0.5, 0.125, 0.125, 0.125, 0.125))
                .sampleWithoutGradient(Map.of(), OpTests.in(new int[] {3, 4}, OpTests.U), OpTests.in(new int[] {3, 4}, OpTests.Domain.of(0, 1)))
                .sample(Map.of(), OpTests.in(new int[] {0, 3}, OpTests.U), OpTests.in(new int[] {0, 3}, OpTests.U));
    }

    /** Whole numbers in every dtype: ties, which go to the lower index. The gradient check takes float64 (no ties). */
    private static OpTests topKTests() {
        OpTests t = OpTests.ofOutputs((node, in) -> topKReference(in.get(0), node.attr(K)), DTypes.NUMERIC);
        for (int[] s : new int[][] {{3, 6}, {7}, {2, 2, 4}}) {
            for (int k : new int[] {1, 3}) t = t.sample(Map.of("k", k), OpTests.in(s, OpTests.U));
        }
        return t.sampleWithoutGradient(Map.of("k", 2), OpTests.in(new int[] {4, 5}, OpTests.Domain.whole(-2, 2)))
                .sample(Map.of("k", 0), OpTests.in(new int[] {2, 3}, OpTests.U)).sample(Map.of("k", 2), OpTests.in(new int[] {0, 4}, OpTests.U));
    }

    /** The k largest of each row, largest first, ties by lower index: their values, then their indices. */
    private static List<OpTests.Values> topKReference(OpTests.Values x, int k) {
        int n = x.shape()[x.shape().length - 1], rows = n == 0 ? 0 : x.size() / n;
        int[] shape = x.shape().clone();
        shape[shape.length - 1] = k;
        double[] values = new double[OpTests.count(shape)], indices = new double[values.length];
        for (int r = 0; r < rows; r++) {
            boolean[] taken = new boolean[n];
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int c = 0; c < n; c++) if (!taken[c] && (best < 0 || x.v()[r * n + c] > x.v()[r * n + best])) best = c;
                taken[best] = true;
                values[r * k + j] = x.v()[r * n + best];
                indices[r * k + j] = best;
            }
        }
        return List.of(new OpTests.Values(shape, values), new OpTests.Values(shape.clone(), indices));
    }

    /** Predictions with ties (whole numbers) and targets in and out of range. */
    private static OpTests inTopKTests() {
        OpTests t = OpTests.of((node, in) -> {
            OpTests.Values p = in.get(0), targets = in.get(1);
            int batch = p.shape()[0], classes = p.shape()[1], k = node.attr(K);
            double[] out = new double[batch];
            for (int b = 0; b < batch; b++) {
                int target = (int) targets.v()[b];
                if (target < 0 || target >= classes) continue;
                int above = 0;
                for (int c = 0; c < classes; c++) if (p.v()[b * classes + c] > p.v()[b * classes + target]) above++;
                out[b] = above < k ? 1 : 0;
            }
            return new OpTests.Values(new int[] {batch}, out);
        }, java.util.EnumSet.of(DType.FLOAT32));
        OpTests.Domain ties = OpTests.Domain.whole(-2, 2);
        return t.sample(Map.of("k", 2), OpTests.in(new int[] {5, 4}, ties), OpTests.fixed(DType.INT32, new int[] {5}, 0, 3, 1, -1, 4))
                .sample(Map.of("k", 1), OpTests.in(new int[] {3, 6}, OpTests.U), OpTests.fixed(DType.INT64, new int[] {3}, 5, 0, 2))
                .sample(Map.of("k", 3), OpTests.in(new int[] {0, 3}, OpTests.U), OpTests.fixed(DType.INT32, new int[] {0}));
    }

    private static Shape logitsShape(InferenceContext ctx) {
        Shape logits = ctx.shape(0);
        if (logits.hasRank() && logits.rank() != 2) throw ctx.fail("logits must be [batch, classes], got shape " + logits);
        return logits.hasRank() ? logits : Shape.unknownDims(2);
    }

    private static List<TensorSpec> xentOutputs(DType t, Shape logits) {
        return List.of(new TensorSpec(t, Shape.of(logits.dim(0))), new TensorSpec(t, logits));
    }
}
