package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Summaries as graph ops. As {@code tf.summary} of TensorFlow 1, {@link #scalar}, {@link #histogram} and
 * {@link #merge} return a string scalar holding a serialized Summary proto: fetch it and hand it to a summary
 * writer. As TensorFlow 2 does, the writer ops record values inside the run:
 * <pre>{@code
 * Output w = tf.summary.writer("train");
 * Node open = tf.summary.createFileWriter(w, "logs/train");
 * Node write = tf.summary.writeScalar(w, step, "loss", loss);   // a target of each training run
 * session.run(open);                                           // once; the Session closes the file when it closes
 * }</pre>
 */
public final class GraphSummaries {
    /** TensorFlow 2's defaults for a file writer: at most 10 events wait, none longer than two minutes. */
    public static final int DEFAULT_MAX_QUEUE = 10, DEFAULT_FLUSH_MILLIS = 120_000;
    /** TensorFlow 2's default suffix of event file names. */
    public static final String DEFAULT_SUFFIX = ".v2";

    private final Tf tf;

    GraphSummaries(Tf tf) { this.tf = tf; }

    /** {@code value} (one element) under {@code tag}. */
    public Output scalar(String tag, Output value) {
        return tf.scope().node(SummaryOps.SCALAR_SUMMARY, "ScalarSummary").input(tf.constant(tag)).input(value).build().output(0);
    }

    /** The histogram of {@code values} under {@code tag}. */
    public Output histogram(String tag, Output values) {
        return tf.scope().node(SummaryOps.HISTOGRAM_SUMMARY, "HistogramSummary").input(tf.constant(tag)).input(values).build().output(0);
    }

    /** The given summaries as one. */
    public Output merge(List<Output> summaries) {
        return tf.scope().node(SummaryOps.MERGE_SUMMARY, "MergeSummary").inputs(summaries).build().output(0);
    }

    // ---- writer ops ----

    /** The handle of the running Session's summary writer named {@code sharedName} (one writer per name and Session). */
    public Output writer(String sharedName) {
        return tf.scope().node(SummaryOps.SUMMARY_WRITER, "SummaryWriter").attr("shared_name", sharedName).build().output(0);
    }

    /** Opens {@code writer}'s event file in {@code logdir} with TensorFlow 2's defaults (10 events, 2 minutes, suffix ".v2"). */
    public Node createFileWriter(Output writer, String logdir) {
        return node(SummaryOps.CREATE_SUMMARY_FILE_WRITER, under -> List.of(writer, under.constant(logdir), under.constant(DEFAULT_MAX_QUEUE),
                under.constant(DEFAULT_FLUSH_MILLIS), under.constant(DEFAULT_SUFFIX)));
    }

    /** Opens {@code writer}'s event file: string scalar {@code logdir} and {@code filenameSuffix}, int32 {@code maxQueue} and {@code flushMillis}. */
    public Node createFileWriter(Output writer, Output logdir, Output maxQueue, Output flushMillis, Output filenameSuffix) {
        return tf.scope().node(SummaryOps.CREATE_SUMMARY_FILE_WRITER, "CreateSummaryFileWriter").input(writer).input(logdir)
                .input(maxQueue).input(flushMillis).input(filenameSuffix).build();
    }

    /** Writes element 0 of {@code value} under {@code tag} at {@code step} (an integer scalar). */
    public Node writeScalar(Output writer, Output step, String tag, Output value) {
        return writeOp(SummaryOps.WRITE_SCALAR_SUMMARY, writer, step, under -> List.of(under.constant(tag), value));
    }

    /** Writes the histogram of {@code values} under {@code tag} at {@code step}. */
    public Node writeHistogram(Output writer, Output step, String tag, Output values) {
        return writeOp(SummaryOps.WRITE_HISTOGRAM_SUMMARY, writer, step, under -> List.of(under.constant(tag), values));
    }

    /** Writes {@code tensor} as a TensorProto under {@code tag} at {@code step}, with {@code metadata} (a serialized SummaryMetadata; empty for none). */
    public Node write(Output writer, Output step, String tag, Output tensor, byte[] metadata) {
        return writeOp(SummaryOps.WRITE_SUMMARY, writer, step,
                under -> List.of(tensor, under.constant(tag), under.constant(Tensor.scalar(metadata.clone()))));
    }

    /** Writes {@code graphDef} (a string scalar holding a serialized GraphDef) at {@code step}. */
    public Node writeGraph(Output writer, Output step, Output graphDef) {
        return writeOp(SummaryOps.WRITE_GRAPH_SUMMARY, writer, step, under -> List.of(graphDef));
    }

    /** Writes the serialized Summaries in {@code summaries} (what {@link #scalar}, {@link #histogram}, {@link #merge} make) as one event at {@code step}. */
    public Node writeRaw(Output writer, Output step, Output summaries) {
        return writeOp(SummaryOps.WRITE_RAW_PROTO_SUMMARY, writer, step, under -> List.of(summaries));
    }

    /** Pushes {@code writer}'s waiting events to its file. */
    public Node flush(Output writer) {
        return tf.scope().node(SummaryOps.FLUSH_SUMMARY_WRITER, "FlushSummaryWriter").input(writer).build();
    }

    /** Flushes and closes {@code writer}'s file and removes the writer from the Session. */
    public Node close(Output writer) {
        return tf.scope().node(SummaryOps.CLOSE_SUMMARY_WRITER, "CloseSummaryWriter").input(writer).build();
    }

    /**
     * A writer op on {@code writer}, {@code step} (int32 cast to TensorFlow's int64) and the inputs {@code rest} makes:
     * the op takes the scope's name ({@code withName("loss")}: {@code loss}), the constants it needs are named
     * beneath it ({@code loss/Const}).
     */
    private Node writeOp(OpDef op, Output writer, Output step, Function<Tf, List<Output>> rest) {
        return node(op, under -> {
            List<Output> in = new ArrayList<>(List.of(writer, step.dtype() == DType.INT32 ? under.cast(step, DType.INT64) : step));
            in.addAll(rest.apply(under));
            return in;
        });
    }

    /** A node of {@code op} under the scope's name for it, on the inputs {@code inputs} makes with nodes named beneath it. */
    private Node node(OpDef op, Function<Tf, List<Output>> inputs) {
        String name = tf.scope().reserveName(op.name());
        Tf under = tf.withOpScope(name.substring(tf.scope().namePrefix().length()));
        Scope.NodeBuilder b = tf.scope().node(op, op.name());
        for (Output o : inputs.apply(under)) b.input(o);
        return b.buildAs(name);
    }
}
