package dev.nagare.ops;

import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import java.util.Arrays;

/** The paddings attr of Pad, PadV2, MirrorPad and MirrorPadGrad: a flat list of (before, after) pairs, one per axis. */
final class Paddings {
    private Paddings() {}

    /** A further check of one known axis: {@code dim} padded to {@code size} by ({@code before}, {@code after}). */
    interface AxisCheck {
        void check(int axis, int dim, long size, int before, int after);
    }

    /**
     * The shape of {@code in} with each axis grown by {@code sign} (+1 pads, -1 folds the padding back) times its
     * pair, after the checks every padding op shares, failing naming the node: whole pairs, none negative (both
     * read from the attr alone, whatever the rank), a pair per axis. Unknown sizes stay unknown; {@code more}
     * (null: none) checks each known axis first.
     */
    static Shape check(InferenceContext ctx, int[] pads, Shape in, int sign, AxisCheck more) {
        if (pads.length % 2 != 0) throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis");
        for (int p : pads) if (p < 0) throw ctx.fail("negative padding in " + Arrays.toString(pads));
        if (!in.hasRank()) return Shape.unknownDims(pads.length / 2);
        if (pads.length != 2 * in.rank()) throw ctx.fail("paddings " + Arrays.toString(pads) + " need two entries per axis of " + in);
        int[] out = new int[in.rank()];
        for (int i = 0; i < out.length; i++) {
            if (in.dim(i) == Shape.UNKNOWN) {
                out[i] = Shape.UNKNOWN;
                continue;
            }
            long size = (long) in.dim(i) + sign * ((long) pads[2 * i] + pads[2 * i + 1]);
            if (more != null) more.check(i, in.dim(i), size, pads[2 * i], pads[2 * i + 1]);
            out[i] = Shapes.dim(ctx, size, "padding " + in + " by " + Arrays.toString(pads));
        }
        return Shape.of(out);
    }
}
