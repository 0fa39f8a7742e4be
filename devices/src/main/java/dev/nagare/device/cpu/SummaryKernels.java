package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.SummaryOps;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Kernels of the summary ops: serialized Summary protos, field by field as protobuf's serializer writes them
 * (field-number order, proto3 defaults left out but for set oneof members), so the bytes equal TensorFlow's. Facts of summary.proto:
 * Summary {repeated Value value = 1}; Value {tag = 1, simple_value = 2 (float), histo = 5}; HistogramProto
 * {min = 1, max = 2, num = 3, sum = 4, sum_squares = 5, packed bucket_limit = 6, packed bucket = 7}, all doubles.
 */
final class SummaryKernels {
    private SummaryKernels() {}

    static void register(KernelRegistry r) {
        DType[] numeric = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64};
        r.add(SummaryOps.SCALAR_SUMMARY, CpuKernel.of((ctx, in) -> scalars(ctx, in[0], in[1])), numeric);
        r.add(SummaryOps.HISTOGRAM_SUMMARY, CpuKernel.of((ctx, in) -> histogram(ctx, in[0], in[1])), numeric);
        r.add(SummaryOps.MERGE_SUMMARY, CpuKernel.of(SummaryKernels::merge), DType.STRING);
    }

    private static Tensor scalars(KernelContext ctx, Tensor tags, Tensor values) {
        if (!tags.shape().equals(values.shape())) throw ctx.fail("tags of shape " + tags.shape() + " and values of shape " + values.shape() + " must have one shape");
        ProtoWire.Writer summary = new ProtoWire.Writer();
        byte[][] t = tags.stringData();
        for (int i = 0; i < t.length; i++) summary.bytes(1, scalarValue(t[i], asFloat(values, i)));
        return Tensor.scalar(summary.toByteArray());
    }

    private static Tensor histogram(KernelContext ctx, Tensor tag, Tensor values) {
        if (tag.size() != 1) throw ctx.fail("the tag must be a scalar, got shape " + tag.shape());
        return Tensor.scalar(new ProtoWire.Writer().bytes(1, histogramValue(ctx, tag.bytesValue(), values)).toByteArray());
    }

    /** A Summary.Value holding the histogram of {@code values} under {@code tag}; NaN and infinities are refused, naming the tag. */
    static byte[] histogramValue(KernelContext ctx, byte[] tag, Tensor values) {
        HistogramBuckets h = new HistogramBuckets();
        for (int i = 0; i < values.size(); i++) {
            double v = values.getDouble(i);
            if (!Double.isFinite(v)) throw ctx.fail((Double.isNaN(v) ? "NaN" : "Infinity") + " in summary histogram for: " + new String(tag, StandardCharsets.UTF_8));
            h.add(v);
        }
        ProtoWire.Writer value = new ProtoWire.Writer();
        if (tag.length > 0) value.bytes(1, tag);
        return value.bytes(5, encode(h)).toByteArray();
    }

    /** Element {@code i} as float32, as TensorFlow casts it: an int64 directly (through a double it could round twice). */
    static float asFloat(Tensor values, int i) {
        return values.dtype() == DType.INT64 ? (float) values.longData()[i] : (float) values.getDouble(i);
    }

    /** A Summary.Value holding {@code v} as its {@code simple_value} under {@code tag}. */
    static byte[] scalarValue(byte[] tag, float v) {
        ProtoWire.Writer value = new ProtoWire.Writer();
        if (tag.length > 0) value.bytes(1, tag);
        // simple_value is a member of a oneof, so it is written even when zero (a set oneof is never a default).
        return value.fixed32(2, Float.floatToRawIntBits(v)).toByteArray();
    }

    private static byte[] encode(HistogramBuckets h) {
        HistogramBuckets.Collapsed c = h.collapsed();
        return new ProtoWire.Writer().doubleField(1, h.min()).doubleField(2, h.max()).doubleField(3, h.count()).doubleField(4, h.sum())
                .doubleField(5, h.sumSquares()).packedDoubles(6, c.limits(), c.limits().length).packedDoubles(7, c.counts(), c.counts().length)
                .toByteArray();
    }

    /** The values of every input Summary, in input order; a non-empty tag may appear only once. */
    private static Tensor merge(KernelContext ctx, Tensor[] in) {
        ProtoWire.Writer out = new ProtoWire.Writer();
        Set<String> tags = new HashSet<>();
        for (int k = 0; k < in.length; k++) {
            byte[][] summaries = in[k].stringData();
            for (byte[] s : summaries) {
                try {
                    ProtoWire.Reader r = new ProtoWire.Reader(s, 0, s.length);
                    while (r.hasMore()) {
                        long key = r.varint();
                        if (key != (1 << 3 | ProtoWire.LENGTH_DELIMITED)) { r.skipValue((int) (key & 7)); continue; }
                        int len = r.length(), from = r.position();
                        r.skip(len);
                        String tag = tagOf(s, from, from + len);
                        if (!tag.isEmpty() && !tags.add(tag)) throw ctx.fail("duplicate tag " + tag + " found in summary inputs");
                        out.bytes(1, java.util.Arrays.copyOfRange(s, from, from + len));
                    }
                } catch (ProtoWire.MalformedException e) {
                    throw ctx.fail("input " + k + " is not a serialized Summary: " + e.getMessage());
                }
            }
        }
        return Tensor.scalar(out.toByteArray());
    }

    private static String tagOf(byte[] s, int from, int to) throws ProtoWire.MalformedException {
        ProtoWire.Reader value = new ProtoWire.Reader(s, from, to);
        String tag = "";
        while (value.hasMore()) {
            long key = value.varint();
            if (key == (1 << 3 | ProtoWire.LENGTH_DELIMITED)) {
                int len = value.length();
                tag = new String(s, value.position(), len, StandardCharsets.UTF_8);
                value.skip(len);
            } else {
                value.skipValue((int) (key & 7));
            }
        }
        return tag;
    }
}
