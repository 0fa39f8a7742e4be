package dev.nagare.device.cuda;

import dev.nagare.device.Device;
import dev.nagare.graph.DType;
import java.util.List;

/**
 * Raw figures of one opened GPU device, timed with CUDA events on its stream (no Session around them): what the
 * GPU check prints beside the Session-level MLP step. Each measurement warms up once, then times {@code iters}
 * repetitions.
 */
public final class CudaBench {
    private CudaBench() {}

    private static CudaDevice gpu(Device d) {
        if (!(d instanceof CudaDevice c)) throw new IllegalArgumentException(d + " is not a GPU device");
        c.stream(); // fails for a template
        return c;
    }

    /** Milliseconds the GPU spent on {@code iters} runs of {@code body}, measured between two events. */
    private static double time(CudaDevice d, int iters, Runnable body) {
        CudaDriver drv = d.driver();
        d.current();
        body.run();
        long start = drv.eventCreate(true), end = drv.eventCreate(true);
        try {
            drv.eventRecord(start, d.stream());
            for (int i = 0; i < iters; i++) body.run();
            drv.eventRecord(end, d.stream());
            drv.eventSynchronize(end);
            return drv.elapsedMillis(start, end);
        } finally {
            drv.eventDestroy(start);
            drv.eventDestroy(end);
        }
    }

    /** GFLOP/s of cuBLAS sgemm, n x n times n x n (2 n^3 flops), with TF32 tensor-core math when {@code tf32}. */
    public static double sgemm(Device device, int n, int iters, boolean tf32) {
        CudaDevice d = gpu(device);
        CudaBuffer a = (CudaBuffer) d.allocate(DType.FLOAT32, n * n), b = (CudaBuffer) d.allocate(DType.FLOAT32, n * n), c = (CudaBuffer) d.allocate(DType.FLOAT32, n * n);
        long handle = d.cublas().create(d.stream(), tf32);
        try {
            for (CudaBuffer x : List.of(a, b)) d.driver().memsetD32Async(x.pointer(), Float.floatToIntBits(0.5f), (long) n * n, d.stream());
            GemmPlan p = GemmPlan.of(n, n, n, false, false, 1, 0, 0);
            double ms = time(d, iters, () -> d.cublas().gemm(handle, false, p, a.pointer(), b.pointer(), c.pointer(), "bench"));
            return 2.0 * n * n * (double) n * iters / (ms * 1e6);
        } finally {
            d.synchronize();
            d.cublas().destroy(handle);
            for (CudaBuffer x : List.of(a, b, c)) d.free(x);
        }
    }

    /** GB/s of the generated AddV2 float32 kernel on {@code n} elements (reads 2, writes 1: 12 bytes per element). */
    public static double add(Device device, int n, int iters) {
        CudaDevice d = gpu(device);
        CudaBuffer x = (CudaBuffer) d.allocate(DType.FLOAT32, n), y = (CudaBuffer) d.allocate(DType.FLOAT32, n), o = (CudaBuffer) d.allocate(DType.FLOAT32, n);
        try {
            String module = KernelSources.moduleName("elementwise", DType.FLOAT32), entry = KernelSources.entry("AddV2", DType.FLOAT32, "");
            LaunchConfig c = LaunchConfig.elementwise(n);
            double ms = time(d, iters, () -> d.launch(module, entry, c, x.pointer(), y.pointer(), o.pointer(), (long) n));
            return 12.0 * n * iters / (ms * 1e6);
        } finally {
            d.synchronize();
            for (CudaBuffer b : List.of(x, y, o)) d.free(b);
        }
    }

    /**
     * Microseconds per launch of a one-element add, measured on the host over {@code iters} launches and a
     * final synchronize (the cost a launch-bound step pays), and the same launches captured once into a CUDA
     * graph and replayed ({@code [eager, replayed]}).
     */
    public static double[] launchMicros(Device device, int iters) {
        CudaDevice d = gpu(device);
        CudaBuffer x = (CudaBuffer) d.allocate(DType.FLOAT32, 1);
        try {
            String module = KernelSources.moduleName("elementwise", DType.FLOAT32), entry = KernelSources.entry("AddV2", DType.FLOAT32, "");
            LaunchConfig c = LaunchConfig.elementwise(1);
            Runnable once = () -> d.launch(module, entry, c, x.pointer(), x.pointer(), x.pointer(), 1L);
            once.run();
            d.synchronize();
            long t0 = System.nanoTime();
            for (int i = 0; i < iters; i++) once.run();
            d.synchronize();
            double eager = (System.nanoTime() - t0) / 1e3 / iters;
            CudaDriver drv = d.driver();
            drv.beginCapture(d.stream());
            for (int i = 0; i < iters; i++) once.run();
            long graph = drv.endCapture(d.stream());
            long exec = drv.graphInstantiate(graph);
            try {
                drv.graphLaunch(exec, d.stream());
                d.synchronize();
                long t1 = System.nanoTime();
                drv.graphLaunch(exec, d.stream());
                d.synchronize();
                return new double[] {eager, (System.nanoTime() - t1) / 1e3 / iters};
            } finally {
                drv.graphExecDestroy(exec);
                drv.graphDestroy(graph);
            }
        } finally {
            d.synchronize();
            d.free(x);
        }
    }

    /** Compiles (or finds in the cache) and loads every kernel module on the GPU; returns how many entries it loaded. */
    public static int loadAllKernels(Device device) {
        CudaDevice d = gpu(device);
        d.precompile();
        int n = 0;
        for (KernelSources.Module m : KernelSources.all()) {
            for (String e : m.entries()) { d.function(m.name(), e); n++; }
        }
        return n;
    }
}
