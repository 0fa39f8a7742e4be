package dev.nagare.device.cpu;

import static dev.nagare.graph.DType.BOOL;
import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;

import dev.nagare.device.KernelRegistry;
import dev.nagare.device.Workers;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.MathOps;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.IntUnaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Elementwise kernels with NumPy broadcasting. Each op is given as its scalar rule per element type; the
 * loops, broadcasting and dtype dispatch are written once below. These are the reference kernels that
 * faster ones are checked against.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {}

    /**
     * A float32 loop, o[k] = f(x[k]) for from <= k < to. Each op writes its own loop (not a per-element
     * function) so that the JIT compiles every loop separately with its arithmetic inlined: float32 is the hot path.
     */
    @FunctionalInterface interface FloatUnary { void run(float[] x, float[] o, int from, int to); }

    /** A float32 loop over a block: o[oo + k] = f(x[xo + k xs], y[yo + k ys]) for k < n; strides are 0 or 1. */
    @FunctionalInterface interface FloatBinary {
        void run(float[] x, int xo, int xs, float[] y, int yo, int ys, float[] o, int oo, int n);
    }
    @FunctionalInterface interface DoublePredicate2 { boolean test(double x, double y); }
    @FunctionalInterface interface LongPredicate2 { boolean test(long x, long y); }
    @FunctionalInterface interface BoolBinary { boolean apply(boolean x, boolean y); }

    static final DType[] NUMERIC = {FLOAT32, FLOAT64, INT32, INT64};
    static final DType[] FLOATING = {FLOAT32, FLOAT64};

    static void register(KernelRegistry r) {
        r.add(MathOps.NEG, CpuKernel.of(unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = -x[k]; }, x -> -x, x -> -x, x -> -x)), NUMERIC);
        r.add(MathOps.ABS, CpuKernel.of(unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = Math.abs(x[k]); }, Math::abs, Math::abs, Math::abs)), NUMERIC);
        r.add(MathOps.SIGN, CpuKernel.of(unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = Math.signum(x[k]); }, Math::signum, Integer::signum, x -> Long.signum(x))), NUMERIC);
        r.add(MathOps.SQUARE, CpuKernel.of(unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = x[k] * x[k]; }, x -> x * x, x -> x * x, x -> x * x)), NUMERIC);
        r.add(MathOps.SQRT, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.sqrt(x[k]); }, Math::sqrt)), FLOATING);
        r.add(MathOps.EXP, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.exp(x[k]); }, Math::exp)), FLOATING);
        r.add(MathOps.LOG, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.log(x[k]); }, Math::log)), FLOATING);
        r.add(MathOps.ERF, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) erf(x[k]); }, ElementwiseKernels::erf)), FLOATING);
        r.add(MathOps.SIGMOID, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) sigmoid(x[k]); }, ElementwiseKernels::sigmoid)), FLOATING);
        r.add(MathOps.TANH, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.tanh(x[k]); }, Math::tanh)), FLOATING);

        r.add(MathOps.ADD, CpuKernel.of(ADD), NUMERIC);
        r.add(MathOps.SUB, CpuKernel.of(SUB), NUMERIC);
        r.add(MathOps.MUL, CpuKernel.of(binary(MUL_F32, (x, y) -> x * y, (x, y) -> x * y, (x, y) -> x * y)), NUMERIC);
        r.add(MathOps.DIV, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = x[xo + k * xs] / y[yo + k * ys]; },
                (x, y) -> x / y, ElementwiseKernels::divide, ElementwiseKernels::divide)), NUMERIC);
        r.add(MathOps.POW, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = (float) Math.pow(x[xo + k * xs], y[yo + k * ys]); }, Math::pow,
                (x, y) -> (int) power(x, y), ElementwiseKernels::power)), NUMERIC);
        r.add(MathOps.MAXIMUM, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = Math.max(x[xo + k * xs], y[yo + k * ys]); },
                Math::max, Math::max, Math::max)), NUMERIC);
        r.add(MathOps.MINIMUM, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = Math.min(x[xo + k * xs], y[yo + k * ys]); },
                Math::min, Math::min, Math::min)), NUMERIC);

        r.add(MathOps.EQUAL, CpuKernel.of(compare((x, y) -> x == y, (x, y) -> x == y)), NUMERIC);
        r.add(MathOps.EQUAL, CpuKernel.of(logical((x, y) -> x == y)), BOOL);
        r.add(MathOps.LESS, CpuKernel.of(compare((x, y) -> x < y, (x, y) -> x < y)), NUMERIC);
        r.add(MathOps.GREATER, CpuKernel.of(compare((x, y) -> x > y, (x, y) -> x > y)), NUMERIC);
        r.add(MathOps.LOGICAL_AND, CpuKernel.of(logical((x, y) -> x && y)), BOOL);
        r.add(MathOps.LOGICAL_OR, CpuKernel.of(logical((x, y) -> x || y)), BOOL);
        r.add(MathOps.LOGICAL_NOT, CpuKernel.of((ctx, in) -> {
            boolean[] x = in[0].boolData();
            boolean[] out = new boolean[x.length];
            for (int i = 0; i < x.length; i++) out[i] = !x[i];
            return Tensor.of(in[0].shape(), out);
        }), BOOL);
        registerMore(r);
    }

    /** The elementwise ops added for issue 11. */
    private static void registerMore(KernelRegistry r) {
        r.add(MathOps.RSQRT, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) (1 / Math.sqrt(x[k])); }, x -> 1 / Math.sqrt(x))), FLOATING);
        r.add(MathOps.RECIPROCAL, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = 1 / x[k]; }, x -> 1 / x)), FLOATING);
        r.add(MathOps.FLOOR, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.floor(x[k]); }, Math::floor)), FLOATING);
        r.add(MathOps.CEIL, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.ceil(x[k]); }, Math::ceil)), FLOATING);
        // Half to even, as TensorFlow's Round; integers are already whole.
        r.add(MathOps.ROUND, CpuKernel.of(unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.rint(x[k]); }, Math::rint, x -> x, x -> x)), NUMERIC);
        r.add(MathOps.LOG1P, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.log1p(x[k]); }, Math::log1p)), FLOATING);
        r.add(MathOps.EXPM1, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.expm1(x[k]); }, Math::expm1)), FLOATING);
        r.add(MathOps.SIN, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.sin(x[k]); }, Math::sin)), FLOATING);
        r.add(MathOps.COS, CpuKernel.of(floating((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) Math.cos(x[k]); }, Math::cos)), FLOATING);

        r.add(MathOps.FLOOR_DIV, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = (float) Math.floor(x[xo + k * xs] / y[yo + k * ys]); },
                (x, y) -> Math.floor(x / y), (x, y) -> Math.floorDiv(x, nonZero(y)), (x, y) -> Math.floorDiv(x, nonZero(y)))), NUMERIC);
        r.add(MathOps.FLOOR_MOD, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = floorMod(x[xo + k * xs], y[yo + k * ys]); },
                ElementwiseKernels::floorMod, (x, y) -> Math.floorMod(x, nonZero(y)), (x, y) -> Math.floorMod(x, nonZero(y)))), NUMERIC);
        r.add(MathOps.SQUARED_DIFFERENCE, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) { float d = x[xo + k * xs] - y[yo + k * ys]; o[oo + k] = d * d; } },
                (x, y) -> (x - y) * (x - y), (x, y) -> (x - y) * (x - y), (x, y) -> (x - y) * (x - y))), NUMERIC);
        r.add(MathOps.GREATER_EQUAL, CpuKernel.of(compare((x, y) -> x >= y, (x, y) -> x >= y)), NUMERIC);
        r.add(MathOps.LESS_EQUAL, CpuKernel.of(compare((x, y) -> x <= y, (x, y) -> x <= y)), NUMERIC);
        r.add(MathOps.NOT_EQUAL, CpuKernel.of(compare((x, y) -> x != y, (x, y) -> x != y)), NUMERIC);
        r.add(MathOps.NOT_EQUAL, CpuKernel.of(logical((x, y) -> x != y)), BOOL);
        r.add(MathOps.ADD_N, CpuKernel.of(ElementwiseKernels::addN), NUMERIC);
        // C's fmod on floats (Java's %), the truncated remainder on integers.
        r.add(MathOps.MOD, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) o[oo + k] = x[xo + k * xs] % y[yo + k * ys]; },
                (x, y) -> x % y, (x, y) -> x % nonZero(y), (x, y) -> x % nonZero(y))), NUMERIC);
        r.add(MathOps.DIV_NO_NAN, CpuKernel.of(binary((x, xo, xs, y, yo, ys, o, oo, n) -> { for (int k = 0; k < n; k++) { float d = y[yo + k * ys]; o[oo + k] = d == 0 ? 0 : x[xo + k * xs] / d; } },
                (x, y) -> y == 0 ? 0 : x / y, null, null)), FLOATING);
        r.add(MathOps.IS_NAN, CpuKernel.of(test(Double::isNaN)), FLOATING);
        r.add(MathOps.IS_INF, CpuKernel.of(test(Double::isInfinite)), FLOATING);
        r.add(MathOps.IS_FINITE, CpuKernel.of(test(Double::isFinite)), FLOATING);
    }

    /** A float predicate per element, into bools. */
    private static CpuKernel test(java.util.function.DoublePredicate p) {
        return (ctx, in) -> {
            Tensor x = in[0];
            boolean[] o = new boolean[x.size()];
            for (int i = 0; i < o.length; i++) o[i] = p.test(x.getDouble(i));
            return Tensor.of(x.shape(), o);
        };
    }

    private static int nonZero(int y) {
        if (y == 0) throw new ArithmeticException("integer division by zero");
        return y;
    }

    private static long nonZero(long y) {
        if (y == 0) throw new ArithmeticException("integer division by zero");
        return y;
    }

    /** TensorFlow's floating FloorMod: the C remainder, moved by one divisor when its sign differs from the divisor's. */
    private static double floorMod(double x, double y) {
        double m = x % y;
        return m != 0 && (y < 0) != (m < 0) ? m + y : m;
    }

    private static float floorMod(float x, float y) {
        float m = x % y;
        return m != 0 && (y < 0) != (m < 0) ? m + y : m;
    }

    /** The sum of inputs of one shape, added left to right in their own type. */
    private static Tensor addN(dev.nagare.device.KernelContext ctx, Tensor[] in) {
        Shape s = in[0].shape();
        for (int i = 1; i < in.length; i++) {
            if (!in[i].shape().equals(s)) throw ctx.fail("input " + i + " has shape " + in[i].shape() + ", input 0 " + s + ": AddN does not broadcast");
        }
        int n = s.size();
        return switch (in[0].dtype()) {
            case FLOAT32 -> { float[] o = ctx.floats(0, n); System.arraycopy(in[0].floatData(), 0, o, 0, n); for (int i = 1; i < in.length; i++) { float[] a = in[i].floatData(); for (int k = 0; k < n; k++) o[k] += a[k]; } yield Tensor.of(s, o); }
            case FLOAT64 -> { double[] o = in[0].doubleData().clone(); for (int i = 1; i < in.length; i++) { double[] a = in[i].doubleData(); for (int k = 0; k < n; k++) o[k] += a[k]; } yield Tensor.of(s, o); }
            case INT32 -> { int[] o = in[0].intData().clone(); for (int i = 1; i < in.length; i++) { int[] a = in[i].intData(); for (int k = 0; k < n; k++) o[k] += a[k]; } yield Tensor.of(s, o); }
            case INT64 -> { long[] o = in[0].longData().clone(); for (int i = 1; i < in.length; i++) { long[] a = in[i].longData(); for (int k = 0; k < n; k++) o[k] += a[k]; } yield Tensor.of(s, o); }
            case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
        };
    }

    // The hot three go to FloatLoops (Vector API) on their contiguous and scalar-operand patterns.
    static final FloatBinary ADD_F32 = (x, xo, xs, y, yo, ys, o, oo, n) -> {
        if (xs == 1 && ys == 1) FloatLoops.add(x, xo, y, yo, o, oo, n);
        else if (xs == 1 && ys == 0) FloatLoops.add(x, xo, y[yo], o, oo, n);
        else if (xs == 0 && ys == 1) FloatLoops.add(y, yo, x[xo], o, oo, n);
        else for (int k = 0; k < n; k++) o[oo + k] = x[xo + k * xs] + y[yo + k * ys];
    };
    static final FloatBinary SUB_F32 = (x, xo, xs, y, yo, ys, o, oo, n) -> {
        if (xs == 1 && ys == 1) FloatLoops.sub(x, xo, y, yo, o, oo, n);
        else if (xs == 1 && ys == 0) FloatLoops.sub(x, xo, y[yo], o, oo, n);
        else if (xs == 0 && ys == 1) FloatLoops.sub(x[xo], y, yo, o, oo, n);
        else for (int k = 0; k < n; k++) o[oo + k] = x[xo + k * xs] - y[yo + k * ys];
    };
    static final FloatBinary MUL_F32 = (x, xo, xs, y, yo, ys, o, oo, n) -> {
        if (xs == 1 && ys == 1) FloatLoops.mul(x, xo, y, yo, o, oo, n);
        else if (xs == 1 && ys == 0) FloatLoops.mul(x, xo, y[yo], o, oo, n);
        else if (xs == 0 && ys == 1) FloatLoops.mul(y, yo, x[xo], o, oo, n);
        else for (int k = 0; k < n; k++) o[oo + k] = x[xo + k * xs] * y[yo + k * ys];
    };

    /** Addition and subtraction, also used by bias-add and the variable updates. */
    static final CpuKernel ADD = binary(ADD_F32, Double::sum, Integer::sum, Long::sum);
    static final CpuKernel SUB = binary(SUB_F32, (x, y) -> x - y, (x, y) -> x - y, (x, y) -> x - y);

    /**
     * erf x: below |x| = 2 the Taylor series sum_n (-1)^n x^(2n+1) / (n! (2n+1)) times 2/sqrt(pi) (its
     * cancellation costs under two digits there); above, 1 - erfc x with erfc from its continued fraction
     * e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated by Lentz's method; +-1 beyond 6.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) return x;
        if (a >= 6) return Math.signum(x);
        if (a < 2) {
            double term = x, sum = x, x2 = x * x;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double add = term / (2 * n + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        double tiny = 1e-300, f = a, c = a, d = 0;
        for (int k = 1; k < 200; k++) {
            double ak = k / 2.0;
            d = a + ak * d;
            d = d == 0 ? tiny : d;
            c = a + ak / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        double erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
        return Math.signum(x) * (1 - erfc);
    }

    static double sigmoid(double x) {
        // Written so that neither branch overflows: exp of a non-positive number only.
        if (x >= 0) return 1 / (1 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** Integer division truncating toward zero, as C and TensorFlow's Div do; zero divisors fail. */
    private static int divide(int x, int y) {
        if (y == 0) throw new ArithmeticException("integer division by zero");
        return x / y;
    }

    private static long divide(long x, long y) {
        if (y == 0) throw new ArithmeticException("integer division by zero");
        return x / y;
    }

    /** x^y for integers by squaring; negative exponents have no integer result. */
    private static long power(long x, long y) {
        if (y < 0) throw new ArithmeticException("integers to negative integer powers are not allowed");
        long result = 1;
        while (y > 0) {
            if ((y & 1) != 0) result *= x;
            x *= x;
            y >>= 1;
        }
        return result;
    }

    /** An elementwise kernel with its float32 loop in sight, so that {@link FusedKernels} can run that loop on a block. */
    record Unary(FloatUnary f, CpuKernel all) implements CpuKernel {
        @Override public Tensor compute(dev.nagare.device.KernelContext ctx, Tensor[] in) { return all.compute(ctx, in); }
    }

    /** As {@link Unary}, for a binary op. */
    record Binary(FloatBinary f, CpuKernel all) implements CpuKernel {
        @Override public Tensor compute(dev.nagare.device.KernelContext ctx, Tensor[] in) { return all.compute(ctx, in); }
    }

    static CpuKernel unary(FloatUnary f, DoubleUnaryOperator d, IntUnaryOperator i, LongUnaryOperator l) {
        return new Unary(f, (ctx, in) -> {
            Tensor x = in[0];
            Shape s = x.shape();
            return switch (x.dtype()) {
                case FLOAT32 -> {
                    float[] a = x.floatData(), o = ctx.floats(0, a.length);
                    split(a.length, 1, (from, to) -> f.run(a, o, from, to));
                    yield Tensor.of(s, o);
                }
                case FLOAT64 -> { double[] a = x.doubleData(), o = new double[a.length]; for (int k = 0; k < a.length; k++) o[k] = d.applyAsDouble(a[k]); yield Tensor.of(s, o); }
                case INT32 -> { int[] a = x.intData(), o = new int[a.length]; for (int k = 0; k < a.length; k++) o[k] = i.applyAsInt(a[k]); yield Tensor.of(s, o); }
                case INT64 -> { long[] a = x.longData(), o = new long[a.length]; for (int k = 0; k < a.length; k++) o[k] = l.applyAsLong(a[k]); yield Tensor.of(s, o); }
                case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
            };
        });
    }

    private static CpuKernel floating(FloatUnary f, DoubleUnaryOperator d) {
        return unary(f, d, null, null);
    }

    static CpuKernel binary(FloatBinary f, DoubleBinaryOperator d, IntBinaryOperator i, LongBinaryOperator l) {
        return new Binary(f, (ctx, in) -> {
            Tensor a = in[0], b = in[1];
            Shape s = Broadcast.shape(ctx, a.shape(), b.shape());
            int n = s.size();
            if (a.dtype() == FLOAT32) return Tensor.of(s, floatBinary(f, a, b, s, ctx.floats(0, n)));
            int[] ma = Broadcast.indexMap(a.shape(), s), mb = Broadcast.indexMap(b.shape(), s);
            try {
                return switch (a.dtype()) {
                    case FLOAT32 -> throw new AssertionError();
                    case FLOAT64 -> {
                        double[] x = a.doubleData(), y = b.doubleData(), o = new double[n];
                        for (int k = 0; k < n; k++) o[k] = d.applyAsDouble(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]);
                        yield Tensor.of(s, o);
                    }
                    case INT32 -> {
                        int[] x = a.intData(), y = b.intData(), o = new int[n];
                        for (int k = 0; k < n; k++) o[k] = i.applyAsInt(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]);
                        yield Tensor.of(s, o);
                    }
                    case INT64 -> {
                        long[] x = a.longData(), y = b.longData(), o = new long[n];
                        for (int k = 0; k < n; k++) o[k] = l.applyAsLong(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]);
                        yield Tensor.of(s, o);
                    }
                    case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
                };
            } catch (ArithmeticException e) {
                throw ctx.fail(e.getMessage());
            }
        });
    }

    /** Elements from which a float32 binary op is split over the cores (memory-bound: below, one core is as fast). */
    static final int PARALLEL_MIN = Integer.getInteger("nagare.elementwise.parallelMin", 1 << 16);

    /**
     * A float32 binary op into {@code o} over the common broadcast patterns without index maps: equal shapes,
     * a scalar operand, an operand that repeats along leading axes (a bias row) or one stretched along
     * trailing axes (a [rows, 1] column); other patterns go element by element through maps. Big outputs are split over the cores.
     */
    static float[] floatBinary(FloatBinary f, Tensor a, Tensor b, Shape out, float[] o) {
        float[] x = a.floatData(), y = b.floatData();
        int n = out.size();
        int pa = Broadcast.period(a.shape(), out), pb = Broadcast.period(b.shape(), out), qa, qb;
        if (pa == n && pb == n) split(n, 1, (from, to) -> f.run(x, from, 1, y, from, 1, o, from, to - from));
        else if (pa == n && pb == 1) split(n, 1, (from, to) -> f.run(x, from, 1, y, 0, 0, o, from, to - from));
        else if (pa == 1 && pb == n) split(n, 1, (from, to) -> f.run(x, 0, 0, y, from, 1, o, from, to - from));
        else if (pa == n && pb > 0) split(n / pb, pb, (r0, r1) -> { for (int r = r0; r < r1; r++) f.run(x, r * pb, 1, y, 0, 1, o, r * pb, pb); });
        else if (pb == n && pa > 0) split(n / pa, pa, (r0, r1) -> { for (int r = r0; r < r1; r++) f.run(x, 0, 1, y, r * pa, 1, o, r * pa, pa); });
        else if (pa == n && (qb = Broadcast.stretch(b.shape(), out)) > 0) {
            int q = qb; // a column: one element of b per run of q outputs
            split(n / q, q, (r0, r1) -> { for (int r = r0; r < r1; r++) f.run(x, r * q, 1, y, r, 0, o, r * q, q); });
        } else if (pb == n && (qa = Broadcast.stretch(a.shape(), out)) > 0) {
            int q = qa;
            split(n / q, q, (r0, r1) -> { for (int r = r0; r < r1; r++) f.run(x, r, 0, y, r * q, 1, o, r * q, q); });
        } else {
            int[] ma = Broadcast.indexMap(a.shape(), out), mb = Broadcast.indexMap(b.shape(), out);
            for (int k = 0; k < n; k++) f.run(x, Broadcast.at(ma, k), 0, y, Broadcast.at(mb, k), 0, o, k, 1);
        }
        return o;
    }

    /** Runs {@code body} over {@code count} items of {@code width} elements each, split over the cores when big. */
    static void split(int count, int width, Workers.Range body) {
        long elements = (long) count * width;
        if (elements < PARALLEL_MIN) body.run(0, count);
        else Workers.forRange(count, (int) Math.max(1, PARALLEL_MIN / 2 / Math.max(1, width)), body);
    }

    private static CpuKernel compare(DoublePredicate2 d, LongPredicate2 l) {
        return (ctx, in) -> {
            Tensor a = in[0], b = in[1];
            Shape s = Broadcast.shape(ctx, a.shape(), b.shape());
            int n = s.size();
            int[] ma = Broadcast.indexMap(a.shape(), s), mb = Broadcast.indexMap(b.shape(), s);
            boolean[] o = new boolean[n];
            switch (a.dtype()) {
                case FLOAT32 -> { float[] x = a.floatData(), y = b.floatData(); for (int k = 0; k < n; k++) o[k] = d.test(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]); }
                case FLOAT64 -> { double[] x = a.doubleData(), y = b.doubleData(); for (int k = 0; k < n; k++) o[k] = d.test(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]); }
                case INT32 -> { int[] x = a.intData(), y = b.intData(); for (int k = 0; k < n; k++) o[k] = l.test(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]); }
                case INT64 -> { long[] x = a.longData(), y = b.longData(); for (int k = 0; k < n; k++) o[k] = l.test(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]); }
                case BOOL, STRING -> throw ctx.fail("no bool or string kernel");
            }
            return Tensor.of(s, o);
        };
    }

    private static CpuKernel logical(BoolBinary f) {
        return (ctx, in) -> {
            Tensor a = in[0], b = in[1];
            Shape s = Broadcast.shape(ctx, a.shape(), b.shape());
            int n = s.size();
            int[] ma = Broadcast.indexMap(a.shape(), s), mb = Broadcast.indexMap(b.shape(), s);
            boolean[] x = a.boolData(), y = b.boolData(), o = new boolean[n];
            for (int k = 0; k < n; k++) o[k] = f.apply(x[Broadcast.at(ma, k)], y[Broadcast.at(mb, k)]);
            return Tensor.of(s, o);
        };
    }
}
