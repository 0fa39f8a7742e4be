package dev.nagare.ops;

import static dev.nagare.ops.Shapes.broadcast;
import static dev.nagare.ops.Shapes.one;
import static dev.nagare.ops.Shapes.sameDtype;
import static dev.nagare.ops.OpDef.DTypes.BOOL;
import static dev.nagare.ops.OpDef.DTypes.FLOATING;
import static dev.nagare.ops.OpDef.DTypes.NUMERIC;
import static dev.nagare.ops.OpTests.NON_ZERO;
import static dev.nagare.ops.OpTests.POSITIVE;
import static dev.nagare.ops.OpTests.U;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.ops.OpTests.Domain;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/** Elementwise arithmetic, comparisons, logic, matrix product and reductions. */
public final class MathOps {
    private MathOps() {}

    // ---- unary, output like the input ----
    // d/dx -x = -1
    public static final OpDef NEG = unary("Neg", NUMERIC, x -> -x, U).gradient((tf, op, g) -> List.of(tf.neg(g.get(0))));
    // d/dx |x| = sign(x)
    public static final OpDef ABS = unary("Abs", NUMERIC, Math::abs, NON_ZERO).gradient((tf, op, g) -> List.of(tf.mul(g.get(0), tf.sign(x(op)))));
    /** -1, 0 or 1; its derivative is 0 wherever it exists. */
    public static final OpDef SIGN = unary("Sign", NUMERIC, Math::signum, NON_ZERO).gradient((tf, op, g) -> List.of(tf.zerosLike(x(op))));
    // d/dx x^2 = 2x
    public static final OpDef SQUARE = unary("Square", NUMERIC, x -> x * x, U).gradient((tf, op, g) ->
            List.of(tf.mul(g.get(0), tf.mul(tf.scalar(2, x(op).dtype()), x(op)))));
    // y = sqrt(x): dy/dx = 1 / (2y)
    // Special values: sqrt(-1) is NaN, sqrt(inf) inf.
    public static final OpDef SQRT = withTests(unary("Sqrt", FLOATING, Math::sqrt, POSITIVE),
            t -> t.sampleWithoutGradient(java.util.Map.of(), OpTests.fixed(null, new int[] {3}, -1, 0, Double.POSITIVE_INFINITY))).gradient((tf, op, g) ->
            List.of(tf.div(g.get(0), tf.mul(tf.scalar(2, x(op).dtype()), op.output(0)))));
    // y = e^x: dy/dx = y
    public static final OpDef EXP = unary("Exp", FLOATING, Math::exp, U).gradient((tf, op, g) -> List.of(tf.mul(g.get(0), op.output(0))));
    // d/dx log x = 1/x
    public static final OpDef LOG = unary("Log", FLOATING, Math::log, POSITIVE).gradient((tf, op, g) -> List.of(tf.div(g.get(0), x(op))));
    // y = 1/(1+e^-x): dy/dx = y (1 - y)
    public static final OpDef SIGMOID = unary("Sigmoid", FLOATING, x -> 1 / (1 + Math.exp(-x)), U).gradient((tf, op, g) -> {
        Output y = op.output(0);
        return List.of(tf.mul(g.get(0), tf.mul(y, tf.sub(tf.scalar(1, y.dtype()), y))));
    });
    // y = tanh x: dy/dx = 1 - y^2
    public static final OpDef TANH = unary("Tanh", FLOATING, Math::tanh, U).gradient((tf, op, g) -> {
        Output y = op.output(0);
        return List.of(tf.mul(g.get(0), tf.sub(tf.scalar(1, y.dtype()), tf.square(y))));
    });

    // ---- binary with broadcasting, output like the inputs ----
    // Gradients of binary ops have the broadcast shape; Gradients sums each back to its input's shape.
    // TensorFlow 1's Add is AddV2 (without string concatenation): both import onto it.
    public static final OpDef ADD = binary("AddV2", Double::sum, null, U, U).tf(TfMapping.same("AddV2").alsoReads("Add"))
            .gradient((tf, op, g) -> List.of(g.get(0), g.get(0)));
    public static final OpDef SUB = binary("Sub", (a, b) -> a - b, null, U, U).gradient((tf, op, g) -> List.of(g.get(0), tf.neg(g.get(0))));
    // d(ab) = b da + a db
    // Special values: 0 * inf is NaN, and so is anything times NaN.
    public static final OpDef MUL = withTests(binary("Mul", (a, b) -> a * b, null, U, U), t -> t.sampleWithoutGradient(java.util.Map.of(),
            OpTests.fixed(DType.FLOAT32, new int[] {4}, 0, Double.POSITIVE_INFINITY, Double.NaN, -2),
            OpTests.fixed(DType.FLOAT32, new int[] {4}, Double.POSITIVE_INFINITY, 0, 1, Double.NEGATIVE_INFINITY))).gradient((tf, op, g) ->
            List.of(tf.mul(g.get(0), y(op)), tf.mul(g.get(0), x(op))));
    /** True division for floats; for integers truncating division, as TensorFlow's {@code Div}. */
    // d(a/b) = da / b - a db / b^2
    // Written by hand in interop: TensorFlow's RealDiv for floats, TruncateDiv for integers (and read from Div too).
    public static final OpDef DIV = binary("Div", (a, b) -> a / b, MathOps::truncatingDivision, U, NON_ZERO).gradient((tf, op, g) -> List.of(
            tf.div(g.get(0), y(op)),
            tf.neg(tf.div(tf.mul(g.get(0), x(op)), tf.square(y(op)))))).tf(TfMapping.same("Div").byHand());
    // z = x^y: dz/dx = y x^(y-1); dz/dy = z log x, taken as 0 where x <= 0 (log undefined), as TensorFlow does
    public static final OpDef POW = binary("Pow", Math::pow, null, POSITIVE, Domain.of(0, 3)).gradient((tf, op, g) -> {
        Output x = x(op), y = y(op), z = op.output(0);
        Output one = tf.scalar(1, x.dtype()), zero = tf.scalar(0, x.dtype());
        Output dx = tf.mul(g.get(0), tf.mul(y, tf.pow(x, tf.sub(y, one))));
        Output positive = tf.greater(x, zero);
        Output safeLog = tf.log(tf.where(positive, x, tf.onesLike(x)));
        Output dy = tf.mul(g.get(0), tf.where(positive, tf.mul(z, safeLog), tf.zerosLike(z)));
        return List.of(dx, dy);
    });
    // The gradient goes to the larger input; ties go to x.
    public static final OpDef MAXIMUM = binary("Maximum", Math::max, null, U, U).gradient((tf, op, g) -> {
        Output yWins = tf.less(x(op), y(op));
        Output zero = tf.scalar(0, x(op).dtype());
        return List.of(tf.where(yWins, zero, g.get(0)), tf.where(yWins, g.get(0), zero));
    });
    // The gradient goes to the smaller input; ties go to x.
    public static final OpDef MINIMUM = binary("Minimum", Math::min, null, U, U).gradient((tf, op, g) -> {
        Output yWins = tf.greater(x(op), y(op));
        Output zero = tf.scalar(0, x(op).dtype());
        return List.of(tf.where(yWins, zero, g.get(0)), tf.where(yWins, g.get(0), zero));
    });

    // ---- comparisons: numeric inputs, bool output ----
    public static final OpDef EQUAL = comparison("Equal", OpDef.DTypes.ALL, (a, b) -> a == b);
    public static final OpDef LESS = comparison("Less", NUMERIC, (a, b) -> a < b);
    public static final OpDef GREATER = comparison("Greater", NUMERIC, (a, b) -> a > b);

    // ---- logic on bools ----
    public static final OpDef LOGICAL_AND = logical("LogicalAnd", (a, b) -> a != 0 && b != 0);
    public static final OpDef LOGICAL_OR = logical("LogicalOr", (a, b) -> a != 0 || b != 0);
    public static final OpDef LOGICAL_NOT = OpDef.op("LogicalNot").takes(Input.of("x", BOOL)).withAttrs()
            .infer(ctx -> one(DType.BOOL, ctx.shape(0))).notDifferentiable().tf(TfMapping.untyped("LogicalNot"))
            .tests(() -> OpTests.unary(x -> x != 0 ? 0 : 1, BOOL, U));

    /** Whether MatMul transposes a (b) first. */
    public static final Attr<Boolean> TRANSPOSE_A = Attr.flag("transpose_a", false), TRANSPOSE_B = Attr.flag("transpose_b", false);

    /** {@code a @ b} on matrices, each transposed first where {@link #TRANSPOSE_A}, {@link #TRANSPOSE_B} say. */
    public static final OpDef MATMUL = OpDef.op("MatMul").takes(Input.of("a", NUMERIC), Input.of("b", NUMERIC)).withAttrs(TRANSPOSE_A, TRANSPOSE_B)
            .infer(MathOps::inferMatMul).gradient(MathOps::matmulGradient)
            .tf(TfMapping.same("MatMul").attr(TRANSPOSE_A, "transpose_a").attr(TRANSPOSE_B, "transpose_b")).tests(() -> matmulTests(false));

    // ---- reductions: attrs axes (int[], absent: all) and keep_dims ----
    // Each input element contributed once to its sum: the gradient is g spread back over the reduced axes.
    /** The axes a reduction folds (absent: all of them; negative: counted from the end). */
    public static final Attr<int[]> AXES = Attr.optionalInts("axes");
    /** Whether reduced axes stay as size 1. */
    public static final Attr<Boolean> KEEP_DIMS = Attr.flag("keep_dims", false);

    // A sum over nothing is 0.
    public static final OpDef SUM = withTests(reduction("Sum", NUMERIC, 0, Double::sum, (acc, n) -> acc),
            t -> t.sample(java.util.Map.of("axes", new int[] {0}), OpTests.in(new int[] {0, 3}, U))).gradient((tf, op, g) -> List.of(spread(tf, op, keepDims(tf, op, g.get(0)))));
    // mean = sum / count: the sum's gradient divided by how many elements each output averaged.
    // A float mean over nothing is 0/0, NaN (an integer one fails, as in TensorFlow).
    public static final OpDef MEAN = withTests(reduction("Mean", NUMERIC, 0, Double::sum, MathOps::mean),
            t -> t.sampleWithoutGradient(java.util.Map.of("axes", new int[] {0}), OpTests.fixed(DType.FLOAT64, new int[] {0, 3}))
                    .sampleWithoutGradient(java.util.Map.of("keep_dims", true), OpTests.fixed(DType.FLOAT32, new int[] {0, 3}))).gradient((tf, op, g) -> {
        Output count = tf.reduceSum(tf.onesLike(x(op)), reducedAxes(op), true);
        return List.of(spread(tf, op, tf.div(keepDims(tf, op, g.get(0)), count)));
    });
    public static final OpDef MAX = reduction("Max", NUMERIC, Double.NEGATIVE_INFINITY, Math::max, (acc, n) -> acc).gradient(MathOps::extremumGradient);
    public static final OpDef MIN = reduction("Min", NUMERIC, Double.POSITIVE_INFINITY, Math::min, (acc, n) -> acc).gradient(MathOps::extremumGradient);

    /** The axis ArgMax and ArgMin search along. */
    public static final Attr<Integer> ARG_AXIS = Attr.integer("axis");
    /** The integer dtype of the index ArgMax and ArgMin return. */
    public static final Attr<DType> OUTPUT_TYPE = Attr.dtype("output_type", DType.INT64);

    /** Index of the largest element along {@link #ARG_AXIS} (the first of ties), of {@link #OUTPUT_TYPE}. */
    public static final OpDef ARGMAX = argIndex("ArgMax", false);

    /** How many buckets UnsortedSegmentSum sums into. */
    public static final Attr<Integer> NUM_SEGMENTS = Attr.integer("num_segments");

    /** Sums the rows of {@code data} into {@link #NUM_SEGMENTS} buckets chosen by {@code segment_ids} (negative ids: dropped). */
    public static final OpDef UNSORTED_SEGMENT_SUM = OpDef.op("UnsortedSegmentSum").takes(Input.of("data", NUMERIC), Input.of("segment_ids", OpDef.DTypes.INTEGER))
            .withAttrs(NUM_SEGMENTS).infer(ctx -> {
        int segments = ctx.attr(NUM_SEGMENTS);
        if (segments < 0) throw ctx.fail("num_segments must be >= 0, got " + segments);
        Shape data = ctx.shape(0), ids = ctx.shape(1);
        if (!data.hasRank() || !ids.hasRank()) return one(ctx.dtype(0), Shape.unknownRank());
        if (ids.rank() > data.rank()) throw ctx.fail("segment_ids " + ids + " has a higher rank than data " + data);
        int[] out = new int[1 + data.rank() - ids.rank()];
        out[0] = segments;
        for (int i = ids.rank(); i < data.rank(); i++) out[1 + i - ids.rank()] = data.dim(i);
        return one(ctx.dtype(0), Shape.of(out));
    // Each data row went to one bucket: its gradient is that bucket's gradient (0 for a dropped row).
    }).gradient((tf, op, g) -> {
        Output ids = op.input(1), zero = tf.scalar(0, ids.dtype());
        if (!op.input(0).shape().hasRank() || !ids.shape().hasRank()) {
            throw dev.nagare.graph.GraphException.at(op.name(), op.opName(), "its gradient needs the ranks of data and segment_ids");
        }
        Output rows = tf.gather(g.get(0), tf.maximum(ids, zero));
        Output kept = tf.cast(tf.greaterEqual(ids, zero), rows.dtype());
        for (int i = ids.shape().rank(); i < op.input(0).shape().rank(); i++) kept = tf.expandDims(kept, -1);
        return Arrays.asList(tf.mul(rows, kept), null);
    })
            .tf(TfMapping.same("UnsortedSegmentSum").type("Tindices", 1).input(NUM_SEGMENTS, 2)).tests(() -> segmentSumTests());

    // ---- more unary math (issue 11) ----
    // y = x^(-1/2): dy/dx = -y^3 / 2
    public static final OpDef RSQRT = unary("Rsqrt", FLOATING, x -> 1 / Math.sqrt(x), POSITIVE).gradient((tf, op, g) -> {
        Output y = op.output(0);
        return List.of(tf.mul(g.get(0), tf.mul(tf.scalar(-0.5, y.dtype()), tf.mul(y, tf.square(y)))));
    });
    // y = 1/x: dy/dx = -y^2
    public static final OpDef RECIPROCAL = unary("Reciprocal", FLOATING, x -> 1 / x, NON_ZERO).gradient((tf, op, g) ->
            List.of(tf.neg(tf.mul(g.get(0), tf.square(op.output(0))))));
    /** Floor, ceiling and rounding (half to even) are piecewise constant: TensorFlow passes no gradient. */
    public static final OpDef FLOOR = unary("Floor", FLOATING, Math::floor, U).notDifferentiable();
    public static final OpDef CEIL = unary("Ceil", FLOATING, Math::ceil, U).notDifferentiable();
    // TensorFlow Java 1.1.0's Round on int32 gives zeros (measured by EntryTfTest); on integers Nagare's is the identity.
    public static final OpDef ROUND = withTests(unary("Round", NUMERIC, Math::rint, Domain.of(-3, 3)).notDifferentiable(),
            t -> t.judgedByTensorFlowIn(FLOATING));
    // d/dx log(1 + x) = 1 / (1 + x)
    public static final OpDef LOG1P = unary("Log1p", FLOATING, Math::log1p, Domain.of(-0.9, 3)).gradient((tf, op, g) ->
            List.of(tf.div(g.get(0), tf.add(tf.scalar(1, x(op).dtype()), x(op)))));
    // d/dx (e^x - 1) = e^x
    public static final OpDef EXPM1 = unary("Expm1", FLOATING, Math::expm1, U).gradient((tf, op, g) -> List.of(tf.mul(g.get(0), tf.exp(x(op)))));
    // d/dx sin x = cos x
    public static final OpDef SIN = unary("Sin", FLOATING, Math::sin, U).gradient((tf, op, g) -> List.of(tf.mul(g.get(0), tf.cos(x(op)))));
    // d/dx cos x = -sin x
    public static final OpDef COS = unary("Cos", FLOATING, Math::cos, U).gradient((tf, op, g) -> List.of(tf.neg(tf.mul(g.get(0), tf.sin(x(op))))));

    /** The error function, 2/sqrt(pi) times the integral of e^(-t^2) from 0 to x. */
    // d/dx erf x = 2/sqrt(pi) e^(-x^2)
    public static final OpDef ERF = unary("Erf", FLOATING, MathOps::erfReference, U).gradient((tf, op, g) -> List.of(
            tf.mul(g.get(0), tf.mul(tf.scalar(2 / Math.sqrt(Math.PI), x(op).dtype()), tf.exp(tf.neg(tf.square(x(op))))))));

    // ---- more binary math (issue 11) ----
    /** floor(x / y); for integers a division by zero fails. Piecewise constant: no gradient, as in TensorFlow. */
    public static final OpDef FLOOR_DIV = binary("FloorDiv", (a, b) -> Math.floor(a / b), null, U, NON_ZERO).notDifferentiable();
    /** x - floor(x / y) y: the remainder takes the divisor's sign. */
    // d/dx = 1; d/dy = -floor(x / y)
    public static final OpDef FLOOR_MOD = binary("FloorMod", (a, b) -> a - Math.floor(a / b) * b, null, U, NON_ZERO).gradient((tf, op, g) ->
            List.of(g.get(0), tf.neg(tf.mul(g.get(0), tf.floorDiv(x(op), y(op))))));
    // z = (x - y)^2: dz/dx = 2 (x - y), dz/dy = -2 (x - y)
    public static final OpDef SQUARED_DIFFERENCE = binary("SquaredDifference", (a, b) -> (a - b) * (a - b), null, U, U).gradient((tf, op, g) -> {
        Output d = tf.mul(g.get(0), tf.mul(tf.scalar(2, x(op).dtype()), tf.sub(x(op), y(op))));
        return List.of(d, tf.neg(d));
    });
    public static final OpDef GREATER_EQUAL = comparison("GreaterEqual", NUMERIC, (a, b) -> a >= b);
    public static final OpDef LESS_EQUAL = comparison("LessEqual", NUMERIC, (a, b) -> a <= b);
    public static final OpDef NOT_EQUAL = comparison("NotEqual", OpDef.DTypes.ALL, (a, b) -> a != b);

    /** The sum of N tensors of one shape (no broadcasting, as TensorFlow's AddN). */
    // Each input's gradient is the output's.
    public static final OpDef ADD_N = OpDef.op("AddN").takes(Input.list("inputs", NUMERIC)).withAttrs().infer(ctx -> {
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        DType t = sameDtype(ctx, all);
        Shapes.requireNumeric(ctx, t);
        Shape s = ctx.shape(0);
        for (int i = 1; i < all.length; i++) {
            if (!s.isCompatibleWith(ctx.shape(i))) throw ctx.fail("input " + i + " has shape " + ctx.shape(i) + ", input 0 " + ctx.shape(0) + ": AddN does not broadcast");
            s = s.mergeWith(ctx.shape(i));
        }
        return one(t, s);
    }).gradient((tf, op, g) -> java.util.Collections.nCopies(op.inputs().size(), g.get(0)))
            .tf(TfMapping.same("AddN").count("N")).tests(() -> addNTests());

    // ---- more reductions (issue 11): attrs axes and keep_dims as Sum's ----
    /**
     * The product. Its gradient at x_i is the product of the other elements: prod / x_i where no element is
     * zero; where exactly one is, the product of the non-zero ones at that element and 0 elsewhere; 0 where
     * two or more are. Written without dividing by zero.
     */
    public static final OpDef PROD = reduction("Prod", NUMERIC, 1, (a, b) -> a * b, (acc, n) -> acc).gradient((tf, op, g) -> {
        Output x = x(op);
        int[] axes = reducedAxes(op);
        Output zero = tf.scalar(0, x.dtype()), one = tf.scalar(1, x.dtype());
        Output isZero = tf.equal(x, zero);
        Output nonZero = tf.where(isZero, tf.onesLike(x), x);
        Output prodNonZero = tf.reduceProd(nonZero, axes, true);
        Output zeros = tf.reduceSum(tf.cast(isZero, x.dtype()), axes, true);
        Output atZero = tf.where(tf.equal(zeros, one), prodNonZero, zero);
        Output elsewhere = tf.where(tf.equal(zeros, zero), tf.div(prodNonZero, nonZero), zero);
        return List.of(tf.mul(tf.where(isZero, atZero, elsewhere), keepDims(tf, op, g.get(0))));
    });
    /** Logical or / and over axes of a bool tensor. */
    public static final OpDef ANY = reduction("Any", BOOL, 0, (a, b) -> a != 0 || b != 0 ? 1 : 0, (acc, n) -> acc).notDifferentiable();
    public static final OpDef ALL_OF = reduction("All", BOOL, 1, (a, b) -> a != 0 && b != 0 ? 1 : 0, (acc, n) -> acc).notDifferentiable();
    /** Index of the smallest element along {@link #ARG_AXIS} (the first of ties), of {@link #OUTPUT_TYPE}. */
    public static final OpDef ARGMIN = argIndex("ArgMin", true);

    /** The remainder of truncating division (C's fmod), taking the dividend's sign. */
    // d/dx = 1; d/dy = -trunc(x / y), with trunc(q) = q - mod(q, 1)
    public static final OpDef MOD = binary("Mod", (a, b) -> a % b, null, U, NON_ZERO).gradient((tf, op, g) -> {
        Output q = tf.div(x(op), y(op));
        Output trunc = tf.sub(q, tf.mod(q, tf.scalar(1, q.dtype())));
        return List.of(g.get(0), tf.neg(tf.mul(g.get(0), trunc)));
    });
    /** x / y, and 0 where y is 0 (floats). */
    // dx = g / y, dy = -g x / y^2, both 0 where y is 0
    public static final OpDef DIV_NO_NAN = binary("DivNoNan", FLOATING, (a, b) -> b == 0 ? 0 : a / b, null, U, NON_ZERO).gradient((tf, op, g) -> List.of(
            tf.divNoNan(g.get(0), y(op)),
            tf.mul(g.get(0), tf.divNoNan(tf.divNoNan(tf.neg(x(op)), y(op)), y(op)))));
    public static final OpDef IS_NAN = floatTest("IsNan", x -> Double.isNaN(x) ? 1 : 0);
    public static final OpDef IS_INF = floatTest("IsInf", x -> Double.isInfinite(x) ? 1 : 0);
    public static final OpDef IS_FINITE = floatTest("IsFinite", x -> Double.isFinite(x) ? 1 : 0);
    /** Cumsum's axis, and whether each sum leaves out its own element (exclusive) and runs from the end (reverse). */
    public static final Attr<Integer> CUMSUM_AXIS = Attr.integer("axis");
    public static final Attr<Boolean> EXCLUSIVE = Attr.flag("exclusive", false), REVERSE = Attr.flag("reverse", false);

    /** Running sums along {@link #CUMSUM_AXIS}. */
    // Each x_i is in the sums at and after i (before, when reversed): the gradient is the cumsum the other way.
    public static final OpDef CUMSUM = OpDef.op("Cumsum").takes(Input.of("x", NUMERIC)).withAttrs(CUMSUM_AXIS, EXCLUSIVE, REVERSE).infer(ctx -> {
        Shape in = ctx.shape(0);
        if (in.hasRank()) {
            if (in.rank() == 0) throw ctx.fail("needs rank >= 1, got a scalar");
            Shapes.axis(ctx, ctx.attr(CUMSUM_AXIS), in.rank());
        }
        return one(ctx.dtype(0), in);
    }).gradient((tf, op, g) -> List.of(tf.cumsum(g.get(0), op.attr(CUMSUM_AXIS), op.attr(EXCLUSIVE), !op.attr(REVERSE))))
            .tf(TfMapping.same("Cumsum").input(CUMSUM_AXIS, 1).attr(EXCLUSIVE, "exclusive").attr(REVERSE, "reverse")).tests(() -> cumsumTests());

    /**
     * Matrix products over the last two axes, the leading (batch) axes broadcast as NumPy's matmul does;
     * attrs {@code adj_x}, {@code adj_y} transpose the matrices first.
     */
    public static final Attr<Boolean> ADJ_X = Attr.flag("adj_x", false), ADJ_Y = Attr.flag("adj_y", false);

    // TensorFlow 1's BatchMatMul (batch axes equal) imports onto it: V2 computes that case too.
    public static final OpDef BATCH_MATMUL = OpDef.op("BatchMatMulV2").takes(Input.of("x", NUMERIC), Input.of("y", NUMERIC)).withAttrs(ADJ_X, ADJ_Y)
            .infer(MathOps::inferBatchMatMul).gradient(MathOps::batchMatmulGradient)
            .tf(TfMapping.same("BatchMatMulV2").attr(ADJ_X, "adj_x").attr(ADJ_Y, "adj_y").alsoReads("BatchMatMul")).tests(() -> matmulTests(true));

    /**
     * t clipped to [clip_value_min, clip_value_max], computed as TensorFlow's kernel does: min(t, max), then the
     * max of that and min (so a minimum above the maximum gives the minimum). Each bound is a scalar or of t's
     * shape. The DSL's {@code clipByValue} builds Minimum and Maximum instead, as TensorFlow's Python does, which
     * also lets bounds broadcast; this entry is for graphs that hold the op (TensorFlow Java makes it).
     */
    // The gradient passes where t lies within the bounds, and goes to the bound that was taken elsewhere.
    public static final OpDef CLIP_BY_VALUE = OpDef.op("ClipByValue")
            .takes(Input.of("t", NUMERIC), Input.of("clip_value_min", NUMERIC), Input.of("clip_value_max", NUMERIC))
            .withAttrs().infer(ctx -> {
        DType t = sameDtype(ctx, 0, 1, 2);
        for (int b = 1; b <= 2; b++) {
            Shape bound = ctx.shape(b);
            if (bound.hasRank() && bound.rank() != 0 && !bound.isCompatibleWith(ctx.shape(0))) {
                throw ctx.fail((b == 1 ? "clip_value_min" : "clip_value_max") + " " + bound + " must be a scalar or of t's shape " + ctx.shape(0));
            }
        }
        return one(t, ctx.shape(0));
    }).gradient((tf, op, g) -> {
        Output x = op.input(0), zero = tf.scalar(0, x.dtype());
        Output below = tf.less(x, op.input(1)), above = tf.greater(x, op.input(2));
        return List.of(tf.where(tf.logicalOr(below, above), zero, g.get(0)), tf.where(below, g.get(0), zero), tf.where(above, g.get(0), zero));
    }).tf(TfMapping.same("ClipByValue")).tests(MathOps::clipTests);

    private static OpTests clipTests() {
        OpTests t = OpTests.of((node, in) -> References.clipByValue(in.get(0), in.get(1), in.get(2)), NUMERIC);
        int[][][] shapes = {{{2, 3}, {}, {}}, {{2, 3}, {2, 3}, {2, 3}}, {{4}, {}, {4}}, {{2, 2}, {2, 2}, {}}, {{}, {}, {}}, {{0, 3}, {}, {}}};
        for (int[][] s : shapes) t = t.sample(java.util.Map.of(), OpTests.in(s[0], U), OpTests.in(s[1], Domain.of(-2, -0.5)), OpTests.in(s[2], Domain.of(0.5, 2)));
        // A minimum above the maximum: TensorFlow's order of min and max decides.
        // No gradient check there: every t gives lo, yet TensorFlow's gradient sends t above the maximum to it.
        return t.sampleWithoutGradient(java.util.Map.of(), OpTests.in(new int[] {5}, U), OpTests.in(new int[] {}, Domain.of(1, 2)), OpTests.in(new int[] {}, Domain.of(-2, -1)));
    }

    /** The ops added for issue 11, in the order above. */
    static final List<OpDef> MORE = List.of(RSQRT, RECIPROCAL, FLOOR, CEIL, ROUND, LOG1P, EXPM1, SIN, COS,
            FLOOR_DIV, FLOOR_MOD, SQUARED_DIFFERENCE, GREATER_EQUAL, LESS_EQUAL, NOT_EQUAL, ADD_N, PROD, ANY, ALL_OF, ARGMIN,
            MOD, DIV_NO_NAN, IS_NAN, IS_INF, IS_FINITE, CUMSUM, BATCH_MATMUL, ERF, CLIP_BY_VALUE);

    public static final List<OpDef> ALL = java.util.stream.Stream.concat(java.util.stream.Stream.of(NEG, ABS, SIGN, SQUARE, SQRT, EXP, LOG, SIGMOID, TANH,
            ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQUAL, LESS, GREATER, LOGICAL_AND, LOGICAL_OR,
            LOGICAL_NOT, MATMUL, SUM, MEAN, MAX, MIN, ARGMAX, UNSORTED_SEGMENT_SUM), MORE.stream()).toList();

    /** ArgMax or ArgMin: the index of the first extreme element along {@link #ARG_AXIS}. */
    private static OpDef argIndex(String name, boolean smallest) {
        java.util.function.Supplier<OpTests> tests = () -> {
        OpTests t = OpTests.of((node, in) -> argIndexReference(in.get(0), node.attr(ARG_AXIS), smallest), NUMERIC);
        Object[][] rows = {{new int[] {2, 3, 4}, 0, null}, {new int[] {2, 3, 4}, 1, null}, {new int[] {2, 3, 4}, 2, null},
            {new int[] {2, 3, 4}, -1, DType.INT32}, {new int[] {5}, 0, DType.INT32}, {new int[] {3, 4}, -2, null}, {new int[] {0, 3}, 1, null}}; // not an empty axis to search: that fails, in TensorFlow too
        for (Object[] r : rows) {
            java.util.Map<String, Object> attrs = r[2] == null ? java.util.Map.of("axis", r[1]) : java.util.Map.of("axis", r[1], "output_type", r[2]);
            t = t.sample(attrs, OpTests.in((int[]) r[0], Domain.whole(-3, 3))); // whole numbers: ties
        }
        return t;
        };
        return OpDef.op(name).takes(Input.of("input", NUMERIC)).withAttrs(ARG_AXIS, OUTPUT_TYPE).infer(ctx -> {
            DType out = ctx.attr(OUTPUT_TYPE);
            Shapes.requireInteger(ctx, out, "output_type");
            Shape in = ctx.shape(0);
            if (!in.hasRank()) return one(out, Shape.unknownRank());
            if (in.rank() == 0) throw ctx.fail("needs an input of rank >= 1, got a scalar");
            int axis = Shapes.axis(ctx, ctx.attr(ARG_AXIS), in.rank());
            return one(out, Shapes.reduced(ctx, in, new int[] {axis}, false));
        }).notDifferentiable().tf(TfMapping.same(name).input(ARG_AXIS, 1).attr(OUTPUT_TYPE, "output_type")).tests(tests);
    }

    /** The index of the first largest (smallest) element along {@code axis}. */
    private static OpTests.Values argIndexReference(OpTests.Values x, int axis, boolean smallest) {
        int rank = x.shape().length, a = axis < 0 ? axis + rank : axis;
        int[] outShape = new int[rank - 1];
        for (int d = 0, o = 0; d < rank; d++) if (d != a) outShape[o++] = x.shape()[d];
        double[] out = new double[OpTests.count(outShape)];
        for (int i = 0; i < out.length; i++) {
            int[] oi = OpTests.unravel(i, outShape), idx = new int[rank];
            for (int d = 0, o = 0; d < rank; d++) idx[d] = d == a ? 0 : oi[o++];
            int best = 0;
            for (int j = 1; j < x.shape()[a]; j++) {
                int[] at = idx.clone(), bestAt = idx.clone();
                at[a] = j;
                bestAt[a] = best;
                double v = References.at(x, at), b = References.at(x, bestAt);
                if (smallest ? v < b : v > b) best = j;
            }
            out[i] = best;
        }
        return new OpTests.Values(outShape, out);
    }

    /**
     * MatMul (rank 2) or BatchMatMulV2 (batch axes broadcast) in every combination of transposes, empty
     * matrices and sizes past the GEMM kernels' blocks; and 0 times inf and NaN, which make the dot product NaN.
     */
    private static OpTests matmulTests(boolean batched) {
        OpTests t = OpTests.of((node, in) -> References.batchMatmul(in.get(0), in.get(1),
                node.attr(batched ? ADJ_X : TRANSPOSE_A), node.attr(batched ? ADJ_Y : TRANSPOSE_B)), NUMERIC).float32Tolerance(1e-4);
        int[][][] shapes = batched
                ? new int[][][] {{{2, 3, 4}, {2, 4, 5}}, {{2, 1, 3, 4}, {3, 4, 2}}, {{3, 4}, {2, 4, 2}}, {{2, 3, 4}, {4, 5}}, {{0, 2, 3}, {3, 2}}, {{2, 3, 0}, {2, 0, 4}}}
                : new int[][][] {{{2, 3}, {3, 4}}, {{1, 5}, {5, 1}}, {{3, 1}, {1, 2}}, {{0, 3}, {3, 2}}, {{2, 0}, {0, 3}}, {{2, 3}, {3, 0}}, {{17, 33}, {33, 9}}};
        String ta = batched ? "adj_x" : "transpose_a", tb = batched ? "adj_y" : "transpose_b";
        for (int[][] ab : shapes) {
            for (int combo = 0; combo < 4; combo++) {
                boolean transA = (combo & 2) != 0, transB = (combo & 1) != 0;
                t = t.sample(java.util.Map.of(ta, transA, tb, transB), OpTests.in(transA ? swapLast(ab[0]) : ab[0], U), OpTests.in(transB ? swapLast(ab[1]) : ab[1], U));
            }
        }
        if (batched) return t;
        // float32 past the packed kernel's k- and m-blocks (256 and 96); the gradient check leaves it (float32) out.
        t = t.sampleWithoutGradient(java.util.Map.of(), new OpTests.SampleInput(DType.FLOAT32, new int[] {100, 300}, U, null, false),
                new OpTests.SampleInput(DType.FLOAT32, new int[] {300, 37}, U, null, false));
        return t.sampleWithoutGradient(java.util.Map.of(), OpTests.fixed(DType.FLOAT32, new int[] {1, 2}, 0, 1), OpTests.fixed(DType.FLOAT32, new int[] {2, 1}, Double.POSITIVE_INFINITY, 1))
                .sampleWithoutGradient(java.util.Map.of(), OpTests.fixed(DType.FLOAT64, new int[] {1, 2}, 0, 1), OpTests.fixed(DType.FLOAT64, new int[] {2, 1}, Double.NaN, 1));
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[t.length - 1] = s[s.length - 2];
        t[t.length - 2] = s[s.length - 1];
        return t;
    }

    /** Ids into the buckets, repeats and empty buckets; a negative id drops its row, as TensorFlow does. */
    private static OpTests segmentSumTests() {
        OpTests t = OpTests.of((node, in) -> {
            OpTests.Values data = in.get(0), ids = in.get(1);
            int segments = node.attr(NUM_SEGMENTS), rows = ids.size(), row = rows == 0 ? 0 : data.size() / rows;
            int[] shape = new int[1 + data.shape().length - ids.shape().length];
            shape[0] = segments;
            System.arraycopy(data.shape(), ids.shape().length, shape, 1, shape.length - 1);
            double[] out = new double[OpTests.count(shape)];
            for (int r = 0; r < rows; r++) {
                int id = (int) ids.v()[r];
                if (id >= 0) for (int j = 0; j < row; j++) out[id * row + j] += data.v()[r * row + j];
            }
            return new OpTests.Values(shape, out);
        }, NUMERIC);
        return t.sample(java.util.Map.of("num_segments", 4), OpTests.in(new int[] {5, 3}, U), OpTests.fixed(DType.INT32, new int[] {5}, 0, 2, 0, 1, 2))
                .sample(java.util.Map.of("num_segments", 3), OpTests.in(new int[] {2, 3, 2}, U), OpTests.fixed(DType.INT64, new int[] {2, 3}, 0, 1, 0, 2, 2, 1))
                .sample(java.util.Map.of("num_segments", 2), OpTests.in(new int[] {4}, U), OpTests.fixed(DType.INT32, new int[] {4}, 1, -1, 1, 0))
                .sample(java.util.Map.of("num_segments", 3), OpTests.in(new int[] {0, 2}, U), OpTests.fixed(DType.INT32, new int[] {0}));
    }

    private static OpTests addNTests() {
        OpTests t = OpTests.of((node, in) -> {
            OpTests.Values sum = in.get(0);
            for (int i = 1; i < in.size(); i++) sum = OpTests.zip(sum, in.get(i), Double::sum);
            return sum;
        }, NUMERIC);
        for (int[] s : new int[][] {{2, 3}, {}, {0, 3}}) t = t.sample(java.util.Map.of(), OpTests.in(s, U), OpTests.in(s, U), OpTests.in(s, U));
        return t.sample(java.util.Map.of(), OpTests.in(new int[] {4}, U));
    }

    private static OpTests cumsumTests() {
        OpTests t = OpTests.of((node, in) -> cumsumReference(in.get(0), node.attr(CUMSUM_AXIS), node.attr(EXCLUSIVE), node.attr(REVERSE)), NUMERIC)
                .float32Tolerance(1e-4);
        for (int axis : new int[] {0, 1, -1}) {
            for (int flags = 0; flags < 4; flags++) {
                t = t.sample(java.util.Map.of("axis", axis, "exclusive", (flags & 1) != 0, "reverse", (flags & 2) != 0), OpTests.in(new int[] {2, 3, 4}, U));
            }
        }
        return t.sample(java.util.Map.of("axis", 1), OpTests.in(new int[] {0, 3}, U)).sample(java.util.Map.of("axis", 0), OpTests.in(new int[] {5}, U));
    }

    /** Running sums along {@code axis}: exclusive ones leave out their own element, reversed ones run from the end. */
    private static OpTests.Values cumsumReference(OpTests.Values x, int axis, boolean exclusive, boolean reverse) {
        int a = axis < 0 ? axis + x.shape().length : axis;
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) {
            int[] idx = OpTests.unravel(i, x.shape());
            int at = idx[a];
            double sum = 0;
            for (int j = 0; j < x.shape()[a]; j++) {
                boolean in = reverse ? (exclusive ? j > at : j >= at) : (exclusive ? j < at : j <= at);
                if (!in) continue;
                idx[a] = j;
                sum += References.at(x, idx);
            }
            out[i] = sum;
        }
        return new OpTests.Values(x.shape(), out);
    }

    /** An elementwise op of one input: output like the input; TensorFlow's op of the same name. */
    static OpDef unary(String name, Set<DType> dtypes, DoubleUnaryOperator reference, Domain domain) {
        return OpDef.op(name).takes(Input.of("x", dtypes)).withAttrs().infer(ctx -> one(ctx.dtype(0), ctx.shape(0)))
                .tf(TfMapping.same(name)).tests(() -> OpTests.unary(reference, dtypes, domain));
    }

    /** A numeric op of two inputs of one dtype, NumPy-broadcast; {@code onInts}: its rule on integers where it differs. */
    private static OpDef binary(String name, DoubleBinaryOperator reference, DoubleBinaryOperator onInts, Domain x, Domain y) {
        return binary(name, NUMERIC, reference, onInts, x, y);
    }

    private static OpDef binary(String name, Set<DType> dtypes, DoubleBinaryOperator reference, DoubleBinaryOperator onInts, Domain x, Domain y) {
        return OpDef.op(name).takes(Input.of("x", dtypes), Input.of("y", dtypes)).withAttrs()
                .infer(ctx -> one(sameDtype(ctx, 0, 1), broadcast(ctx, 0, 1)))
                .tf(TfMapping.same(name)).tests(() -> OpTests.binary(reference, onInts, dtypes, x, y));
    }

    /** The entry with its tests changed. */
    private static OpDef withTests(OpDef op, java.util.function.UnaryOperator<OpTests> change) { return op.tests(() -> change.apply(op.tests())); }

    /** Division of integers rounds toward zero, as C's and TensorFlow's {@code TruncateDiv}. */
    private static double truncatingDivision(double a, double b) {
        double q = a / b;
        return q < 0 ? Math.ceil(q) : Math.floor(q);
    }

    private static Shape broadcastSame(InferenceContext ctx) {
        sameDtype(ctx, 0, 1);
        return broadcast(ctx, 0, 1);
    }

    /** Compares two inputs of one dtype, broadcast: a bool result. Ties come from whole-number samples. */
    private static OpDef comparison(String name, Set<DType> dtypes, DoubleBiPredicate test) {
        return OpDef.op(name).takes(Input.of("x", dtypes), Input.of("y", dtypes)).withAttrs()
                .infer(ctx -> one(DType.BOOL, broadcastSame(ctx))).notDifferentiable().tf(TfMapping.same(name))
                .tests(() -> OpTests.binary((a, b) -> test.test(a, b) ? 1 : 0, null, dtypes, Domain.whole(-3, 3), Domain.whole(-3, 3)));
    }

    @FunctionalInterface
    private interface DoubleBiPredicate { boolean test(double a, double b); }

    private static OpDef logical(String name, DoubleBiPredicate test) {
        return OpDef.op(name).takes(Input.of("x", BOOL), Input.of("y", BOOL)).withAttrs()
                .infer(ctx -> one(DType.BOOL, broadcast(ctx, 0, 1))).notDifferentiable().tf(TfMapping.untyped(name))
                .tests(() -> OpTests.binary((a, b) -> test.test(a, b) ? 1 : 0, null, BOOL, U, U));
    }

    /**
     * A reduction over {@link #AXES}, {@link #KEEP_DIMS}: folds with {@code combine} from {@code init}, then
     * {@code finish}(result, count). Written in TensorFlow with the axes as input 1.
     */
    private static OpDef reduction(String name, Set<DType> dtypes, double init, DoubleBinaryOperator combine, DoubleBinaryOperator finish) {
        java.util.function.Supplier<OpTests> tests = () -> {
        OpTests t = OpTests.of((node, in) -> OpTests.reduce(in.get(0), node.attr(AXES), node.attr(KEEP_DIMS), init, combine,
                node.input(0).dtype().isInteger() ? (acc, n) -> integerResult(finish.applyAsDouble(acc, n)) : finish), dtypes).float32Tolerance(1e-4);
        int[] shape = {2, 3, 4};
        return t.sample(java.util.Map.of("axes", new int[] {1}), OpTests.in(shape, U))
                .sample(java.util.Map.of("axes", new int[] {0, 2}, "keep_dims", true), OpTests.in(shape, U))
                .sample(java.util.Map.of("axes", new int[] {-1}), OpTests.in(shape, U))
                .sample(java.util.Map.of(), OpTests.in(shape, U))
                .sample(java.util.Map.of("axes", new int[] {0}), OpTests.in(new int[] {5}, U))
                .sample(java.util.Map.of("axes", new int[] {}), OpTests.in(new int[] {}, U))
                .sample(java.util.Map.of("axes", new int[] {1}), OpTests.in(new int[] {0, 3}, U));
        };
        return OpDef.op(name).takes(Input.of("input", dtypes)).withAttrs(AXES, KEEP_DIMS)
                .infer(ctx -> one(dtypes == BOOL ? DType.BOOL : ctx.dtype(0), Shapes.reduced(ctx, ctx.shape(0), ctx.attr(AXES), ctx.attr(KEEP_DIMS))))
                .tf(dtypes == BOOL ? TfMapping.untyped(name).axesInput(AXES, 1).attr(KEEP_DIMS, "keep_dims")
                        : TfMapping.same(name).axesInput(AXES, 1).attr(KEEP_DIMS, "keep_dims"))
                .tests(tests);
    }

    /**
     * erf's float64 reference: e^(-x^2) 2/sqrt(pi) sum_n 2^n x^(2n+1) / (1 3 5 ... (2n+1)), a series of
     * positive terms (no cancellation), summed until the terms no longer change the sum. The kernel computes
     * erf another way (alternating Taylor series and erfc's continued fraction).
     */
    private static double erfReference(double x) {
        double term = x, sum = x;
        for (int n = 1; n < 1000 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
            term *= 2 * x * x / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }

    /** The mean of n values summed to acc; NaN for none, as 0/0. */
    private static double mean(double acc, double n) { return acc / n; }

    /** Integer means truncate toward zero, as TensorFlow's integer division does. */
    private static double integerResult(double v) { return v < 0 ? Math.ceil(v) : Math.floor(v); }

    private static List<dev.nagare.graph.TensorSpec> inferBatchMatMul(InferenceContext ctx) {
        DType t = sameDtype(ctx, 0, 1);
        Shapes.requireNumeric(ctx, t);
        Shape a = ctx.shape(0), b = ctx.shape(1);
        boolean ta = ctx.attr(ADJ_X), tb = ctx.attr(ADJ_Y);
        if (a.hasRank() && a.rank() < 2 || b.hasRank() && b.rank() < 2) throw ctx.fail("needs inputs of rank >= 2, got shapes " + a + " and " + b);
        if (!a.hasRank() || !b.hasRank()) return one(t, Shape.unknownRank());
        int ra = a.rank(), rb = b.rank();
        int m = a.dim(ta ? ra - 1 : ra - 2), ka = a.dim(ta ? ra - 2 : ra - 1);
        int kb = b.dim(tb ? rb - 1 : rb - 2), n = b.dim(tb ? rb - 2 : rb - 1);
        if (ka != Shape.UNKNOWN && kb != Shape.UNKNOWN && ka != kb) {
            throw ctx.fail("inner dimensions differ: " + a + (ta ? "^T" : "") + " times " + b + (tb ? "^T" : "") + " (" + ka + " vs " + kb + ")");
        }
        Shape batch = Shape.broadcast(Shape.of(java.util.Arrays.copyOf(a.dims(), ra - 2)), Shape.of(java.util.Arrays.copyOf(b.dims(), rb - 2)));
        if (batch == null) throw ctx.fail("batch axes of " + a + " and " + b + " cannot be broadcast together");
        int[] out = java.util.Arrays.copyOf(batch.dims(), batch.rank() + 2);
        out[batch.rank()] = m;
        out[batch.rank() + 1] = n;
        return one(t, Shape.of(out));
    }

    /** As {@link #matmulGradient}, matrix by matrix; Gradients sums broadcast batch axes back. */
    private static List<Output> batchMatmulGradient(Tf tf, Node op, List<Output> up) {
        Output a = x(op), b = y(op), g = up.get(0);
        boolean ta = op.attr(ADJ_X), tb = op.attr(ADJ_Y);
        if (!ta && !tb) return List.of(tf.batchMatmul(g, b, false, true), tf.batchMatmul(a, g, true, false));
        if (!ta) return List.of(tf.batchMatmul(g, b, false, false), tf.batchMatmul(g, a, true, false));
        if (!tb) return List.of(tf.batchMatmul(b, g, false, true), tf.batchMatmul(a, g, false, false));
        return List.of(tf.batchMatmul(b, g, true, true), tf.batchMatmul(g, a, true, true));
    }

    /** A test of each float element: a bool result. Samples hold NaN and infinities beside ordinary values. */
    private static OpDef floatTest(String name, DoubleUnaryOperator reference) {
        java.util.function.Supplier<OpTests> tests = () -> OpTests.of((node, in) -> OpTests.map(in.get(0), reference), FLOATING)
                .sample(java.util.Map.of(), OpTests.in(new int[] {2, 3}, U))
                .sample(java.util.Map.of(), OpTests.fixed(null, new int[] {5}, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, -1.5))
                .sample(java.util.Map.of(), OpTests.in(new int[] {}, U)).sample(java.util.Map.of(), OpTests.in(new int[] {0, 3}, U));
        return OpDef.op(name).takes(Input.of("x", FLOATING)).withAttrs().infer(ctx -> one(DType.BOOL, ctx.shape(0)))
                .notDifferentiable().tf(TfMapping.same(name)).tests(tests);
    }

    private static List<dev.nagare.graph.TensorSpec> inferMatMul(InferenceContext ctx) {
        DType t = sameDtype(ctx, 0, 1);
        Shapes.requireNumeric(ctx, t);
        Shape a = ctx.shape(0), b = ctx.shape(1);
        boolean ta = ctx.attr(TRANSPOSE_A), tb = ctx.attr(TRANSPOSE_B);
        if (a.hasRank() && a.rank() != 2 || b.hasRank() && b.rank() != 2) {
            throw ctx.fail("needs two matrices, got shapes " + a + " and " + b);
        }
        int m = a.hasRank() ? a.dim(ta ? 1 : 0) : Shape.UNKNOWN;
        int ka = a.hasRank() ? a.dim(ta ? 0 : 1) : Shape.UNKNOWN;
        int kb = b.hasRank() ? b.dim(tb ? 1 : 0) : Shape.UNKNOWN;
        int n = b.hasRank() ? b.dim(tb ? 0 : 1) : Shape.UNKNOWN;
        if (ka != Shape.UNKNOWN && kb != Shape.UNKNOWN && ka != kb) {
            throw ctx.fail("inner dimensions differ: " + a + (ta ? "^T" : "") + " times " + b + (tb ? "^T" : "")
                    + " (" + ka + " vs " + kb + ")");
        }
        return one(t, Shape.of(m, n));
    }

    // ---- helpers of the gradient rules ----

    private static Output x(Node op) { return op.input(0); }

    private static Output y(Node op) { return op.input(1); }

    /**
     * C = op(A) op(B). With G = dL/dC: for C = A B, dA = G B^T and dB = A^T G; the transposed forms follow
     * by transposing both sides, which only swaps operands and transpose flags.
     */
    private static List<Output> matmulGradient(Tf tf, Node op, List<Output> up) {
        Output a = x(op), b = y(op), g = up.get(0);
        boolean ta = op.attr(TRANSPOSE_A), tb = op.attr(TRANSPOSE_B);
        if (!ta && !tb) return List.of(tf.matmul(g, b, false, true), tf.matmul(a, g, true, false));
        if (!ta) return List.of(tf.matmul(g, b, false, false), tf.matmul(g, a, true, false));
        if (!tb) return List.of(tf.matmul(b, g, false, true), tf.matmul(a, g, false, false));
        return List.of(tf.matmul(b, g, true, true), tf.matmul(g, a, true, true));
    }

    /**
     * The axes a reduction node reduced, in [0, rank); null when it reduced every axis of an input of unknown
     * rank (a reduction over null axes is over all of them, and a scalar gradient broadcasts back unchanged).
     */
    static int[] reducedAxes(Node op) {
        Shape in = op.input(0).shape();
        int[] axes = op.attrs().containsKey("axes") ? op.<int[]>attr("axes").clone() : null;
        if (!in.hasRank()) {
            if (axes == null) return null;
            throw new dev.nagare.graph.GraphException("Node '" + op.name() + "' (" + op.opName()
                    + "): its gradient needs the input's rank, which is unknown");
        }
        int rank = in.rank();
        if (axes == null) {
            axes = new int[rank];
            for (int i = 0; i < rank; i++) axes[i] = i;
        }
        for (int i = 0; i < axes.length; i++) if (axes[i] < 0) axes[i] += rank;
        Arrays.sort(axes);
        return axes;
    }

    /** A reduction's output gradient with the reduced axes put back as size 1. */
    private static Output keepDims(Tf tf, Node op, Output g) {
        if (op.attrs().containsKey("keep_dims") && op.<Boolean>attr("keep_dims")) return g;
        int[] axes = reducedAxes(op);
        if (axes == null) return g; // a scalar: broadcasts over any shape
        for (int axis : axes) g = tf.expandDims(g, axis);
        return g;
    }

    /** A gradient in kept-dims form broadcast back over the reduction's input shape. */
    private static Output spread(Tf tf, Node op, Output keptGrad) {
        return tf.add(tf.zerosLike(x(op)), keptGrad);
    }

    /** Max and min: the gradient goes to the elements equal to the result, shared equally among ties. */
    private static List<Output> extremumGradient(Tf tf, Node op, List<Output> up) {
        Output x = x(op);
        Output hit = tf.cast(tf.equal(x, keepDims(tf, op, op.output(0))), x.dtype());
        Output ties = tf.reduceSum(hit, reducedAxes(op), true);
        return List.of(tf.mul(tf.div(hit, ties), keepDims(tf, op, up.get(0))));
    }
}
