package dev.nagare.bench;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Nagare's training step with the fusion pass off and on, taking turns in one process (as {@link SideBySide}
 * does for TensorFlow Java and Nagare): the MLP at several batch sizes and the CNN. Both Sessions start from the
 * same weights and see the same batches; before the timing, 20 steps' losses of the two are compared bit for
 * bit (fusion changes speed only). Prints per case the medians of CPU time per step (all threads but the JIT's) and
 * wall time per step, and the median per-round ratio unfused / fused (above 1: fusion is faster).
 *
 * <pre>
 *   java ... dev.nagare.bench.FusionSideBySide mlp32 mlp128 mlp512 cnn
 * </pre>
 */
public final class FusionSideBySide {
    private FusionSideBySide() {}

    public static void main(String[] args) throws Exception {
        List<String> cases = args.length > 0 ? List.of(args) : List.of("mlp32", "mlp128", "mlp512", "cnn");
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s %9s %9s  %s%n", "case", "unfus cpu us", "fused cpu us",
                "unfus wall", "fused wall", "cpu ratio", "wall rat", "loadavg");
        for (String c : cases) {
            if (c.startsWith("mlp")) {
                int batch = Integer.parseInt(c.substring(3));
                TrainingData data = new TrainingData(4096, 7);
                try (TrainingNagare off = made(false, () -> new TrainingNagare(data, batch));
                     TrainingNagare on = made(true, () -> new TrainingNagare(data, batch))) {
                    // From the same weights, the same batches: the same losses, to the bit, step after step.
                    int differ = 0;
                    for (int i = 0; i < 20; i++) {
                        if (Float.floatToRawIntBits(off.stepWithLoss()) != Float.floatToRawIntBits(on.stepWithLoss())) differ++;
                    }
                    System.out.printf(Locale.ROOT, "%-10s 20 steps from the same weights: %s%n", c,
                            differ == 0 ? "the same loss bits at every step" : differ + " steps with DIFFERENT losses");
                    measure(c, off, on, batch >= 512 ? 40 : 100);
                }
            } else if (c.equals("cnn")) {
                ConvBench.CnnData data = new ConvBench.CnnData(new Random(2), 64);
                try (ConvBench.NagareCnn off = made(false, () -> new ConvBench.NagareCnn(data));
                     ConvBench.NagareCnn on = made(true, () -> new ConvBench.NagareCnn(data))) {
                    measure(c, off, on, 6);
                }
            } else {
                throw new IllegalArgumentException("unknown case " + c);
            }
        }
    }

    /**
     * After a warm-up of 5 rounds each, 7 rounds in which each engine runs {@code steps} steps (the one going first
     * alternating), timed in CPU time of the process's threads ({@link SideBySide#cpuNs}) and in wall time. Rounds
     * of a fixed number of steps, not of a fixed time: on a loaded machine a timed round may hold only a few steps,
     * too few for the JIT to have compiled them.
     */
    private static void measure(String name, Runnable off, Runnable on, int steps) {
        int rounds = 7;
        for (int i = 0; i < 5; i++) {
            round(off, steps);
            round(on, steps);
        }
        double[] oc = new double[rounds], nc = new double[rounds], ow = new double[rounds], nw = new double[rounds];
        double[] rc = new double[rounds], rw = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double[] o, n;
            if (i % 2 == 0) {
                o = round(off, steps);
                n = round(on, steps);
            } else {
                n = round(on, steps);
                o = round(off, steps);
            }
            oc[i] = o[0]; ow[i] = o[1]; nc[i] = n[0]; nw[i] = n[1];
            rc[i] = o[0] / n[0];
            rw[i] = o[1] / n[1];
        }
        String load = SideBySide.loadAverage();
        System.out.printf(Locale.ROOT, "%-10s %12.1f %12.1f %12.1f %12.1f %9.3f %9.3f  %s%n", name, SideBySide.median(oc) / 1e3,
                SideBySide.median(nc) / 1e3, SideBySide.median(ow) / 1e3, SideBySide.median(nw) / 1e3, SideBySide.median(rc),
                SideBySide.median(rw), load);
    }

    /** {cpu ns per step, wall ns per step} of {@code steps} steps. */
    private static double[] round(Runnable op, int steps) {
        long w0 = System.nanoTime(), c0 = SideBySide.cpuNs();
        for (int i = 0; i < steps; i++) op.run();
        return new double[] {(double) (SideBySide.cpuNs() - c0) / steps, (double) (System.nanoTime() - w0) / steps};
    }

    private static <T> T made(boolean fusion, Supplier<T> make) {
        System.setProperty("nagare.fusion", Boolean.toString(fusion));
        try {
            return make.get();
        } finally {
            System.clearProperty("nagare.fusion");
        }
    }
}
