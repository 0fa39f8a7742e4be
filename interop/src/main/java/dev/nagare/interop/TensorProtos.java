package dev.nagare.interop;

import com.google.protobuf.ByteString;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Tensors and shapes as TensorFlow's TensorProto and TensorShapeProto, both ways. Reading checks every size
 * a file declares before allocating anything for it.
 */
final class TensorProtos {
    /** TensorFlow's own limit on the rank of a tensor. */
    static final int MAX_RANK = 254;

    private TensorProtos() {}

    /**
     * The bytes that the tensors of one import may take beyond what their file stores: a Const of shape [n]
     * holding one value (or none) means n copies of it, so a few bytes of file can ask for gigabytes. Values
     * stored in full are bounded by the file itself and cost nothing here.
     */
    static final class ExpansionBudget {
        private final long total;
        private long used;

        ExpansionBudget(long totalBytes) {
            if (totalBytes < 0) throw new IllegalArgumentException("a constant budget of " + totalBytes + " bytes");
            this.total = totalBytes;
        }

        private void charge(long bytes, String what) {
            if (bytes > total - used) {
                throw BadModel.bad(what + " (" + bytes + " bytes), beyond the import's budget of " + total
                        + " bytes for expanded constants (" + used + " bytes already used by other Consts)");
            }
            used += bytes;
        }
    }

    // ---- writing ----

    static TensorShapeProto shape(Shape s) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        if (!s.hasRank()) return b.setUnknownRank(true).build();
        for (int d : s.dims()) b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return b.build();
    }

    /** One value is written as a typed scalar field, more as little-endian tensor_content; strings always in string_val. */
    static TensorProto tensor(Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setDtype(DTypes.toTf(t.dtype())).setTensorShape(shape(t.shape()));
        if (t.dtype() == DType.STRING) {
            for (byte[] v : t.stringData()) b.addStringVal(ByteString.copyFrom(v));
            return b.build();
        }
        if (t.size() == 1) {
            switch (t.data()) {
                case float[] a -> b.addFloatVal(a[0]);
                case double[] a -> b.addDoubleVal(a[0]);
                case int[] a -> b.addIntVal(a[0]);
                case long[] a -> b.addInt64Val(a[0]);
                case boolean[] a -> b.addBoolVal(a[0]);
                default -> throw new AssertionError();
            }
            return b.build();
        }
        ByteBuffer buf = ByteBuffer.allocate(t.size() * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.data()) {
            case float[] a -> buf.asFloatBuffer().put(a);
            case double[] a -> buf.asDoubleBuffer().put(a);
            case int[] a -> buf.asIntBuffer().put(a);
            case long[] a -> buf.asLongBuffer().put(a);
            case boolean[] a -> { for (boolean v : a) buf.put((byte) (v ? 1 : 0)); }
            default -> throw new AssertionError();
        }
        return b.setTensorContent(ByteString.copyFrom(buf.array())).build();
    }

    /** A string vector, as the saver's tensor-name constants hold. */
    static TensorProto strings(List<String> values) {
        TensorProto.Builder b = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(shape(Shape.of(values.size())));
        for (String v : values) b.addStringVal(ByteString.copyFromUtf8(v));
        return b.build();
    }

    // ---- reading ----

    /**
     * A static shape: -1 is an unknown dimension; anything below, or beyond int range, is malformed. The known
     * dimensions' product must fit an int, as a Nagare tensor's element count does ({@link Shape#size}).
     */
    static Shape shape(TensorShapeProto p) {
        if (p.getUnknownRank()) {
            if (p.getDimCount() > 0) throw BadModel.bad("a shape of unknown rank lists " + p.getDimCount() + " dimensions");
            return Shape.unknownRank();
        }
        if (p.getDimCount() > MAX_RANK) throw BadModel.bad("a shape of rank " + p.getDimCount() + " (at most " + MAX_RANK + ")");
        int[] dims = new int[p.getDimCount()];
        long product = 1;
        for (int i = 0; i < dims.length; i++) {
            long d = p.getDim(i).getSize();
            if (d < -1 || d > Integer.MAX_VALUE) throw BadModel.bad("dimension " + i + " of a shape has size " + d);
            dims[i] = (int) d;
            // in Shape.size's order, so that what passes here has a size; product <= 2^31-1 before each step
            if (d >= 0 && (product *= d) > Integer.MAX_VALUE) {
                throw BadModel.unsupported("a shape " + shapeText(p) + " holds more than 2^31-1 elements, more than a Nagare tensor can");
            }
        }
        return Shape.of(dims);
    }

    private static String shapeText(TensorShapeProto p) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < p.getDimCount(); i++) b.append(i == 0 ? "" : ", ").append(p.getDim(i).getSize());
        return b.append(']').toString();
    }

    /** The shape of a concrete value: every dimension known. */
    static Shape concreteShape(TensorShapeProto p) {
        Shape s = shape(p);
        if (!s.isFullyDefined()) throw BadModel.bad("a tensor value has the partial shape " + s);
        return s;
    }

    /** The tensor a TensorProto holds; values it repeats to fill its shape are charged to {@code budget}. */
    static Tensor tensor(TensorProto p, ExpansionBudget budget) {
        DType t = DTypes.fromTf(p.getDtypeValue());
        Shape s = concreteShape(p.getTensorShape());
        int size = s.size();
        ByteString content = p.getTensorContent();
        if (!content.isEmpty() && t != DType.STRING) {
            long expected = (long) size * t.byteSize();
            if (content.size() != expected) {
                throw BadModel.bad("a " + t + s + " tensor needs " + expected + " bytes of content, it has " + content.size());
            }
            return Tensor.of(t, s, decode(t, content.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), size));
        }
        Object stored = t == DType.STRING ? bytes(p).toArray(byte[][]::new) : typedValues(t, p);
        int count = Array.getLength(stored);
        if (count > size) throw BadModel.bad("a " + t + s + " tensor stores " + count + " values");
        if (count == size) return Tensor.of(t, s, stored);
        budget.charge((long) size * t.byteSize(), "a " + t + s + " tensor would expand " + count + " stored values to " + size + " elements");
        // Fewer values than elements: the last one repeats (none stored means zeros, or empty strings).
        if (count == 0) return Tensor.zeros(t, s);
        Object full = Array.newInstance(stored.getClass().getComponentType(), size);
        System.arraycopy(stored, 0, full, 0, count);
        if (count > 0) for (int i = count; i < size; i++) System.arraycopy(stored, count - 1, full, i, 1);
        return Tensor.of(t, s, full);
    }

    /**
     * The strings of a DT_STRING tensor (the saver's tensor names), UTF-8 decoded: from string_val, or from
     * tensor_content, where TensorFlow's C API puts them as every length (varint32) followed by all the bytes.
     */
    static List<String> strings(TensorProto p) {
        List<String> out = new ArrayList<>();
        for (byte[] b : bytes(p)) out.add(new String(b, StandardCharsets.UTF_8));
        return out;
    }

    /** The byte strings a DT_STRING tensor stores (from string_val, or from tensor_content as {@link #strings} says). */
    private static List<byte[]> bytes(TensorProto p) {
        if (p.getDtypeValue() != DataType.DT_STRING_VALUE) throw BadModel.bad("expected a string tensor, got " + DTypes.name(p.getDtypeValue()));
        int n = concreteShape(p.getTensorShape()).size();
        ByteString content = p.getTensorContent();
        if (content.isEmpty()) {
            if (p.getStringValCount() > n) throw BadModel.bad("a string tensor of " + n + " elements stores " + p.getStringValCount() + " values");
            List<byte[]> out = new ArrayList<>(p.getStringValCount());
            for (ByteString b : p.getStringValList()) out.add(b.toByteArray());
            return out;
        }
        if (n > content.size()) throw BadModel.bad("a string tensor of " + n + " elements in " + content.size() + " bytes");
        ByteBuffer in = content.asReadOnlyByteBuffer();
        int[] lengths = new int[n];
        long total = 0;
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = varint32(in);
            total += lengths[i];
        }
        if (total != in.remaining()) throw BadModel.bad("a string tensor's lengths add up to " + total + " bytes, " + in.remaining() + " follow");
        List<byte[]> out = new ArrayList<>(lengths.length);
        for (int len : lengths) {
            byte[] b = new byte[len];
            in.get(b);
            out.add(b);
        }
        return out;
    }

    private static int varint32(ByteBuffer in) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (!in.hasRemaining()) throw BadModel.bad("a string tensor's content ends inside a length");
            byte b = in.get();
            result |= (b & 0x7f) << shift;
            if (b >= 0) {
                if (result < 0) throw BadModel.bad("a string tensor holds a negative length");
                return result;
            }
        }
        throw BadModel.bad("a string tensor's length is not a varint32");
    }

    private static Object decode(DType t, ByteBuffer in, int n) {
        return switch (t) {
            case FLOAT32 -> { float[] a = new float[n]; in.asFloatBuffer().get(a); yield a; }
            case FLOAT64 -> { double[] a = new double[n]; in.asDoubleBuffer().get(a); yield a; }
            case INT32 -> { int[] a = new int[n]; in.asIntBuffer().get(a); yield a; }
            case INT64 -> { long[] a = new long[n]; in.asLongBuffer().get(a); yield a; }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = in.get(i) != 0; yield a; }
            case STRING -> throw new AssertionError("strings are not fixed-size content");
        };
    }

    private static Object typedValues(DType t, TensorProto p) {
        return switch (t) {
            case FLOAT32 -> { float[] a = new float[p.getFloatValCount()]; for (int i = 0; i < a.length; i++) a[i] = p.getFloatVal(i); yield a; }
            case FLOAT64 -> { double[] a = new double[p.getDoubleValCount()]; for (int i = 0; i < a.length; i++) a[i] = p.getDoubleVal(i); yield a; }
            case INT32 -> { int[] a = new int[p.getIntValCount()]; for (int i = 0; i < a.length; i++) a[i] = p.getIntVal(i); yield a; }
            case INT64 -> { long[] a = new long[p.getInt64ValCount()]; for (int i = 0; i < a.length; i++) a[i] = p.getInt64Val(i); yield a; }
            case BOOL -> { boolean[] a = new boolean[p.getBoolValCount()]; for (int i = 0; i < a.length; i++) a[i] = p.getBoolVal(i); yield a; }
            case STRING -> throw new AssertionError("strings are read by bytes()");
        };
    }
}
