package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;
import dev.nagare.device.NonFiniteException;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.DebugOps;

/** CheckNumerics (a scan for NaN and infinities, then its input) and PreventGradient (its input). */
final class DebugKernels {
    private DebugKernels() {}

    static void register(KernelRegistry r) {
        r.add(DebugOps.CHECK_NUMERICS, CpuKernel.bind(node -> {
            String message = node.attr(DebugOps.CHECK_MESSAGE);
            return (ctx, in) -> {
                boolean nan = false, inf = false;
                Tensor x = in[0];
                switch (x.data()) {
                    case float[] a -> { for (float v : a) { nan |= v != v; inf |= Float.isInfinite(v); } }
                    case double[] a -> { for (double v : a) { nan |= v != v; inf |= Double.isInfinite(v); } }
                    default -> throw ctx.fail("CheckNumerics takes float32 or float64, got " + x.dtype());
                }
                if (nan || inf) throw new NonFiniteException(ctx.node(), message, nan, inf);
                return x;
            };
        }), ElementwiseKernels.FLOATING);
        r.addAllTypes(DebugOps.PREVENT_GRADIENT, CpuKernel.of((ctx, in) -> in[0]));
    }
}
