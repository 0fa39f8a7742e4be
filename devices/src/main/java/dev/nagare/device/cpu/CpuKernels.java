package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;

/** The CPU device's kernel table, assembled from one file per op family. */
final class CpuKernels {
    private CpuKernels() {}

    static KernelRegistry registry() {
        KernelRegistry r = new KernelRegistry();
        ElementwiseKernels.register(r);
        MatMulKernels.register(r);
        ReductionKernels.register(r);
        NnKernels.register(r);
        ConvKernels.register(r);
        DepthwiseKernels.register(r);
        NormKernels.register(r);
        ArrayKernels.register(r);
        StateKernels.register(r);
        RandomKernels.register(r);
        TrainKernels.register(r);
        IndexKernels.register(r);
        PadKernels.register(r);
        DebugKernels.register(r);
        EinsumKernels.register(r);
        StringKernels.register(r);   // after the array and state kernels, whose string kernels it adds
        SummaryKernels.register(r);
        SummaryWriterKernels.register(r);
        return r;
    }
}
