package dev.nagare.device.cuda;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for the CUDA libraries. Opaque handles (CUstream, CUfunction, cublasHandle_t, nvrtcProgram,
 * ...) and device pointers are passed as Java longs: on x86-64 (System V) a pointer and a 64-bit integer travel
 * the same way, which keeps every binding a plain long in and out; only out-parameters and strings are
 * memory segments.
 */
@SuppressWarnings("restricted")
final class Native {
    private Native() {}

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE;
    static final MemoryLayout PTR = ValueLayout.ADDRESS;

    private static final Linker LINKER = Linker.nativeLinker();

    /** The function {@code name} of {@code lib} returning an int status, taking {@code args}. */
    static MethodHandle status(CudaLibraries.Library lib, String name, MemoryLayout... args) {
        return bind(lib, name, FunctionDescriptor.of(INT, args));
    }

    static MethodHandle bind(CudaLibraries.Library lib, String name, FunctionDescriptor d) {
        MemorySegment symbol = lib.symbols().find(name)
                .orElseThrow(() -> new IllegalStateException(lib.file() + " has no symbol " + name + " (too old a version?)"));
        return LINKER.downcallHandle(symbol, d);
    }

    /** A C string returned by a library (static storage), or "" for null. */
    static String string(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return "";
        return p.reinterpret(4096).getString(0);
    }

    /** Rethrows what a downcall threw: only errors are possible from a downcall itself. */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed: " + t, t);
    }
}
