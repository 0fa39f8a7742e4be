package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.ops.OpDef.DTypes;
import dev.nagare.ops.OpDef.Input;
import java.util.List;

/** Pass-through ops that guard a value: CheckNumerics (fails the run on NaN or infinity) and PreventGradient. */
public final class DebugOps {
    private DebugOps() {}

    /** What CheckNumerics says when it fails; TensorFlow gives it no default. */
    public static final Attr<String> CHECK_MESSAGE = new Attr<>("message", String.class, null, true);
    /** Why PreventGradient refuses a gradient. */
    public static final Attr<String> REASON = Attr.string("message", "");

    /** Its input, unless that holds a NaN or an infinity: then the run fails naming the node and its message. */
    // The gradient passes through, checked the same way, as TensorFlow's _CheckNumericsGrad does.
    public static final OpDef CHECK_NUMERICS = OpDef.op("CheckNumerics").takes(Input.of("tensor", DTypes.FLOATING)).withAttrs(CHECK_MESSAGE)
            .infer(ctx -> one(ctx.dtype(0), ctx.shape(0)))
            .gradient((tf, op, g) -> List.of(tf.checkNumerics(g.get(0),
                    "Not a number (NaN) or infinity (Inf) values detected in gradient. " + op.attr(CHECK_MESSAGE))))
            .tf(TfMapping.same("CheckNumerics").attr(CHECK_MESSAGE, "message"))
            .tests(samples(OpTests.of((node, in) -> in.get(0), DTypes.FLOATING), "checked", true));

    /** Its input; asking for a gradient through it fails with {@link GradientDisabledException} naming the node and {@link #REASON}. */
    public static final OpDef PREVENT_GRADIENT = OpDef.op("PreventGradient").takes(Input.of("input", DTypes.ALL)).withAttrs(REASON)
            .infer(ctx -> one(ctx.dtype(0), ctx.shape(0)))
            .gradient((Gradient.Refusal) (tf, op, g) -> { throw new GradientDisabledException(op, op.attr(REASON)); })
            .tf(TfMapping.same("PreventGradient").attr(REASON, "message"))
            .tests(samples(OpTests.of((node, in) -> in.get(0), DTypes.ALL), "no gradient here", false));

    public static final List<OpDef> ALL = List.of(CHECK_NUMERICS, PREVENT_GRADIENT);

    /** The unary shapes with {@code message}; for a refused gradient none is for the finite-difference check. */
    private static OpTests samples(OpTests t, String message, boolean gradient) {
        for (int[] s : OpTests.UNARY_SHAPES) {
            t = gradient ? t.sample(java.util.Map.of("message", message), OpTests.in(s, OpTests.U))
                    : t.sampleWithoutGradient(java.util.Map.of("message", message), OpTests.in(s, OpTests.U));
        }
        return t;
    }
}
