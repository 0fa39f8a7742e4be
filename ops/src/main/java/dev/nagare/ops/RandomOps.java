package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.Attr;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.List;

/**
 * Random draws of attr {@code dtype}, shaped by an int32 vector input (as in TensorFlow, so that a draw can
 * take the run-time shape of another tensor), from attrs {@code seed} and {@code seed2}. Each run of a node
 * draws new numbers; a Session draws the same sequence from the same seeds on every machine.
 */
public final class RandomOps {
    private RandomOps() {}

    /** The graph-level and the op-level seed, as TensorFlow 1.x names them. */
    public static final Attr<Long> SEED = new Attr<>("seed", Long.class, 0L, false), SEED2 = new Attr<>("seed2", Long.class, 0L, false);

    /** Standard normal N(0, 1). */
    public static final OpDef NORMAL = draw("RandomStandardNormal");
    /** Standard normal, redrawn until within two standard deviations. */
    public static final OpDef TRUNCATED_NORMAL = draw("TruncatedNormal");
    /** Uniform on [0, 1). */
    public static final OpDef UNIFORM = draw("RandomUniform");

    public static final List<OpDef> ALL = List.of(NORMAL, TRUNCATED_NORMAL, UNIFORM);

    private static OpDef draw(String name) {
        return OpDef.op(name).takes(OpDef.Input.of("shape", java.util.EnumSet.of(DType.INT32))).withAttrs(ArrayOps.DTYPE, SEED, SEED2).infer(ctx -> {
            DType t = ctx.attr(ArrayOps.DTYPE);
            Shapes.requireFloating(ctx, t);
            Shape shapeOfShape = ctx.shape(0);
            if (shapeOfShape.hasRank() && shapeOfShape.rank() != 1) throw ctx.fail("the shape input must be a vector, got " + shapeOfShape);
            return one(t, staticValueShape(ctx.input(0)));
        }).kernelDtypeFrom(OpDef.BY_OUTPUT).readsState().notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(OpTests.exempt(
                "draws random numbers: RandomAndInitTest (distributions), RandomSeedTest (seeds), OpDifferentialTest (export)"));
    }

    /** What is known before running of the shape that an int32 vector will hold. */
    private static Shape staticValueShape(Output shapeVector) {
        Node n = shapeVector.node();
        if (n.op() == ArrayOps.CONST) return Shape.of(n.<Tensor>attr("value").intData());
        if (n.op() == ArrayOps.SHAPE) return n.input(0).shape();
        Shape s = shapeVector.shape();
        return s.hasRank() && s.dim(0) != Shape.UNKNOWN ? Shape.unknownDims(s.dim(0)) : Shape.unknownRank();
    }
}
