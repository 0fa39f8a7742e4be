package dev.nagare.device.cpu;

import dev.nagare.device.Device;
import dev.nagare.device.KernelFactory;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Optional;

/**
 * The pure-Java CPU device: values are host {@link Tensor}s on the Java heap, so copies to and from the
 * host are free, and the garbage collector owns the memory.
 */
public final class CpuDevice implements Device {
    private static final DeviceSpec SPEC = new DeviceSpec("CPU", 0);
    private final KernelRegistry kernels = CpuKernels.registry();
    private final KernelRegistry userKernels;
    private final dev.nagare.device.Fuser fuser = FusedKernels.fuser(kernels);

    /** The CPU device with the kernels Nagare ships. */
    public CpuDevice() { this(new KernelRegistry()); }

    /**
     * The CPU device with kernels of the user's own ops besides Nagare's (for a graph built with
     * {@code new Graph(OpRegistry.standard().with(myOp))}); pass it to a Session through
     * {@code SessionOptions.defaults().withDevices(List.of(device))}.
     */
    public CpuDevice(KernelRegistry userKernels) {
        for (String op : userKernels.ops()) {
            if (kernels.ops().contains(op)) throw new IllegalArgumentException("op " + op + " already has Nagare's CPU kernels");
        }
        this.userKernels = userKernels;
    }

    @Override public DeviceSpec spec() { return SPEC; }

    @Override
    public Optional<KernelFactory> kernel(String op, DType dtype) {
        Optional<KernelFactory> own = kernels.find(op, dtype);
        return own.isPresent() ? own : userKernels.find(op, dtype);
    }

    /** The kernels of this device, for tests that check every op has one. */
    public KernelRegistry kernels() { return kernels; }

    @Override public TensorValue fromHost(Tensor tensor) { return tensor; }

    @Override public boolean holds(TensorValue value) { return value instanceof Tensor; }

    @Override
    public Tensor toHost(TensorValue value) {
        if (value instanceof Tensor t) return t;
        throw new IllegalArgumentException("the CPU device holds host tensors only, got a " + value.getClass().getName());
    }

    @Override public dev.nagare.device.Fuser fuser() { return fuser; }

    @Override public void synchronize() { }

    @Override public void close() { }

    @Override public String toString() { return SPEC.toString(); }
}
