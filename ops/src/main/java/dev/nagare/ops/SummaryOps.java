package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.ops.OpDef.Input;
import java.util.List;

/**
 * TensorFlow's summary ops: each outputs a serialized {@code Summary} proto as a string scalar, which a run
 * fetches and a summary writer stores as an event (see the board module). Byte for byte what TensorFlow's
 * kernels write for the same values.
 */
public final class SummaryOps {
    private SummaryOps() {}

    private static final java.util.Set<DType> STRING = java.util.EnumSet.of(DType.STRING);
    private static final OpTests SUMMARIES = OpTests.exempt("outputs a serialized Summary proto (a string): StringOpCases compare it byte for byte with TensorFlow's");

    /** One {@code simple_value} per element of input 1 (numeric), tagged by the element of input 0 (strings) at the same place. */
    public static final OpDef SCALAR_SUMMARY = OpDef.op("ScalarSummary").takes(Input.of("tags", STRING), Input.of("values", OpDef.DTypes.NUMERIC))
            .withAttrs().infer(ctx -> {
        StringOps.requireString(ctx, 0, "the tags");
        Shapes.requireNumeric(ctx, ctx.dtype(1));
        if (!ctx.shape(0).isCompatibleWith(ctx.shape(1))) {
            throw ctx.fail("tags of shape " + ctx.shape(0) + " and values of shape " + ctx.shape(1) + " must have one shape");
        }
        return one(DType.STRING, Shape.scalar());
    }).kernelDtypeFrom(1).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(SUMMARIES);

    /** The histogram of input 1's elements (numeric, all finite) in TensorFlow's buckets, tagged by the string scalar input 0. */
    public static final OpDef HISTOGRAM_SUMMARY = OpDef.op("HistogramSummary").takes(Input.of("tag", STRING), Input.of("values", OpDef.DTypes.NUMERIC))
            .withAttrs().infer(ctx -> {
        StringOps.requireString(ctx, 0, "the tag");
        if (ctx.shape(0).hasRank() && ctx.shape(0).rank() != 0) throw ctx.fail("the tag must be a scalar, got shape " + ctx.shape(0));
        Shapes.requireNumeric(ctx, ctx.dtype(1));
        return one(DType.STRING, Shape.scalar());
    }).kernelDtypeFrom(1).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(SUMMARIES);

    /** The values of all its inputs (serialized Summary protos) in one Summary; a tag may appear once. */
    public static final OpDef MERGE_SUMMARY = OpDef.op("MergeSummary").takes(Input.list("inputs", STRING)).withAttrs().infer(ctx -> {
        for (int i = 0; i < ctx.inputCount(); i++) StringOps.requireString(ctx, i, "input " + i);
        return one(DType.STRING, Shape.scalar());
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(SUMMARIES);

    public static final List<OpDef> ALL = List.of(SCALAR_SUMMARY, HISTOGRAM_SUMMARY, MERGE_SUMMARY);
}
