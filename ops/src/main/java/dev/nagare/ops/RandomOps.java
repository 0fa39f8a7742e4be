package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import java.util.List;

/**
 * Random draws of attr {@code shape} and {@code dtype}, from attrs {@code seed} and {@code seed2}. Each
 * run of a node draws new numbers; a Session draws the same sequence from the same seeds on every machine.
 */
public final class RandomOps {
    private RandomOps() {}

    /** Standard normal N(0, 1). */
    public static final OpDef NORMAL = draw("RandomStandardNormal");
    /** Standard normal, redrawn until within two standard deviations. */
    public static final OpDef TRUNCATED_NORMAL = draw("TruncatedNormal");
    /** Uniform on [0, 1). */
    public static final OpDef UNIFORM = draw("RandomUniform");

    public static final List<OpDef> ALL = List.of(NORMAL, TRUNCATED_NORMAL, UNIFORM);

    private static OpDef draw(String name) {
        return OpDef.pure(name, ctx -> {
            DType t = ctx.attr("dtype", DType.class);
            Shapes.requireFloating(ctx, t);
            Shape s = Shape.of(ctx.attr("shape", int[].class));
            if (!s.isFullyDefined()) throw ctx.fail("the shape to draw must be fully known, got " + s);
            return one(t, s);
        }).kernelDtypeFrom(OpDef.BY_OUTPUT).readsState().notDifferentiable();
    }
}
