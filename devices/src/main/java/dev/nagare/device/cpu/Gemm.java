package dev.nagare.device.cpu;

/**
 * Single-precision matrix product {@code C = op(A) op(B)} on row-major {@code float[]} arrays.
 *
 * <p>Two implementations sit behind {@link #sgemm}: {@link GemmVector} (Vector API, packed panels,
 * register-blocked micro-kernel, cache blocking, intra-op parallelism for big products) and
 * {@link GemmScalar} (plain loops). The choice is made once, when this class is initialised: the vector
 * path is used when {@code jdk.incubator.vector} is resolved (the JVM was started with
 * {@code --add-modules jdk.incubator.vector}) and the system property {@code nagare.simd} is not
 * {@code false}. {@code GemmVector} is only loaded on that path, so the engine runs without the module.
 *
 * <p>Products of at least about 2M multiply-adds (m*n*k) are split across {@code nagare.gemm.threads} threads
 * (default: the available processors): the calling thread and a small shared pool of daemon threads. Each
 * calling thread keeps its packing buffers (up to about 24 MB for big products) for reuse. The register tile
 * follows the vector width and register count ({@code GemmKernels}; {@code nagare.gemm.species} and
 * {@code nagare.gemm.tile} force one) and the blocking the cache sizes; {@code nagare.gemm.kc}, {@code .mc},
 * {@code .nc}, {@code .mb}, {@code .parallelMin}, {@code .tileMax} and {@code .tilePanelFloats} override it
 * for experiments (see {@code GemmVector}). None of these change a result's bits, only its speed.
 */
public final class Gemm {
    private Gemm() {}

    /** Whether {@link #sgemm} uses the Vector API path. */
    public static final boolean SIMD = detectSimd(System.getProperty("nagare.simd"));

    /**
     * The vector path is on unless {@code simdProperty} is "false" or the Vector API cannot be used. Only
     * then is {@link GemmVector} loaded (its class refers to jdk.incubator.vector types).
     */
    static boolean detectSimd(String simdProperty) {
        if ("false".equalsIgnoreCase(simdProperty)) return false;
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, Gemm.class.getClassLoader());
            return GemmVector.available(); // initialises GemmVector: a failure there also means "no SIMD"
        } catch (Throwable t) { // ClassNotFoundException, NoClassDefFoundError, ExceptionInInitializerError, ...
            return false;
        }
    }

    /**
     * The path in words, for benchmark headers: the vector width, register tile and blocking, or that the
     * scalar loops run.
     */
    public static String describe() {
        return SIMD ? GemmVector.describe() : "scalar loops (no Vector API)";
    }

    /**
     * Computes {@code C = op(A) op(B)}, overwriting {@code c[0 .. m*n)}. {@code op(A)} is m x k: {@code a}
     * holds it row-major as m x k, or as k x m when {@code transA}. {@code op(B)} is k x n: {@code b} holds it
     * as k x n, or as n x k when {@code transB}. With {@code k == 0} the result is all zeros.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c) {
        check(m, n, k, a, b, c);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            java.util.Arrays.fill(c, 0, m * n, 0f);
            return;
        }
        if (SIMD) GemmVector.sgemm(transA, transB, m, n, k, a, b, c);
        else GemmScalar.sgemm(transA, transB, m, n, k, a, b, c);
    }

    static void check(int m, int n, int k, float[] a, float[] b, float[] c) {
        if (m < 0 || n < 0 || k < 0) throw new IllegalArgumentException("negative size: m=" + m + " n=" + n + " k=" + k);
        if ((long) m * k > a.length || (long) k * n > b.length || (long) m * n > c.length) {
            throw new IllegalArgumentException("arrays too short for m=" + m + " n=" + n + " k=" + k + ": a=" + a.length
                    + " b=" + b.length + " c=" + c.length);
        }
    }
}
