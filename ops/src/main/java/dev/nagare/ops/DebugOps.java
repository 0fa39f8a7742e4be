package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.ops.OpDef.DTypes;
import dev.nagare.ops.OpDef.Input;
import java.util.List;

/**
 * Ops that guard or show a value: CheckNumerics (fails the run on NaN or infinity), PreventGradient, Assert (fails the
 * run when its condition is false), TensorFlow 1's Print (passes its input through, writing data as a line), and
 * TensorFlow 2's printing: StringFormat (tensors into a template) and PrintV2 (writes a string).
 */
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
            .tests(() -> samples(OpTests.of((node, in) -> in.get(0), DTypes.FLOATING), "checked", true));

    /** Its input; asking for a gradient through it fails with {@link GradientDisabledException} naming the node and {@link #REASON}. */
    public static final OpDef PREVENT_GRADIENT = OpDef.op("PreventGradient").takes(Input.of("input", DTypes.ALL)).withAttrs(REASON)
            .infer(ctx -> one(ctx.dtype(0), ctx.shape(0)))
            .gradient((Gradient.Refusal) (tf, op, g) -> { throw new GradientDisabledException(op, op.attr(REASON)); })
            .tf(TfMapping.same("PreventGradient").attr(REASON, "message"))
            .tests(() -> samples(OpTests.of((node, in) -> in.get(0), DTypes.ALL), "no gradient here", false));

    /** How many elements of each data tensor Assert and Print write (TensorFlow's summarize; negative: all). */
    public static final Attr<Integer> SUMMARIZE = Attr.integer("summarize", 3);
    /** What Print writes before the data. */
    public static final Attr<String> PRINT_MESSAGE = Attr.string("message", "");
    /** How many runs of a Print node write (negative: every run), counted per Session, as TensorFlow counts per kernel. */
    public static final Attr<Integer> FIRST_N = Attr.integer("first_n", -1);

    /**
     * Fails the run when the bool scalar {@code condition} is false, with TensorFlow's message "assertion failed:
     * [data 0] [data 1] ..." (each data tensor summarized to {@link #SUMMARIZE} elements) naming the node. It has no
     * outputs: other nodes take it as a control input ({@code tf.withControlDependencies(assert)}).
     */
    public static final OpDef ASSERT = OpDef.op("Assert").takes(Input.of("condition", DTypes.BOOL), Input.optionalList("data", DTypes.ANY))
            .withAttrs(SUMMARIZE).infer(ctx -> {
                dev.nagare.graph.Shape c = ctx.shape(0); // a scalar, or TensorFlow's legacy [1]
                boolean scalar = !c.hasRank() || c.rank() == 0 || c.rank() == 1 && (c.dim(0) == 1 || c.dim(0) == dev.nagare.graph.Shape.UNKNOWN);
                if (!scalar) throw ctx.fail("the condition must be a scalar, got shape " + c);
                return List.of();
            }).readsState().notDifferentiable().tf(TfMapping.HAND_WRITTEN)
            .tests(OpTests.exempt("it fails runs and has no outputs: AssertPrintTest, and AssertPrintTfTest with TensorFlow as judge"));

    /**
     * Its input, after writing {@link #PRINT_MESSAGE} and each data tensor (summarized, in brackets) as one line to
     * {@code dev.nagare.device.PrintOutput} (standard error unless set), as TensorFlow 1's {@code tf.Print}.
     */
    // The gradient passes to the input, none to the data, as TensorFlow's _PrintGrad does.
    public static final OpDef PRINT = OpDef.op("Print").takes(Input.of("input", DTypes.ANY), Input.optionalList("data", DTypes.ANY))
            .withAttrs(PRINT_MESSAGE, FIRST_N, SUMMARIZE).infer(ctx -> one(ctx.dtype(0), ctx.shape(0))).readsState()
            .gradient((tf, op, g) -> {
                List<dev.nagare.graph.Output> out = new java.util.ArrayList<>();
                out.add(g.get(0));
                for (int i = 1; i < op.inputs().size(); i++) out.add(null);
                return out;
            }).tf(TfMapping.HAND_WRITTEN)
            .tests(OpTests.exempt("it writes to a stream: AssertPrintTest, and AssertPrintTfTest with TensorFlow as judge"));

    /** StringFormat's text, in which each {@link #PLACEHOLDER} stands for one input, in order. */
    public static final Attr<String> TEMPLATE = Attr.string("template", "%s");
    /** What marks an input's place in the {@link #TEMPLATE}. */
    public static final Attr<String> PLACEHOLDER = Attr.string("placeholder", "%s");

    /**
     * A string scalar: {@link #TEMPLATE} with each {@link #PLACEHOLDER} replaced by its input, in order, summarized as
     * TensorFlow 2's {@code tf.strings.format} writes tensors (numpy's layout: {@link #SUMMARIZE} entries at each
     * end of every axis, "..." between). As many inputs as placeholders, of any dtypes.
     */
    public static final OpDef STRING_FORMAT = OpDef.op("StringFormat").takes(Input.optionalList("inputs", DTypes.ANY))
            .withAttrs(TEMPLATE, PLACEHOLDER, SUMMARIZE).infer(ctx -> {
                int placeholders;
                try {
                    placeholders = templateParts(ctx.attr(TEMPLATE), ctx.attr(PLACEHOLDER)).size() - 1;
                } catch (IllegalArgumentException e) {
                    throw ctx.fail(e.getMessage());
                }
                if (placeholders != ctx.inputCount()) {
                    throw ctx.fail("the template has " + placeholders + " placeholders '" + ctx.attr(PLACEHOLDER) + "' but the node "
                            + ctx.inputCount() + " inputs: they must match");
                }
                return one(dev.nagare.graph.DType.STRING, dev.nagare.graph.Shape.scalar());
            }).kernelDtypeFrom(OpDef.BY_OUTPUT).notDifferentiable().tf(TfMapping.HAND_WRITTEN)
            .tests(OpTests.exempt("its output is text: PrintV2Test, and PrintV2TfTest with TensorFlow as judge"));

    /** The {@link #TEMPLATE}'s text around its placeholders: one part more than placeholders (TensorFlow's StrSplit). */
    public static List<String> templateParts(String template, String placeholder) {
        if (placeholder.isEmpty()) throw new IllegalArgumentException("the placeholder is empty");
        List<String> parts = new java.util.ArrayList<>();
        int from = 0;
        for (int at; (at = template.indexOf(placeholder, from)) >= 0; from = at + placeholder.length()) parts.add(template.substring(from, at));
        parts.add(template.substring(from));
        return parts;
    }

    /** Where PrintV2 writes: one of {@link #OUTPUT_STREAMS}, or {@code "file://"} and a path to append to. */
    public static final Attr<String> OUTPUT_STREAM = Attr.string("output_stream", "stderr");
    /** What PrintV2 writes after its input. */
    public static final Attr<String> END = Attr.string("end", "\n");
    /** The streams PrintV2 names, as TensorFlow's: standard output and error, and a log at three levels. */
    public static final List<String> OUTPUT_STREAMS = List.of("stdout", "stderr", "log(info)", "log(warning)", "log(error)");
    /** The prefix of an {@link #OUTPUT_STREAM} that names a file. */
    public static final String FILE_STREAM = "file://";

    /**
     * Writes its string scalar input, then {@link #END}, to {@link #OUTPUT_STREAM} (through
     * {@code dev.nagare.device.PrintOutput}; a file it appends to itself): TensorFlow 2's {@code tf.print}. It has no
     * outputs: other nodes wait for it as a control input, or a run names it as a target.
     */
    public static final OpDef PRINT_V2 = OpDef.op("PrintV2").takes(Input.of("input", java.util.EnumSet.of(dev.nagare.graph.DType.STRING)))
            .withAttrs(OUTPUT_STREAM, END).infer(ctx -> {
                String stream = ctx.attr(OUTPUT_STREAM);
                if (!OUTPUT_STREAMS.contains(stream) && !(stream.startsWith(FILE_STREAM) && stream.length() > FILE_STREAM.length())) {
                    throw ctx.fail("unknown output stream '" + stream + "': valid are " + String.join(", ", OUTPUT_STREAMS) + " and file://<path>");
                }
                dev.nagare.graph.Shape s = ctx.shape(0);
                if (s.hasRank() && s.rank() != 0) throw ctx.fail("the input must be a string scalar, got shape " + s);
                return List.of();
            }).readsState().notDifferentiable()
            .tf(TfMapping.untyped("PrintV2").attr(OUTPUT_STREAM, "output_stream").attr(END, "end"))
            .tests(OpTests.exempt("it writes to a stream and has no outputs: PrintV2Test, and PrintV2TfTest with TensorFlow as judge"));

    public static final List<OpDef> ALL = List.of(CHECK_NUMERICS, PREVENT_GRADIENT, ASSERT, PRINT, STRING_FORMAT, PRINT_V2);

    /** The unary shapes with {@code message}; for a refused gradient none is for the finite-difference check. */
    private static OpTests samples(OpTests t, String message, boolean gradient) {
        for (int[] s : OpTests.UNARY_SHAPES) {
            t = gradient ? t.sample(java.util.Map.of("message", message), OpTests.in(s, OpTests.U))
                    : t.sampleWithoutGradient(java.util.Map.of("message", message), OpTests.in(s, OpTests.U));
        }
        return t;
    }
}
