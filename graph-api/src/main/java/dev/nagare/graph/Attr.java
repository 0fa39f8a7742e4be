package dev.nagare.graph;

import java.util.Arrays;

/**
 * One typed attribute of an op: its name, the Java type of its value and its default. An op that declares
 * its attributes ({@link OpType#attrs()}) gets every node checked when it is added: no unknown names, no
 * value of another type, no required attribute missing. Nodes and shape rules read them through
 * {@link Node#attr(Attr)} and {@link InferenceContext#attr(Attr)}, which give the default when absent.
 *
 * @param defaultValue the value an absent attribute has; null with {@code required} false means "absent"
 *                     is itself meaningful (a reduction's absent axes: all of them)
 */
public record Attr<T>(String name, Class<T> type, T defaultValue, boolean required) {
    public static Attr<Boolean> flag(String name, boolean defaultValue) { return new Attr<>(name, Boolean.class, defaultValue, false); }
    public static Attr<Integer> integer(String name, int defaultValue) { return new Attr<>(name, Integer.class, defaultValue, false); }
    public static Attr<Integer> integer(String name) { return new Attr<>(name, Integer.class, null, true); }
    public static Attr<Double> real(String name, double defaultValue) { return new Attr<>(name, Double.class, defaultValue, false); }
    public static Attr<DType> dtype(String name, DType defaultValue) { return new Attr<>(name, DType.class, defaultValue, false); }
    public static Attr<DType> dtype(String name) { return new Attr<>(name, DType.class, null, true); }
    public static Attr<int[]> ints(String name) { return new Attr<>(name, int[].class, null, true); }
    /** An int list that may be absent (the op then says what absence means). */
    public static Attr<int[]> optionalInts(String name) { return new Attr<>(name, int[].class, null, false); }
    public static Attr<String> string(String name, String defaultValue) { return new Attr<>(name, String.class, defaultValue, false); }

    /** The value in {@code attrs}, else the default; fails naming the node when it is of another type. */
    T read(String node, String op, java.util.Map<String, Object> attrs) {
        Object v = attrs.get(name);
        if (v == null) {
            if (required) throw GraphException.at(node, op, "missing attribute '" + name + "'");
            return defaultValue;
        }
        if (!type.isInstance(v)) {
            throw GraphException.at(node, op, "attribute '" + name + "' must be a " + type.getSimpleName() + ", got " + v.getClass().getSimpleName());
        }
        return type.cast(v);
    }

    @Override
    public String toString() {
        String d = defaultValue instanceof int[] a ? Arrays.toString(a) : String.valueOf(defaultValue);
        return name + ": " + type.getSimpleName() + (required ? "" : " = " + d);
    }
}
