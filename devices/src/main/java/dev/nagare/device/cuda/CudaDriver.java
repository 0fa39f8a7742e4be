package dev.nagare.device.cuda;

import static dev.nagare.device.cuda.Native.INT;
import static dev.nagare.device.cuda.Native.LONG;
import static dev.nagare.device.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The CUDA driver API ({@code libcuda.so.1}) through the FFM API, loaded at run time: no JNI, no native build.
 * Each method calls one driver function and throws {@link CudaException} naming it and cuGetErrorString's
 * words when it fails. The {@code _v2} entry points are the ones cuda.h maps the plain names to since CUDA 4
 * and 11; every function here exists in the drivers of CUDA 11.4 and later.
 */
@SuppressWarnings("restricted")
public final class CudaDriver {
    static final String LIBRARY = "libcuda.so.1";

    public static final int CUDA_SUCCESS = 0, CUDA_ERROR_NOT_READY = 600;
    public static final int ATTR_MULTIPROCESSOR_COUNT = 16, ATTR_CC_MAJOR = 75, ATTR_CC_MINOR = 76, ATTR_MEMORY_POOLS = 115;
    static final int CU_STREAM_NON_BLOCKING = 1, CU_EVENT_DISABLE_TIMING = 2, CU_MEMHOSTALLOC_PORTABLE = 1;
    static final int CU_STREAM_CAPTURE_MODE_THREAD_LOCAL = 1;

    private final CudaLibraries.Library lib;
    private final MethodHandle cuInit, cuDriverGetVersion, cuDeviceGetCount, cuDeviceGet, cuDeviceGetName, cuDeviceGetAttribute,
            cuDeviceTotalMem, cuDevicePrimaryCtxRetain, cuDevicePrimaryCtxRelease, cuCtxSetCurrent, cuCtxSynchronize,
            cuGetErrorString, cuGetErrorName,
            cuStreamCreate, cuStreamDestroy, cuStreamSynchronize, cuStreamQuery,
            cuEventCreate, cuEventRecord, cuEventSynchronize, cuEventQuery, cuEventDestroy, cuEventElapsedTime,
            cuMemAlloc, cuMemFree, cuMemAllocAsync, cuMemFreeAsync, cuMemHostAlloc, cuMemFreeHost,
            cuMemcpyHtoDAsync, cuMemcpyDtoHAsync, cuMemcpyDtoDAsync, cuMemsetD8Async, cuMemsetD32Async,
            cuModuleLoadData, cuModuleGetFunction, cuModuleUnload, cuLaunchKernel,
            cuStreamBeginCapture, cuStreamEndCapture, cuGraphInstantiate, cuGraphLaunch, cuGraphExecDestroy, cuGraphDestroy;

    private CudaDriver(CudaLibraries.Library lib) {
        this.lib = lib;
        cuInit = Native.status(lib, "cuInit", INT);
        cuDriverGetVersion = Native.status(lib, "cuDriverGetVersion", PTR);
        cuDeviceGetCount = Native.status(lib, "cuDeviceGetCount", PTR);
        cuDeviceGet = Native.status(lib, "cuDeviceGet", PTR, INT);
        cuDeviceGetName = Native.status(lib, "cuDeviceGetName", PTR, INT, INT);
        cuDeviceGetAttribute = Native.status(lib, "cuDeviceGetAttribute", PTR, INT, INT);
        cuDeviceTotalMem = Native.status(lib, "cuDeviceTotalMem_v2", PTR, INT);
        cuDevicePrimaryCtxRetain = Native.status(lib, "cuDevicePrimaryCtxRetain", PTR, INT);
        cuDevicePrimaryCtxRelease = Native.status(lib, "cuDevicePrimaryCtxRelease_v2", INT);
        cuCtxSetCurrent = Native.status(lib, "cuCtxSetCurrent", LONG);
        cuCtxSynchronize = Native.status(lib, "cuCtxSynchronize");
        cuGetErrorString = Native.status(lib, "cuGetErrorString", INT, PTR);
        cuGetErrorName = Native.status(lib, "cuGetErrorName", INT, PTR);
        cuStreamCreate = Native.status(lib, "cuStreamCreate", PTR, INT);
        cuStreamDestroy = Native.status(lib, "cuStreamDestroy_v2", LONG);
        cuStreamSynchronize = Native.status(lib, "cuStreamSynchronize", LONG);
        cuStreamQuery = Native.status(lib, "cuStreamQuery", LONG);
        cuEventCreate = Native.status(lib, "cuEventCreate", PTR, INT);
        cuEventRecord = Native.status(lib, "cuEventRecord", LONG, LONG);
        cuEventSynchronize = Native.status(lib, "cuEventSynchronize", LONG);
        cuEventQuery = Native.status(lib, "cuEventQuery", LONG);
        cuEventDestroy = Native.status(lib, "cuEventDestroy_v2", LONG);
        cuEventElapsedTime = Native.status(lib, "cuEventElapsedTime", PTR, LONG, LONG);
        cuMemAlloc = Native.status(lib, "cuMemAlloc_v2", PTR, LONG);
        cuMemFree = Native.status(lib, "cuMemFree_v2", LONG);
        cuMemAllocAsync = Native.status(lib, "cuMemAllocAsync", PTR, LONG, LONG);
        cuMemFreeAsync = Native.status(lib, "cuMemFreeAsync", LONG, LONG);
        cuMemHostAlloc = Native.status(lib, "cuMemHostAlloc", PTR, LONG, INT);
        cuMemFreeHost = Native.status(lib, "cuMemFreeHost", LONG);
        cuMemcpyHtoDAsync = Native.status(lib, "cuMemcpyHtoDAsync_v2", LONG, LONG, LONG, LONG);
        cuMemcpyDtoHAsync = Native.status(lib, "cuMemcpyDtoHAsync_v2", LONG, LONG, LONG, LONG);
        cuMemcpyDtoDAsync = Native.status(lib, "cuMemcpyDtoDAsync_v2", LONG, LONG, LONG, LONG);
        cuMemsetD8Async = Native.status(lib, "cuMemsetD8Async", LONG, ValueLayout.JAVA_BYTE, LONG, LONG);
        cuMemsetD32Async = Native.status(lib, "cuMemsetD32Async", LONG, INT, LONG, LONG);
        cuModuleLoadData = Native.status(lib, "cuModuleLoadData", PTR, PTR);
        cuModuleGetFunction = Native.status(lib, "cuModuleGetFunction", PTR, LONG, PTR);
        cuModuleUnload = Native.status(lib, "cuModuleUnload", LONG);
        cuLaunchKernel = Native.status(lib, "cuLaunchKernel", LONG, INT, INT, INT, INT, INT, INT, INT, LONG, PTR, PTR);
        cuStreamBeginCapture = Native.status(lib, "cuStreamBeginCapture_v2", LONG, INT);
        cuStreamEndCapture = Native.status(lib, "cuStreamEndCapture", LONG, PTR);
        cuGraphInstantiate = Native.status(lib, "cuGraphInstantiateWithFlags", PTR, LONG, LONG);
        cuGraphLaunch = Native.status(lib, "cuGraphLaunch", LONG, LONG);
        cuGraphExecDestroy = Native.status(lib, "cuGraphExecDestroy", LONG);
        cuGraphDestroy = Native.status(lib, "cuGraphDestroy", LONG);
    }

    /** The driver, or empty when {@code libcuda.so.1} is not found (no NVIDIA driver on this machine). */
    public static Optional<CudaDriver> load() {
        return CudaLibraries.open(CudaLibraries.DRIVER).map(CudaDriver::new);
    }

    /** Where the library was found. */
    public String file() { return lib.file(); }

    // ---- status checks ----

    /** cuGetErrorName and cuGetErrorString of {@code status}, such as "CUDA_ERROR_OUT_OF_MEMORY: out of memory". */
    public String errorString(int status) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(PTR);
            String name = (int) cuGetErrorName.invokeExact(status, p) == 0 ? Native.string(p.get(ValueLayout.ADDRESS, 0)) : "";
            String text = (int) cuGetErrorString.invokeExact(status, p) == 0 ? Native.string(p.get(ValueLayout.ADDRESS, 0)) : "";
            return name.isEmpty() ? text : text.isEmpty() ? name : name + ": " + text;
        } catch (Throwable t) {
            return "";
        }
    }

    private void check(String call, int status) {
        if (status != CUDA_SUCCESS) throw new CudaException(call, status, errorString(status), "");
    }

    // ---- devices and contexts ----

    public void init() {
        try { check("cuInit", (int) cuInit.invokeExact(0)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** The driver's CUDA version, as 1000 major + 10 minor (13000 for CUDA 13.0). */
    public int driverVersion() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(INT);
            check("cuDriverGetVersion", (int) cuDriverGetVersion.invokeExact(v));
            return v.get(INT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** cuInit(0) then cuDeviceGetCount. */
    public int deviceCount() {
        init();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment count = a.allocate(INT);
            check("cuDeviceGetCount", (int) cuDeviceGetCount.invokeExact(count));
            return count.get(INT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public int device(int ordinal) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment d = a.allocate(INT);
            check("cuDeviceGet", (int) cuDeviceGet.invokeExact(d, ordinal));
            return d.get(INT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public String deviceName(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment name = a.allocate(256);
            check("cuDeviceGetName", (int) cuDeviceGetName.invokeExact(name, 256, device));
            return name.getString(0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public int attribute(int attribute, int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(INT);
            check("cuDeviceGetAttribute(" + attribute + ")", (int) cuDeviceGetAttribute.invokeExact(v, attribute, device));
            return v.get(INT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public long totalMemory(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(LONG);
            check("cuDeviceTotalMem_v2", (int) cuDeviceTotalMem.invokeExact(v, device));
            return v.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** The device's primary context (shared with any other user of the runtime API in this process). */
    public long retainPrimaryContext(int device) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(LONG);
            check("cuDevicePrimaryCtxRetain", (int) cuDevicePrimaryCtxRetain.invokeExact(c, device));
            return c.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void releasePrimaryContext(int device) {
        try { check("cuDevicePrimaryCtxRelease_v2", (int) cuDevicePrimaryCtxRelease.invokeExact(device)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Makes {@code context} the calling thread's current one (the driver keeps one per thread). */
    public void setCurrent(long context) {
        try { check("cuCtxSetCurrent", (int) cuCtxSetCurrent.invokeExact(context)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void contextSynchronize() {
        try { check("cuCtxSynchronize", (int) cuCtxSynchronize.invokeExact()); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    // ---- streams and events ----

    /** A stream that does not synchronize with the legacy default stream. */
    public long streamCreate() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(LONG);
            check("cuStreamCreate", (int) cuStreamCreate.invokeExact(s, CU_STREAM_NON_BLOCKING));
            return s.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void streamDestroy(long stream) {
        try { check("cuStreamDestroy_v2", (int) cuStreamDestroy.invokeExact(stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void streamSynchronize(long stream) {
        try { check("cuStreamSynchronize", (int) cuStreamSynchronize.invokeExact(stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Whether all work queued on {@code stream} is done; a failure of that work is thrown. */
    public boolean streamQuery(long stream) {
        try {
            int status = (int) cuStreamQuery.invokeExact(stream);
            if (status == CUDA_ERROR_NOT_READY) return false;
            check("cuStreamQuery", status);
            return true;
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** An event; {@code timing} false makes it cheaper (no timestamps). */
    public long eventCreate(boolean timing) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(LONG);
            check("cuEventCreate", (int) cuEventCreate.invokeExact(e, timing ? 0 : CU_EVENT_DISABLE_TIMING));
            return e.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void eventRecord(long event, long stream) {
        try { check("cuEventRecord", (int) cuEventRecord.invokeExact(event, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void eventSynchronize(long event) {
        try { check("cuEventSynchronize", (int) cuEventSynchronize.invokeExact(event)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public boolean eventQuery(long event) {
        try {
            int status = (int) cuEventQuery.invokeExact(event);
            if (status == CUDA_ERROR_NOT_READY) return false;
            check("cuEventQuery", status);
            return true;
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void eventDestroy(long event) {
        try { check("cuEventDestroy_v2", (int) cuEventDestroy.invokeExact(event)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Milliseconds between two recorded timing events. */
    public float elapsedMillis(long start, long end) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ms = a.allocate(Native.FLOAT);
            check("cuEventElapsedTime", (int) cuEventElapsedTime.invokeExact(ms, start, end));
            return ms.get(Native.FLOAT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    // ---- memory ----

    public long memAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(LONG);
            check("cuMemAlloc_v2(" + bytes + " bytes)", (int) cuMemAlloc.invokeExact(p, bytes));
            return p.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void memFree(long ptr) {
        try { check("cuMemFree_v2", (int) cuMemFree.invokeExact(ptr)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Stream-ordered allocation from the device's default memory pool (CUDA 11.2+). */
    public long memAllocAsync(long bytes, long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(LONG);
            check("cuMemAllocAsync(" + bytes + " bytes)", (int) cuMemAllocAsync.invokeExact(p, bytes, stream));
            return p.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void memFreeAsync(long ptr, long stream) {
        try { check("cuMemFreeAsync", (int) cuMemFreeAsync.invokeExact(ptr, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Page-locked host memory (what asynchronous copies need), as a segment of {@code bytes}. */
    public MemorySegment hostAlloc(long bytes) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = a.allocate(LONG);
            check("cuMemHostAlloc(" + bytes + " bytes)", (int) cuMemHostAlloc.invokeExact(p, Math.max(bytes, 1), CU_MEMHOSTALLOC_PORTABLE));
            return MemorySegment.ofAddress(p.get(LONG, 0)).reinterpret(Math.max(bytes, 1));
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void freeHost(MemorySegment pinned) {
        try { check("cuMemFreeHost", (int) cuMemFreeHost.invokeExact(pinned.address())); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void copyHtoDAsync(long dst, MemorySegment pinnedSrc, long bytes, long stream) {
        try { check("cuMemcpyHtoDAsync_v2", (int) cuMemcpyHtoDAsync.invokeExact(dst, pinnedSrc.address(), bytes, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void copyDtoHAsync(MemorySegment pinnedDst, long src, long bytes, long stream) {
        try { check("cuMemcpyDtoHAsync_v2", (int) cuMemcpyDtoHAsync.invokeExact(pinnedDst.address(), src, bytes, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void copyDtoDAsync(long dst, long src, long bytes, long stream) {
        try { check("cuMemcpyDtoDAsync_v2", (int) cuMemcpyDtoDAsync.invokeExact(dst, src, bytes, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void memsetD8Async(long dst, byte value, long count, long stream) {
        try { check("cuMemsetD8Async", (int) cuMemsetD8Async.invokeExact(dst, value, count, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void memsetD32Async(long dst, int value, long count, long stream) {
        try { check("cuMemsetD32Async", (int) cuMemsetD32Async.invokeExact(dst, value, count, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    // ---- modules and launches ----

    /** Loads PTX text (JIT-compiled by the driver for this GPU). */
    public long moduleLoadPtx(String ptx, String what) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment m = a.allocate(LONG);
            int status = (int) cuModuleLoadData.invokeExact(m, a.allocateFrom(ptx));
            if (status != CUDA_SUCCESS) throw new CudaException("cuModuleLoadData", status, errorString(status), what);
            return m.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public long moduleFunction(long module, String name) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment f = a.allocate(LONG);
            int status = (int) cuModuleGetFunction.invokeExact(f, module, a.allocateFrom(name));
            if (status != CUDA_SUCCESS) throw new CudaException("cuModuleGetFunction", status, errorString(status), name);
            return f.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void moduleUnload(long module) {
        try { check("cuModuleUnload", (int) cuModuleUnload.invokeExact(module)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** cuLaunchKernel with {@code params}: an array of pointers, one per kernel parameter, to its value. */
    public void launch(long function, LaunchConfig c, long stream, MemorySegment params, String kernel) {
        try {
            int status = (int) cuLaunchKernel.invokeExact(function, c.gridX(), c.gridY(), 1, c.blockX(), 1, 1, c.sharedBytes(),
                    stream, params, MemorySegment.NULL);
            if (status != CUDA_SUCCESS) throw new CudaException("cuLaunchKernel", status, errorString(status), kernel + " " + c);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    // ---- stream capture into CUDA graphs ----

    public void beginCapture(long stream) {
        try { check("cuStreamBeginCapture_v2", (int) cuStreamBeginCapture.invokeExact(stream, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** Ends the capture: the CUgraph of the work queued since {@link #beginCapture}. */
    public long endCapture(long stream) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment g = a.allocate(LONG);
            check("cuStreamEndCapture", (int) cuStreamEndCapture.invokeExact(stream, g));
            return g.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public long graphInstantiate(long graph) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment e = a.allocate(LONG);
            check("cuGraphInstantiateWithFlags", (int) cuGraphInstantiate.invokeExact(e, graph, 0L));
            return e.get(LONG, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void graphLaunch(long exec, long stream) {
        try { check("cuGraphLaunch", (int) cuGraphLaunch.invokeExact(exec, stream)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void graphExecDestroy(long exec) {
        try { check("cuGraphExecDestroy", (int) cuGraphExecDestroy.invokeExact(exec)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

    public void graphDestroy(long graph) {
        try { check("cuGraphDestroy", (int) cuGraphDestroy.invokeExact(graph)); } catch (Throwable t) { throw Native.rethrow(t); }
    }

}
