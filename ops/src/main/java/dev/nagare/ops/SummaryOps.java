package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef.Input;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * TensorFlow's summary ops. ScalarSummary, HistogramSummary and MergeSummary each output a serialized
 * {@code Summary} proto as a string scalar, which a run fetches and a summary writer stores as an event (see the
 * board module); byte for byte what TensorFlow's kernels write for the same values.
 *
 * <p>The writer ops write events themselves, inside the run, as TensorFlow 2's {@code tf.summary} does: a
 * {@code SummaryWriter} node names a writer of the running Session, {@code CreateSummaryFileWriter} opens its event
 * file, the {@code Write*Summary} ops add events to it, {@code FlushSummaryWriter} and {@code CloseSummaryWriter}
 * end it. TensorFlow's handle is a resource; Nagare's is a string scalar naming the writer (its container and shared
 * name), and the writer itself lives in the Session, which closes it when it closes. The writer ops have no outputs:
 * run them as targets or control inputs.
 */
public final class SummaryOps {
    private SummaryOps() {}

    private static final java.util.Set<DType> STRING = java.util.EnumSet.of(DType.STRING);
    private static final OpTests SUMMARIES = OpTests.exempt("outputs a serialized Summary proto (a string): StringOpCases compare it byte for byte with TensorFlow's");
    private static final OpTests WRITERS = OpTests.exempt(
            "writes events of a Session's summary writer (a resource in TensorFlow): SummaryWriterOpsTest, SummaryWriterResourceTest, SummariesTest");

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

    // ---- the writer ops ----

    private static final Set<DType> INT32 = EnumSet.of(DType.INT32);
    private static final Set<DType> INT64 = EnumSet.of(DType.INT64);
    private static final Input WRITER = Input.of("writer", STRING);
    private static final Input STEP = Input.of("step", INT64);

    /** SummaryWriter's attrs: which writer of the Session the handle names. */
    public static final Attr<String> SHARED_NAME = Attr.string("shared_name", ""), CONTAINER = Attr.string("container", "");

    /**
     * The handle of a summary writer of the running Session: writers of one {@code container} and {@code shared_name}
     * are one writer per Session (as in TensorFlow, where an empty shared name is a name like any other).
     */
    public static final OpDef SUMMARY_WRITER = OpDef.op("SummaryWriter").takes()
            .withAttrs(SHARED_NAME, CONTAINER)
            .infer(ctx -> one(DType.STRING, Shape.scalar())).kernelDtypeFrom(OpDef.BY_OUTPUT).readsState().notDifferentiable()
            .tf(TfMapping.HAND_WRITTEN).tests(WRITERS);

    /**
     * Opens the writer's event file in {@code logdir} (made if missing), unless the writer is open already: then it
     * changes nothing, as in TensorFlow. {@code max_queue} events may wait for a flush, none longer than
     * {@code flush_millis}; the file name ends with {@code filename_suffix} (a dot put before it when it has none).
     */
    public static final OpDef CREATE_SUMMARY_FILE_WRITER = writerOp("CreateSummaryFileWriter", WRITER, Input.of("logdir", STRING),
            Input.of("max_queue", INT32), Input.of("flush_millis", INT32), Input.of("filename_suffix", STRING));

    /** One {@code simple_value} event: element 0 of {@code value} (numeric, as float32) under the string scalar {@code tag}. */
    public static final OpDef WRITE_SCALAR_SUMMARY = writerOp("WriteScalarSummary", WRITER, STEP, Input.of("tag", STRING),
            Input.of("value", OpDef.DTypes.NUMERIC));

    /** One histogram event of {@code values}' elements (numeric, all finite) in TensorFlow's buckets, as HistogramSummary makes it. */
    public static final OpDef WRITE_HISTOGRAM_SUMMARY = writerOp("WriteHistogramSummary", WRITER, STEP, Input.of("tag", STRING),
            Input.of("values", OpDef.DTypes.NUMERIC));

    /** One event holding {@code tensor} (any dtype) as a TensorProto, with {@code summary_metadata} (a serialized SummaryMetadata, or empty). */
    public static final OpDef WRITE_SUMMARY = writerOp("WriteSummary", WRITER, STEP, Input.of("tensor", EnumSet.allOf(DType.class)),
            Input.of("tag", STRING), Input.of("summary_metadata", STRING));

    /** One graph event: {@code tensor} is a serialized GraphDef. */
    public static final OpDef WRITE_GRAPH_SUMMARY = writerOp("WriteGraphSummary", WRITER, STEP, Input.of("tensor", STRING));

    /** One event holding the values of every serialized Summary in {@code tensor} (the output of the summary ops above). */
    public static final OpDef WRITE_RAW_PROTO_SUMMARY = writerOp("WriteRawProtoSummary", WRITER, STEP, Input.of("tensor", STRING));

    /** Pushes the writer's waiting events to its file. */
    public static final OpDef FLUSH_SUMMARY_WRITER = writerOp("FlushSummaryWriter", WRITER);

    /** Flushes and closes the writer's file and removes the writer from the Session (CreateSummaryFileWriter may open it again). */
    public static final OpDef CLOSE_SUMMARY_WRITER = writerOp("CloseSummaryWriter", WRITER);

    public static final List<OpDef> ALL = List.of(SCALAR_SUMMARY, HISTOGRAM_SUMMARY, MERGE_SUMMARY, SUMMARY_WRITER, CREATE_SUMMARY_FILE_WRITER,
            WRITE_SCALAR_SUMMARY, WRITE_HISTOGRAM_SUMMARY, WRITE_SUMMARY, WRITE_GRAPH_SUMMARY, WRITE_RAW_PROTO_SUMMARY, FLUSH_SUMMARY_WRITER,
            CLOSE_SUMMARY_WRITER);

    /**
     * A writer op: no outputs, stateful (it writes a file), chosen by its writer handle's dtype. Every input but the
     * one holding values ({@code value}, {@code values}, {@code tensor} of WriteSummary) must be a scalar where its
     * rank is known; WriteGraphSummary's and WriteRawProtoSummary's {@code tensor} is checked at run time.
     */
    private static OpDef writerOp(String name, Input... inputs) {
        return OpDef.op(name).takes(inputs).withAttrs().infer(ctx -> {
            for (int i = 0; i < inputs.length; i++) {
                String in = inputs[i].name();
                if (in.equals("value") || in.equals("values") || in.equals("tensor")) continue;
                requireScalar(ctx, i, in);
            }
            return List.<TensorSpec>of();
        }).readsState().notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(WRITERS);
    }

    private static void requireScalar(InferenceContext ctx, int input, String what) {
        if (ctx.shape(input).hasRank() && ctx.shape(input).rank() != 0) throw ctx.fail(what + " must be a scalar, got shape " + ctx.shape(input));
    }
}
