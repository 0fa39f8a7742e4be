package dev.nagare.device.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The CUDA driver API through the FFM API, loaded at run time: no JNI, no native build. Only what device
 * discovery needs is bound so far; kernels, memory and cuBLAS come with the GPU device itself.
 */
@SuppressWarnings("restricted") // FFM downcalls are the point: the launcher enables native access
final class CudaDriver {
    static final String LIBRARY = "libcuda.so.1";

    private final MethodHandle cuInit;
    private final MethodHandle cuDeviceGetCount;

    private CudaDriver(SymbolLookup lib) {
        Linker linker = Linker.nativeLinker();
        cuInit = linker.downcallHandle(find(lib, "cuInit"), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        cuDeviceGetCount = linker.downcallHandle(find(lib, "cuDeviceGetCount"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    }

    private static MemorySegment find(SymbolLookup lib, String name) {
        return lib.find(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
    }

    /** The driver, or empty when the library cannot be loaded (no NVIDIA driver on this machine). */
    static Optional<CudaDriver> load() {
        try {
            return Optional.of(new CudaDriver(SymbolLookup.libraryLookup(LIBRARY, Arena.global())));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** cuInit(0) then cuDeviceGetCount; a CUresult other than 0 is reported with its number. */
    int deviceCount() {
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) cuInit.invokeExact(0);
            if (status != 0) throw new IllegalStateException("cuInit failed with CUresult " + status);
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            status = (int) cuDeviceGetCount.invokeExact(count);
            if (status != 0) throw new IllegalStateException("cuDeviceGetCount failed with CUresult " + status);
            return count.get(ValueLayout.JAVA_INT, 0);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("calling the CUDA driver failed: " + t, t);
        }
    }
}
