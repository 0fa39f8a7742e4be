package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Random;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * What the generated op tests need of an entry, as PyTorch's OpInfo holds it: a float64 reference, sample
 * inputs (shapes with broadcasting, rank 0 and empty tensors; value ranges) and the dtypes to run them in.
 * The tests (session-runtime's {@code EntryOpTest}, interop's {@code EntryTfTest}) run every sample in every
 * dtype against the reference, then check shapes, unknown ranks, reused buffers, the gradient by finite
 * differences and TensorFlow's results.
 *
 * @param reference computes the op's outputs in float64 from the node (for its attrs) and the inputs (all of them,
 *                  or output 0 for an entry made with {@link #of})
 * @param samples   the inputs to try; each is run in every dtype of {@code dtypes} where it leaves the dtype open
 * @param dtypes    the dtypes the samples run in (input 0's allowed dtypes, usually)
 * @param float32Tolerance relative tolerance of float32 results (float64 gets 1e-12, integers and bools 0)
 * @param gradientTolerance relative + absolute tolerance of the finite-difference check
 * @param tfDtypes  the dtypes compared with TensorFlow (all of {@code dtypes} unless TensorFlow differs; the
 *                  entry says why)
 * @param gradientOutputs the outputs whose gradients the finite-difference check feeds (null: every floating
 *                  output the reference computes); an output that is itself a derivative (the backprop of
 *                  softmax cross-entropy) is left out
 * @param exemptBecause null, or why the generated tests cannot take the op and which tests check it instead
 *                  (see {@link #exempt})
 */
public record OpTests(Outputs reference, List<Sample> samples, Set<DType> dtypes, double float32Tolerance,
                      double gradientTolerance, Set<DType> tfDtypes, int[] gradientOutputs, String exemptBecause) {
    /** A float64 array with its shape: the reference's currency. */
    public record Values(int[] shape, double[] v) {
        public int size() { return v.length; }

        @Override public String toString() { return Arrays.toString(shape) + Arrays.toString(v); }
    }

    /** The op's output 0, computed in float64 with nothing but plain Java math. */
    @FunctionalInterface
    public interface Reference {
        Values apply(Node node, List<Values> inputs);
    }

    /** Every output of the op (or its first ones), computed in float64 with nothing but plain Java math. */
    @FunctionalInterface
    public interface Outputs {
        List<Values> apply(Node node, List<Values> inputs);
    }

    /**
     * Where an input's values are drawn from: uniform in [lo, hi) (integers: whole numbers in [lo, hi];
     * bools: coin flips). {@code awayFrom}: values within 0.1 of it are redrawn (a kink the gradient check
     * must not straddle, or a zero a divisor must not hit).
     */
    public record Domain(double lo, double hi, Double awayFrom, boolean whole) {
        public static Domain of(double lo, double hi) { return new Domain(lo, hi, null, false); }

        /** Whole numbers in [lo, hi] for every dtype: comparisons see ties, casts see zeros. */
        public static Domain whole(int lo, int hi) { return new Domain(lo, hi, null, true); }

        public Domain awayFrom(double x) { return new Domain(lo, hi, x, whole); }
    }

    /** Uniform in [-3, 3). */
    public static final Domain U = Domain.of(-3, 3);
    /** Positive: [0.1, 4) (integers 1 to 4). */
    public static final Domain POSITIVE = Domain.of(0.1, 4).awayFrom(0);
    /** Magnitudes 0.1 and more, either sign: divisors, and values beside a kink at 0. */
    public static final Domain NON_ZERO = Domain.of(-3, 3).awayFrom(0);

    /**
     * One input of a sample: a dtype (null: the sample's dtype) and a shape, values from {@code domain}.
     * {@code values}, when given, are used as they are (indices, axes) instead of drawing. {@code constant}:
     * the tests build it as a constant, not a placeholder, for inputs whose values the shape rule reads (a
     * shape, multiples, a range's bounds) so that the built-time shape is known.
     */
    public record SampleInput(DType dtype, int[] shape, Domain domain, double[] values, boolean constant) {}

    /**
     * One sample: its inputs, the attrs of the node, whether the gradient check takes it, and whether TensorFlow
     * judges it (false where TensorFlow's CPU kernels lack the case: NCHW convolutions, say).
     */
    public record Sample(List<SampleInput> inputs, Map<String, Object> attrs, boolean gradient, boolean tensorFlow) {
        public String describe() {
            StringBuilder sb = new StringBuilder();
            for (SampleInput in : inputs) sb.append(sb.isEmpty() ? "" : "+").append(Arrays.toString(in.shape()).replace(" ", ""));
            attrs.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v instanceof int[] a ? Arrays.toString(a).replace(" ", "") : v));
            return sb.toString();
        }
    }

    public static final int[][] UNARY_SHAPES = {{2, 3}, {}, {0, 3}, {2, 3, 4}};

    /** Same shape, vector and matrix broadcasts, scalars, rank 0 and empty tensors. */
    public static final int[][][] BINARY_SHAPES = {
        {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 4}}, {{}, {2, 3}}, {{2, 3}, {}},
        {{4, 1, 3}, {2, 1}}, {{}, {}}, {{0, 3}, {3}}, {{3, 0}, {3, 1}},
    };

    /** Tests with the given reference of output 0, no samples yet, in the dtypes given. */
    public static OpTests of(Reference reference, Set<DType> dtypes) {
        return ofOutputs((node, in) -> List.of(reference.apply(node, in)), dtypes);
    }

    /** Tests with a reference of every output, no samples yet, in the dtypes given. */
    public static OpTests ofOutputs(Outputs reference, Set<DType> dtypes) {
        return new OpTests(reference, List.of(), Set.copyOf(dtypes), 1e-5, 1e-6, Set.copyOf(dtypes), null, null);
    }

    /**
     * An op the generated tests cannot take: one that writes variables, draws random numbers, runs function
     * bodies, works on strings (the samples are numbers), or feeds or holds the values all others read. The
     * reason names the tests that check it instead; {@code EntryCompletenessTest} lists every such op.
     */
    public static OpTests exempt(String why) {
        return new OpTests(null, List.of(), Set.of(), 0, 0, Set.of(), null, java.util.Objects.requireNonNull(why));
    }

    public boolean isExempt() { return exemptBecause != null; }

    /** An elementwise op of one input: {@link #UNARY_SHAPES}, values from {@code domain}. */
    public static OpTests unary(DoubleUnaryOperator f, Set<DType> dtypes, Domain domain) {
        OpTests t = of((node, in) -> map(in.get(0), f), dtypes);
        for (int[] s : UNARY_SHAPES) t = t.sample(Map.of(), in(s, domain));
        return t;
    }

    /**
     * A broadcasting op of two inputs: {@link #BINARY_SHAPES}; {@code onInts} is the rule on integers where
     * it differs (truncating division), else null.
     */
    public static OpTests binary(DoubleBinaryOperator f, DoubleBinaryOperator onInts, Set<DType> dtypes, Domain x, Domain y) {
        OpTests t = of((node, in) -> zip(in.get(0), in.get(1), onInts != null && node.input(0).dtype().isInteger() ? onInts : f), dtypes);
        for (int[][] s : BINARY_SHAPES) t = t.sample(Map.of(), in(s[0], x), in(s[1], y));
        return t;
    }

    /** An input of the sample's dtype. */
    public static SampleInput in(int[] shape, Domain domain) { return new SampleInput(null, shape, domain, null, false); }

    /** An input of a fixed dtype (null: the sample's) holding exactly {@code values}. */
    public static SampleInput fixed(DType dtype, int[] shape, double... values) { return new SampleInput(dtype, shape, null, values, false); }

    /** As {@link #fixed}, built as a constant: the shape rule sees its values. */
    public static SampleInput constant(DType dtype, int[] shape, double... values) { return new SampleInput(dtype, shape, null, values, true); }

    /** An int32 vector constant: a shape, multiples, axes the op takes as an input. */
    public static SampleInput ints(int... values) {
        return constant(DType.INT32, new int[] {values.length}, java.util.Arrays.stream(values).asDoubleStream().toArray());
    }

    /** These tests with one more sample (attrs as the node gets them). */
    public OpTests sample(Map<String, Object> attrs, SampleInput... inputs) {
        return withSample(new Sample(List.of(inputs), new LinkedHashMap<>(attrs), true, true));
    }

    /** One more sample that the gradient check leaves out (it sits on a kink, or its values are ties). */
    public OpTests sampleWithoutGradient(Map<String, Object> attrs, SampleInput... inputs) {
        return withSample(new Sample(List.of(inputs), new LinkedHashMap<>(attrs), false, true));
    }

    /** These tests with the last sample left to the reference: TensorFlow's CPU kernels cannot run it. */
    public OpTests lastNotInTensorFlow() {
        List<Sample> all = new ArrayList<>(samples);
        Sample last = all.remove(all.size() - 1);
        all.add(new Sample(last.inputs(), last.attrs(), last.gradient(), false));
        return new OpTests(reference, List.copyOf(all), dtypes, float32Tolerance, gradientTolerance, tfDtypes, gradientOutputs, exemptBecause);
    }

    public OpTests float32Tolerance(double tol) { return new OpTests(reference, samples, dtypes, tol, gradientTolerance, tfDtypes, gradientOutputs, exemptBecause); }

    public OpTests gradientTolerance(double tol) { return new OpTests(reference, samples, dtypes, float32Tolerance, tol, tfDtypes, gradientOutputs, exemptBecause); }

    /** Compares with TensorFlow only in {@code these} dtypes (where TensorFlow's op is missing or differs). */
    public OpTests judgedByTensorFlowIn(Set<DType> these) { return new OpTests(reference, samples, dtypes, float32Tolerance, gradientTolerance, Set.copyOf(these), gradientOutputs, exemptBecause); }

    /** The finite-difference check feeds gradients into these outputs only (see {@link #gradientOutputs}). */
    public OpTests gradientThrough(int... outputs) { return new OpTests(reference, samples, dtypes, float32Tolerance, gradientTolerance, tfDtypes, outputs.clone(), exemptBecause); }

    private OpTests withSample(Sample s) {
        List<Sample> all = new ArrayList<>(samples);
        all.add(s);
        return new OpTests(reference, List.copyOf(all), dtypes, float32Tolerance, gradientTolerance, tfDtypes, gradientOutputs, exemptBecause);
    }

    /**
     * True when the gradient check can take one of the samples: one it does not exclude, in float64, with a
     * floating input of at least one element.
     */
    public boolean hasGradientSample() {
        if (!dtypes.contains(DType.FLOAT64)) return false;
        for (Sample s : samples) {
            if (!s.gradient()) continue;
            for (SampleInput in : s.inputs()) {
                int n = 1;
                for (int d : in.shape()) n *= d;
                if (n > 0 && !in.constant() && (in.dtype() == null || in.dtype() == DType.FLOAT64)) return true;
            }
        }
        return false;
    }

    // ---- what the generated tests do with a sample ----

    /** The sample's input tensors in {@code dtype} (where an input leaves its dtype open), drawn from {@code random}. */
    public static List<Tensor> tensors(Sample s, DType dtype, Random random) {
        List<Tensor> out = new ArrayList<>();
        for (SampleInput in : s.inputs()) {
            DType t = in.dtype() != null ? in.dtype() : dtype;
            int n = 1;
            for (int d : in.shape()) n *= d;
            double[] v = in.values() != null ? in.values().clone() : new double[n];
            if (in.values() == null) for (int i = 0; i < n; i++) v[i] = draw(in.domain(), t, random);
            out.add(tensor(t, in.shape(), v));
        }
        return out;
    }

    private static double draw(Domain d, DType t, Random r) {
        while (true) {
            double x;
            if (t == DType.BOOL) x = r.nextBoolean() ? 1 : 0;
            else if (d.whole() || t.isInteger()) x = r.nextInt((int) Math.ceil(d.lo()), (int) Math.floor(d.hi()) + 1);
            else x = r.nextDouble(d.lo(), d.hi());
            if (t == DType.BOOL || d.awayFrom() == null || Math.abs(x - d.awayFrom()) >= 0.1) return x;
        }
    }

    /** A tensor of {@code t} holding {@code v} (bools: v != 0). */
    public static Tensor tensor(DType t, int[] shape, double[] v) {
        Shape s = Shape.of(shape);
        return switch (t) {
            case FLOAT64 -> Tensor.of(s, v.clone());
            case FLOAT32 -> { float[] a = new float[v.length]; for (int i = 0; i < a.length; i++) a[i] = (float) v[i]; yield Tensor.of(s, a); }
            case INT32 -> { int[] a = new int[v.length]; for (int i = 0; i < a.length; i++) a[i] = (int) v[i]; yield Tensor.of(s, a); }
            case INT64 -> { long[] a = new long[v.length]; for (int i = 0; i < a.length; i++) a[i] = (long) v[i]; yield Tensor.of(s, a); }
            case BOOL -> { boolean[] a = new boolean[v.length]; for (int i = 0; i < a.length; i++) a[i] = v[i] != 0; yield Tensor.of(s, a); }
            case STRING -> throw new IllegalArgumentException("numeric samples cannot be strings");
        };
    }

    /** A tensor's elements as float64 values, for the reference. */
    public static Values values(Tensor t) {
        double[] v = new double[t.size()];
        for (int i = 0; i < v.length; i++) v[i] = t.getDouble(i);
        return new Values(t.shape().dims(), v);
    }

    /**
     * The sample's inputs on {@code tf}: a placeholder per input ({@code declared}: its shape, or null for an
     * unknown rank), a constant where the sample says so. Placeholders are named in0, in1, ...
     */
    public static List<Output> inputs(Tf tf, Sample s, List<Tensor> values, boolean unknownRank) {
        List<Output> in = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Tensor t = values.get(i);
            in.add(s.inputs().get(i).constant() ? tf.constant(t) : tf.placeholder(t.dtype(), unknownRank ? Shape.unknownRank() : t.shape(), "in" + i));
        }
        return in;
    }

    /** Builds {@code op} on {@code inputs} with the sample's attrs, as any test of the entry does. */
    public static Node build(Tf tf, OpDef op, List<Output> inputs, Sample s) {
        var b = tf.scope().node(op, op.name()).inputs(inputs);
        s.attrs().forEach(b::attr);
        return b.build();
    }

    // ---- reference building blocks: plain float64 loops ----

    /** The number of elements of an array of {@code shape}. */
    public static int count(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    /** The multi-index of flat row-major position {@code flat}. */
    public static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** NumPy broadcasting: shapes aligned right; each dimension pair equal or one of them 1. */
    public static int[] broadcastShape(int[]... shapes) {
        int rank = 0;
        for (int[] s : shapes) rank = Math.max(rank, s.length);
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        for (int[] s : shapes) {
            for (int i = 0; i < s.length; i++) {
                int o = rank - s.length + i;
                if (s[i] == out[o] || s[i] == 1) continue;
                if (out[o] != 1) throw new IllegalArgumentException("shapes do not broadcast: " + Arrays.deepToString(shapes));
                out[o] = s[i];
            }
        }
        return out;
    }

    /** The flat row-major position of multi-index {@code idx}. */
    public static int ravel(int[] idx, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + idx[d];
        return flat;
    }

    public static Values map(Values x, DoubleUnaryOperator f) {
        double[] out = new double[x.size()];
        for (int i = 0; i < out.length; i++) out[i] = f.applyAsDouble(x.v()[i]);
        return new Values(x.shape(), out);
    }

    /** NumPy broadcasting of two arrays, element by element. */
    public static Values zip(Values a, Values b, DoubleBinaryOperator f) {
        int rank = Math.max(a.shape().length, b.shape().length);
        int[] shape = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = dimFromEnd(a.shape(), rank - 1 - i), db = dimFromEnd(b.shape(), rank - 1 - i);
            shape[i] = da == 1 ? db : da;
        }
        int n = 1;
        for (int d : shape) n *= d;
        double[] out = new double[n];
        int[] index = new int[rank];
        for (int k = 0; k < n; k++) {
            int rem = k;
            for (int i = rank - 1; i >= 0; i--) { index[i] = rem % shape[i]; rem /= shape[i]; }
            out[k] = f.applyAsDouble(a.v()[at(a.shape(), index)], b.v()[at(b.shape(), index)]);
        }
        return new Values(shape, out);
    }

    /**
     * Reduces {@code x} over {@code axes} (null: all; negative counted from the end) by folding {@code combine}
     * from {@code init}, then {@code finish}(result, count of elements folded); {@code keepDims} keeps size-1 axes.
     */
    public static Values reduce(Values x, int[] axes, boolean keepDims, double init, DoubleBinaryOperator combine, DoubleBinaryOperator finish) {
        int rank = x.shape().length;
        boolean[] reduced = new boolean[rank];
        if (axes == null) Arrays.fill(reduced, true);
        else for (int a : axes) reduced[a < 0 ? a + rank : a] = true;
        List<Integer> outDims = new ArrayList<>();
        int count = 1;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) { count *= x.shape()[i]; if (keepDims) outDims.add(1); }
            else outDims.add(x.shape()[i]);
        }
        int[] outShape = outDims.stream().mapToInt(Integer::intValue).toArray();
        int n = 1;
        for (int d : outShape) n *= d;
        double[] acc = new double[n];
        Arrays.fill(acc, init);
        int[] index = new int[rank];
        for (int k = 0; k < x.size(); k++) {
            int rem = k;
            for (int i = rank - 1; i >= 0; i--) { index[i] = rem % x.shape()[i]; rem /= x.shape()[i]; }
            int pos = 0;
            for (int i = 0; i < rank; i++) {
                if (!reduced[i]) pos = pos * x.shape()[i] + index[i];
            }
            acc[pos] = combine.applyAsDouble(acc[pos], x.v()[k]);
        }
        for (int i = 0; i < n; i++) acc[i] = finish.applyAsDouble(acc[i], count);
        return new Values(outShape, acc);
    }

    private static int dimFromEnd(int[] shape, int fromEnd) {
        int i = shape.length - 1 - fromEnd;
        return i < 0 ? 1 : shape[i];
    }

    /** The flat position in an array of {@code shape} of a (right-aligned, broadcast) index. */
    private static int at(int[] shape, int[] index) {
        int pos = 0, offset = index.length - shape.length;
        for (int i = 0; i < shape.length; i++) pos = pos * shape[i] + (shape[i] == 1 ? 0 : index[offset + i]);
        return pos;
    }
}
