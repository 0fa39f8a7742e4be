package dev.nagare.ops;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.OpType;
import dev.nagare.graph.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one entry of an op: everything the engine, the exporter and the tests need to know about it.
 * <ul>
 *   <li>{@link #inputs()}: each input's name and allowed dtypes, checked before the shape rule runs;</li>
 *   <li>{@link #attrs()}: typed attributes with defaults, checked on every node the graph adds;</li>
 *   <li>the dtype-and-shape rule ({@link #infer});</li>
 *   <li>the gradient decision: a rule ({@link #gradientRule()}) or "not differentiable", said once;</li>
 *   <li>{@link #tf()}: the TensorFlow op it is written as and read from, and where each attr goes there;</li>
 *   <li>{@link #tests()}: a float64 reference and sample inputs, from which the op tests are generated.</li>
 * </ul>
 * An entry is built as a chain of {@code with}-style calls that each return a changed copy:
 * <pre>{@code
 * OpDef.op("Softplus").takes(Input.of("features", DTypes.FLOATING)).withAttrs().infer(Rules::likeInput0)
 *      .gradient((tf, op, g) -> List.of(tf.mul(g.get(0), tf.sigmoid(op.input(0)))))
 *      .tf(TfMapping.same("Softplus")).tests(() -> OpTests.unary(x -> Math.log1p(Math.exp(x)), -30, 30));
 * }</pre>
 * Entries made with {@link #pure} before issue 11 declare only part of this; {@code EntryCompletenessTest}
 * names what each op still lacks.
 */
public final class OpDef implements OpType {
    /** The dtype-and-shape rule: returns the outputs' specs or throws {@code ctx.fail(...)}. */
    @FunctionalInterface
    public interface Inference {
        List<TensorSpec> infer(InferenceContext ctx);
    }

    /** One input: its name (as TensorFlow's op definition calls it) and the dtypes it takes. */
    public record Input(String name, Set<DType> dtypes, boolean variadic, boolean optional) {
        public static Input of(String name, Set<DType> dtypes) { return new Input(name, Set.copyOf(dtypes), false, false); }

        /** A list of any length (at least one) of inputs alike, as AddN's. */
        public static Input list(String name, Set<DType> dtypes) { return new Input(name, Set.copyOf(dtypes), true, false); }

        /**
         * A last input that may be left out: a value the op otherwise takes from an attr (Reshape's shape,
         * computed at run time instead of fixed when the graph is built).
         */
        public static Input optional(String name, Set<DType> dtypes) { return new Input(name, Set.copyOf(dtypes), false, true); }

        /** A list of any length, none included (If's captured values). */
        public static Input optionalList(String name, Set<DType> dtypes) { return new Input(name, Set.copyOf(dtypes), true, true); }
    }

    /** Dtype sets inputs take. */
    public static final class DTypes {
        private DTypes() {}
        public static final Set<DType> FLOATING = EnumSet.of(DType.FLOAT32, DType.FLOAT64);
        public static final Set<DType> INTEGER = EnumSet.of(DType.INT32, DType.INT64);
        public static final Set<DType> NUMERIC = EnumSet.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64);
        public static final Set<DType> BOOL = EnumSet.of(DType.BOOL);
        /** Numbers and bools: strings are taken only by the ops that move whole elements (see the string kernels). */
        public static final Set<DType> ALL = EnumSet.complementOf(EnumSet.of(DType.STRING));
        /** Every dtype, strings too: the ops that only move whole elements, which have string kernels as well. */
        public static final Set<DType> ANY = EnumSet.allOf(DType.class);
    }

    /** Marks {@link #kernelDtypeInput()} for ops whose kernel is chosen by their first output's dtype. */
    public static final int BY_OUTPUT = OpType.BY_OUTPUT;

    /** The parts of an entry; each builder method copies them with one part changed. */
    private record Parts(String name, Inference inference, boolean stateful, int refInputs, int kernelDtypeInput,
                         Gradient gradient, boolean differentiable, List<Input> inputs, List<Attr<?>> attrs,
                         TfMapping tf, Tests tests) {}

    /**
     * An entry's test needs, made on first use: the samples and float64 references are for the generated op
     * tests only, so a program that builds a graph never makes them (they were most of the ops' start-up time).
     */
    private static final class Tests {
        private final String op;
        private Supplier<OpTests> make;
        private volatile OpTests made;

        Tests(String op, OpTests made, Supplier<OpTests> make) {
            this.op = op;
            this.made = made;
            this.make = make;
        }

        OpTests get() {
            OpTests t = made;
            if (t != null) return t;
            synchronized (this) {
                if (made == null) {
                    made = Objects.requireNonNull(make.get(), () -> "the tests of op " + op + " are null");
                    make = null;
                }
                return made;
            }
        }
    }

    private final Parts p;

    private OpDef(Parts parts) { this.p = parts; }

    /** An op whose parts are still to be declared: its kernel is chosen by its first input's dtype. */
    public static OpDef op(String name) {
        return new OpDef(new Parts(name, null, false, 0, 0, null, true, null, null, null, null));
    }

    /** A pure op with its dtype-and-shape rule; its gradient is still to be declared. */
    public static OpDef pure(String name, Inference inference) { return op(name).infer(inference); }

    public OpDef infer(Inference rule) { return with(new Parts(p.name, rule, p.stateful, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, p.inputs, p.attrs, p.tf, p.tests)); }

    /** The op's inputs with the dtypes each takes: checked on every node before the shape rule runs. */
    public OpDef takes(Input... in) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, List.of(in), p.attrs, p.tf, p.tests)); }

    /** The op's attributes, typed and with defaults (none: {@code withAttrs()} with no arguments). */
    public OpDef withAttrs(Attr<?>... a) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, p.inputs, List.of(a), p.tf, p.tests)); }

    /** The same op, with its kernel chosen by input {@code index} (or {@link #BY_OUTPUT}). */
    public OpDef kernelDtypeFrom(int index) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, index, p.gradient, p.differentiable, p.inputs, p.attrs, p.tf, p.tests)); }

    /** The same op, marked as reading state that lives outside the graph (a variable, a random stream). */
    public OpDef readsState() { return with(new Parts(p.name, p.inference, true, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, p.inputs, p.attrs, p.tf, p.tests)); }

    /**
     * The same op, marked as writing the variables named by its first {@code refInputs} inputs: a run that
     * contains it holds the Session's state exclusively. Updates have no gradient.
     */
    public OpDef writesState(int refInputCount) { return with(new Parts(p.name, p.inference, true, refInputCount, p.kernelDtypeInput, null, false, p.inputs, p.attrs, p.tf, p.tests)); }

    /** The same op with its gradient rule. */
    public OpDef gradient(Gradient rule) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, rule, true, p.inputs, p.attrs, p.tf, p.tests)); }

    /** The same op, declared to pass no gradient to any input (comparisons, indices, shapes, random draws). */
    public OpDef notDifferentiable() { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, null, false, p.inputs, p.attrs, p.tf, p.tests)); }

    /** How the op is written as a TensorFlow node and read back ({@link TfMapping#NONE}: TensorFlow has no such op). */
    public OpDef tf(TfMapping mapping) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, p.inputs, p.attrs, mapping, p.tests)); }

    /** What the generated tests need: the float64 reference and the sample inputs. */
    public OpDef tests(OpTests t) { return testsPart(new Tests(p.name, Objects.requireNonNull(t, "tests"), null)); }

    /** As {@link #tests(OpTests)}, made on the first call of {@link #tests()} (never, in a program that only runs graphs). */
    public OpDef tests(Supplier<OpTests> make) { return testsPart(new Tests(p.name, null, Objects.requireNonNull(make, "tests"))); }

    private OpDef testsPart(Tests t) { return with(new Parts(p.name, p.inference, p.stateful, p.refInputs, p.kernelDtypeInput, p.gradient, p.differentiable, p.inputs, p.attrs, p.tf, t)); }

    private static OpDef with(Parts parts) { return new OpDef(parts); }

    @Override public String name() { return p.name; }

    /** Checks the inputs against their declaration (arity and dtypes), then runs the shape rule. */
    @Override
    public List<TensorSpec> infer(InferenceContext ctx) {
        if (p.inference == null) throw ctx.fail("op " + p.name + " has no shape rule");
        if (p.inputs != null) checkInputs(ctx);
        return p.inference.infer(ctx);
    }

    private void checkInputs(InferenceContext ctx) {
        boolean variadic = !p.inputs.isEmpty() && p.inputs.get(p.inputs.size() - 1).variadic();
        int fixed = variadic ? p.inputs.size() - 1 : p.inputs.size();
        int optional = (int) p.inputs.stream().filter(Input::optional).count();
        boolean emptyList = variadic && p.inputs.get(p.inputs.size() - 1).optional();
        if (variadic ? ctx.inputCount() < (emptyList ? fixed : fixed + 1) : ctx.inputCount() < fixed - optional || ctx.inputCount() > fixed) {
            String count = variadic ? "at least " + (emptyList ? fixed : fixed + 1) : optional > 0 ? (fixed - optional) + " or " + fixed : String.valueOf(fixed);
            throw ctx.fail("takes " + count + " input(s) " + inputNames() + ", got " + ctx.inputCount());
        }
        for (int i = 0; i < ctx.inputCount(); i++) {
            Input in = p.inputs.get(Math.min(i, p.inputs.size() - 1));
            if (!in.dtypes().contains(ctx.dtype(i))) {
                throw ctx.fail("input " + i + " '" + in.name() + "' must be " + describe(in.dtypes()) + ", got " + ctx.dtype(i));
            }
        }
    }

    private List<String> inputNames() { return p.inputs.stream().map(Input::name).toList(); }

    private static String describe(Set<DType> dtypes) {
        if (dtypes.equals(DTypes.FLOATING)) return "float32 or float64";
        if (dtypes.equals(DTypes.NUMERIC)) return "numeric (float32, float64, int32 or int64)";
        if (dtypes.equals(DTypes.BOOL)) return "bool";
        List<String> names = new ArrayList<>();
        for (DType t : DType.values()) if (dtypes.contains(t)) names.add(t.toString());
        return "one of " + names;
    }

    @Override public boolean isStateful() { return p.stateful; }
    @Override public boolean writesVariables() { return p.refInputs > 0; }

    /**
     * True for an input that names a variable to update rather than a value to read: the first inputs of
     * the ops that write variables. The executor neither computes nor passes it.
     */
    @Override public boolean isRefInput(int index) { return index < p.refInputs; }

    /** Which input's dtype picks the kernel, or {@link #BY_OUTPUT}. */
    @Override public int kernelDtypeInput() { return p.kernelDtypeInput; }

    /** The declared attributes, or null where the entry does not declare them yet. */
    @Override public List<Attr<?>> attrs() { return p.attrs; }

    /** The declared inputs, or null where the entry does not declare them yet. */
    public List<Input> inputs() { return p.inputs; }

    /** The gradient rule, or null when the op passes none (see {@link #isDifferentiable()}) or has none yet. */
    public Gradient gradientRule() { return p.gradient; }

    /** False for ops declared to pass no gradient. */
    public boolean isDifferentiable() { return p.differentiable; }

    /** True when the op's gradient is decided: a rule, "not differentiable", or no inputs to pass one to. */
    public boolean gradientDecided() {
        return p.gradient != null || !p.differentiable || p.inputs != null && p.inputs.isEmpty();
    }

    /** The TensorFlow mapping, or null where the entry does not declare one yet. */
    public TfMapping tf() { return p.tf; }

    /** The generated tests' needs (made now, on the first call), or null where the entry does not declare them yet. */
    public OpTests tests() { return p.tests == null ? null : p.tests.get(); }

    /** The attr of this name among the declared ones. */
    public Attr<?> attr(String name) {
        if (p.attrs != null) for (Attr<?> a : p.attrs) if (a.name().equals(name)) return a;
        throw new IllegalArgumentException(p.name + " declares no attribute '" + name + "'");
    }

    /**
     * What the entry still lacks to be complete (besides a kernel, which the devices know): empty for a
     * complete entry. The completeness test prints these per op.
     */
    public List<String> missingParts() {
        List<String> missing = new ArrayList<>();
        if (p.inputs == null) missing.add("inputs");
        if (p.attrs == null) missing.add("attrs");
        if (!gradientDecided()) missing.add("gradient decision");
        if (p.tf == null) missing.add("TensorFlow mapping");
        if (p.tests == null) missing.add("reference and samples");
        return missing;
    }

    @Override
    public String toString() { return p.name; }

    @Override
    public boolean equals(Object o) { return o instanceof OpDef d && d.p.name.equals(p.name); }

    @Override
    public int hashCode() { return Objects.hash(p.name); }

    /** 0, 1, ..., n - 1. */
    public static int[] range(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }
}
