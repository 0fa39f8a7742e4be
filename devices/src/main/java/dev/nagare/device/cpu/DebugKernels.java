package dev.nagare.device.cpu;

import dev.nagare.device.KernelRegistry;
import dev.nagare.device.AssertionFailedException;
import dev.nagare.device.NonFiniteException;
import dev.nagare.device.PrintOutput;
import dev.nagare.graph.DType;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.DebugOps;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CheckNumerics (a scan for NaN and infinities, then its input), PreventGradient (its input), Assert (fails the run
 * when its condition is false) and Print (its input, after writing a line to {@link PrintOutput}).
 */
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
        r.add(DebugOps.ASSERT, CpuKernel.bind(node -> {
            int summarize = node.attr(DebugOps.SUMMARIZE);
            return (ctx, in) -> {
                Tensor c = in[0];
                if (c.size() != 1 || c.rank() > 1) throw ctx.fail("the condition must be a scalar, got shape " + c.shape());
                if (c.boolData()[0]) return null;
                throw new AssertionFailedException(ctx.node(), "assertion failed: " + data(in, summarize, " "));
            };
        }), DType.BOOL);
        r.addAllTypes(DebugOps.PRINT, CpuKernel.bind(node -> {
            String message = node.attr(DebugOps.PRINT_MESSAGE);
            int firstN = node.attr(DebugOps.FIRST_N), summarize = node.attr(DebugOps.SUMMARIZE);
            AtomicInteger printed = new AtomicInteger();
            return (ctx, in) -> {
                if (firstN < 0 || printed.getAndIncrement() < firstN) PrintOutput.write(message + data(in, summarize, ""));
                return in[0];
            };
        }));
    }

    /** Inputs 1 on, each summarized as TensorFlow does, in brackets, joined by {@code between}. */
    private static String data(Tensor[] in, int summarize, String between) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < in.length; i++) sb.append(i > 1 ? between : "").append('[').append(TensorText.summarize(in[i], summarize)).append(']');
        return sb.toString();
    }
}
