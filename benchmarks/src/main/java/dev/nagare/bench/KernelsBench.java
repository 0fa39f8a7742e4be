package dev.nagare.bench;

import dev.nagare.device.cpu.GemmKernelCases;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final int ROUNDS = 15;
    /** Rounds run before the timed ones: enough for C2 to compile every kernel (at 50 ms, 8 rounds of all cases). */
    private static final int WARMUP_ROUNDS = 8;

    private KernelsBench() {}

    static void run(Peak.Result peak, PrintStream out) {
        long roundNanos = Long.getLong("nagare.bench.kernelRoundMs", 50) * 1_000_000L;
        out.println();
        out.printf(Locale.ROOT, "GEMM micro-kernels alone, one thread (median of %d rounds of %d ms, kernels and the peak "
                + "loop in turns); %% of peak: median over the rounds of the rate over the peak loop's in the same round "
                + "(the one-thread peak measured first: %.1f GFLOP/s)%n", ROUNDS, roundNanos / 1_000_000, peak.oneThreadGflops());
        out.printf(Locale.ROOT, "%-32s %-13s %6s %10s %10s%n", "kernel", "tile / shape", "kc", "GFLOP/s", "% of peak");
        out.println("-".repeat(75));
        for (int d = 0; d < DEPTHS.length; d++) {
            List<GemmKernelCases.Case> cases = new ArrayList<>(GemmKernelCases.of(DEPTHS[d], d == 0 ? PRODUCTS : new int[0][]));
            if (cases.isEmpty()) {
                out.println("(no Vector API: the scalar loops run, there are no micro-kernels)");
                return;
            }
            Peak.Kernel peakLoop = new Peak.Kernel();
            cases.add(new GemmKernelCases.Case("peak loop", "", 0, Peak.Kernel.FLOPS, peakLoop));
            double[][] rates = inTurns(cases, roundNanos);
            peakLoop.check();
            int ref = cases.size() - 1;
            for (int i = 0; i < ref; i++) {
                double[] ratios = new double[ROUNDS];
                for (int r = 0; r < ROUNDS; r++) ratios[r] = rates[i][r] / rates[ref][r];
                GemmKernelCases.Case c = cases.get(i);
                out.printf(Locale.ROOT, "%-32s %-13s %6s %10.1f %9.1f%%%n", c.what(), c.shape(), c.depth() == 0 ? "" : c.depth(),
                        median(rates[i]), 100 * median(ratios));
            }
        }
    }

    /** GFLOP/s of each case in each of {@link #ROUNDS} rounds, the cases taking turns, after the warm-up rounds. */
    private static double[][] inTurns(List<GemmKernelCases.Case> cases, long roundNanos) {
        double[][] rates = new double[cases.size()][ROUNDS];
        for (int r = -WARMUP_ROUNDS; r < ROUNDS; r++) {
            for (int i = 0; i < cases.size(); i++) {
                long[] round = Harness.round(cases.get(i).call(), 1, roundNanos);
                if (r >= 0) rates[i][r] = cases.get(i).flops() * round[0] / round[1];
            }
        }
        return rates;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
