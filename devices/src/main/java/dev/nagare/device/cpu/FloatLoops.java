package dev.nagare.device.cpu;

/**
 * The float32 loops of the hot elementwise kernels (arithmetic, ReLU and its gradient, the gradient-descent
 * update), each in two versions: {@link FloatLoopsVector} with the Vector API, and the plain loops below.
 * The choice is {@link Gemm#SIMD}'s, made once; both give the same results, element for element (each
 * element is one IEEE operation either way). Offsets: {@code o[oo + k] = f(x[xo + k], ...)} for
 * {@code k < n}.
 */
final class FloatLoops {
    private FloatLoops() {}

    private static final boolean SIMD = Gemm.SIMD;

    static void add(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.add(x, xo, y, yo, o, oo, n);
        else Scalar.add(x, xo, y, yo, o, oo, n);
    }

    static void add(float[] x, int xo, float y, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.add(x, xo, y, o, oo, n);
        else Scalar.add(x, xo, y, o, oo, n);
    }

    static void sub(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.sub(x, xo, y, yo, o, oo, n);
        else Scalar.sub(x, xo, y, yo, o, oo, n);
    }

    /** o = x - y with a scalar y. */
    static void sub(float[] x, int xo, float y, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.sub(x, xo, y, o, oo, n);
        else Scalar.sub(x, xo, y, o, oo, n);
    }

    /** o = x - y with a scalar x. */
    static void sub(float x, float[] y, int yo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.sub(x, y, yo, o, oo, n);
        else Scalar.sub(x, y, yo, o, oo, n);
    }

    static void mul(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.mul(x, xo, y, yo, o, oo, n);
        else Scalar.mul(x, xo, y, yo, o, oo, n);
    }

    static void mul(float[] x, int xo, float y, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.mul(x, xo, y, o, oo, n);
        else Scalar.mul(x, xo, y, o, oo, n);
    }

    /** o = max(x, 0); NaN stays NaN, as Math.max lets it through. */
    static void relu(float[] x, int xo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.relu(x, xo, o, oo, n);
        else Scalar.relu(x, xo, o, oo, n);
    }

    /** o = x > 0 ? g : 0 (the gradient of ReLU at features x). */
    static void reluGrad(float[] g, float[] x, int from, float[] o, int n) {
        if (SIMD) FloatLoopsVector.reluGrad(g, x, from, o, n);
        else Scalar.reluGrad(g, x, from, o, n);
    }

    /** o = w - a g, the gradient-descent step, rounded as TensorFlow's float kernel does (a g, then the difference). */
    static void descend(float[] w, float a, float[] g, float[] o, int from, int n) {
        if (SIMD) FloatLoopsVector.descend(w, a, g, o, from, n);
        else Scalar.descend(w, a, g, o, from, n);
    }

    /** o = max(x, y) as Math.max: NaN wins, and +0 is above -0. */
    static void max(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.max(x, xo, y, yo, o, oo, n);
        else Scalar.max(x, xo, y, yo, o, oo, n);
    }

    /** o = x / y with a scalar y. */
    static void div(float[] x, int xo, float y, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.div(x, xo, y, o, oo, n);
        else Scalar.div(x, xo, y, o, oo, n);
    }

    /**
     * One step of a running argmax: where {@code x[xo + k] > m[k]} (never for NaN), {@code m[k]} takes it and
     * {@code at[k]} becomes {@code position}. Started from m = -infinity, it finds the first largest element.
     */
    static void keepMax(float[] x, int xo, float[] m, int[] at, int position, int n) {
        if (SIMD) FloatLoopsVector.keepMax(x, xo, m, at, position, n);
        else Scalar.keepMax(x, xo, m, at, position, n);
    }

    /**
     * Column sums: adds rows [from, to) of {@code x} (rows of {@code sums.length} floats; from and to whole rows)
     * into {@code sums}, each column in double and in row order, as a plain loop adds them.
     */
    static void addRows(float[] x, int from, int to, double[] sums) {
        if (SIMD) FloatLoopsVector.addRows(x, from, to, sums);
        else Scalar.addRows(x, from, to, sums, 0);
    }

    /**
     * MaxPoolGrad's write for one element of a window: {@code o[oo + k] = at[k] == position ? +0 + g[go + k] : +0}
     * (the gradient goes where the channel's first largest element was; +0 + g as adding it to a zeroed image).
     */
    static void routeGradient(float[] g, int go, int[] at, int position, float[] o, int oo, int n) {
        if (SIMD) FloatLoopsVector.routeGradient(g, go, at, position, o, oo, n);
        else Scalar.routeGradient(g, go, at, position, o, oo, n, 0);
    }

    /** The plain loops: the path without the Vector API, and the reference the vector loops are tested against. */
    static final class Scalar {
        private Scalar() {}

        static void max(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = Math.max(x[xo + k], y[yo + k]);
        }

        static void div(float[] x, int xo, float y, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] / y;
        }

        static void keepMax(float[] x, int xo, float[] m, int[] at, int position, int n) {
            for (int k = 0; k < n; k++) {
                float v = x[xo + k];
                if (v > m[k]) {
                    m[k] = v;
                    at[k] = position;
                }
            }
        }

        static void add(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] + y[yo + k];
        }

        static void add(float[] x, int xo, float y, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] + y;
        }

        static void sub(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] - y[yo + k];
        }

        static void sub(float[] x, int xo, float y, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] - y;
        }

        static void sub(float x, float[] y, int yo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x - y[yo + k];
        }

        static void mul(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] * y[yo + k];
        }

        static void mul(float[] x, int xo, float y, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = x[xo + k] * y;
        }

        static void relu(float[] x, int xo, float[] o, int oo, int n) {
            for (int k = 0; k < n; k++) o[oo + k] = Math.max(x[xo + k], 0f);
        }

        static void reluGrad(float[] g, float[] x, int from, float[] o, int n) {
            for (int k = from; k < from + n; k++) o[k] = x[k] > 0 ? g[k] : 0f;
        }

        /** {@link FloatLoops#routeGradient} for elements from {@code k} on. */
        static void routeGradient(float[] g, int go, int[] at, int position, float[] o, int oo, int n, int k) {
            for (; k < n; k++) o[oo + k] = at[k] == position ? 0f + g[go + k] : 0f;
        }

        /** {@link FloatLoops#addRows} for columns from {@code j} on. */
        static void addRows(float[] x, int from, int to, double[] sums, int j) {
            int c = sums.length;
            for (int r = from; r < to; r += c) for (int k = j; k < c; k++) sums[k] += x[r + k];
        }

        static void descend(float[] w, float a, float[] g, float[] o, int from, int n) {
            for (int k = from; k < from + n; k++) o[k] = w[k] - a * g[k];
        }
    }
}
