package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.StateOps;
import dev.nagare.ops.StringOps;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Kernels of the string ops, and the string kernels of the array ops that only move elements (which the
 * array kernels already do for any array type: they are registered for strings here, by name).
 */
final class StringKernels {
    private StringKernels() {}

    /** Array ops whose kernels move whole elements without looking at them, so take {@code byte[][]} as they take {@code int[]}. */
    private static final List<OpDef> ELEMENT_MOVERS = List.of(ArrayOps.CONST, ArrayOps.IDENTITY, ArrayOps.IDENTITY_N,
            ArrayOps.PLACEHOLDER_WITH_DEFAULT, ArrayOps.STOP_GRADIENT, ArrayOps.RESHAPE, ArrayOps.EXPAND_DIMS, ArrayOps.SQUEEZE,
            ArrayOps.TRANSPOSE, ArrayOps.CONCAT, ArrayOps.SLICE, ArrayOps.STRIDED_SLICE, ArrayOps.GATHER, ArrayOps.PACK,
            ArrayOps.UNPACK, ArrayOps.SPLIT, ArrayOps.SPLIT_V, ArrayOps.TILE, ArrayOps.FILL, ArrayOps.BROADCAST_TO,
            ArrayOps.REVERSE, ArrayOps.SELECT, ArrayOps.SELECT_V1, ArrayOps.SHAPE, ArrayOps.RANK, ArrayOps.SIZE,
            ArrayOps.ZEROS_LIKE, StateOps.VARIABLE, StateOps.ASSIGN);

    /** Call after the array and state kernels are registered. */
    static void register(KernelRegistry r) {
        for (OpDef op : ELEMENT_MOVERS) {
            r.add(op, r.find(op.name(), DType.INT32).orElseThrow(() -> new IllegalStateException("no int32 kernel of " + op.name() + " to share")), DType.STRING);
        }
        r.add(StringOps.PARSE_EXAMPLE, ParseExampleKernel::new, DType.STRING);
        r.add(StringOps.STRING_TO_NUMBER, CpuKernel.bind(node -> {
            DType to = node.attr("out_type");
            return (ctx, in) -> toNumber(ctx, in[0], to);
        }), DType.STRING);
        r.addAllTypes(StringOps.AS_STRING, CpuKernel.bind(node -> {
            Printf format = Printf.of(node.<Integer>attr("precision"), node.<Boolean>attr("scientific"), node.<Boolean>attr("shortest"),
                    node.<Integer>attr("width"), node.<String>attr("fill"));
            return (ctx, in) -> asString(in[0], format);
        }));
        r.add(StringOps.DECODE_RAW, CpuKernel.bind(node -> {
            DType to = node.attr("out_type");
            ByteOrder order = node.<Boolean>attr("little_endian") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            return (ctx, in) -> decodeRaw(ctx, in[0], to, order);
        }), DType.STRING);
        r.add(StringOps.STRING_JOIN, CpuKernel.bind(node -> {
            byte[] separator = node.<String>attr("separator").getBytes(StandardCharsets.UTF_8);
            return (ctx, in) -> join(ctx, in, separator);
        }), DType.STRING);
        r.add(StringOps.SHARDED_FILENAME, CpuKernel.of((ctx, in) -> {
            int shard = in[1].intValue(), of = in[2].intValue();
            if (shard < 0 || shard >= of) throw ctx.fail("shard " + shard + " is not in [0, " + of + ")");
            return Tensor.scalar(in[0].stringValue() + String.format("-%05d-of-%05d", shard, of));
        }), DType.STRING);
        r.add(StringOps.STATIC_REGEX_FULL_MATCH, CpuKernel.bind(node -> {
            Pattern p = Pattern.compile(node.attr("pattern"));
            return (ctx, in) -> {
                byte[][] s = in[0].stringData();
                boolean[] out = new boolean[s.length];
                for (int i = 0; i < s.length; i++) out[i] = p.matcher(new String(s[i], StandardCharsets.UTF_8)).matches();
                return Tensor.of(in[0].shape(), out);
            };
        }), DType.STRING);
    }

    // Numbers as C's strtod and strtol read them, with spaces around allowed: no hex, no Java suffixes (1f, 1d).
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[+-]?(?i:inf|infinity|nan)");
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

    private static Tensor toNumber(KernelContext ctx, Tensor text, DType to) {
        byte[][] s = text.stringData();
        Object out = java.lang.reflect.Array.newInstance(Tensor.arrayClass(to).getComponentType(), s.length);
        for (int i = 0; i < s.length; i++) {
            String v = new String(s[i], StandardCharsets.UTF_8).strip();
            try {
                switch (out) {
                    case float[] a when DECIMAL.matcher(v).matches() -> a[i] = (float) parseDecimal(v);
                    case double[] a when DECIMAL.matcher(v).matches() -> a[i] = parseDecimal(v);
                    case int[] a when INTEGER.matcher(v).matches() -> a[i] = Integer.parseInt(v);
                    case long[] a when INTEGER.matcher(v).matches() -> a[i] = Long.parseLong(v);
                    default -> throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw ctx.fail("element " + i + " \"" + new String(s[i], StandardCharsets.UTF_8) + "\" is not a " + to + " number");
            }
        }
        return Tensor.of(to, text.shape(), out);
    }

    private static double parseDecimal(String v) {
        String lower = v.toLowerCase(java.util.Locale.ROOT);
        boolean negative = lower.startsWith("-");
        String body = lower.replaceFirst("^[+-]", "");
        if (body.startsWith("inf")) return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (body.equals("nan")) return Double.NaN;
        return Double.parseDouble(v);
    }

    private static Tensor asString(Tensor x, Printf format) {
        byte[][] out = new byte[x.size()][];
        for (int i = 0; i < out.length; i++) {
            String s = switch (x.data()) {
                case float[] a -> format.floating(a[i]);
                case double[] a -> format.floating(a[i]);
                case int[] a -> format.integer(a[i]);
                case long[] a -> format.integer(a[i]);
                case boolean[] a -> Boolean.toString(a[i]);
                default -> throw new AssertionError();
            };
            out[i] = s.getBytes(StandardCharsets.US_ASCII);
        }
        return Tensor.of(x.shape(), out);
    }

    private static Tensor decodeRaw(KernelContext ctx, Tensor bytes, DType to, ByteOrder order) {
        byte[][] s = bytes.stringData();
        int element = to == DType.BOOL ? 1 : to.byteSize();
        int length = s.length == 0 ? 0 : s[0].length;
        for (int i = 0; i < s.length; i++) {
            if (s[i].length != length) {
                throw ctx.fail("the strings must all have one length, but element 0 has " + length + " bytes and element " + i + " has " + s[i].length);
            }
        }
        if (length % element != 0) throw ctx.fail("strings of " + length + " bytes do not hold whole " + to + " values of " + element + " bytes");
        int per = length / element;
        long[] dims = new long[bytes.rank() + 1];
        for (int i = 0; i < bytes.rank(); i++) dims[i] = bytes.shape().dim(i);
        dims[bytes.rank()] = per;
        Shape shape = Sizes.shape(ctx, dims);
        Object out = java.lang.reflect.Array.newInstance(Tensor.arrayClass(to).getComponentType(), shape.size());
        for (int i = 0; i < s.length; i++) {
            ByteBuffer b = ByteBuffer.wrap(s[i]).order(order);
            switch (out) {
                case float[] a -> b.asFloatBuffer().get(a, i * per, per);
                case double[] a -> b.asDoubleBuffer().get(a, i * per, per);
                case int[] a -> b.asIntBuffer().get(a, i * per, per);
                case long[] a -> b.asLongBuffer().get(a, i * per, per);
                case boolean[] a -> { for (int j = 0; j < per; j++) a[i * per + j] = s[i][j] != 0; }
                default -> throw new AssertionError();
            }
        }
        return Tensor.of(to, shape, out);
    }

    private static Tensor join(KernelContext ctx, Tensor[] in, byte[] separator) {
        Shape shape = Shape.scalar();
        for (Tensor t : in) {
            if (t.rank() == 0) continue;
            if (shape.rank() != 0 && !shape.equals(t.shape())) throw ctx.fail("inputs of shapes " + shape + " and " + t.shape() + " do not join");
            shape = t.shape();
        }
        byte[][] out = new byte[shape.size()][];
        for (int i = 0; i < out.length; i++) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            for (int k = 0; k < in.length; k++) {
                if (k > 0) b.writeBytes(separator);
                b.writeBytes(in[k].stringData()[in[k].rank() == 0 ? 0 : i]);
            }
            out[i] = b.toByteArray();
        }
        return Tensor.of(shape, out);
    }
}
