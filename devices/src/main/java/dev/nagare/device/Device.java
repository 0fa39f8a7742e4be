package dev.nagare.device;

import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Optional;

/**
 * Somewhere kernels run: owns the buffers it hands out, copies values to and from the host, and finds a
 * kernel for an (op, dtype) pair. The executor sees only this interface and the kernels it returns.
 */
public interface Device extends AutoCloseable {
    /** The device's name, such as {@code /device:CPU:0}. */
    DeviceSpec spec();

    /** The kernel factory for {@code op} on elements of {@code dtype}, if this device has one. */
    Optional<KernelFactory> kernel(String op, DType dtype);

    /** A value on this device holding a copy of (or, for the host, the same) {@code tensor}. */
    TensorValue fromHost(Tensor tensor);

    /** Whether {@code value} is one of this device's values (so its kernels can take it as it is). */
    boolean holds(TensorValue value);

    /** The value's elements as a host tensor. */
    Tensor toHost(TensorValue value);

    /** Waits until all work queued on this device is done. */
    void synchronize();

    /** Frees what the device holds; fails naming what leaked if buffers are still in use. */
    @Override
    void close();
}
