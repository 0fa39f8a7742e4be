package dev.nagare.device.cuda;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;

/**
 * A value in GPU memory: its dtype and shape (known on the host at once, when the kernel that writes it is
 * enqueued) and the buffer that holds it. A small integer value copied from the host keeps that host copy too
 * ({@link #hostMirror}): shapes, axes and sizes that kernels need on the host are read from it without waiting
 * for the GPU.
 */
public final class CudaValue implements TensorValue {
    final CudaDevice device;
    final DType dtype;
    final Shape shape;
    final CudaBuffer buffer;
    final Tensor hostMirror;

    CudaValue(CudaDevice device, DType dtype, Shape shape, CudaBuffer buffer, Tensor hostMirror) {
        this.device = device;
        this.dtype = dtype;
        this.shape = shape;
        this.buffer = buffer;
        this.hostMirror = hostMirror;
    }

    @Override public DType dtype() { return dtype; }

    @Override public Shape shape() { return shape; }

    /** The device address of element 0. */
    public long pointer() { return buffer.pointer(); }

    public int size() { return shape.size(); }

    @Override public String toString() { return dtype + shape.toString() + " on " + device.spec(); }
}
