package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One op's test graph: variants of the op (dtypes, shapes, attrs) built into one graph, each variant a
 * signature of its own with fed placeholders and random values. {@link #kind} says how results compare.
 */
record OpCase(String op, Kind kind, Builder builder) {
    enum Kind {
        /** Values must match TensorFlow's. */
        VALUES,
        /** Random draws: TensorFlow's generator differs, so only shapes and ranges are compared. */
        DISTRIBUTION
    }

    @FunctionalInterface
    interface Builder {
        void build(Variants v);
    }

    static OpCase values(String op, Builder b) { return new OpCase(op, Kind.VALUES, b); }

    static OpCase distribution(String op, Builder b) { return new OpCase(op, Kind.DISTRIBUTION, b); }

    /** One signature of the op's graph. */
    record Variant(String key, String label, Signature signature, Map<String, Tensor> feeds) {}

    /** Builds the variants of one op into one graph. */
    static final class Variants {
        final Graph graph = new Graph();
        final Random random;
        final List<Variant> built = new ArrayList<>();
        private Tf tf;
        private String label;
        private Map<String, Output> inputs, outputs;
        private Map<String, Tensor> feeds;

        Variants(long seed) { this.random = new Random(seed); }

        /** Starts a variant: later {@link #feed} and {@link #out} calls belong to it. Returns its Tf, scoped. */
        Tf variant(String label) {
            finish();
            this.label = label;
            this.tf = Tf.of(graph).withSubScope("v" + built.size());
            inputs = new LinkedHashMap<>();
            outputs = new LinkedHashMap<>();
            feeds = new LinkedHashMap<>();
            return tf;
        }

        /** A placeholder declared with the value's shape, fed {@code value}. */
        Output feed(Tensor value) { return feed(value, value.shape()); }

        /** A placeholder declared {@code declared} (partial, or of unknown rank), fed {@code value}. */
        Output feed(Tensor value, Shape declared) {
            String name = "x" + inputs.size();
            Output p = tf.placeholder(value.dtype(), declared, name);
            inputs.put(name, p);
            feeds.put(name, value);
            return p;
        }

        /** A signature input that is not a placeholder, fed {@code value} (or not fed when null). */
        void input(Output o, Tensor value) {
            String name = "x" + inputs.size();
            inputs.put(name, o);
            if (value != null) feeds.put(name, value);
        }

        void out(Output... os) { for (Output o : os) outputs.put("y" + outputs.size(), o); }

        List<Variant> done() {
            finish();
            return built;
        }

        private void finish() {
            if (tf == null) return;
            if (outputs.isEmpty()) throw new IllegalStateException("variant " + label + " has no outputs");
            String key = "v" + built.size();
            built.add(new Variant(key, label, new Signature(inputs, outputs), feeds));
            tf = null;
        }

        // ---- random values ----

        Tensor floats(Shape s, double lo, double hi) {
            float[] a = new float[s.size()];
            for (int i = 0; i < a.length; i++) a[i] = (float) (lo + (hi - lo) * random.nextDouble());
            return Tensor.of(s, a);
        }

        Tensor floats(int... dims) { return floats(Shape.of(dims), -3, 3); }

        Tensor doubles(Shape s, double lo, double hi) {
            double[] a = new double[s.size()];
            for (int i = 0; i < a.length; i++) a[i] = lo + (hi - lo) * random.nextDouble();
            return Tensor.of(s, a);
        }

        Tensor doubles(int... dims) { return doubles(Shape.of(dims), -3, 3); }

        Tensor ints(Shape s, int lo, int hi) {
            int[] a = new int[s.size()];
            for (int i = 0; i < a.length; i++) a[i] = lo + random.nextInt(hi - lo);
            return Tensor.of(s, a);
        }

        Tensor ints(int... dims) { return ints(Shape.of(dims), -9, 10); }

        Tensor longs(Shape s, int lo, int hi) {
            long[] a = new long[s.size()];
            for (int i = 0; i < a.length; i++) a[i] = lo + random.nextInt(hi - lo);
            return Tensor.of(s, a);
        }

        Tensor bools(int... dims) {
            Shape s = Shape.of(dims);
            boolean[] a = new boolean[s.size()];
            for (int i = 0; i < a.length; i++) a[i] = random.nextBoolean();
            return Tensor.of(s, a);
        }

        /** Random values of {@code t} in a small range (bool: coin flips). */
        Tensor of(DType t, int... dims) {
            return switch (t) {
                case FLOAT32 -> floats(dims);
                case FLOAT64 -> doubles(dims);
                case INT32 -> ints(dims);
                case INT64 -> longs(Shape.of(dims), -9, 10);
                case BOOL -> bools(dims);
                case STRING -> throw new IllegalArgumentException("no random strings");
            };
        }
    }
}
