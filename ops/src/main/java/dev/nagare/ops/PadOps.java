package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.ops.OpTests.Values;
import java.util.List;
import java.util.Map;

/**
 * Padding by mirroring the input at its edges (TensorFlow's MirrorPad), and its gradient, which folds the
 * padded borders back onto the elements they copied. In REFLECT mode the edge element is not repeated
 * ([1, 2, 3] padded by 2 before: [3, 2, 1, 2, 3]); in SYMMETRIC mode it is ([2, 1, 1, 2, 3]).
 */
public final class PadOps {
    private PadOps() {}

    /** (before, after) per axis, flattened, as Pad's. */
    public static final Attr<int[]> PADDINGS = Attr.ints("paddings");
    /** "REFLECT" or "SYMMETRIC"; TensorFlow gives it no default. */
    public static final Attr<String> MODE = new Attr<>("mode", String.class, null, true);

    private static final java.util.Set<DType> NUMERIC_AND_BOOL = OpDef.DTypes.ALL;

    /** The input with each axis extended by mirror images of its edges; TensorFlow's MirrorPad takes every dtype. */
    // Each output element is a copy of one input element: the gradient sums the output gradient back onto the
    // elements that were copied, which is MirrorPadGrad.
    public static final OpDef MIRROR_PAD = OpDef.op("MirrorPad").takes(Input.of("input", NUMERIC_AND_BOOL)).withAttrs(PADDINGS, MODE)
            .infer(ctx -> inferPadding(ctx, +1))
            .gradient((tf, op, g) -> List.of(tf.mirrorPadGrad(g.get(0), op.attr(PADDINGS), op.attr(MODE))))
            .tf(TfMapping.same("MirrorPad").pairsInput(PADDINGS, 1).attr(MODE, "mode"))
            .tests(() -> mirrorPadTests());

    /** The gradient of MirrorPad: each padded element's value added onto the element it mirrors, borders cut off. */
    // A linear map whose transpose is MirrorPad: its gradient is MirrorPad of the upstream gradient.
    public static final OpDef MIRROR_PAD_GRAD = OpDef.op("MirrorPadGrad").takes(Input.of("input", OpDef.DTypes.NUMERIC)).withAttrs(PADDINGS, MODE)
            .infer(ctx -> inferPadding(ctx, -1))
            .gradient((tf, op, g) -> List.of(tf.mirrorPad(g.get(0), op.attr(PADDINGS), op.attr(MODE))))
            .tf(TfMapping.same("MirrorPadGrad").pairsInput(PADDINGS, 1).attr(MODE, "mode"))
            .tests(() -> mirrorPadGradTests());

    public static final List<OpDef> ALL = List.of(MIRROR_PAD, MIRROR_PAD_GRAD);

    /** True for REFLECT, false for SYMMETRIC; anything else fails naming the node. */
    public static boolean reflects(String node, String op, String mode) {
        return switch (mode) {
            case "REFLECT" -> true;
            case "SYMMETRIC" -> false;
            default -> throw dev.nagare.graph.GraphException.at(node, op, "mode must be REFLECT or SYMMETRIC, got '" + mode + "'");
        };
    }

    /** Whether {@code node} (a MirrorPad or MirrorPadGrad) reflects. */
    public static boolean reflects(Node node) { return reflects(node.name(), node.opName(), node.attr(MODE)); }

    /**
     * The padded shape ({@code sign} +1) or the folded one (-1). A padding may not pass the mirrored axis: at
     * most its size - 1 in REFLECT mode (the edge is not repeated), its size in SYMMETRIC mode.
     */
    private static List<TensorSpec> inferPadding(InferenceContext ctx, int sign) {
        boolean reflect = reflects(ctx.nodeName(), sign > 0 ? "MirrorPad" : "MirrorPadGrad", ctx.attr(MODE));
        Shape in = ctx.shape(0);
        return one(ctx.dtype(0), Paddings.check(ctx, ctx.attr(PADDINGS), in, sign, (i, dim, size, before, after) -> {
            int mirrored = (int) (sign > 0 ? dim : size); // the axis the padding mirrors
            int limit = reflect ? mirrored - 1 : mirrored;
            if (size < 0 || before > limit || after > limit) {
                throw ctx.fail("paddings (" + before + ", " + after + ") of axis " + i + " do not fit " + in + " in "
                        + (reflect ? "REFLECT" : "SYMMETRIC") + " mode: each may be at most " + Math.max(limit, 0) + " for an axis of " + mirrored);
            }
        }));
    }

    /** Where output coordinate {@code j} of an axis of {@code n} padded by {@code before} reads from. */
    public static int source(int j, int before, int n, boolean reflect) {
        int i = j - before;
        if (i < 0) return reflect ? -i : -i - 1;
        if (i >= n) return reflect ? 2 * (n - 1) - i : 2 * n - 1 - i;
        return i;
    }

    // ---- float64 references and samples ----

    /** For every element of the padded shape, the flat index of the input element it copies. */
    private static int[] sources(int[] in, int[] pads, boolean reflect) {
        int[] out = new int[in.length];
        int total = 1;
        for (int i = 0; i < in.length; i++) total *= out[i] = in[i] + pads[2 * i] + pads[2 * i + 1];
        int[] src = new int[total];
        int[] index = new int[in.length];
        for (int k = 0; k < total; k++) {
            int rem = k, flat = 0;
            for (int i = in.length - 1; i >= 0; i--) { index[i] = rem % out[i]; rem /= out[i]; }
            for (int i = 0; i < in.length; i++) flat = flat * in[i] + source(index[i], pads[2 * i], in[i], reflect);
            src[k] = flat;
        }
        return src;
    }

    private static int[] padded(int[] in, int[] pads, int sign) {
        int[] out = new int[in.length];
        for (int i = 0; i < in.length; i++) out[i] = in[i] + sign * (pads[2 * i] + pads[2 * i + 1]);
        return out;
    }

    private static OpTests mirrorPadTests() {
        OpTests t = OpTests.of((node, in) -> {
            Values x = in.get(0);
            int[] pads = node.attr(PADDINGS);
            int[] src = sources(x.shape(), pads, reflects(node));
            double[] out = new double[src.length];
            for (int k = 0; k < out.length; k++) out[k] = x.v()[src[k]];
            return new Values(padded(x.shape(), pads, 1), out);
        }, NUMERIC_AND_BOOL);
        return withSamples(t, false);
    }

    private static OpTests mirrorPadGradTests() {
        OpTests t = OpTests.of((node, in) -> {
            Values g = in.get(0);
            int[] pads = node.attr(PADDINGS);
            int[] folded = padded(g.shape(), pads, -1);
            int[] src = sources(folded, pads, reflects(node));
            double[] out = new double[Shape.of(folded).size()];
            for (int k = 0; k < src.length; k++) out[src[k]] += g.v()[k];
            return new Values(folded, out);
        }, OpDef.DTypes.NUMERIC);
        return withSamples(t, true);
    }

    /** The same paddings for both ops: MirrorPad's input shapes, or (for the gradient) its output shapes. */
    private static OpTests withSamples(OpTests t, boolean padded) {
        Object[][] rows = {
            {new int[] {3, 4}, new int[] {1, 2, 2, 3}, "REFLECT"},
            {new int[] {3, 4}, new int[] {3, 0, 1, 4}, "SYMMETRIC"},
            {new int[] {5}, new int[] {0, 4}, "REFLECT"},
            {new int[] {2, 3, 2}, new int[] {1, 1, 0, 2, 2, 1}, "SYMMETRIC"},
            {new int[] {2, 3, 2}, new int[] {1, 1, 2, 0, 0, 1}, "REFLECT"},
            {new int[] {}, new int[] {}, "REFLECT"},
            {new int[] {0, 3}, new int[] {0, 0, 1, 1}, "SYMMETRIC"},
        };
        for (Object[] r : rows) {
            int[] shape = (int[]) r[0], pads = (int[]) r[1];
            // TensorFlow's MirrorPadGrad rejects folding onto an empty axis ("total paddings must be less than
            // the input dimension size"); Nagare's folds an empty gradient to an empty result.
            if (padded && Shape.of(shape).size() == 0) continue;
            t = t.sample(Map.of("paddings", pads, "mode", r[2]), OpTests.in(padded ? padded(shape, pads, 1) : shape, OpTests.U));
        }
        return t;
    }
}
