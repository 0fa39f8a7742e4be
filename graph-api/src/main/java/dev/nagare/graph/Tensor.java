package dev.nagare.graph;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A dense host tensor: a dtype, a fully known shape and its elements in row-major order, held in a Java
 * primitive array ({@code float[]}, {@code double[]}, {@code int[]}, {@code long[]} or {@code boolean[]}), or
 * for {@link DType#STRING} a {@code byte[][]} with one byte string per element (Java strings are stored as
 * their UTF-8 bytes, as TensorFlow stores them).
 *
 * <p>Tensors are values: nothing in Nagare writes into a tensor's array after it was made. The factories
 * that take a flat array take ownership of it without copying; callers must not change it afterwards.
 */
public final class Tensor implements TensorValue {
    private final DType dtype;
    private final Shape shape;
    private final Object data;

    private Tensor(DType dtype, Shape shape, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    // ---- flat factories (take ownership of the array) ----

    public static Tensor of(Shape shape, float[] data) { return checked(DType.FLOAT32, shape, data, data.length); }
    public static Tensor of(Shape shape, double[] data) { return checked(DType.FLOAT64, shape, data, data.length); }
    public static Tensor of(Shape shape, int[] data) { return checked(DType.INT32, shape, data, data.length); }
    public static Tensor of(Shape shape, long[] data) { return checked(DType.INT64, shape, data, data.length); }
    public static Tensor of(Shape shape, boolean[] data) { return checked(DType.BOOL, shape, data, data.length); }
    /** A string tensor; takes ownership of the array and of each element's bytes. */
    public static Tensor of(Shape shape, byte[][] data) { return checked(DType.STRING, shape, data, data.length); }

    /** A string tensor of the strings' UTF-8 bytes. */
    public static Tensor of(Shape shape, String[] data) {
        byte[][] bytes = new byte[data.length][];
        for (int i = 0; i < data.length; i++) bytes[i] = utf8(data[i], i);
        return checked(DType.STRING, shape, bytes, bytes.length);
    }

    /** Wraps a primitive array of the dtype's element type. */
    public static Tensor of(DType dtype, Shape shape, Object data) {
        Class<?> expected = arrayClass(dtype);
        if (data.getClass() != expected) {
            throw new IllegalArgumentException("a " + dtype + " tensor needs a " + expected.getSimpleName() + ", got " + data.getClass().getSimpleName());
        }
        return checked(dtype, shape, data, Array.getLength(data));
    }

    private static Tensor checked(DType dtype, Shape shape, Object data, int length) {
        if (!shape.isFullyDefined()) throw new IllegalArgumentException("a tensor needs a fully known shape, got " + shape);
        if (shape.size() != length) {
            throw new IllegalArgumentException("shape " + shape + " holds " + shape.size() + " elements but " + length + " were given");
        }
        if (data instanceof byte[][] strings) {
            for (int i = 0; i < strings.length; i++) {
                if (strings[i] == null) throw new IllegalArgumentException("string element " + i + " is null; use an empty string");
            }
        }
        return new Tensor(dtype, shape, data);
    }

    /** A tensor of the given dtype and shape with every element zero (false, or the empty string). */
    public static Tensor zeros(DType dtype, Shape shape) {
        if (dtype == DType.STRING) {
            byte[][] empty = new byte[shape.size()][];
            Arrays.fill(empty, new byte[0]);
            return new Tensor(dtype, shape, empty);
        }
        return new Tensor(dtype, shape, Array.newInstance(arrayClass(dtype).getComponentType(), shape.size()));
    }

    // ---- scalars ----

    public static Tensor scalar(float v) { return new Tensor(DType.FLOAT32, Shape.scalar(), new float[] {v}); }
    public static Tensor scalar(double v) { return new Tensor(DType.FLOAT64, Shape.scalar(), new double[] {v}); }
    public static Tensor scalar(int v) { return new Tensor(DType.INT32, Shape.scalar(), new int[] {v}); }
    public static Tensor scalar(long v) { return new Tensor(DType.INT64, Shape.scalar(), new long[] {v}); }
    public static Tensor scalar(boolean v) { return new Tensor(DType.BOOL, Shape.scalar(), new boolean[] {v}); }
    /** A string scalar of {@code v}'s UTF-8 bytes. */
    public static Tensor scalar(String v) { return new Tensor(DType.STRING, Shape.scalar(), new byte[][] {utf8(v, 0)}); }
    /** A string scalar holding {@code v} (not copied). */
    public static Tensor scalar(byte[] v) { return of(Shape.scalar(), new byte[][] {v}); }

    private static byte[] utf8(String s, int index) {
        if (s == null) throw new IllegalArgumentException("string element " + index + " is null; use an empty string");
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A tensor from a Java scalar ({@code Float}, {@code Double}, {@code Integer}, {@code Long},
     * {@code Boolean}) or a nested, rectangular primitive array such as {@code float[][]}. Copies. Strings:
     * a {@code String} or a {@code byte[]} is a string scalar, {@code String[][]} or {@code byte[][][]} a
     * rank-2 string tensor, and so on (a {@code byte[]} is always one element, never a vector).
     */
    public static Tensor fromJava(Object value) {
        // instanceof tests, not a switch on the type: each type switch spins a class with the class-file API at its
        // first use, which JDK 25's start-up cache does not keep (some 50 ms of a cold start, the add sample's).
        if (value instanceof Float f) return scalar(f);
        if (value instanceof Double d) return scalar(d);
        if (value instanceof Integer i) return scalar(i);
        if (value instanceof Long l) return scalar(l);
        if (value instanceof Boolean b) return scalar(b);
        if (value instanceof String str) return scalar(str);
        if (value instanceof byte[] bytes) return scalar(bytes.clone());
        if (value instanceof Tensor t) return t;
        if (!value.getClass().isArray()) {
            throw new IllegalArgumentException("cannot make a tensor from a " + value.getClass().getName());
        }
        Class<?> leaf = value.getClass();
        int rank = 0;
        while (leaf.isArray() && leaf != byte[].class) { leaf = leaf.getComponentType(); rank++; }
        DType dtype = dtypeOfElement(leaf);
        if (dtype == DType.STRING) return strings(value, rank);
        int[] dims = new int[rank];
        Object level = value;
        for (int i = 0; i < rank; i++) {
            dims[i] = Array.getLength(level);
            if (dims[i] == 0 || i == rank - 1) break;
            level = Array.get(level, 0);
        }
        Shape shape = Shape.of(dims);
        Object flat = Array.newInstance(leaf, shape.size());
        int[] cursor = {0};
        flatten(value, 0, dims, flat, cursor);
        return new Tensor(dtype, shape, flat);
    }

    private static void flatten(Object level, int depth, int[] dims, Object flat, int[] cursor) {
        int n = Array.getLength(level);
        if (n != dims[depth]) {
            throw new IllegalArgumentException("ragged array: dimension " + depth + " has lengths " + dims[depth] + " and " + n);
        }
        if (depth == dims.length - 1) {
            System.arraycopy(level, 0, flat, cursor[0], n);
            cursor[0] += n;
            return;
        }
        for (int i = 0; i < n; i++) flatten(Array.get(level, i), depth + 1, dims, flat, cursor);
    }

    /** A string tensor from nested arrays whose leaves are {@code String} or {@code byte[]} (copied). */
    private static Tensor strings(Object value, int rank) {
        int[] dims = new int[rank];
        Object level = value;
        for (int i = 0; i < rank; i++) {
            dims[i] = Array.getLength(level);
            if (dims[i] == 0 || i == rank - 1) break;
            level = Array.get(level, 0);
        }
        Shape shape = Shape.of(dims);
        Object[] flat = new Object[shape.size()];
        flatten(value, 0, dims, flat, new int[] {0});
        byte[][] bytes = new byte[flat.length][];
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] instanceof String str) bytes[i] = utf8(str, i);
            else if (flat[i] instanceof byte[] b) bytes[i] = b.clone();
            else if (flat[i] == null) throw new IllegalArgumentException("string element " + i + " is null; use an empty string");
            else throw new AssertionError();
        }
        return new Tensor(DType.STRING, shape, bytes);
    }

    private static DType dtypeOfElement(Class<?> c) {
        if (c == float.class) return DType.FLOAT32;
        if (c == double.class) return DType.FLOAT64;
        if (c == int.class) return DType.INT32;
        if (c == long.class) return DType.INT64;
        if (c == boolean.class) return DType.BOOL;
        if (c == String.class || c == byte[].class) return DType.STRING;
        throw new IllegalArgumentException("tensors hold float, double, int, long, boolean or string (String or byte[]) elements, not " + c.getName());
    }

    /** The primitive array class that holds elements of {@code dtype}. */
    public static Class<?> arrayClass(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case INT32 -> int[].class;
            case INT64 -> long[].class;
            case BOOL -> boolean[].class;
            case STRING -> byte[][].class;
        };
    }

    // ---- accessors ----

    @Override public DType dtype() { return dtype; }
    @Override public Shape shape() { return shape; }
    public int size() { return Array.getLength(data); }
    public int rank() { return shape.rank(); }

    /** The backing array; read it, never write it. */
    public float[] floatData() { return (float[]) checkType(DType.FLOAT32); }
    public double[] doubleData() { return (double[]) checkType(DType.FLOAT64); }
    public int[] intData() { return (int[]) checkType(DType.INT32); }
    public long[] longData() { return (long[]) checkType(DType.INT64); }
    public boolean[] boolData() { return (boolean[]) checkType(DType.BOOL); }
    /** One byte string per element; neither the array nor any element may be written. */
    public byte[][] stringData() { return (byte[][]) checkType(DType.STRING); }
    /** The backing array as an Object, for code generic over dtypes. */
    public Object data() { return data; }

    private Object checkType(DType wanted) {
        if (dtype != wanted) throw new IllegalStateException("tensor holds " + dtype + ", not " + wanted);
        return data;
    }

    public float floatValue() { return floatData()[scalarIndex()]; }
    public double doubleValue() { return doubleData()[scalarIndex()]; }
    public int intValue() { return intData()[scalarIndex()]; }
    public long longValue() { return longData()[scalarIndex()]; }
    public boolean boolValue() { return boolData()[scalarIndex()]; }
    /** The one byte string of a string scalar (not a copy: do not write it). */
    public byte[] bytesValue() { return stringData()[scalarIndex()]; }
    /** The one element of a string scalar, decoded as UTF-8. */
    public String stringValue() { return new String(bytesValue(), StandardCharsets.UTF_8); }
    /** Element {@code i} of a string tensor in row-major order, decoded as UTF-8. */
    public String getString(int i) { return new String(stringData()[i], StandardCharsets.UTF_8); }

    private int scalarIndex() {
        if (size() != 1) throw new IllegalStateException("tensor of shape " + shape + " is not a scalar");
        return 0;
    }

    /** Element {@code i} in row-major order as a double (bool as 0 or 1), for tests and printing; not for strings. */
    public double getDouble(int i) {
        return switch (dtype) { // on the dtype, not the array's type: see fromJava
            case FLOAT32 -> ((float[]) data)[i];
            case FLOAT64 -> ((double[]) data)[i];
            case INT32 -> ((int[]) data)[i];
            case INT64 -> ((long[]) data)[i];
            case BOOL -> ((boolean[]) data)[i] ? 1 : 0;
            case STRING -> throw new IllegalStateException("a string tensor has no numeric elements");
        };
    }

    /**
     * The elements as a nested Java array ({@code float[][]} for a rank-2 float32), or a boxed scalar; strings
     * as their bytes ({@code byte[][]} for a string vector, a {@code byte[]} for a string scalar).
     */
    public Object toJava() {
        if (shape.rank() == 0) return Array.get(data, 0);
        return nest(0, 0);
    }

    private Object nest(int depth, int offset) {
        int[] dims = shape.dims();
        if (depth == dims.length - 1) {
            Object row = Array.newInstance(data.getClass().getComponentType(), dims[depth]);
            System.arraycopy(data, offset, row, 0, dims[depth]);
            return row;
        }
        int stride = 1;
        for (int i = depth + 1; i < dims.length; i++) stride *= dims[i];
        Class<?> rowClass = data.getClass();
        for (int i = depth + 1; i < dims.length; i++) rowClass = rowClass.arrayType();
        Object out = Array.newInstance(rowClass.getComponentType(), dims[depth]);
        for (int i = 0; i < dims[depth]; i++) Array.set(out, i, nest(depth + 1, offset + i * stride));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor t) || t.dtype != dtype || !t.shape.equals(shape)) return false;
        return Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
    }

    @Override
    public int hashCode() { return 31 * shape.hashCode() + Arrays.deepHashCode(new Object[] {data}); }

    /** Prints the values the way NumPy does without padding: {@code [[4, 6], [4, 6]]}, or {@code 3} for a scalar. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (shape.rank() == 0) return element(0);
        format(sb, 0, 0);
        return sb.toString();
    }

    private void format(StringBuilder sb, int depth, int offset) {
        int[] dims = shape.dims();
        int stride = 1;
        for (int i = depth + 1; i < dims.length; i++) stride *= dims[i];
        sb.append('[');
        int n = dims[depth];
        int shown = n > 20 ? 6 : n; // long axes print their ends only
        for (int i = 0; i < n; i++) {
            if (i == shown / 2 && shown < n) { sb.append("..., "); i = n - shown / 2; }
            if (i > 0 && sb.charAt(sb.length() - 1) != ' ') sb.append(", ");
            if (depth == dims.length - 1) sb.append(element(offset + i));
            else format(sb, depth + 1, offset + i * stride);
        }
        sb.append(']');
    }

    private String element(int i) {
        return switch (dtype) { // on the dtype, not the array's type: see fromJava
            case FLOAT32 -> formatFloat(((float[]) data)[i]);
            case FLOAT64 -> formatDouble(((double[]) data)[i]);
            case INT32 -> Integer.toString(((int[]) data)[i]);
            case INT64 -> Long.toString(((long[]) data)[i]);
            case BOOL -> Boolean.toString(((boolean[]) data)[i]);
            case STRING -> quoted(((byte[][]) data)[i]);
        };
    }

    /** A byte string in double quotes: printable ASCII as it is, other bytes as \xNN (as Python prints bytes). */
    private static String quoted(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') sb.append('\\').append((char) c);
            else if (c >= 0x20 && c < 0x7f) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

    private static String formatFloat(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return (long) v + ".";
        return Float.toString(v);
    }

    private static String formatDouble(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return (long) v + ".";
        return Double.toString(v);
    }
}
