package dev.nagare.session.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Random;

/**
 * Generators of input tensors. Each draws from the {@link Random} it is given (seeded from the case's name,
 * so every run sees the same data) and converts to the dtype asked for.
 */
final class RandomTensors {
    private RandomTensors() {}

    /** Makes one input tensor of a dtype and shape. */
    @FunctionalInterface
    interface Gen {
        Tensor make(DType dtype, int[] shape, Random random);
    }

    /** Floats uniform in [-3, 3); ints in [-9, 9]; bools fair coins. */
    static final Gen UNIFORM = (t, s, r) -> values(t, s, r, rr -> t.isFloating() ? rr.nextDouble(-3, 3) : rr.nextInt(-9, 10));

    /** Floats in [0.1, 4); ints in [1, 9]: for sqrt, log and pow bases. */
    static final Gen POSITIVE = (t, s, r) -> values(t, s, r, rr -> t.isFloating() ? rr.nextDouble(0.1, 4) : rr.nextInt(1, 10));

    /** Magnitudes in [0.5, 3) (ints [1, 9]) with random signs: divisors. */
    static final Gen NON_ZERO = (t, s, r) -> values(t, s, r, rr -> {
        double m = t.isFloating() ? rr.nextDouble(0.5, 3) : rr.nextInt(1, 10);
        return rr.nextBoolean() ? m : -m;
    });

    /** Whole numbers in [-3, 3] for every dtype, so that comparisons see ties and casts see zeros. */
    static final Gen SMALL = (t, s, r) -> values(t, s, r, rr -> rr.nextInt(-3, 4));

    /** Multiples of 0.5 in [-3, 3] (whole numbers for ints): casts see fractions, negatives and zeros. */
    static final Gen HALVES = (t, s, r) -> values(t, s, r, rr -> t.isFloating() ? rr.nextInt(-6, 7) / 2.0 : rr.nextInt(-3, 4));

    /** Integer exponents in [0, 4] for every dtype. */
    static final Gen EXPONENTS = (t, s, r) -> values(t, s, r, rr -> rr.nextInt(0, 5));

    /** Integer pow bases in [-4, 4]; positive float bases. */
    static final Gen POW_BASES = (t, s, r) -> t.isFloating() ? POSITIVE.make(t, s, r) : values(t, s, r, rr -> rr.nextInt(-4, 5));

    /** Distinct values (a shuffled range around zero) so that argmax has no ties. */
    static final Gen DISTINCT = (t, s, r) -> {
        int n = dev.nagare.ops.OpTests.count(s);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2) * (t.isFloating() ? 0.75 : 1);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            double tmp = v[i]; v[i] = v[j]; v[j] = tmp;
        }
        return tensor(t, s, v);
    };

    /** Indices uniform in [lo, hi). */
    static Gen indices(int lo, int hi) { return (t, s, r) -> values(t, s, r, rr -> rr.nextInt(lo, hi)); }

    /** Uniform floats in [-scale, scale): for softmax of large logits. */
    static Gen scaled(double scale) { return (t, s, r) -> values(t, s, r, rr -> rr.nextDouble(-scale, scale)); }

    /** Exactly these values, row-major. */
    static Gen fixed(double... values) { return (t, s, r) -> tensor(t, s, values.clone()); }

    private interface Draw { double next(Random r); }

    private static Tensor values(DType t, int[] shape, Random r, Draw draw) {
        double[] v = new double[dev.nagare.ops.OpTests.count(shape)];
        for (int i = 0; i < v.length; i++) v[i] = t == DType.BOOL ? (r.nextBoolean() ? 1 : 0) : draw.next(r);
        return tensor(t, shape, v);
    }

    /** A tensor of {@code dtype} holding {@code v} converted (floats rounded, ints truncated, bools != 0). */
    static Tensor tensor(DType dtype, int[] shape, double[] v) {
        Shape s = Shape.of(shape);
        int n = v.length;
        return switch (dtype) {
            case FLOAT32 -> { float[] a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float) v[i]; yield Tensor.of(s, a); }
            case FLOAT64 -> Tensor.of(s, v);
            case INT32 -> { int[] a = new int[n]; for (int i = 0; i < n; i++) a[i] = (int) v[i]; yield Tensor.of(s, a); }
            case INT64 -> { long[] a = new long[n]; for (int i = 0; i < n; i++) a[i] = (long) v[i]; yield Tensor.of(s, a); }
            case BOOL -> { boolean[] a = new boolean[n]; for (int i = 0; i < n; i++) a[i] = v[i] != 0; yield Tensor.of(s, a); }
            case STRING -> throw new IllegalArgumentException("numbers cannot make a string tensor");
        };
    }
}
