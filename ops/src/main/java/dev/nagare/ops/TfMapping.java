package dev.nagare.ops;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import java.util.ArrayList;
import java.util.List;

/**
 * How an op is written as a TensorFlow node and read back, as plain data: the TensorFlow op's name, the attrs
 * that carry its inputs' dtypes, and where each of the op's attrs goes there (a TensorFlow attr, or a constant
 * input). The interop module turns this into NodeDefs and back; the ops module knows no protobuf.
 *
 * @param op    the TensorFlow op ({@code null} for {@link #NONE})
 * @param types the TensorFlow type attrs, each holding one input's dtype ({@code T} of input 0, usually)
 * @param attrs where each attr of the op goes, in any order
 */
public record TfMapping(String op, List<TypeAttr> types, List<TfAttr> attrs) {
    /** TensorFlow has no such op: exporting it fails naming the node. */
    public static final TfMapping NONE = new TfMapping(null, List.of(), List.of());

    /**
     * A TensorFlow type attr holding the dtype of Nagare input {@code input}; left out when it equals
     * {@code tfDefault} (null: TensorFlow has no default), as older runtimes reject attrs they do not know.
     */
    public record TypeAttr(String tfName, int input, DType tfDefault, Attr<DType> attr) {
        public TypeAttr(String tfName, int input, DType tfDefault) { this(tfName, input, tfDefault, null); }

        /** The dtype it holds on {@code node}: that of attr {@link #attr} where it names one (OneHot's T), else input {@link #input}'s. */
        public DType of(dev.nagare.graph.Node node) { return attr != null ? node.attr(attr) : node.input(input).dtype(); }
    }

    /**
     * One attr's place in TensorFlow: attr {@code tfName} when {@code input} is -1, else the constant input at
     * that position (an int scalar or int vector, as TensorFlow's axes and sizes are).
     * {@code absentMeansAllAxes}: an absent value is written as every axis of input 0 (a reduction's axes).
     * {@code dtypeLikeInput}: the constant takes that input's integer dtype (-1: int32), where TensorFlow
     * ties the two (ScatterNd's shape and indices).
     */
    public record TfAttr(Attr<?> attr, String tfName, int input, boolean absentMeansAllAxes, int dtypeLikeInput,
                         Attr<DType> dtypeFrom, boolean pairs) {
        public TfAttr(Attr<?> attr, String tfName, int input, boolean absentMeansAllAxes, int dtypeLikeInput) {
            this(attr, tfName, input, absentMeansAllAxes, dtypeLikeInput, null, false);
        }
    }

    /** The same name in TensorFlow, inputs as they are, input 0's dtype in attr {@code T}. */
    public static TfMapping same(String op) { return new TfMapping(op, List.of(new TypeAttr("T", 0, null)), List.of()); }

    /** As {@link #same}, without a type attr (the logical ops: bool only). */
    public static TfMapping untyped(String op) { return new TfMapping(op, List.of(), List.of()); }

    /** This mapping with one more type attr, holding input {@code input}'s dtype. */
    public TfMapping type(String tfName, int input) { return with(new TypeAttr(tfName, input, null), null); }

    /** As {@link #type(String, int)}, left out when it holds TensorFlow's default {@code tfDefault} (OneHot's TI: int64). */
    public TfMapping type(String tfName, int input, DType tfDefault) { return with(new TypeAttr(tfName, input, tfDefault), null); }

    /** This mapping with one more type attr, holding the dtype of the op's attr {@code a} (an output dtype, as OneHot's T). */
    public TfMapping typeFromAttr(String tfName, Attr<DType> a) { return with(new TypeAttr(tfName, -1, null, a), null); }

    /** This mapping noting TensorFlow's default of the type attrs: they are left out when they hold it. */
    public TfMapping typeDefault(DType t) {
        List<TypeAttr> all = new ArrayList<>();
        for (TypeAttr a : types) all.add(new TypeAttr(a.tfName(), a.input(), t, a.attr()));
        return new TfMapping(op, List.copyOf(all), attrs);
    }

    /** This mapping with attr {@code a} written as TensorFlow attr {@code tfName}. */
    public TfMapping attr(Attr<?> a, String tfName) { return with(null, new TfAttr(a, tfName, -1, false, -1)); }

    /** This mapping with attr {@code a} written as the constant input at position {@code input}. */
    public TfMapping input(Attr<?> a, int input) { return with(null, new TfAttr(a, a.name(), input, false, -1)); }

    /** As {@link #input}, the constant of the integer dtype of Nagare input {@code likeInput}. */
    public TfMapping input(Attr<?> a, int input, int likeInput) { return with(null, new TfAttr(a, a.name(), input, false, likeInput)); }

    /** As {@link #input}, for a reduction's axes: absent (all axes) is written as every axis of input 0. */
    public TfMapping axesInput(Attr<int[]> a, int input) { return with(null, new TfAttr(a, a.name(), input, true, -1)); }

    /** As {@link #input}, an int list of (before, after) pairs written as an int32 [n, 2] matrix (MirrorPad's paddings). */
    public TfMapping pairsInput(Attr<int[]> a, int input) { return with(null, new TfAttr(a, a.name(), input, false, -1, null, true)); }

    /** As {@link #input}, a number written as a scalar of the dtype that attr {@code dtype} holds (OneHot's on_value). */
    public TfMapping valueInput(Attr<Double> a, int input, Attr<DType> dtype) { return with(null, new TfAttr(a, a.name(), input, false, -1, dtype, false)); }

    public boolean exists() { return op != null; }

    private TfMapping with(TypeAttr t, TfAttr a) {
        List<TypeAttr> ts = new ArrayList<>(types);
        List<TfAttr> as = new ArrayList<>(attrs);
        if (t != null) ts.add(t);
        if (a != null) as.add(a);
        return new TfMapping(op, List.copyOf(ts), List.copyOf(as));
    }
}
