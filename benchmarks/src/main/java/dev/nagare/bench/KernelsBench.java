package dev.nagare.bench;

import dev.nagare.device.cpu.GemmKernelTimings;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./nagare bench kernels}: each GEMM micro-kernel of this machine's tile alone, operands in cache, on one thread,
 * as a fraction of the FMA peak loop timed in the same rounds; then whole single-thread products of the MLP's
 * and the matmul table's shapes. The gap between the two rows is what packing, edge tiles and memory cost.
 */
final class KernelsBench {
    /** Depths of the kernel rows: the MLP first layer's (one k-block), and a shallow one where the calls' own cost shows. */
    private static final int[] DEPTHS = {784, 256};
    private static final int[][] PRODUCTS = {{512, 256, 784}, {128, 256, 784}, {512, 512, 512}};

    private KernelsBench() {}

    static void run(Peak.Result peak, PrintStream out) {
        long roundNanos = Long.getLong("nagare.bench.kernelRoundMs", 50) * 1_000_000L;
        out.println();
        out.printf(Locale.ROOT, "GEMM micro-kernels alone, one thread (median of 15 rounds of %d ms, kernels and the peak "
                + "loop in turns); %% of peak: median over the rounds of the rate over the peak loop's in the same round "
                + "(the one-thread peak measured first: %.1f GFLOP/s)%n", roundNanos / 1_000_000, peak.oneThreadGflops());
        out.printf(Locale.ROOT, "%-32s %-13s %6s %10s %10s%n", "kernel", "tile / shape", "kc", "GFLOP/s", "% of peak");
        out.println("-".repeat(75));
        for (int d = 0; d < DEPTHS.length; d++) {
            int kc = DEPTHS[d];
            Peak.Kernel peakLoop = new Peak.Kernel();
            List<GemmKernelTimings.Timing> rows = GemmKernelTimings.measure(kc, 15, roundNanos, peakLoop, Peak.Kernel.FLOPS,
                    d == 0 ? PRODUCTS : new int[0][]);
            peakLoop.check();
            if (rows.isEmpty()) {
                out.println("(no Vector API: the scalar loops run, there are no micro-kernels)");
                return;
            }
            for (GemmKernelTimings.Timing t : rows) {
                boolean whole = t.what().startsWith("whole");
                out.printf(Locale.ROOT, "%-32s %-13s %6s %10.1f %9.1f%%%n", t.what(), t.shape(), whole ? "" : kc, t.gflops(),
                        100 * t.ofReference());
            }
        }
    }
}
