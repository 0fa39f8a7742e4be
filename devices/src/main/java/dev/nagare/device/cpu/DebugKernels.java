package dev.nagare.device.cpu;

import dev.nagare.device.AssertionFailedException;
import dev.nagare.device.KernelException;
import dev.nagare.device.KernelRegistry;
import dev.nagare.device.NonFiniteException;
import dev.nagare.device.PrintOutput;
import dev.nagare.device.ResourceKernelFactory;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.DebugOps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CheckNumerics (a scan for NaN and infinities, then its input), PreventGradient (its input), Assert (fails the run
 * when its condition is false), Print (its input, after writing a line to {@link PrintOutput}), StringFormat (a
 * template filled with tensors' summaries) and PrintV2 (writes a string to a {@link PrintOutput} stream or a file).
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
        // first_n counts the node's runs in its Session (TensorFlow counts per kernel, which a session makes once per
        // node), so the count lives in the Session's resources, not in the kernel of one plan.
        r.addAllTypes(DebugOps.PRINT, (ResourceKernelFactory) (node, resources) -> {
            String message = node.attr(DebugOps.PRINT_MESSAGE);
            int firstN = node.attr(DebugOps.FIRST_N), summarize = node.attr(DebugOps.SUMMARIZE);
            AtomicLong printed = firstN < 0 ? null : resources.lookupOrCreate(PrintCounts.KEY, PrintCounts.class, PrintCounts::new).of(node);
            return CpuKernel.of((ctx, in) -> {
                if (printed == null || printed.getAndIncrement() < firstN) PrintOutput.write(message + data(in, summarize, ""));
                return in[0];
            }).create(node);
        });
        registerPrintV2(r);
    }

    /** TensorFlow 2's printing: StringFormat makes the text, PrintV2 writes it. */
    private static void registerPrintV2(KernelRegistry r) {
        r.add(DebugOps.STRING_FORMAT, CpuKernel.bind(node -> {
            List<String> parts = DebugOps.templateParts(node.attr(DebugOps.TEMPLATE), node.attr(DebugOps.PLACEHOLDER));
            int summarize = node.attr(DebugOps.SUMMARIZE);
            return (ctx, in) -> {
                StringBuilder sb = new StringBuilder(parts.get(0));
                for (int i = 0; i < in.length; i++) sb.append(TensorText.summarizeV2(in[i], summarize)).append(parts.get(i + 1));
                return Tensor.scalar(sb.toString());
            };
        }), DType.STRING);
        r.add(DebugOps.PRINT_V2, CpuKernel.bind(node -> {
            String stream = node.attr(DebugOps.OUTPUT_STREAM), end = node.attr(DebugOps.END);
            Path file = stream.startsWith(DebugOps.FILE_STREAM) ? file(node, stream.substring(DebugOps.FILE_STREAM.length())) : null;
            return (ctx, in) -> {
                Tensor text = in[0];
                if (text.rank() != 0) throw ctx.fail("the input must be a string scalar, got shape " + text.shape());
                if (file == null) {
                    PrintOutput.write(stream, new String(text.stringData()[0], StandardCharsets.UTF_8) + end);
                    return null;
                }
                try {
                    Files.write(file, concat(text.stringData()[0], end.getBytes(StandardCharsets.UTF_8)), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw ctx.fail("cannot append to '" + file + "': " + e);
                }
                return null;
            };
        }), DType.STRING);
    }

    private static Path file(Node node, String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new KernelException(node, "output stream file://" + path + " is not a path: " + e.getReason());
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** How many times each Print node with a first_n ran in one Session. */
    private static final class PrintCounts implements AutoCloseable {
        static final String KEY = "dev.nagare.Print/first_n";
        private final Map<Node, AtomicLong> runs = new ConcurrentHashMap<>(); // by identity: Node keeps Object's equals

        AtomicLong of(Node node) { return runs.computeIfAbsent(node, n -> new AtomicLong()); }

        @Override
        public void close() {}
    }

    /** Inputs 1 on, each summarized as TensorFlow does, in brackets, joined by {@code between}. */
    private static String data(Tensor[] in, int summarize, String between) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < in.length; i++) sb.append(i > 1 ? between : "").append('[').append(TensorText.summarize(in[i], summarize)).append(']');
        return sb.toString();
    }
}
