package dev.nagare.device.cuda;

import dev.nagare.graph.DType;

/**
 * GPU memory for {@code length} elements of {@code dtype}: what {@link CudaDevice#allocate} returns and a Session
 * tracks by identity. An empty buffer has address 0 and owns nothing.
 */
public final class CudaBuffer {
    private final long pointer;
    private final DType dtype;
    private final int length;
    volatile boolean freed;

    CudaBuffer(long pointer, DType dtype, int length) {
        this.pointer = pointer;
        this.dtype = dtype;
        this.length = length;
    }

    public long pointer() { return pointer; }

    public DType dtype() { return dtype; }

    public int length() { return length; }

    public long bytes() { return (long) length * KernelSources.bytes(dtype); }

    @Override public String toString() { return "GPU buffer " + dtype + "[" + length + "] at 0x" + Long.toHexString(pointer); }
}
