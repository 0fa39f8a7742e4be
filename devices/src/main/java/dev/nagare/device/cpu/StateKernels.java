package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.StateOps;

/**
 * Variables and their updates. An update's input 0 is a reference to the variable, not its value (the
 * executor passes null there); the update reads and writes through the run's {@link dev.nagare.device.VariableState}.
 */
final class StateKernels {
    private StateKernels() {}

    static void register(KernelRegistry r) {
        r.addAllTypes(StateOps.VARIABLE, CpuKernel.of((ctx, in) -> (Tensor) ctx.variables().read(ctx.node())));
        r.addAllTypes(StateOps.ASSIGN, CpuKernel.of((ctx, in) -> write(ctx, in[1])));
        r.add(StateOps.ASSIGN_ADD, CpuKernel.of((ctx, in) -> update(ctx, ElementwiseKernels.ADD, in[1])), ElementwiseKernels.NUMERIC);
        r.add(StateOps.ASSIGN_SUB, CpuKernel.of((ctx, in) -> update(ctx, ElementwiseKernels.SUB, in[1])), ElementwiseKernels.NUMERIC);
        r.addVoid(StateOps.NO_OP, node -> (ctx, in) -> CpuKernel.NONE);
    }

    private static Node variable(KernelContext ctx) { return ctx.node().input(0).node(); }

    private static Tensor write(KernelContext ctx, Tensor value) {
        Node var = variable(ctx);
        if (!var.output(0).shape().isCompatibleWith(value.shape())) {
            throw ctx.fail("cannot assign a value of shape " + value.shape() + " to variable '" + var.name()
                    + "' of shape " + var.output(0).shape());
        }
        ctx.variables().write(var, value);
        return value;
    }

    private static Tensor update(KernelContext ctx, CpuKernel op, Tensor delta) {
        Tensor current = (Tensor) ctx.variables().read(variable(ctx));
        if (!current.shape().equals(delta.shape())) {
            throw ctx.fail("update of shape " + delta.shape() + " does not match variable '" + variable(ctx).name()
                    + "' of shape " + current.shape());
        }
        return write(ctx, op.compute(ctx, new Tensor[] {current, delta}));
    }
}
