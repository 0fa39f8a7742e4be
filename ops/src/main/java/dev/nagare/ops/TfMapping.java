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
 * <p>The TensorFlow node's inputs are the Nagare node's, in order, with the constants of the attrs placed on
 * inputs inserted at their positions (and an input that is an attr's value computed at run time moved to its
 * TensorFlow position: Fill's dims come first there).
 *
 * @param op    the TensorFlow op ({@code null} for {@link #NONE})
 * @param types the TensorFlow type attrs, each holding the dtype of one TensorFlow input ({@code T} of input 0, usually)
 * @param attrs where each attr of the op goes, in any order
 * @param count the TensorFlow attr holding the length of the op's input list ({@code N} of ConcatV2), or null
 * @param aliases older TensorFlow ops read the same way (BatchMatMul for BatchMatMulV2); exports write {@code op}
 * @param handRules interop's {@code TfOpMapping} writes and reads the op with rules of its own; the rest of this
 *                mapping (if any) only tells the generated tests which TensorFlow op judges it (see {@link #byHand()})
 */
public record TfMapping(String op, List<TypeAttr> types, List<TfAttr> attrs, String count, List<String> aliases, boolean handRules) {
    /** TensorFlow has no such op: exporting it fails naming the node. */
    public static final TfMapping NONE = new TfMapping(null, List.of(), List.of(), null, List.of(), false);

    /**
     * The op's rules are written by hand in interop's {@code TfOpMapping}: it maps onto several TensorFlow ops
     * (resource variables, V1 and V2 forms), writes function bodies, or carries attrs this data cannot hold.
     */
    public static final TfMapping HAND_WRITTEN = new TfMapping("", List.of(), List.of(), null, List.of(), true);

    /** True for {@link #HAND_WRITTEN} and mappings marked {@link #byHand()}: interop's {@code TfOpMapping} holds their rules. */
    public boolean isHandWritten() { return handRules; }

    /**
     * This mapping, its rules written by hand in interop's {@code TfOpMapping} (which must have them, and fails
     * naming the op when a rule stands beside a mapping not marked so), where they need more than this data says
     * (Div: RealDiv or TruncateDiv by dtype). The generated TensorFlow tests still build TensorFlow's {@code op}
     * from it to judge the hand-written rules.
     */
    public TfMapping byHand() { return new TfMapping(op, types, attrs, count, aliases, true); }

    /** The position of a constant input that comes last, after a list of inputs (ConcatV2's axis). */
    public static final int LAST = Integer.MAX_VALUE;

    /** A {@link TypeAttr} input that means "every input": a list of their dtypes (IdentityN's {@code T}). */
    public static final int ALL_INPUTS = -2;

    /**
     * A TensorFlow type attr holding the dtype of TensorFlow input {@code input} (a constant the mapping writes
     * is int32 unless it says otherwise); left out when it equals {@code tfDefault} (null: TensorFlow has no
     * default), as older runtimes reject attrs they do not know. Where {@code attr} is not null the type attr
     * holds that attr's dtype instead (an output dtype, as OneHot's T), and is read back into it on import.
     */
    public record TypeAttr(String tfName, int input, DType tfDefault, Attr<DType> attr) {
        public TypeAttr(String tfName, int input, DType tfDefault) { this(tfName, input, tfDefault, null); }
    }

    /**
     * One attr's place in TensorFlow: attr {@code tfName} when {@code input} is -1, else the constant input at
     * that position (an int scalar or int vector, as TensorFlow's axes and sizes are).
     * {@code absentMeansAllAxes}: an absent value is written as every axis of input 0 (a reduction's axes).
     * {@code dtypeLikeInput}: the constant takes that input's integer dtype (-1: int32), where TensorFlow
     * ties the two (ScatterNd's shape and indices).
     * {@code dtypeFrom}: a number written as a scalar of the dtype this attr holds (OneHot's on_value; null: float32).
     * {@code pairs}: an int list of (before, after) pairs written as a [n, 2] matrix (Pad's paddings).
     * {@code wiredAs}: where TensorFlow's input is computed at run time rather than a Const, it is wired as
     * Nagare input {@code wiredAs} and the attr is left out (-1: it must be a Const).
     */
    public record TfAttr(Attr<?> attr, String tfName, int input, boolean absentMeansAllAxes, int dtypeLikeInput,
                         Attr<DType> dtypeFrom, boolean pairs, int wiredAs) {}

    /** The same name in TensorFlow, inputs as they are, input 0's dtype in attr {@code T}. */
    public static TfMapping same(String op) { return new TfMapping(op, List.of(new TypeAttr("T", 0, null)), List.of(), null, List.of(), false); }

    /** As {@link #same}, without a type attr (the logical ops: bool only). */
    public static TfMapping untyped(String op) { return new TfMapping(op, List.of(), List.of(), null, List.of(), false); }

    /** This mapping with one more type attr, holding TensorFlow input {@code input}'s dtype. */
    public TfMapping type(String tfName, int input) { return with(new TypeAttr(tfName, input, null), null); }

    /** As {@link #type(String, int)}, left out when it holds TensorFlow's default {@code tfDefault} (OneHot's TI: int64). */
    public TfMapping type(String tfName, int input, DType tfDefault) { return with(new TypeAttr(tfName, input, tfDefault), null); }

    /** This mapping with one more type attr, holding the dtype of the op's attr {@code a} (an output dtype, as OneHot's T). */
    public TfMapping typeFromAttr(String tfName, Attr<DType> a) { return with(new TypeAttr(tfName, -1, null, a), null); }

    /** This mapping noting TensorFlow's default of the type attrs: they are left out when they hold it. */
    public TfMapping typeDefault(DType t) {
        List<TypeAttr> all = new ArrayList<>();
        for (TypeAttr a : types) all.add(new TypeAttr(a.tfName(), a.input(), t, a.attr()));
        return new TfMapping(op, List.copyOf(all), attrs, count, aliases, handRules);
    }

    /** This mapping writing the number of inputs as TensorFlow attr {@code tfName} (the length of its list). */
    public TfMapping count(String tfName) { return new TfMapping(op, types, attrs, tfName, aliases, handRules); }

    /** This mapping also reading TensorFlow op {@code tfOp}, an older form with the same inputs and attrs. */
    public TfMapping alsoReads(String tfOp) {
        List<String> all = new ArrayList<>(aliases);
        all.add(tfOp);
        return new TfMapping(op, types, attrs, count, List.copyOf(all), handRules);
    }

    /** This mapping with attr {@code a} written as TensorFlow attr {@code tfName}. */
    public TfMapping attr(Attr<?> a, String tfName) { return with(null, new TfAttr(a, tfName, -1, false, -1, null, false, -1)); }

    /** This mapping with attr {@code a} written as the constant input at position {@code input} ({@link #LAST}: after all others). */
    public TfMapping input(Attr<?> a, int input) { return with(null, new TfAttr(a, a.name(), input, false, -1, null, false, -1)); }

    /** As {@link #input}, the constant of the integer dtype of Nagare input {@code likeInput}. */
    public TfMapping input(Attr<?> a, int input, int likeInput) { return with(null, new TfAttr(a, a.name(), input, false, likeInput, null, false, -1)); }

    /** As {@link #input}, for a reduction's axes: absent (all axes) is written as every axis of input 0. */
    public TfMapping axesInput(Attr<int[]> a, int input) { return with(null, new TfAttr(a, a.name(), input, true, -1, null, false, -1)); }

    /** As {@link #input}, a flat list of (before, after) pairs written as a [n, 2] int32 matrix. */
    public TfMapping pairsInput(Attr<int[]> a, int input) { return with(null, new TfAttr(a, a.name(), input, false, -1, null, true, -1)); }

    /**
     * As {@link #input}, where TensorFlow may also compute the value at run time: then it is Nagare input
     * {@code nagareInput} (an {@link OpDef.Input#optional} one) and the attr is absent.
     */
    public TfMapping inputOrWired(Attr<?> a, int input, int nagareInput) { return with(null, new TfAttr(a, a.name(), input, false, -1, null, false, nagareInput)); }

    /** As {@link #input}, a number written as a scalar of the dtype that attr {@code dtype} holds (OneHot's on_value). */
    public TfMapping valueInput(Attr<Double> a, int input, Attr<DType> dtype) { return with(null, new TfAttr(a, a.name(), input, false, -1, dtype, false, -1)); }

    public boolean exists() { return op != null; }

    private TfMapping with(TypeAttr t, TfAttr a) {
        List<TypeAttr> ts = new ArrayList<>(types);
        List<TfAttr> as = new ArrayList<>(attrs);
        if (t != null) ts.add(t);
        if (a != null) as.add(a);
        return new TfMapping(op, List.copyOf(ts), List.copyOf(as), count, aliases, handRules);
    }
}
