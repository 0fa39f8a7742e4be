package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.List;

/** String ops, as {@code tf.strings} and {@code tf.io}: {@code tf.strings.toNumber(text, FLOAT32)}. */
public final class Strings {
    private final Tf tf;

    Strings(Tf tf) { this.tf = tf; }

    /**
     * A dense feature of a tf.Example: its key, dtype (float32, int64 or string), shape (without the batch
     * axis) and default (of that shape; null makes the feature required), as {@code tf.io.FixedLenFeature}.
     */
    public record DenseFeature(String key, DType dtype, Shape shape, Tensor defaultValue) {
        public static DenseFeature required(String key, DType dtype, Shape shape) { return new DenseFeature(key, dtype, shape, null); }

        public static DenseFeature withDefault(String key, Shape shape, Tensor defaultValue) {
            return new DenseFeature(key, defaultValue.dtype(), shape, defaultValue);
        }
    }

    /** The features of serialized tf.Example protos (a string scalar or vector), in the order given. */
    public List<Output> parseExample(Output serialized, List<DenseFeature> features) {
        var b = tf.scope().node(StringOps.PARSE_EXAMPLE, "ParseExample").input(serialized);
        int n = features.size();
        String[] keys = new String[n];
        DType[] types = new DType[n];
        Shape[] shapes = new Shape[n];
        for (int i = 0; i < n; i++) {
            DenseFeature f = features.get(i);
            keys[i] = f.key();
            types[i] = f.dtype();
            shapes[i] = f.shape();
            Tensor d = f.defaultValue() != null ? f.defaultValue() : Tensor.zeros(f.dtype(), Shape.of(0));
            b.input(tf.constant(d));
        }
        return b.attr("dense_keys", keys).attr("Tdense", types).attr("dense_shapes", shapes).build().outputs();
    }

    /** Numbers written as text ("1.5", " -3e2 ", "inf"), parsed into {@code type}. */
    public Output toNumber(Output text, DType type) {
        return tf.scope().node(StringOps.STRING_TO_NUMBER, "StringToNumber").input(text).attr("out_type", type).build().output(0);
    }

    /** Numbers or bools as text, printf's default way ({@code 1.500000} for a float, {@code 7} for an int). */
    public Output asString(Output x) { return asString(x, -1, false, false, -1, ""); }

    /** Numbers or bools as text: see {@link StringOps#AS_STRING} for the attrs. */
    public Output asString(Output x, int precision, boolean scientific, boolean shortest, int width, String fill) {
        return tf.scope().node(StringOps.AS_STRING, "AsString").input(x).attr("precision", precision).attr("scientific", scientific)
                .attr("shortest", shortest).attr("width", width).attr("fill", fill).build().output(0);
    }

    /** Each byte string read as little-endian elements of {@code type}. */
    public Output decodeRaw(Output bytes, DType type) {
        return tf.scope().node(StringOps.DECODE_RAW, "DecodeRaw").input(bytes).attr("out_type", type).attr("little_endian", true).build().output(0);
    }

    /** The inputs joined element by element with {@code separator}. */
    public Output join(List<Output> inputs, String separator) {
        return tf.scope().node(StringOps.STRING_JOIN, "StringJoin").inputs(inputs).attr("separator", separator).build().output(0);
    }

    /** {@code basename-00001-of-00004}: the name of a checkpoint shard. */
    public Output shardedFilename(Output basename, Output shard, Output numShards) {
        return tf.scope().node(StringOps.SHARDED_FILENAME, "ShardedFilename").input(basename).input(shard).input(numShards).build().output(0);
    }

    /** True where the whole string matches {@code pattern}. */
    public Output regexFullMatch(Output text, String pattern) {
        return tf.scope().node(StringOps.STATIC_REGEX_FULL_MATCH, "StaticRegexFullMatch").input(text).attr("pattern", pattern).build().output(0);
    }

    /**
     * A string scalar: {@code template} with each "{}" replaced by the next input, summarized to 3 entries at each
     * end of every axis, as {@code tf.strings.format(template, inputs)}: {@code format("x = {}", x)} gives "x = [1 2 3]".
     */
    public Output format(String template, Output... inputs) { return format(template, List.of(inputs), "{}", 3); }

    /** As {@link #format(String, Output...)}, with {@code placeholder} and {@code summarize} entries (negative: all). */
    public Output format(String template, List<Output> inputs, String placeholder, int summarize) {
        return tf.scope().node(DebugOps.STRING_FORMAT, "StringFormat").inputs(inputs).attr("template", template).attr("placeholder", placeholder)
                .attr("summarize", summarize).build().output(0);
    }
}
