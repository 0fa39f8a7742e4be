package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;

/** Kernels of the array ops: constants, casts, reshapes, concatenation, slicing, gathering. */
final class ArrayKernels {
    private ArrayKernels() {}

    static void register(KernelRegistry r) {
        // TODO being written
    }
}
