package dev.nagare.session.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.ops.RandomTensors.Gen;
import dev.nagare.session.ops.Reference.Arr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * One row of the op table: its inputs (dtype, shape and generator), how to build the op on them, the
 * float64 reference of its result and the dtype the result must have. The inputs are drawn once, from a
 * {@link Random} seeded with the case's name.
 */
final class OpCase {
    static final DType[] NUMERIC = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64};
    static final DType[] FLOATING = {DType.FLOAT32, DType.FLOAT64};
    static final DType[] ALL = {DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL};

    /** Builds the op under test from its inputs (placeholders or constants). */
    @FunctionalInterface
    interface Build { Output apply(Tf tf, Output[] in); }

    /** Computes the expected result from the inputs' values. */
    @FunctionalInterface
    interface Ref { Arr apply(Arr[] in); }

    record In(DType dtype, int[] shape, Gen gen) {}

    final String name;
    final Tensor[] inputs;
    final Build build;
    final Ref ref;
    final DType out;
    final double tolerance;
    /** Inputs become constants instead of placeholders. */
    final boolean constants;
    /** The op needs its input's rank while the graph is built: placeholders never get an unknown rank. */
    final boolean needsRank;

    private OpCase(String name, Tensor[] inputs, Build build, Ref ref, DType out, double tolerance, boolean constants, boolean needsRank) {
        this.name = name;
        this.inputs = inputs;
        this.build = build;
        this.ref = ref;
        this.out = out;
        this.tolerance = tolerance;
        this.constants = constants;
        this.needsRank = needsRank;
    }

    /** The expected result, from the reference on the inputs' values. */
    Arr expected() {
        Arr[] in = Arrays.stream(inputs).map(Arr::of).toArray(Arr[]::new);
        return ref.apply(in);
    }

    /** The same row with another result dtype. */
    OpCase withOut(DType dtype) { return new OpCase(name, inputs, build, ref, dtype, tolerance(dtype, false), constants, needsRank); }

    @Override
    public String toString() { return name; }

    // ---- naming ----

    static String shape(int[] s) {
        return Arrays.stream(s).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    static int[] s(int... dims) { return dims; }

    // ---- building ----

    /** Starts a case whose display name is {@code op}, followed by what {@link Builder#build()} adds. */
    static Builder op(String op) { return new Builder(op); }

    static final class Builder {
        private final String op;
        private final List<In> ins = new ArrayList<>();
        private String label;
        private String extra = "";
        private Build build;
        private Ref ref;
        private DType out;
        private boolean sumBased;
        private boolean constants;
        private boolean needsRank;

        private Builder(String op) { this.op = op; }

        Builder in(DType dtype, int[] shape, Gen gen) { ins.add(new In(dtype, shape, gen)); return this; }

        Builder in(DType dtype, int[] shape) { return in(dtype, shape, RandomTensors.UNIFORM); }

        /** The dtype part of the display name; defaults to the first input's dtype. */
        Builder label(String label) { this.label = label; return this; }

        /** Text after the shapes in the display name, such as the op's attributes. */
        Builder extra(String extra) { this.extra = extra; return this; }

        Builder build(Build build) { this.build = build; return this; }

        Builder ref(Ref ref) { this.ref = ref; return this; }

        /** The result's dtype; defaults to the first input's dtype. */
        Builder out(DType out) { this.out = out; return this; }

        /** The result sums many terms: float32 gets a looser tolerance. */
        Builder sumBased() { this.sumBased = true; return this; }

        Builder constants() { this.constants = true; return this; }

        Builder needsRank() { this.needsRank = true; return this; }

        OpCase done() {
            DType result = out != null ? out : ins.get(0).dtype();
            String dt = label != null ? label : ins.isEmpty() ? result.toString() : ins.get(0).dtype().toString();
            String shapes = ins.stream().map(i -> shape(i.shape())).collect(Collectors.joining("+"));
            String name = op + " " + dt + (shapes.isEmpty() ? "" : " " + shapes) + (extra.isEmpty() ? "" : " " + extra)
                    + (constants ? " (constants)" : "");
            Random random = new Random(name.hashCode());
            Tensor[] tensors = ins.stream().map(i -> i.gen().make(i.dtype(), i.shape(), random)).toArray(Tensor[]::new);
            return new OpCase(name, tensors, build, ref, result, tolerance(result, sumBased), constants, needsRank);
        }
    }

    static double tolerance(DType t, boolean sumBased) {
        return switch (t) {
            case FLOAT32 -> sumBased ? 1e-4 : 1e-5;
            case FLOAT64 -> 1e-12;
            default -> 0;
        };
    }
}
