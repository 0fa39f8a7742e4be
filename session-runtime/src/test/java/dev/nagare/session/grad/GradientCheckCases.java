package dev.nagare.session.grad;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.NnOps;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The table of {@link GradientCheckTest}: one row per op and input configuration. Inputs are drawn from a
 * {@link Random} seeded with the row's name; their values keep clear of the points where an op has a kink
 * (0 for abs and relu, ties for max and min) so that central differences are valid.
 */
final class GradientCheckCases {
    private GradientCheckCases() {}

    /** Builds the op under test on its input placeholders. */
    @FunctionalInterface
    interface Op { Output apply(Tf tf, Output[] in); }

    /** Makes one input tensor. */
    @FunctionalInterface
    interface Gen { Tensor make(Random r); }

    /** Draws {@code n} float64 values. */
    @FunctionalInterface
    interface Values { double[] draw(Random r, int n); }

    /**
     * One row: the op, its inputs, the finite-difference step and tolerance (relative + absolute), and the
     * inputs to differentiate (null: every floating input).
     */
    record GradCase(String name, List<Gen> inputs, Op op, double h, double tol, int[] wrt) {
        GradCase loose(double step, double tolerance) { return new GradCase(name, inputs, op, step, tolerance, wrt); }
        GradCase wrtOnly(int... inputIndexes) { return new GradCase(name, inputs, op, h, tol, inputIndexes); }
        @Override public String toString() { return name; }
    }

    // ---- value distributions ----

    static final Values U = each(r -> r.nextDouble(-2, 2));
    static final Values POS = each(r -> r.nextDouble(0.5, 2));
    /** Magnitudes in [0.2, 2) with random signs: away from the kink at 0. */
    static final Values AWAY = each(r -> (r.nextBoolean() ? 1 : -1) * r.nextDouble(0.2, 2));
    static final Values UNIT = each(r -> r.nextDouble(0, 1));
    /** k / 4 and (k + 1/2) / 4: a value of one never comes within 1/8 of a value of the other (no ties). */
    static final Values GRID = each(r -> r.nextInt(-8, 8) / 4.0);
    static final Values HALF_GRID = each(r -> (r.nextInt(-8, 8) + 0.5) / 4.0);
    /** A shuffled ladder 0.3 apart with jitter: no two elements tie. */
    static final Values DISTINCT = (r, n) -> {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2) * 0.3 + r.nextDouble(0, 0.1);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double t = v[i]; v[i] = v[j]; v[j] = t;
        }
        return v;
    };

    private static Values each(java.util.function.ToDoubleFunction<Random> one) {
        return (r, n) -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = one.applyAsDouble(r);
            return v;
        };
    }

    // ---- input generators ----

    static int[] d(int... dims) { return dims; }

    static Gen f(Values values, int... dims) {
        return r -> Tensor.of(Shape.of(dims), values.draw(r, Shape.of(dims).size()));
    }

    static Gen ints(int[] dims, int... values) { return r -> Tensor.of(Shape.of(dims), values.clone()); }

    static Gen bools(int[] dims, boolean... values) { return r -> Tensor.of(Shape.of(dims), values.clone()); }

    /** Rows that are probability distributions (positive, summing to 1), as softmax cross-entropy labels. */
    static Gen distributions(int rows, int cols) {
        return r -> {
            double[] v = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                double sum = 0;
                for (int j = 0; j < cols; j++) sum += v[i * cols + j] = r.nextDouble(0.1, 1);
                for (int j = 0; j < cols; j++) v[i * cols + j] /= sum;
            }
            return Tensor.of(Shape.of(rows, cols), v);
        };
    }

    private static GradCase c(String name, Op op, Gen... inputs) {
        return new GradCase(name, List.of(inputs), op, 1e-6, 1e-6, null);
    }

    private static String s(int... dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    // ---- the table ----

    static Stream<GradCase> all() {
        List<GradCase> t = new ArrayList<>();
        chains(t);
        nn(t);
        arrays(t);
        losses(t);
        t.addAll(ConvGradientCases.all().toList());
        more(t);
        return t.stream();
    }

    /** Chains of ops; each op alone is checked from its entry (EntryOpTest). */
    private static void chains(List<GradCase> t) {
        t.add(c("cast f64->f32->f64 [2,3]", (tf, x) -> tf.cast(tf.cast(x[0], DType.FLOAT32), DType.FLOAT64),
                f(U, 2, 3)).loose(1e-2, 1e-4));
        t.add(c("cast f64->f32, tanh in f32, ->f64 [2,3]",
                (tf, x) -> tf.cast(tf.tanh(tf.cast(x[0], DType.FLOAT32)), DType.FLOAT64), f(U, 2, 3)).loose(1e-2, 1e-4));
        t.add(c("tanh of square of exp [2,3] (chain)", (tf, x) -> tf.tanh(tf.square(tf.exp(tf.neg(x[0])))), f(U, 2, 3)));
    }

    private static void nn(List<GradCase> t) {
        t.add(c("biasAdd [2,3] + [3] wrt both", (tf, x) -> tf.nn.biasAdd(x[0], x[1]), f(U, 2, 3), f(U, 3)));
        t.add(c("biasAdd [2,2,3] + [3] wrt both", (tf, x) -> tf.nn.biasAdd(x[0], x[1]), f(U, 2, 2, 3), f(U, 3)));
        t.add(c("sigmoidCrossEntropyWithLogits [2,3] wrt logits and labels",
                (tf, x) -> tf.nn.sigmoidCrossEntropyWithLogits(x[0], x[1]), f(UNIT, 2, 3), f(AWAY, 2, 3)));
    }

    private static void arrays(List<GradCase> t) {
        t.add(c("gather [5,3] rows (1,3,1,0) axis 0 (repeats)", (tf, x) -> tf.gather(x[0], x[1], 0), f(U, 5, 3), ints(d(4), 1, 3, 1, 0)));
        t.add(c("gather [5,3] indices [2,2] (4,0,4,4)", (tf, x) -> tf.gather(x[0], x[1]), f(U, 5, 3), ints(d(2, 2), 4, 0, 4, 4)));
        t.add(c("gather [6] indices (2,2,5)", (tf, x) -> tf.gather(x[0], x[1]), f(U, 6), ints(d(3), 2, 2, 5)));
        t.add(c("placeholderWithDefault [2,3] declared [?,3]",
                (tf, x) -> tf.square(tf.placeholderWithDefault(x[0], Shape.of(-1, 3), "p")), f(U, 2, 3)));
    }

    private static void losses(List<GradCase> t) {
        t.add(c("losses.meanSquaredError [2,3] wrt labels and predictions",
                (tf, x) -> tf.losses.meanSquaredError(x[0], x[1]), f(U, 2, 3), f(U, 2, 3)));
        t.add(c("losses.softmaxCrossEntropy [3,4] wrt labels and logits",
                (tf, x) -> tf.losses.softmaxCrossEntropy(x[0], x[1]), distributions(3, 4), f(U, 3, 4)));
        t.add(c("losses.sparseSoftmaxCrossEntropy [3,4] wrt logits",
                (tf, x) -> tf.losses.sparseSoftmaxCrossEntropy(x[0], x[1]), ints(d(3), 2, 2, 0), f(U, 3, 4)));
        t.add(c("losses.sigmoidCrossEntropy [2,3] wrt labels and logits",
                (tf, x) -> tf.losses.sigmoidCrossEntropy(x[0], x[1]), f(UNIT, 2, 3), f(AWAY, 2, 3)));
        t.add(c("dense layer: relu(x w + b) wrt x, w, b",
                (tf, x) -> tf.nn.relu(tf.nn.biasAdd(tf.matmul(x[0], x[1]), x[2])), f(U, 2, 3), f(U, 3, 4), f(U, 4)));
    }

    /** Rows of the ops added for issue 11. */
    private static void more(List<GradCase> t) {
        // Print (first_n 0: it writes nothing here) passes the gradient to its input; its data takes none.
        t.add(c("print [2,3] with itself as data", (tf, x) -> tf.square(tf.print(x[0], List.of(x[0], tf.constant(7)), "", 0, 3)), f(U, 2, 3)));
        // Control flow: the branch taken, and a loop of three iterations with a captured weight.
        t.add(c("cond [2,3] (true branch)", (tf, x) -> tf.cond(tf.constant(true), () -> tf.mul(x[0], x[1]), () -> tf.sin(x[0])),
                f(U, 2, 3), f(U, 2, 3)));
        t.add(c("cond [2,3] (false branch)", (tf, x) -> tf.cond(tf.constant(false), () -> tf.mul(x[0], x[1]), () -> tf.sin(x[0])),
                f(U, 2, 3), f(U, 2, 3)));
        t.add(c("while [2,3] (3 iterations of tanh(x) * w)", (tf, x) -> tf.whileLoop(v -> tf.less(v.get(0), tf.constant(3)),
                v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.mul(tf.tanh(v.get(1)), x[1])),
                List.of(tf.constant(0), x[0])).get(1), f(U, 2, 3), f(U, 2, 3)));
        t.add(c("addN x with itself", (tf, x) -> tf.addN(List.of(x[0], x[0])), f(U, 2, 3)));
        t.add(c("reduceProd [2,3] axis 1, one zero per row in row 0, two in row 1", (tf, x) -> tf.reduceProd(x[0], new int[] {1}, false),
                r -> Tensor.of(Shape.of(2, 3), new double[] {0.5, 0, -1.5, 0, 1.2, 0})));
        t.add(c("reduceProd [4] one zero, all axes", (tf, x) -> tf.reduceProd(x[0]), r -> Tensor.of(Shape.of(4), new double[] {0.5, -2, 0, 1.5})));
        // Compositions: an input used twice, and shapes computed in the graph (each op alone is in EntryOpTest).
        t.add(c("concat x with itself axis 0", (tf, x) -> tf.concat(List.of(x[0], x[0]), 0), f(U, 2, 3)));
        t.add(c("reshape [2,3,4] to the run-time shape of [4,6]", (tf, x) -> tf.reshape(x[0], tf.shape(x[1])), f(U, 2, 3, 4), f(U, 4, 6)).wrtOnly(0));
        t.add(c("reshape (flatten) [2,3,2] by shape, strided slice and stack", (tf, x) -> tf.reshape(x[0], tf.stack(List.of(
                tf.stridedSlice(tf.shape(x[0]), d(0), d(1), d(1), 0, 0, 0, 0, 1), tf.constant(-1)))), f(U, 2, 3, 2)));
        t.add(c("divNoNan by a zero: no gradient there", (tf, x) -> tf.divNoNan(x[0], x[1]), f(U, 3),
                r -> Tensor.of(Shape.of(3), new double[] {0.5, 0, -1.5})).wrtOnly(0));
        t.add(c("clipByValue [2,3] to [-1, 1] wrt x", (tf, x) -> tf.clipByValue(x[0], tf.constant(-1.0), tf.constant(1.0)),
                r -> Tensor.of(Shape.of(2, 3), new double[] {-1.5, -0.5, 0.25, 0.75, 1.5, 2})));
    }
}
