package dev.nagare.ops;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import java.util.List;

/**
 * How an op is written as a TensorFlow node and read back, as plain data: the TensorFlow op's name, the
 * attr that carries the inputs' dtype, and where each of the op's attrs goes there (a TensorFlow attr, or a
 * constant input). The interop module turns this into NodeDefs and back; the ops module knows no protobuf.
 *
 * @param op       the TensorFlow op ({@code null} for {@link #NONE})
 * @param typeAttr the TensorFlow attr that holds input 0's dtype ({@code "T"}), or null when it has none
 * @param typeDefault TensorFlow's default of the type attr (left out when it holds it), or null
 * @param attrs    where each attr of the op goes, in any order
 */
public record TfMapping(String op, String typeAttr, DType typeDefault, List<TfAttr> attrs) {
    /** TensorFlow has no such op: exporting it fails naming the node. */
    public static final TfMapping NONE = new TfMapping(null, null, null, List.of());

    /**
     * One attr's place in TensorFlow: attr {@code tfName} when {@code input} is -1, else the constant
     * input at that position (an int scalar or int vector, as TensorFlow's axes and sizes are).
     */
    public record TfAttr(Attr<?> attr, String tfName, int input, boolean absentMeansAllAxes) {}

    /** The same name in TensorFlow, inputs as they are, input 0's dtype in attr {@code T}. */
    public static TfMapping same(String op) { return new TfMapping(op, "T", null, List.of()); }

    /** As {@link #same}, without a type attr (the logical ops: bool only). */
    public static TfMapping untyped(String op) { return new TfMapping(op, null, null, List.of()); }

    /** This mapping with attr {@code a} written as TensorFlow attr {@code tfName}. */
    public TfMapping attr(Attr<?> a, String tfName) { return plus(new TfAttr(a, tfName, -1, false)); }

    /** This mapping with attr {@code a} written as the constant input at position {@code input}. */
    public TfMapping input(Attr<?> a, int input) { return plus(new TfAttr(a, a.name(), input, false)); }

    /**
     * This mapping with the axes of a reduction written as the constant input at {@code input}; an absent
     * attr (Nagare's "all axes") is written as every axis of input 0, which needs its rank.
     */
    public TfMapping axesInput(Attr<int[]> a, int input) { return plus(new TfAttr(a, a.name(), input, true)); }

    /** This mapping, noting TensorFlow's default of the type attr. */
    public TfMapping typeDefault(DType t) { return new TfMapping(op, typeAttr, t, attrs); }

    public boolean exists() { return op != null; }

    private TfMapping plus(TfAttr a) {
        List<TfAttr> all = new java.util.ArrayList<>(attrs);
        all.add(a);
        return new TfMapping(op, typeAttr, typeDefault, List.copyOf(all));
    }
}
