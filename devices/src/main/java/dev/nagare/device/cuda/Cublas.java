package dev.nagare.device.cuda;

import static dev.nagare.device.cuda.Native.INT;
import static dev.nagare.device.cuda.Native.LONG;
import static dev.nagare.device.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * cuBLAS ({@code libcublas.so.13/12/11}) through the FFM API: a handle per stream, sgemm/dgemm, their strided
 * batched forms, and the math mode that lets sgemm use TF32 tensor cores. Matrices are column-major, as cuBLAS
 * has them; {@link GemmPlan} turns Nagare's row-major MatMul into these calls.
 */
@SuppressWarnings("restricted")
public final class Cublas {
    public static final int OP_N = 0, OP_T = 1;
    public static final int DEFAULT_MATH = 0, TF32_TENSOR_OP_MATH = 3;

    private final CudaLibraries.Library lib;
    private final MethodHandle create, destroy, setStream, setMathMode, sgemm, dgemm, sgemmBatched, dgemmBatched;
    private final MethodHandle statusString; // null before cuBLAS 11.4.2
    /** alpha = 1, beta = 0 as float and double, read by cuBLAS on the host at call time (the default pointer mode). */
    private final MemorySegment oneF, zeroF, oneD, zeroD;

    private Cublas(CudaLibraries.Library lib) {
        this.lib = lib;
        create = Native.status(lib, "cublasCreate_v2", PTR);
        destroy = Native.status(lib, "cublasDestroy_v2", LONG);
        setStream = Native.status(lib, "cublasSetStream_v2", LONG, LONG);
        setMathMode = Native.status(lib, "cublasSetMathMode", LONG, INT);
        sgemm = Native.status(lib, "cublasSgemm_v2", LONG, INT, INT, INT, INT, INT, LONG, LONG, INT, LONG, INT, LONG, LONG, INT);
        dgemm = Native.status(lib, "cublasDgemm_v2", LONG, INT, INT, INT, INT, INT, LONG, LONG, INT, LONG, INT, LONG, LONG, INT);
        sgemmBatched = Native.status(lib, "cublasSgemmStridedBatched", LONG, INT, INT, INT, INT, INT, LONG, LONG, INT, LONG, LONG, INT, LONG,
                LONG, LONG, INT, LONG, INT);
        dgemmBatched = Native.status(lib, "cublasDgemmStridedBatched", LONG, INT, INT, INT, INT, INT, LONG, LONG, INT, LONG, LONG, INT, LONG,
                LONG, LONG, INT, LONG, INT);
        statusString = lib.symbols().find("cublasGetStatusString").isPresent()
                ? Native.bind(lib, "cublasGetStatusString", FunctionDescriptor.of(PTR, INT)) : null;
        Arena global = Arena.global();
        oneF = global.allocateFrom(Native.FLOAT, 1f);
        zeroF = global.allocateFrom(Native.FLOAT, 0f);
        oneD = global.allocateFrom(Native.DOUBLE, 1d);
        zeroD = global.allocateFrom(Native.DOUBLE, 0d);
    }

    /** cuBLAS, or empty when none of its versions is found. */
    public static Optional<Cublas> load() { return CudaLibraries.open(CudaLibraries.CUBLAS).map(Cublas::new); }

    public String file() { return lib.file(); }

    private String meaning(int status) {
        if (statusString == null) return "";
        try {
            return Native.string((MemorySegment) statusString.invokeExact(status));
        } catch (Throwable t) {
            return "";
        }
    }

    private void check(String call, int status, String context) {
        if (status != 0) throw new CudaException(call, status, meaning(status), context);
    }

    /** A handle whose work goes on {@code stream}, with TF32 tensor-core math for float32 where {@code tf32}. */
    public long create(long stream, boolean tf32) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment h = a.allocate(LONG);
            check("cublasCreate_v2", (int) create.invokeExact(h), "");
            long handle = h.get(LONG, 0);
            check("cublasSetStream_v2", (int) setStream.invokeExact(handle, stream), "");
            check("cublasSetMathMode", (int) setMathMode.invokeExact(handle, tf32 ? TF32_TENSOR_OP_MATH : DEFAULT_MATH), "");
            return handle;
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void destroy(long handle) {
        try { check("cublasDestroy_v2", (int) destroy.invokeExact(handle), ""); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /**
     * Nagare's row-major C = op(A) op(B) in float32 or float64, as {@code p} plans it: cuBLAS's first operand
     * is Nagare's B and its second Nagare's A (see {@link GemmPlan}).
     */
    public void gemm(long handle, boolean f64, GemmPlan p, long nagareA, long nagareB, long c, String node) {
        long a = nagareB, b = nagareA;
        try {
            int status;
            if (p.batch() == 1) {
                status = f64
                        ? (int) dgemm.invokeExact(handle, p.opA(), p.opB(), p.m(), p.n(), p.k(), oneD.address(), a, p.lda(), b, p.ldb(), zeroD.address(), c, p.ldc())
                        : (int) sgemm.invokeExact(handle, p.opA(), p.opB(), p.m(), p.n(), p.k(), oneF.address(), a, p.lda(), b, p.ldb(), zeroF.address(), c, p.ldc());
                check(f64 ? "cublasDgemm_v2" : "cublasSgemm_v2", status, node + " " + p);
            } else {
                status = f64
                        ? (int) dgemmBatched.invokeExact(handle, p.opA(), p.opB(), p.m(), p.n(), p.k(), oneD.address(), a, p.lda(), p.strideA(),
                                b, p.ldb(), p.strideB(), zeroD.address(), c, p.ldc(), p.strideC(), p.batch())
                        : (int) sgemmBatched.invokeExact(handle, p.opA(), p.opB(), p.m(), p.n(), p.k(), oneF.address(), a, p.lda(), p.strideA(),
                                b, p.ldb(), p.strideB(), zeroF.address(), c, p.ldc(), p.strideC(), p.batch());
                check(f64 ? "cublasDgemmStridedBatched" : "cublasSgemmStridedBatched", status, node + " " + p);
            }
        } catch (Throwable t) { throw Native.rethrow(t); }
    }
}
