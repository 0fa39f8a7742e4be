package dev.nagare.device.cuda;

import static dev.nagare.device.cuda.Native.INT;
import static dev.nagare.device.cuda.Native.LONG;
import static dev.nagare.device.cuda.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * NVRTC ({@code libnvrtc.so.13/12/11.2}) through the FFM API: compiles CUDA C source to PTX at run time. It needs
 * no GPU and no driver, which is what lets the build check every kernel source on a machine without either.
 */
@SuppressWarnings("restricted")
public final class Nvrtc {
    private final CudaLibraries.Library lib;
    private final MethodHandle version, createProgram, compileProgram, getPtxSize, getPtx, getLogSize, getLog, destroyProgram, errorString;
    private final int major, minor;

    private Nvrtc(CudaLibraries.Library lib) {
        this.lib = lib;
        version = Native.status(lib, "nvrtcVersion", PTR, PTR);
        createProgram = Native.status(lib, "nvrtcCreateProgram", PTR, PTR, PTR, INT, PTR, PTR);
        compileProgram = Native.status(lib, "nvrtcCompileProgram", LONG, INT, PTR);
        getPtxSize = Native.status(lib, "nvrtcGetPTXSize", LONG, PTR);
        getPtx = Native.status(lib, "nvrtcGetPTX", LONG, PTR);
        getLogSize = Native.status(lib, "nvrtcGetProgramLogSize", LONG, PTR);
        getLog = Native.status(lib, "nvrtcGetProgramLog", LONG, PTR);
        destroyProgram = Native.status(lib, "nvrtcDestroyProgram", PTR);
        errorString = Native.bind(lib, "nvrtcGetErrorString", FunctionDescriptor.of(PTR, INT));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ma = a.allocate(INT), mi = a.allocate(INT);
            check("nvrtcVersion", (int) version.invokeExact(ma, mi), "");
            major = ma.get(INT, 0);
            minor = mi.get(INT, 0);
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    /** NVRTC, or empty when none of its versions is found. */
    public static Optional<Nvrtc> load() { return CudaLibraries.open(CudaLibraries.NVRTC).map(Nvrtc::new); }

    public String file() { return lib.file(); }

    /** "11.8", "13.0": part of every cached PTX's key. */
    public String version() { return major + "." + minor; }

    private String meaning(int status) {
        try {
            return Native.string((MemorySegment) errorString.invokeExact(status));
        } catch (Throwable t) {
            return "";
        }
    }

    private void check(String call, int status, String context) {
        if (status != 0) throw new CudaException(call, status, meaning(status), context);
    }

    /**
     * The PTX of {@code source} for virtual architecture {@code arch} ("compute_80", "compute_90"). A compile
     * error throws a {@link CudaException} naming the program and holding NVRTC's log.
     */
    public String compile(String source, String programName, String arch) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment prog = a.allocate(LONG);
            check("nvrtcCreateProgram", (int) createProgram.invokeExact(prog, a.allocateFrom(source), a.allocateFrom(programName), 0,
                    MemorySegment.NULL, MemorySegment.NULL), programName);
            long p = prog.get(LONG, 0);
            try {
                List<String> options = List.of("--gpu-architecture=" + arch, "--std=c++14");
                MemorySegment opts = a.allocate(ValueLayout.ADDRESS, options.size());
                for (int i = 0; i < options.size(); i++) opts.setAtIndex(ValueLayout.ADDRESS, i, a.allocateFrom(options.get(i)));
                int status = (int) compileProgram.invokeExact(p, options.size(), opts);
                if (status != 0) throw new CudaException("nvrtcCompileProgram", status, meaning(status), programName + " for " + arch + ":\n" + log(a, p));
                MemorySegment size = a.allocate(LONG);
                check("nvrtcGetPTXSize", (int) getPtxSize.invokeExact(p, size), programName);
                MemorySegment ptx = a.allocate(size.get(LONG, 0));
                check("nvrtcGetPTX", (int) getPtx.invokeExact(p, ptx), programName);
                return ptx.getString(0);
            } finally {
                int ignored = (int) destroyProgram.invokeExact(prog);
            }
        } catch (Throwable t) { throw Native.rethrow(t); }
    }

    private String log(Arena a, long p) throws Throwable {
        MemorySegment size = a.allocate(LONG);
        if ((int) getLogSize.invokeExact(p, size) != 0) return "(no log)";
        MemorySegment text = a.allocate(Math.max(1, size.get(LONG, 0)));
        if ((int) getLog.invokeExact(p, text) != 0) return "(no log)";
        return text.getString(0);
    }
}
