package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import java.util.List;

/**
 * TensorFlow's summary ops: each outputs a serialized {@code Summary} proto as a string scalar, which a run
 * fetches and a summary writer stores as an event (see the board module). Byte for byte what TensorFlow's
 * kernels write for the same values.
 */
public final class SummaryOps {
    private SummaryOps() {}

    /** One {@code simple_value} per element of input 1 (numeric), tagged by the element of input 0 (strings) at the same place. */
    public static final OpDef SCALAR_SUMMARY = OpDef.pure("ScalarSummary", ctx -> {
        StringOps.requireString(ctx, 0, "the tags");
        Shapes.requireNumeric(ctx, ctx.dtype(1));
        if (!ctx.shape(0).isCompatibleWith(ctx.shape(1))) {
            throw ctx.fail("tags of shape " + ctx.shape(0) + " and values of shape " + ctx.shape(1) + " must have one shape");
        }
        return one(DType.STRING, Shape.scalar());
    }).kernelDtypeFrom(1).notDifferentiable();

    /** The histogram of input 1's elements (numeric, all finite) in TensorFlow's buckets, tagged by the string scalar input 0. */
    public static final OpDef HISTOGRAM_SUMMARY = OpDef.pure("HistogramSummary", ctx -> {
        StringOps.requireString(ctx, 0, "the tag");
        if (ctx.shape(0).hasRank() && ctx.shape(0).rank() != 0) throw ctx.fail("the tag must be a scalar, got shape " + ctx.shape(0));
        Shapes.requireNumeric(ctx, ctx.dtype(1));
        return one(DType.STRING, Shape.scalar());
    }).kernelDtypeFrom(1).notDifferentiable();

    /** The values of all its inputs (serialized Summary protos) in one Summary; a tag may appear once. */
    public static final OpDef MERGE_SUMMARY = OpDef.pure("MergeSummary", ctx -> {
        if (ctx.inputCount() == 0) throw ctx.fail("needs at least one summary to merge");
        for (int i = 0; i < ctx.inputCount(); i++) StringOps.requireString(ctx, i, "input " + i);
        return one(DType.STRING, Shape.scalar());
    }).notDifferentiable();

    public static final List<OpDef> ALL = List.of(SCALAR_SUMMARY, HISTOGRAM_SUMMARY, MERGE_SUMMARY);
}
