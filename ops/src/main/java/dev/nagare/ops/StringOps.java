package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Ops on string tensors (each element a byte string): the parsing that serving graphs start with (serialized
 * tf.Example protos, numbers written as text, raw bytes) and the file-name arithmetic of the saver subgraph.
 * None has a gradient: strings are not differentiable.
 */
public final class StringOps {
    private StringOps() {}

    private static final java.util.Set<DType> STRING = java.util.EnumSet.of(DType.STRING);
    private static final OpTests STRINGS = OpTests.exempt("works on strings, which the samples (numbers) cannot hold: StringKernelsTest, StringOpCases, StringServingTest");

    /**
     * Parses serialized tf.Example protos (input 0: a string scalar or vector) into one dense tensor per feature
     * of attr {@code dense_keys} (String[]), of dtype {@code Tdense[i]} (float32 from a float_list, int64 from an
     * int64_list, string from a bytes_list) and shape {@code dense_shapes[i]} (fully known), with a batch axis
     * in front when the input is a vector. Inputs 1.. are the defaults, one per key, of the feature's shape; an
     * empty default makes the feature required. Sparse and ragged features are not supported.
     */
    public static final OpDef PARSE_EXAMPLE = OpDef.op("ParseExample").takes(Input.of("serialized", STRING), Input.optionalList("dense_defaults", OpDef.DTypes.ANY))
            .withAttrs(new Attr<>("dense_keys", String[].class, null, true), new Attr<>("Tdense", DType[].class, null, true),
                    new Attr<>("dense_shapes", Shape[].class, null, true))
            .infer(StringOps::inferParseExample).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /** Numbers written as text, parsed into attr {@code out_type} (float32, float64, int32 or int64). */
    public static final OpDef STRING_TO_NUMBER = OpDef.op("StringToNumber").takes(Input.of("string_tensor", STRING))
            .withAttrs(Attr.dtype("out_type", DType.FLOAT32)).infer(ctx -> {
        DType t = ctx.attr("out_type", DType.class);
        Shapes.requireNumeric(ctx, t);
        return one(t, ctx.shape(0));
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /**
     * Numbers and bools written as text, as C's printf writes them: attrs {@code precision} (-1: printf's
     * default), {@code scientific}, {@code shortest} (Integer/Boolean; floating inputs only), {@code width}
     * (-1: none) and {@code fill} ("" or "0": what pads to the width).
     */
    public static final OpDef AS_STRING = OpDef.op("AsString").takes(Input.of("input", OpDef.DTypes.ALL))
            .withAttrs(Attr.integer("precision", -1), Attr.flag("scientific", false), Attr.flag("shortest", false), Attr.integer("width", -1),
                    Attr.string("fill", "")).infer(ctx -> {
        DType t = ctx.dtype(0);
        String fill = ctx.attr("fill", String.class);
        if (!fill.isEmpty() && !fill.equals("0")) throw ctx.fail("fill must be \"\" (spaces) or \"0\", got \"" + fill + "\"");
        boolean scientific = ctx.attr("scientific", Boolean.class), shortest = ctx.attr("shortest", Boolean.class);
        if (scientific && shortest) throw ctx.fail("scientific and shortest cannot both be set");
        if ((scientific || shortest || ctx.attr("precision", Integer.class) > -1) && !t.isFloating()) {
            throw ctx.fail("precision, scientific and shortest apply to float32 and float64 only, the input is " + t);
        }
        return one(DType.STRING, ctx.shape(0));
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /**
     * Reads each byte string as an array of attr {@code out_type} (float32, float64, int32, int64 or bool) in
     * the byte order of attr {@code little_endian}; the elements must all have the same length, and the output
     * has one more axis than the input, of that length over the element size.
     */
    public static final OpDef DECODE_RAW = OpDef.op("DecodeRaw").takes(Input.of("bytes", STRING))
            .withAttrs(Attr.dtype("out_type"), Attr.flag("little_endian", true)).infer(ctx -> {
        DType t = ctx.attr("out_type", DType.class);
        if (t == DType.STRING) throw ctx.fail("out_type must be a numeric or bool dtype, got string");
        Shape in = ctx.shape(0);
        if (!in.hasRank()) return one(t, Shape.unknownRank());
        int[] dims = java.util.Arrays.copyOf(in.dims(), in.rank() + 1);
        dims[in.rank()] = Shape.UNKNOWN;
        return one(t, Shape.of(dims));
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /** Joins its string inputs element by element with attr {@code separator}; scalars go with every element. */
    public static final OpDef STRING_JOIN = OpDef.op("StringJoin").takes(Input.list("inputs", STRING)).withAttrs(Attr.string("separator", "")).infer(ctx -> {
        ctx.attr("separator", String.class);
        Shape out = Shape.scalar();
        for (int i = 0; i < ctx.inputCount(); i++) {
            requireString(ctx, i, "input " + i);
            Shape s = ctx.shape(i);
            if (s.hasRank() && s.rank() == 0) continue;
            if (out.hasRank() && out.rank() == 0) { out = s; continue; }
            if (!out.isCompatibleWith(s)) throw ctx.fail("inputs of shapes " + out + " and " + s + " do not join: non-scalar inputs need one shape");
            if (!out.isFullyDefined()) out = s;
        }
        return one(DType.STRING, out);
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /** The file name of one shard of a checkpoint: {@code basename-00001-of-00004} from scalars basename, shard, num_shards (int32). */
    public static final OpDef SHARDED_FILENAME = OpDef.op("ShardedFilename").takes(Input.of("basename", STRING),
            Input.of("shard", java.util.EnumSet.of(DType.INT32)), Input.of("num_shards", java.util.EnumSet.of(DType.INT32))).withAttrs().infer(ctx -> {
        for (int i = 0; i <= 2; i++) {
            if (ctx.shape(i).hasRank() && ctx.shape(i).rank() != 0) throw ctx.fail("input " + i + " must be a scalar, got shape " + ctx.shape(i));
        }
        return one(DType.STRING, Shape.scalar());
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    /**
     * True where the whole string matches attr {@code pattern}. TensorFlow writes RE2 patterns; they are run by
     * java.util.regex, which reads the same syntax for the patterns graphs use (literals, classes, {@code .*},
     * anchors, alternation), on the strings decoded as UTF-8.
     */
    public static final OpDef STATIC_REGEX_FULL_MATCH = OpDef.op("StaticRegexFullMatch").takes(Input.of("input", STRING))
            .withAttrs(new Attr<>("pattern", String.class, null, true)).infer(ctx -> {
        String pattern = ctx.attr("pattern", String.class);
        try {
            Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw ctx.fail("pattern \"" + pattern + "\" is not a regular expression: " + e.getDescription());
        }
        return one(DType.BOOL, ctx.shape(0));
    }).notDifferentiable().tf(TfMapping.HAND_WRITTEN).tests(STRINGS);

    public static final List<OpDef> ALL = List.of(PARSE_EXAMPLE, STRING_TO_NUMBER, AS_STRING, DECODE_RAW, STRING_JOIN,
            SHARDED_FILENAME, STATIC_REGEX_FULL_MATCH);

    static void requireString(InferenceContext ctx, int input, String what) {
        if (ctx.dtype(input) != DType.STRING) throw ctx.fail(what + " must be a string tensor, got " + ctx.dtype(input));
    }

    private static List<TensorSpec> inferParseExample(InferenceContext ctx) {
        requireString(ctx, 0, "the serialized examples");
        String[] keys = ctx.attr("dense_keys", String[].class);
        DType[] types = ctx.attr("Tdense", DType[].class);
        Shape[] shapes = ctx.attr("dense_shapes", Shape[].class);
        if (types.length != keys.length || shapes.length != keys.length) {
            throw ctx.fail(keys.length + " dense_keys, " + types.length + " Tdense and " + shapes.length + " dense_shapes: one of each per feature");
        }
        if (ctx.inputCount() != 1 + keys.length) throw ctx.fail("takes the serialized examples and one default per dense key (" + keys.length + "), got " + ctx.inputCount() + " inputs");
        Shape serialized = ctx.shape(0);
        if (serialized.hasRank() && serialized.rank() > 1) throw ctx.fail("the serialized examples must be a scalar or a vector, got shape " + serialized);
        List<TensorSpec> out = new ArrayList<>(keys.length);
        for (int i = 0; i < keys.length; i++) {
            if (types[i] != DType.FLOAT32 && types[i] != DType.INT64 && types[i] != DType.STRING) {
                throw ctx.fail("feature '" + keys[i] + "' has type " + types[i] + "; a tf.Example holds float32, int64 or string features");
            }
            if (!shapes[i].isFullyDefined()) throw ctx.fail("feature '" + keys[i] + "' needs a fully known shape, got " + shapes[i]);
            if (ctx.dtype(1 + i) != types[i]) throw ctx.fail("the default of feature '" + keys[i] + "' is " + ctx.dtype(1 + i) + ", the feature " + types[i]);
            Shape d = ctx.shape(1 + i);
            boolean empty = d.isFullyDefined() && d.size() == 0;
            if (!empty && d.isFullyDefined() && d.size() != shapes[i].size()) {
                throw ctx.fail("the default of feature '" + keys[i] + "' has shape " + d + ", the feature " + shapes[i] + " (or give an empty default to make it required)");
            }
            Shape value;
            if (!serialized.hasRank()) value = Shape.unknownRank();
            else if (serialized.rank() == 0) value = shapes[i];
            else {
                int[] dims = new int[shapes[i].rank() + 1];
                dims[0] = serialized.dim(0);
                System.arraycopy(shapes[i].dims(), 0, dims, 1, shapes[i].rank());
                value = Shape.of(dims);
            }
            out.add(new TensorSpec(types[i], value));
        }
        return out;
    }
}
