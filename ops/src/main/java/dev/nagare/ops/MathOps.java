package dev.nagare.ops;

import static dev.nagare.ops.Shapes.broadcast;
import static dev.nagare.ops.Shapes.one;
import static dev.nagare.ops.Shapes.sameDtype;

import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import java.util.List;

/** Elementwise arithmetic, comparisons, logic, matrix product and reductions. */
public final class MathOps {
    private MathOps() {}

    // ---- unary, output like the input ----
    public static final OpDef NEG = unary("Neg", false);
    public static final OpDef ABS = unary("Abs", false);
    public static final OpDef SQUARE = unary("Square", false);
    public static final OpDef SQRT = unary("Sqrt", true);
    public static final OpDef EXP = unary("Exp", true);
    public static final OpDef LOG = unary("Log", true);
    public static final OpDef SIGMOID = unary("Sigmoid", true);
    public static final OpDef TANH = unary("Tanh", true);

    // ---- binary with broadcasting, output like the inputs ----
    public static final OpDef ADD = binary("AddV2");
    public static final OpDef SUB = binary("Sub");
    public static final OpDef MUL = binary("Mul");
    /** True division for floats; for integers truncating division, as TensorFlow's {@code Div}. */
    public static final OpDef DIV = binary("Div");
    public static final OpDef POW = binary("Pow");
    public static final OpDef MAXIMUM = binary("Maximum");
    public static final OpDef MINIMUM = binary("Minimum");

    // ---- comparisons: numeric inputs, bool output ----
    public static final OpDef EQUAL = OpDef.pure("Equal", ctx -> one(DType.BOOL, broadcastSame(ctx)));
    public static final OpDef LESS = comparison("Less");
    public static final OpDef GREATER = comparison("Greater");

    // ---- logic on bools ----
    public static final OpDef LOGICAL_AND = logical("LogicalAnd");
    public static final OpDef LOGICAL_OR = logical("LogicalOr");
    public static final OpDef LOGICAL_NOT = OpDef.pure("LogicalNot", ctx -> {
        Shapes.requireBool(ctx, ctx.dtype(0));
        return one(DType.BOOL, ctx.shape(0));
    });

    /** {@code a @ b} on matrices, attrs {@code transpose_a}, {@code transpose_b}. */
    public static final OpDef MATMUL = OpDef.pure("MatMul", MathOps::inferMatMul);

    // ---- reductions: attrs axes (int[], absent: all) and keep_dims ----
    public static final OpDef SUM = reduction("Sum");
    public static final OpDef MEAN = reduction("Mean");
    public static final OpDef MAX = reduction("Max");
    public static final OpDef MIN = reduction("Min");

    /** Index of the largest element along attr {@code axis}; attr {@code output_type} int32 or int64. */
    public static final OpDef ARGMAX = OpDef.pure("ArgMax", ctx -> {
        Shapes.requireNumeric(ctx, ctx.dtype(0));
        DType out = ctx.attr("output_type", DType.class);
        Shapes.requireInteger(ctx, out, "output_type");
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(out, Shape.unknownRank());
        if (in.rank() == 0) throw ctx.fail("needs an input of rank >= 1, got a scalar");
        int axis = Shapes.axis(ctx, ctx.attr("axis", Integer.class), in.rank());
        return one(out, Shapes.reduced(ctx, in, new int[] {axis}, false));
    });

    public static final List<OpDef> ALL = List.of(NEG, ABS, SQUARE, SQRT, EXP, LOG, SIGMOID, TANH,
            ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, EQUAL, LESS, GREATER, LOGICAL_AND, LOGICAL_OR,
            LOGICAL_NOT, MATMUL, SUM, MEAN, MAX, MIN, ARGMAX);

    private static OpDef unary(String name, boolean floatingOnly) {
        return OpDef.pure(name, ctx -> {
            DType t = ctx.dtype(0);
            if (floatingOnly) Shapes.requireFloating(ctx, t);
            else Shapes.requireNumeric(ctx, t);
            return one(t, ctx.shape(0));
        });
    }

    private static OpDef binary(String name) {
        return OpDef.pure(name, ctx -> {
            DType t = sameDtype(ctx, 0, 1);
            Shapes.requireNumeric(ctx, t);
            return one(t, broadcast(ctx, 0, 1));
        });
    }

    private static Shape broadcastSame(InferenceContext ctx) {
        sameDtype(ctx, 0, 1);
        return broadcast(ctx, 0, 1);
    }

    private static OpDef comparison(String name) {
        return OpDef.pure(name, ctx -> {
            Shapes.requireNumeric(ctx, ctx.dtype(0));
            return one(DType.BOOL, broadcastSame(ctx));
        });
    }

    private static OpDef logical(String name) {
        return OpDef.pure(name, ctx -> {
            Shapes.requireBool(ctx, sameDtype(ctx, 0, 1));
            return one(DType.BOOL, broadcast(ctx, 0, 1));
        });
    }

    private static OpDef reduction(String name) {
        return OpDef.pure(name, ctx -> {
            DType t = ctx.dtype(0);
            Shapes.requireNumeric(ctx, t);
            return one(t, Shapes.reduced(ctx, ctx.shape(0), Shapes.intsOrNull(ctx, "axes"), Shapes.flag(ctx, "keep_dims")));
        });
    }

    private static List<dev.nagare.graph.TensorSpec> inferMatMul(InferenceContext ctx) {
        DType t = sameDtype(ctx, 0, 1);
        Shapes.requireNumeric(ctx, t);
        Shape a = ctx.shape(0), b = ctx.shape(1);
        boolean ta = Shapes.flag(ctx, "transpose_a"), tb = Shapes.flag(ctx, "transpose_b");
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
}
