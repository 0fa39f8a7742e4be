package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import java.util.List;

/** Neural-network building blocks. */
public final class NnOps {
    private NnOps() {}

    public static final OpDef RELU = OpDef.pure("Relu", ctx -> {
        Shapes.requireNumeric(ctx, ctx.dtype(0));
        return one(ctx.dtype(0), ctx.shape(0));
    });

    /** Softmax over the last axis. */
    public static final OpDef SOFTMAX = lastAxis("Softmax");
    /** log(softmax(x)) over the last axis, computed without forming softmax. */
    public static final OpDef LOG_SOFTMAX = lastAxis("LogSoftmax");

    /** Adds a vector to the last axis of its first input. */
    public static final OpDef BIAS_ADD = OpDef.pure("BiasAdd", ctx -> {
        DType t = Shapes.sameDtype(ctx, 0, 1);
        Shapes.requireNumeric(ctx, t);
        Shape v = ctx.shape(0), b = ctx.shape(1);
        if (b.hasRank() && b.rank() != 1) throw ctx.fail("bias must be a vector, got shape " + b);
        if (v.hasRank() && v.rank() < 1) throw ctx.fail("value must have rank >= 1, got a scalar");
        if (v.hasRank() && b.hasRank()) {
            int c = v.dim(-1), n = b.dim(0);
            if (c != Shape.UNKNOWN && n != Shape.UNKNOWN && c != n) {
                throw ctx.fail("bias of shape " + b + " does not match the last axis of " + v);
            }
        }
        return one(t, v);
    });

    public static final List<OpDef> ALL = List.of(RELU, SOFTMAX, LOG_SOFTMAX, BIAS_ADD);

    private static OpDef lastAxis(String name) {
        return OpDef.pure(name, ctx -> {
            Shapes.requireFloating(ctx, ctx.dtype(0));
            Shape s = ctx.shape(0);
            if (s.hasRank() && s.rank() < 1) throw ctx.fail("needs rank >= 1, got a scalar");
            return one(ctx.dtype(0), s);
        });
    }
}
