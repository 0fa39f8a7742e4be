package dev.nagare.bench;

import dev.nagare.device.cpu.Gemm;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * float32 matrix products: square n = 256, 512, 1024, 2048 and the products of a training step of an MLP
 * 784-256-128-64-10 at batch 128 (forward {@code x W}, and the transposed products of its gradients).
 * Each shape runs on TensorFlow Java 1.1.0 (a session with both operands fed), on a Nagare session (same
 * graph, same feeds) and on {@link Gemm#sgemm} called directly; the table shows GFLOP/s = 2mnk / time.
 */
final class MatMulBench {
    static final String ENGINE_SESSION = "Nagare session";
    static final String ENGINE_GEMM = "Nagare Gemm.sgemm";

    private MatMulBench() {}

    /** One product C[m x n] = op(A) op(B) with op(A) m x k and op(B) k x n. */
    record Case(String label, boolean transA, boolean transB, int m, int n, int k) {
        double flops() { return 2.0 * m * n * k; }
        int[] aShape() { return transA ? new int[] {k, m} : new int[] {m, k}; }
        int[] bShape() { return transB ? new int[] {n, k} : new int[] {k, n}; }
        String name() {
            return String.format(Locale.ROOT, "matmul %s%s", label, transA || transB
                    ? " (" + (transA ? "A^T" : "A") + (transB ? "B^T" : "B") + ")" : "");
        }
    }

    /** The sizes of the square products, n x n times n x n. */
    static final int[] SQUARE = {256, 512, 1024, 2048};

    /** The square product of size {@code n}; its {@link Case#name()} is the benchmark's name in the table. */
    static Case square(int n) { return new Case(n + "^3", false, false, n, n, n); }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int n : SQUARE) cases.add(square(n));
        cases.add(new Case("128x784 * 784x256", false, false, 128, 256, 784));
        cases.add(new Case("128x256 * 256x128", false, false, 128, 128, 256));
        cases.add(new Case("[128x784]^T * 128x256", true, false, 784, 256, 128));
        cases.add(new Case("128x256 * [784x256]^T", false, true, 128, 784, 256));
        return cases;
    }

    static void run(Harness h) {
        System.err.printf(Locale.ROOT, "matmul: Gemm SIMD path %s%n", Gemm.SIMD ? "on" : "off (scalar fallback)");
        for (Case c : cases()) runCase(h, c);
    }

    private static void runCase(Harness h, Case c) {
        SplittableRandom rnd = new SplittableRandom(42);
        float[] a = random(rnd, c.m() * c.k()), b = random(rnd, c.k() * c.n());
        float[] want;
        try (var tf = new TfMatMul(c, a, b); var ng = new NagareMatMul(c, a, b)) {
            want = tf.runOnce();
            check(c, ENGINE_SESSION, ng.runOnce(), want);
            h.runInTurns(c.name(), TfJavaSessionBench.ENGINE, tf, ENGINE_SESSION, ng, c.flops());
        }

        float[] out = new float[c.m() * c.n()];
        Runnable direct = () -> Gemm.sgemm(c.transA(), c.transB(), c.m(), c.n(), c.k(), a, b, out);
        direct.run();
        check(c, ENGINE_GEMM, out, want);
        h.run(c.name(), ENGINE_GEMM, direct, c.flops());
    }

    private static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    /** Both engines accumulate in float32, in different orders: compare relative to the result's scale. */
    private static void check(Case c, String engine, float[] got, float[] want) {
        double scale = 0, err = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            err = Math.max(err, Math.abs(got[i] - want[i]));
        }
        if (got.length != want.length || err > 1e-4 * Math.max(1, scale)) {
            throw new AssertionError(c.name() + " on " + engine + ": max abs difference " + err + " to TF Java (scale " + scale + ")");
        }
    }

    /** TF Java: {@code matMul(a, b)} with a and b fed float32 placeholders; the inputs are reused, results closed. */
    static final class TfMatMul implements AutoCloseable, Runnable {
        private final org.tensorflow.Graph graph = new org.tensorflow.Graph();
        private final Session session;
        private final Placeholder<TFloat32> pa, pb;
        private final MatMul<TFloat32> product;
        private final TFloat32 ta, tb;

        TfMatMul(Case c, float[] a, float[] b) {
            Ops tf = Ops.create(graph);
            pa = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(toLongs(c.aShape()))));
            pb = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(toLongs(c.bShape()))));
            product = tf.linalg.matMul(pa, pb, MatMul.transposeA(c.transA()), MatMul.transposeB(c.transB()));
            session = new Session(graph, TrainingTfJava.config());
            ta = TFloat32.tensorOf(Shape.of(toLongs(c.aShape())), DataBuffers.of(a, true, false));
            tb = TFloat32.tensorOf(Shape.of(toLongs(c.bShape())), DataBuffers.of(b, true, false));
        }

        float[] runOnce() {
            try (Result r = session.runner().feed(pa, ta).feed(pb, tb).fetch(product).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] out = new float[(int) t.shape().size()];
                t.copyTo(DataBuffers.of(out, false, false));
                return out;
            }
        }

        @Override public void run() {
            try (Result r = session.runner().feed(pa, ta).feed(pb, tb).fetch(product).run()) {
                r.get(0);
            }
        }

        @Override public void close() {
            ta.close();
            tb.close();
            session.close();
            graph.close();
        }

        private static long[] toLongs(int[] dims) {
            long[] l = new long[dims.length];
            for (int i = 0; i < dims.length; i++) l[i] = dims[i];
            return l;
        }
    }

    /** Nagare: the same graph, {@code tf.matmul(a, b, transA, transB)} with both operands fed. */
    static final class NagareMatMul implements Runnable, AutoCloseable {
        private final dev.nagare.session.Session session;
        private final Output pa, pb, product;
        private final Tensor ta, tb;

        NagareMatMul(Case c, float[] a, float[] b) {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            pa = tf.placeholder(DType.FLOAT32, dev.nagare.graph.Shape.of(c.aShape()), "a");
            pb = tf.placeholder(DType.FLOAT32, dev.nagare.graph.Shape.of(c.bShape()), "b");
            product = tf.matmul(pa, pb, c.transA(), c.transB());
            session = new dev.nagare.session.Session(g);
            ta = Tensor.of(dev.nagare.graph.Shape.of(c.aShape()), a.clone());
            tb = Tensor.of(dev.nagare.graph.Shape.of(c.bShape()), b.clone());
        }

        float[] runOnce() { return session.runner().feed(pa, ta).feed(pb, tb).fetch(product).run().get(0).floatData(); }

        @Override public void run() { session.runner().feed(pa, ta).feed(pb, tb).fetch(product).run(); }

        @Override public void close() { session.close(); }
    }
}
