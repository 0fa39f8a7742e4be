package dev.nagare.device.cpu;

import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelFactory;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.function.Function;

/** A CPU kernel of one output: on the CPU every value is a host {@link Tensor}. */
@FunctionalInterface
public interface CpuKernel {
    Tensor compute(KernelContext ctx, Tensor[] inputs);

    /** A factory whose kernel ignores the node's attributes. */
    static KernelFactory of(CpuKernel kernel) {
        Kernel k = adapt(kernel);
        return node -> k;
    }

    /** A factory that reads the node's attributes once and returns the kernel that uses them. */
    static KernelFactory bind(Function<Node, CpuKernel> binder) {
        return node -> adapt(binder.apply(node));
    }

    private static Kernel adapt(CpuKernel kernel) { return new Adapted(kernel); }

    /** The {@link Kernel} of a CPU kernel; the fusion of elementwise steps ({@link FusedKernels}) looks inside it. */
    record Adapted(CpuKernel cpu) implements Kernel {
        @Override
        public TensorValue[] compute(dev.nagare.device.KernelContext ctx, TensorValue[] inputs) {
            Tensor[] in;
            if (inputs instanceof Tensor[] tensors) {
                in = tensors; // the executor made the array for a CPU kernel: no copy
            } else {
                in = new Tensor[inputs.length];
                for (int i = 0; i < in.length; i++) in[i] = (Tensor) inputs[i];
            }
            Tensor out = cpu.compute(ctx, in);
            return out == null ? NONE : new TensorValue[] {out};
        }
    }

    TensorValue[] NONE = new TensorValue[0];
}
