package dev.nagare.device.cpu;

import dev.nagare.device.EventFileException;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.device.ResourceKernelFactory;
import dev.nagare.device.SessionResources;
import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.SummaryOps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Kernels of the summary writer ops. A writer is an {@link EventFileWriter} held by the running Session's
 * {@link SessionResources} under its handle (the string the SummaryWriter node outputs), so it lives as long as the
 * Session or until CloseSummaryWriter, and no other Session sees it. Events are built as TensorFlow's summary file
 * writer builds them: a scalar as {@code simple_value} (element 0, as float32), a histogram as HistogramSummary's,
 * a tensor as a TensorProto (facts of tensor.proto: dtype = 1 (enum), tensor_shape = 2 {repeated Dim dim = 2 {int64
 * size = 1}}, tensor_content = 4 (little-endian bytes), string_val = 8 (strings only); Summary.Value: tag = 1,
 * tensor = 8, metadata = 9).
 */
final class SummaryWriterKernels {
    private SummaryWriterKernels() {}

    /** What TensorFlow's file writer names as the writer of its files' first event. */
    static final String WRITER_NAME = "tensorflow.core.util.events_writer";

    static void register(KernelRegistry r) {
        r.add(SummaryOps.SUMMARY_WRITER, CpuKernel.bind(node -> {
            Tensor handle = Tensor.scalar(handle(node.attr(SummaryOps.CONTAINER), node.attr(SummaryOps.SHARED_NAME)));
            return (ctx, in) -> handle;
        }), DType.STRING);
        r.add(SummaryOps.CREATE_SUMMARY_FILE_WRITER, resource((ctx, res, in) -> {
            res.lookupOrCreate(key(ctx, in[0]), EventFileWriter.class, () -> open(ctx, scalar(ctx, in[1], "logdir").stringValue(),
                    scalar(ctx, in[2], "max_queue").intValue(), scalar(ctx, in[3], "flush_millis").intValue(),
                    scalar(ctx, in[4], "filename_suffix").stringValue()));
        }), DType.STRING);
        r.add(SummaryOps.WRITE_SCALAR_SUMMARY, resource((ctx, res, in) -> {
            Tensor value = in[3];
            if (value.size() == 0) throw ctx.fail("a scalar summary needs a value, got an empty " + value.dtype() + value.shape() + " tensor");
            write(ctx, res, in, SummaryKernels.scalarValue(tag(ctx, in[2]), SummaryKernels.asFloat(value, 0)));
        }), DType.STRING);
        r.add(SummaryOps.WRITE_HISTOGRAM_SUMMARY, resource((ctx, res, in) ->
                write(ctx, res, in, SummaryKernels.histogramValue(ctx, tag(ctx, in[2]), in[3]))), DType.STRING);
        r.add(SummaryOps.WRITE_SUMMARY, resource((ctx, res, in) -> {
            byte[] metadata = scalar(ctx, in[4], "summary_metadata").bytesValue();
            if (metadata.length > 0 && !wellFormed(metadata)) throw ctx.fail("summary_metadata is not a serialized SummaryMetadata");
            ProtoWire.Writer value = new ProtoWire.Writer();
            byte[] tag = tag(ctx, in[3]);
            if (tag.length > 0) value.bytes(1, tag);
            value.bytes(8, tensorProto(in[2]));
            if (metadata.length > 0) value.bytes(9, metadata);
            write(ctx, res, in, value.toByteArray());
        }), DType.STRING);
        r.add(SummaryOps.WRITE_GRAPH_SUMMARY, resource((ctx, res, in) -> {
            byte[] graph = scalar(ctx, in[2], "tensor").bytesValue();
            if (!wellFormed(graph)) throw ctx.fail("the tensor is not a serialized GraphDef");
            EventFileWriter w = writer(ctx, res, in[0]);
            guard(ctx, w, () -> w.writeGraph(step(ctx, in[1]), graph));
        }), DType.STRING);
        r.add(SummaryOps.WRITE_RAW_PROTO_SUMMARY, resource((ctx, res, in) -> {
            // One event holding every element's values, as TensorFlow merges them: a Summary is only its repeated
            // values, so the concatenated messages are the merged one.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[][] summaries = in[2].stringData();
            for (int i = 0; i < summaries.length; i++) {
                if (!isSummary(summaries[i])) throw ctx.fail("element " + i + " of the tensor is not a serialized Summary");
                all.writeBytes(summaries[i]);
            }
            EventFileWriter w = writer(ctx, res, in[0]);
            guard(ctx, w, () -> w.writeSummary(step(ctx, in[1]), all.toByteArray()));
        }), DType.STRING);
        r.add(SummaryOps.FLUSH_SUMMARY_WRITER, resource((ctx, res, in) -> {
            EventFileWriter w = writer(ctx, res, in[0]);
            guard(ctx, w, w::flush);
        }), DType.STRING);
        r.add(SummaryOps.CLOSE_SUMMARY_WRITER, resource((ctx, res, in) -> {
            EventFileWriter w = writer(ctx, res, in[0]);
            guard(ctx, w, () -> res.delete(key(ctx, in[0])));
        }), DType.STRING);
    }

    /** The handle of a writer: its container (TensorFlow's default is "localhost") and its shared name. */
    static String handle(String container, String sharedName) {
        return (container.isEmpty() ? "localhost" : container) + "/" + sharedName;
    }

    /** A writer op's body: no outputs, the Session's resources at hand. */
    @FunctionalInterface
    private interface WriterKernel {
        void run(KernelContext ctx, SessionResources resources, Tensor[] in);
    }

    private static ResourceKernelFactory resource(WriterKernel k) {
        return (node, resources) -> CpuKernel.of((ctx, in) -> {
            k.run(ctx, resources, in);
            return null;
        }).create(node);
    }

    private static EventFileWriter open(KernelContext ctx, String logdir, int maxQueue, int flushMillis, String suffix) {
        if (logdir.isEmpty()) throw ctx.fail("logdir is empty");
        Path dir;
        try {
            dir = Path.of(logdir);
        } catch (InvalidPathException e) {
            throw ctx.fail("logdir '" + logdir + "' is not a path: " + e.getReason());
        }
        // As TensorFlow names the files: a dot before a suffix that has none (an empty suffix leaves a final dot).
        String ending = suffix.startsWith(".") ? suffix : "." + suffix;
        try {
            return EventFileWriter.open(dir, ending, WRITER_NAME, maxQueue, Duration.ofMillis(flushMillis));
        } catch (IOException e) {
            throw new EventFileException(ctx.node(), dir, "cannot make an event file in log directory '" + dir + "': "
                    + EventFileException.reason(dir, e), e);
        }
    }

    private static String key(KernelContext ctx, Tensor handle) { return scalar(ctx, handle, "the writer handle").stringValue(); }

    private static EventFileWriter writer(KernelContext ctx, SessionResources res, Tensor handle) {
        String key = key(ctx, handle);
        return res.lookup(key, EventFileWriter.class).orElseThrow(() -> ctx.fail("no summary writer '" + key
                + "' is open in this Session: run CreateSummaryFileWriter on it first (CloseSummaryWriter removes it)"));
    }

    private static void write(KernelContext ctx, SessionResources res, Tensor[] in, byte[] value) {
        EventFileWriter w = writer(ctx, res, in[0]);
        long step = step(ctx, in[1]);
        byte[] summary = new ProtoWire.Writer().bytes(1, value).toByteArray();
        guard(ctx, w, () -> w.writeSummary(step, summary));
    }

    /** Runs a write, flush or close of {@code w}, turning a failure of its file into an error naming the node and the file. */
    private static void guard(KernelContext ctx, EventFileWriter w, Runnable action) {
        try {
            action.run();
        } catch (UncheckedIOException e) {
            throw new EventFileException(ctx.node(), w.file(), "writing event file '" + w.file() + "' failed: "
                    + EventFileException.reason(w.file(), e.getCause()), e.getCause());
        } catch (IllegalStateException e) {
            throw ctx.fail(e.getMessage());
        }
    }

    private static Tensor scalar(KernelContext ctx, Tensor t, String what) {
        if (t.size() != 1) throw ctx.fail(what + " must be a scalar, got shape " + t.shape());
        return t;
    }

    private static long step(KernelContext ctx, Tensor t) { return scalar(ctx, t, "step").longValue(); }

    private static byte[] tag(KernelContext ctx, Tensor t) { return scalar(ctx, t, "tag").bytesValue(); }

    /** {@code t} as a TensorProto: numbers as little-endian {@code tensor_content}, strings as {@code string_val}. */
    static byte[] tensorProto(Tensor t) {
        ProtoWire.Writer shape = new ProtoWire.Writer();
        for (int d : t.shape().dims()) shape.bytes(2, new ProtoWire.Writer().int64Field(1, d).toByteArray());
        ProtoWire.Writer p = new ProtoWire.Writer().int64Field(1, t.dtype().tfNumber()).bytes(2, shape.toByteArray());
        if (t.dtype() == DType.STRING) {
            for (byte[] s : t.stringData()) p.bytes(8, s);
        } else if (t.size() > 0) {
            p.bytes(4, content(t));
        }
        return p.toByteArray();
    }

    private static byte[] content(Tensor t) {
        ByteBuffer b = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> { for (float v : t.floatData()) b.putFloat(v); }
            case FLOAT64 -> { for (double v : t.doubleData()) b.putDouble(v); }
            case INT32 -> { for (int v : t.intData()) b.putInt(v); }
            case INT64 -> { for (long v : t.longData()) b.putLong(v); }
            case BOOL -> { for (boolean v : t.boolData()) b.put((byte) (v ? 1 : 0)); }
            case STRING -> throw new IllegalArgumentException("strings go to string_val");
        }
        return b.array();
    }

    /** Whether {@code b} reads as a protobuf message: every field's key, wire type and length fit. */
    private static boolean wellFormed(byte[] b) { return wellFormed(b, 0, b.length); }

    private static boolean wellFormed(byte[] b, int from, int to) {
        try {
            ProtoWire.Reader r = new ProtoWire.Reader(b, from, to);
            while (r.hasMore()) {
                long key = r.varint();
                if (key >>> 3 == 0) return false; // field number 0 does not exist
                r.skipValue((int) (key & 7));
            }
            return true;
        } catch (ProtoWire.MalformedException e) {
            return false;
        }
    }

    /** Whether {@code b} reads as a Summary: well formed, and each of its values (field 1) a well-formed message. */
    private static boolean isSummary(byte[] b) {
        if (!wellFormed(b)) return false;
        try {
            ProtoWire.Reader r = new ProtoWire.Reader(b, 0, b.length);
            while (r.hasMore()) {
                long key = r.varint();
                if (key != (1 << 3 | ProtoWire.LENGTH_DELIMITED)) { r.skipValue((int) (key & 7)); continue; }
                int len = r.length(), at = r.position();
                if (!wellFormed(b, at, at + len)) return false;
                r.skip(len);
            }
            return true;
        } catch (ProtoWire.MalformedException e) {
            return false;
        }
    }
}
