package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The Vector API loops ({@link FloatLoopsVector}) and the plain ones ({@link FloatLoops.Scalar}) against a
 * float64 reference rounded once to float32, element for element: lengths around the vector width (tails),
 * offsets, and inputs with NaN, infinities, signed zeros and subnormals.
 */
class FloatLoopsTest {
    private static final int[] LENGTHS = {0, 1, 2, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1000, 4099};

    private static float[] values(SplittableRandom r, int n) {
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40f};
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = r.nextInt(10) == 0 ? special[r.nextInt(special.length)] : (float) (r.nextGaussian() * 10);
        return a;
    }

    /** Same float, NaN matching NaN and -0 not matching +0. */
    private static void same(String what, float expected, float got) {
        if (Float.isNaN(expected)) assertTrue(Float.isNaN(got), what + ": expected NaN, got " + got);
        else assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(got), () -> what + ": expected " + expected + ", got " + got);
    }

    interface Loop { void run(float[] x, float[] y, float[] o, int n, int off); }
    interface Ref { double at(double x, double y); }

    private static void check(String name, Loop vector, Loop scalar, Ref ref) {
        SplittableRandom r = new SplittableRandom(name.hashCode());
        for (int n : LENGTHS) {
            for (int off : new int[] {0, 3}) {
                float[] x = values(r, n + off), y = values(r, n + off);
                for (Loop loop : new Loop[] {vector, scalar}) {
                    float[] o = new float[n + off + 5];
                    java.util.Arrays.fill(o, 42f);
                    loop.run(x, y, o, n, off);
                    for (int k = 0; k < n; k++) {
                        same(name + " n=" + n + " off=" + off + " k=" + k + (loop == vector ? " vector" : " scalar"),
                                (float) ref.at(x[off + k], y[off + k]), o[off + k]);
                    }
                    for (int k = 0; k < off; k++) assertEquals(42f, o[k], name + ": wrote before its range");
                    for (int k = off + n; k < o.length; k++) assertEquals(42f, o[k], name + ": wrote past its range");
                }
            }
        }
    }

    @Test
    void vectorLoopsAreThere() {
        assertTrue(Gemm.SIMD, "tests run with the vector module; the scalar loops are checked directly below");
    }

    @Test
    void addSubMulOfTwoArrays() {
        check("add", (x, y, o, n, f) -> FloatLoopsVector.add(x, f, y, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.add(x, f, y, f, o, f, n), Double::sum);
        check("sub", (x, y, o, n, f) -> FloatLoopsVector.sub(x, f, y, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.sub(x, f, y, f, o, f, n), (a, b) -> a - b);
        check("mul", (x, y, o, n, f) -> FloatLoopsVector.mul(x, f, y, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.mul(x, f, y, f, o, f, n), (a, b) -> a * b);
    }

    @Test
    void withAScalarOperand() {
        float s = -2.75f;
        check("add scalar", (x, y, o, n, f) -> FloatLoopsVector.add(x, f, s, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.add(x, f, s, o, f, n), (a, b) -> a + s);
        check("x - scalar", (x, y, o, n, f) -> FloatLoopsVector.sub(x, f, s, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.sub(x, f, s, o, f, n), (a, b) -> a - s);
        check("scalar - y", (x, y, o, n, f) -> FloatLoopsVector.sub(s, y, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.sub(s, y, f, o, f, n), (a, b) -> s - b);
        check("mul scalar", (x, y, o, n, f) -> FloatLoopsVector.mul(x, f, s, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.mul(x, f, s, o, f, n), (a, b) -> a * s);
    }

    @Test
    void reluAndItsGradient() {
        // max(x, 0) with NaN kept and -0 becoming +0 (Math.max's rules); the gradient passes g where x > 0.
        check("relu", (x, y, o, n, f) -> FloatLoopsVector.relu(x, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.relu(x, f, o, f, n),
                (a, b) -> Double.isNaN(a) ? Double.NaN : a > 0 ? a : 0.0);
        check("reluGrad", (x, y, o, n, f) -> FloatLoopsVector.reluGrad(y, x, f, o, n), (x, y, o, n, f) -> FloatLoops.Scalar.reluGrad(y, x, f, o, n),
                (a, b) -> a > 0 ? b : 0.0);
    }

    @Test
    void gradientDescentStep() {
        float lr = 0.037f;
        check("descend", (x, y, o, n, f) -> FloatLoopsVector.descend(x, lr, y, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.descend(x, lr, y, o, f, n),
                (w, g) -> w - (double) (float) ((double) lr * g)); // the product is rounded to float first
    }

    @Test
    void maxAndDivisionByAScalar() {
        // Math.max's rules: NaN wins, +0 is above -0 (max(-0, +0) is +0 in either order).
        check("max", (x, y, o, n, f) -> FloatLoopsVector.max(x, f, y, f, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.max(x, f, y, f, o, f, n),
                (a, b) -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a == 0 && b == 0 ? (Double.doubleToRawLongBits(a) == 0 ? a : b) : a > b ? a : b);
        float s = 3f;
        check("div scalar", (x, y, o, n, f) -> FloatLoopsVector.div(x, f, s, o, f, n), (x, y, o, n, f) -> FloatLoops.Scalar.div(x, f, s, o, f, n), (a, b) -> a / s);
    }

    @Test
    void columnSumsAddEachColumnInDoubleInRowOrder() {
        // The reference adds each column's floats one by one in row order, in double: the vector loop must give
        // the same double bits (same chain per column), whatever the column count (vector groups and tails),
        // starting from sums already there and from a row in the middle.
        SplittableRandom r = new SplittableRandom(7);
        for (int c : new int[] {1, 3, 4, 7, 8, 10, 16, 17, 32, 33, 64, 100}) {
            int rows = 37, from = 5 * c, to = (rows - 2) * c;
            float[] x = values(r, rows * c);
            double[] start = new double[c];
            for (int k = 0; k < c; k++) start[k] = r.nextGaussian();
            double[] want = start.clone();
            for (int row = from / c; row < to / c; row++) for (int k = 0; k < c; k++) want[k] = want[k] + (double) x[row * c + k];
            double[] vector = start.clone(), scalar = start.clone();
            FloatLoopsVector.addRows(x, from, to, vector);
            FloatLoops.Scalar.addRows(x, from, to, scalar, 0);
            for (int k = 0; k < c; k++) {
                assertEquals(Double.doubleToLongBits(want[k]), Double.doubleToLongBits(vector[k]), "vector c=" + c + " column " + k);
                assertEquals(Double.doubleToLongBits(want[k]), Double.doubleToLongBits(scalar[k]), "scalar c=" + c + " column " + k);
            }
        }
    }

    @Test
    void gradientRoutedToTheWindowsLargest() {
        // o = +0 + g where at == position, else +0: -0 gradients become +0 there, NaN stays NaN.
        SplittableRandom r = new SplittableRandom(9);
        for (int n : LENGTHS) {
            float[] g = values(r, n + 3);
            int[] at = new int[n];
            for (int k = 0; k < n; k++) at[k] = 32 * r.nextInt(3);
            for (boolean vector : new boolean[] {true, false}) {
                float[] o = new float[n + 5];
                java.util.Arrays.fill(o, 42f);
                if (vector) FloatLoopsVector.routeGradient(g, 3, at, 32, o, 2, n);
                else FloatLoops.Scalar.routeGradient(g, 3, at, 32, o, 2, n, 0);
                for (int k = 0; k < n; k++) {
                    same("route n=" + n + " k=" + k + (vector ? " vector" : " scalar"), at[k] == 32 ? (float) (0.0 + g[3 + k]) : 0f, o[2 + k]);
                }
                for (int k : new int[] {0, 1, n + 2, n + 3, n + 4}) assertEquals(42f, o[k], "wrote outside its range");
            }
        }
    }

    @Test
    void runningArgmaxKeepsTheFirstLargest() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : LENGTHS) {
            int steps = 5;
            float[][] rows = new float[steps][];
            for (int t = 0; t < steps; t++) {
                rows[t] = values(r, n + 2);
                // ties with an earlier row, which must not move the position
                for (int k = 0; k < n; k++) if (t > 0 && r.nextInt(4) == 0) rows[t][2 + k] = rows[t - 1][2 + k];
            }
            for (boolean vector : new boolean[] {true, false}) {
                float[] m = new float[n];
                int[] at = new int[n];
                java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
                for (int t = 0; t < steps; t++) {
                    if (vector) FloatLoopsVector.keepMax(rows[t], 2, m, at, 10 * t + 1, n);
                    else FloatLoops.Scalar.keepMax(rows[t], 2, m, at, 10 * t + 1, n);
                }
                for (int k = 0; k < n; k++) {
                    // the reference: the first row holding the largest non-NaN value above -infinity (none: position 0)
                    int want = 0;
                    double best = Double.NEGATIVE_INFINITY;
                    for (int t = 0; t < steps; t++) {
                        float v = rows[t][2 + k];
                        if (v > best) {
                            best = v;
                            want = 10 * t + 1;
                        }
                    }
                    assertEquals(want, at[k], "n=" + n + " k=" + k + (vector ? " vector" : " scalar"));
                    same("max n=" + n + " k=" + k, (float) best, m[k]);
                }
            }
        }
    }
}
