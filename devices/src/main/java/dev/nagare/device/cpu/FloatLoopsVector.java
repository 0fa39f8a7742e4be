package dev.nagare.device.cpu;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API versions of {@link FloatLoops}: whole vectors, then one masked vector for the tail. Loaded
 * only when {@link Gemm#SIMD} is on. Each loop is written out (no shared loop taking the operator) so that
 * the JIT sees a constant operator and keeps the vectors in registers.
 */
final class FloatLoopsVector {
    private FloatLoopsVector() {}

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Ints in vectors of as many lanes as S (for {@link #keepMax}'s positions). */
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    /** Doubles in vectors as wide as S (half as many lanes), for {@link #addRows}. */
    private static final VectorSpecies<Double> D = VectorSpecies.of(double.class, S.vectorShape());
    private static final int DL = D.length();

    static void add(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) {
            FloatVector.fromArray(S, x, xo + k).add(FloatVector.fromArray(S, y, yo + k)).intoArray(o, oo + k);
        }
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).add(FloatVector.fromArray(S, y, yo + k, m)).intoArray(o, oo + k, m);
        }
    }

    static void add(float[] x, int xo, float y, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) FloatVector.fromArray(S, x, xo + k).add(y).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).add(y).intoArray(o, oo + k, m);
        }
    }

    static void sub(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) {
            FloatVector.fromArray(S, x, xo + k).sub(FloatVector.fromArray(S, y, yo + k)).intoArray(o, oo + k);
        }
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).sub(FloatVector.fromArray(S, y, yo + k, m)).intoArray(o, oo + k, m);
        }
    }

    static void sub(float[] x, int xo, float y, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) FloatVector.fromArray(S, x, xo + k).sub(y).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).sub(y).intoArray(o, oo + k, m);
        }
    }

    static void sub(float x, float[] y, int yo, float[] o, int oo, int n) {
        FloatVector xv = FloatVector.broadcast(S, x);
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) xv.sub(FloatVector.fromArray(S, y, yo + k)).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            xv.sub(FloatVector.fromArray(S, y, yo + k, m)).intoArray(o, oo + k, m);
        }
    }

    static void mul(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) {
            FloatVector.fromArray(S, x, xo + k).mul(FloatVector.fromArray(S, y, yo + k)).intoArray(o, oo + k);
        }
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).mul(FloatVector.fromArray(S, y, yo + k, m)).intoArray(o, oo + k, m);
        }
    }

    static void mul(float[] x, int xo, float y, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) FloatVector.fromArray(S, x, xo + k).mul(y).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).mul(y).intoArray(o, oo + k, m);
        }
    }

    static void relu(float[] x, int xo, float[] o, int oo, int n) {
        // max(x, 0) with NaN kept: lanes that are not > 0 become 0 unless they are NaN (x != x).
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) relu(FloatVector.fromArray(S, x, xo + k)).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            relu(FloatVector.fromArray(S, x, xo + k, m)).intoArray(o, oo + k, m);
        }
    }

    private static FloatVector relu(FloatVector v) {
        VectorMask<Float> zero = v.compare(VectorOperators.LE, 0f); // false for NaN
        return v.blend(0f, zero);
    }

    static void reluGrad(float[] g, float[] x, int from, float[] o, int n) {
        int k = from, to = from + n;
        for (int end = from + S.loopBound(n); k < end; k += L) {
            VectorMask<Float> off = FloatVector.fromArray(S, x, k).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromArray(S, g, k).blend(0f, off).intoArray(o, k);
        }
        if (k < to) {
            VectorMask<Float> m = S.indexInRange(k, to);
            VectorMask<Float> off = FloatVector.fromArray(S, x, k, m).compare(VectorOperators.GT, 0f).not();
            FloatVector.fromArray(S, g, k, m).blend(0f, off).intoArray(o, k, m);
        }
    }

    static void descend(float[] w, float a, float[] g, float[] o, int from, int n) {
        int k = from, to = from + n;
        for (int end = from + S.loopBound(n); k < end; k += L) {
            FloatVector.fromArray(S, w, k).sub(FloatVector.fromArray(S, g, k).mul(a)).intoArray(o, k);
        }
        if (k < to) {
            VectorMask<Float> m = S.indexInRange(k, to);
            FloatVector.fromArray(S, w, k, m).sub(FloatVector.fromArray(S, g, k, m).mul(a)).intoArray(o, k, m);
        }
    }

    static void max(float[] x, int xo, float[] y, int yo, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) {
            FloatVector.fromArray(S, x, xo + k).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, y, yo + k)).intoArray(o, oo + k);
        }
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).lanewise(VectorOperators.MAX, FloatVector.fromArray(S, y, yo + k, m)).intoArray(o, oo + k, m);
        }
    }

    static void div(float[] x, int xo, float y, float[] o, int oo, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) FloatVector.fromArray(S, x, xo + k).div(y).intoArray(o, oo + k);
        if (k < n) {
            VectorMask<Float> m = S.indexInRange(k, n);
            FloatVector.fromArray(S, x, xo + k, m).div(y).intoArray(o, oo + k, m);
        }
    }

    static void routeGradient(float[] g, int go, int[] at, int position, float[] o, int oo, int n) {
        int k = 0;
        FloatVector zero = FloatVector.zero(S);
        for (int end = S.loopBound(n); k < end; k += L) {
            VectorMask<Float> here = IntVector.fromArray(IS, at, k).compare(VectorOperators.EQ, position).cast(S);
            zero.blend(zero.add(FloatVector.fromArray(S, g, go + k)), here).intoArray(o, oo + k);
        }
        FloatLoops.Scalar.routeGradient(g, go, at, position, o, oo, n, k);
    }

    /**
     * {@link FloatLoops#addRows}: two float vectors of columns at a time, widened into four vectors of doubles
     * held in registers down the rows (each lane one column's chain, in row order), then one float vector, then
     * the last columns one by one. Floats are loaded with the preferred species only: a second float species in
     * the process (a half-width one for the widening) left C2 compiling the GEMM kernels several times slower in
     * most runs of the CNN training step.
     */
    static void addRows(float[] x, int from, int to, double[] sums) {
        int c = sums.length, j = 0;
        for (; j + 2 * L <= c; j += 2 * L) {
            DoubleVector s0 = DoubleVector.fromArray(D, sums, j), s1 = DoubleVector.fromArray(D, sums, j + DL);
            DoubleVector s2 = DoubleVector.fromArray(D, sums, j + 2 * DL), s3 = DoubleVector.fromArray(D, sums, j + 3 * DL);
            for (int r = from + j; r < to; r += c) {
                FloatVector v0 = FloatVector.fromArray(S, x, r), v1 = FloatVector.fromArray(S, x, r + L);
                s0 = s0.add(v0.convertShape(VectorOperators.F2D, D, 0));
                s1 = s1.add(v0.convertShape(VectorOperators.F2D, D, 1));
                s2 = s2.add(v1.convertShape(VectorOperators.F2D, D, 0));
                s3 = s3.add(v1.convertShape(VectorOperators.F2D, D, 1));
            }
            s0.intoArray(sums, j);
            s1.intoArray(sums, j + DL);
            s2.intoArray(sums, j + 2 * DL);
            s3.intoArray(sums, j + 3 * DL);
        }
        for (; j + L <= c; j += L) {
            DoubleVector s0 = DoubleVector.fromArray(D, sums, j), s1 = DoubleVector.fromArray(D, sums, j + DL);
            for (int r = from + j; r < to; r += c) {
                FloatVector v0 = FloatVector.fromArray(S, x, r);
                s0 = s0.add(v0.convertShape(VectorOperators.F2D, D, 0));
                s1 = s1.add(v0.convertShape(VectorOperators.F2D, D, 1));
            }
            s0.intoArray(sums, j);
            s1.intoArray(sums, j + DL);
        }
        if (j < c) FloatLoops.Scalar.addRows(x, from, to, sums, j);
    }

    static void keepMax(float[] x, int xo, float[] m, int[] at, int position, int n) {
        int k = 0;
        for (int end = S.loopBound(n); k < end; k += L) {
            FloatVector v = FloatVector.fromArray(S, x, xo + k), best = FloatVector.fromArray(S, m, k);
            VectorMask<Float> above = v.compare(VectorOperators.GT, best);
            best.blend(v, above).intoArray(m, k);
            IntVector.fromArray(IS, at, k).blend(position, above.cast(IS)).intoArray(at, k);
        }
        for (; k < n; k++) { // the tail, one by one
            float v = x[xo + k];
            if (v > m[k]) {
                m[k] = v;
                at[k] = position;
            }
        }
    }
}
