package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Strings.DenseFeature;
import dev.nagare.ops.Tf;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Test graphs of the string and summary ops, built by Nagare, exported, run by TensorFlow: strings must
 * agree byte for byte (serialized Summary protos included).
 */
final class StringOpCases {
    private StringOpCases() {}

    /** Serialized tf.Examples with features xs (3 floats), ids (2 int64s), name (bytes); some leave out xs or name. */
    static Tensor examples() {
        return Tensor.of(Shape.of(4), new byte[][] {
                example(new float[] {1.5f, -2, 0.25f}, new long[] {7, -1L << 40}, "alice").toByteArray(),
                example(null, new long[] {3, 4}, null).toByteArray(),
                example(new float[] {0, 1e-8f, -0f}, new long[] {0, 9}, "").toByteArray(),
                Example.newBuilder().setFeatures(example(new float[] {9, 8, 7}, new long[] {5, 6}, "bob").getFeatures().toBuilder()
                        .putFeature("unused", feature(new long[] {1}))).build().toByteArray()});
    }

    static Example example(float[] xs, long[] ids, String name) {
        Features.Builder f = Features.newBuilder().putFeature("ids", feature(ids));
        if (xs != null) {
            FloatList.Builder l = FloatList.newBuilder();
            for (float x : xs) l.addValue(x);
            f.putFeature("xs", Feature.newBuilder().setFloatList(l).build());
        }
        if (name != null) f.putFeature("name", Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(com.google.protobuf.ByteString.copyFromUtf8(name))).build());
        return Example.newBuilder().setFeatures(f).build();
    }

    static Feature feature(long[] values) {
        Int64List.Builder l = Int64List.newBuilder();
        for (long v : values) l.addValue(v);
        return Feature.newBuilder().setInt64List(l).build();
    }

    static List<DenseFeature> features() {
        return List.of(DenseFeature.withDefault("xs", Shape.of(3), Tensor.of(Shape.of(3), new float[] {-1, -2, -3})),
                DenseFeature.required("ids", DType.INT64, Shape.of(2)),
                DenseFeature.withDefault("name", Shape.of(), Tensor.scalar("nobody")));
    }

    static Tensor strings(String... s) { return Tensor.of(Shape.of(s.length), s); }

    static List<OpCase> all() {
        return List.of(
                values("ParseExample", v -> {
                    Tf tf = v.variant("batch of 4, defaults");
                    v.out(tf.strings.parseExample(v.feed(examples(), Shape.of(-1)), features()).toArray(Output[]::new));
                    tf = v.variant("one example, a scalar");
                    v.out(tf.strings.parseExample(v.feed(Tensor.scalar(examples().stringData()[0])), features()).toArray(Output[]::new));
                }),
                values("StringToNumber", v -> {
                    Tf tf = v.variant("float32");
                    v.out(tf.strings.toNumber(v.feed(strings("1.5", "-3e2", "7", "inf", "-inf", "nan", ".5", "+2.25", "1e-40")), DType.FLOAT32));
                    tf = v.variant("float64, int32, int64");
                    v.out(tf.strings.toNumber(v.feed(strings("0.1", "-1e300", "12345678901234567")), DType.FLOAT64),
                            tf.strings.toNumber(v.feed(strings("12", "-7", "2147483647")), DType.INT32),
                            tf.strings.toNumber(v.feed(strings("-9223372036854775808", "42")), DType.INT64));
                }),
                values("AsString", v -> {
                    Tensor f = Tensor.of(Shape.of(2, 4), new float[] {-1.5f, 0.125f, 1234567f, 3.14159e-7f, Float.NaN, Float.NEGATIVE_INFINITY, -0f, 2.5f});
                    Tf tf = v.variant("defaults, float32 int32 int64 bool");
                    v.out(tf.strings.asString(v.feed(f)), tf.strings.asString(v.feed(Tensor.of(Shape.of(3), new int[] {0, -17, 123456}))),
                            tf.strings.asString(v.feed(Tensor.of(Shape.of(2), new long[] {Long.MIN_VALUE, 5}))),
                            tf.strings.asString(v.feed(Tensor.of(Shape.of(2), new boolean[] {true, false}))));
                    tf = v.variant("precision, scientific, shortest, width and fill");
                    Output x = v.feed(Tensor.of(Shape.of(5), new double[] {0.125, 0.375, 1e-5, 123456789, -2.5e-300}));
                    v.out(tf.strings.asString(x, 2, false, false, -1, ""), tf.strings.asString(x, 3, true, false, -1, ""),
                            tf.strings.asString(x, -1, false, true, -1, ""), tf.strings.asString(x, 4, false, true, 12, ""),
                            tf.strings.asString(v.feed(Tensor.of(Shape.of(2), new int[] {-42, 7})), -1, false, false, 6, "0"));
                }),
                values("DecodeRaw", v -> {
                    Tf tf = v.variant("float32 little-endian, int64 big-endian");
                    v.out(tf.strings.decodeRaw(v.feed(Tensor.of(Shape.of(2), new byte[][] {bytes(ByteOrder.LITTLE_ENDIAN, 1.5f, -2f),
                            bytes(ByteOrder.LITTLE_ENDIAN, 0f, 1e-3f)})), DType.FLOAT32));
                    Output big = tf.scope().node(dev.nagare.ops.StringOps.DECODE_RAW, "DecodeRaw").input(v.feed(Tensor.of(Shape.of(1, 1),
                            new byte[][] {ByteBuffer.allocate(16).putLong(-5).putLong(1L << 50).array()}))).attr("out_type", DType.INT64)
                            .attr("little_endian", false).build().output(0);
                    v.out(big);
                }),
                values("StringJoin", v -> {
                    Tf tf = v.variant("vector and scalar");
                    v.out(tf.strings.join(List.of(v.feed(strings("a", "", "ccc")), tf.constant("/"), v.feed(strings("x", "y", "z"))), "-"));
                }),
                values("ShardedFilename", v -> {
                    Tf tf = v.variant("scalars");
                    v.out(tf.strings.shardedFilename(v.feed(Tensor.scalar("dir/model.ckpt_temp")), v.feed(Tensor.scalar(1)), v.feed(Tensor.scalar(12))));
                }),
                values("StaticRegexFullMatch", v -> {
                    Tf tf = v.variant("the saver's s3 pattern");
                    v.out(tf.strings.regexFullMatch(v.feed(strings("s3://bucket/x", "/tmp/s3://", "s3:/", "")), "^s3://.*"));
                }),
                values("ScalarSummary", v -> {
                    Tf tf = v.variant("float32 vector, a zero");
                    v.out(tf.scope().node(dev.nagare.ops.SummaryOps.SCALAR_SUMMARY, "ScalarSummary").input(v.feed(strings("loss", "acc", "zero")))
                            .input(v.feed(Tensor.of(Shape.of(3), new float[] {0.5f, -0.25f, 0f}))).build().output(0));
                    tf = v.variant("int64 scalar, through the DSL");
                    v.out(tf.summary.scalar("step", v.feed(Tensor.scalar(12345678901L))));
                }),
                values("HistogramSummary", v -> {
                    Tf tf = v.variant("float32 [3,4]");
                    v.out(tf.summary.histogram("weights", v.feed(v.floats(3, 4))));
                    tf = v.variant("float64 with zeros, huge and tiny values");
                    v.out(tf.summary.histogram("mixed", v.feed(Tensor.of(Shape.of(7), new double[] {0, 0, -1e-13, 1e-13, 5e19, -3, 1.1}))));
                    tf = v.variant("int32, all zeros");
                    v.out(tf.summary.histogram("zeros", v.feed(Tensor.of(Shape.of(4), new int[4]))));
                    tf = v.variant("empty");
                    v.out(tf.summary.histogram("empty", v.feed(Tensor.of(Shape.of(0), new float[0]))));
                }),
                values("MergeSummary", v -> {
                    Tf tf = v.variant("scalar and histogram");
                    Output a = tf.summary.scalar("a", v.feed(Tensor.scalar(2.5f)));
                    Output h = tf.summary.histogram("h", v.feed(v.doubles(5)));
                    Output s = tf.scope().node(dev.nagare.ops.SummaryOps.SCALAR_SUMMARY, "ScalarSummary").input(tf.constant(new String[] {"b", "c"}))
                            .input(v.feed(Tensor.of(Shape.of(2), new double[] {1, -1}))).build().output(0);
                    v.out(tf.summary.merge(List.of(a, h, s)));
                }));
    }

    private static byte[] bytes(ByteOrder order, float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(order);
        for (float f : values) b.putFloat(f);
        return b.array();
    }
}
