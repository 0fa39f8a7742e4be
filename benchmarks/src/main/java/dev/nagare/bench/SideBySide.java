package dev.nagare.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * TensorFlow Java and Nagare taking turns on the same work in one process, for ratios that hold on a machine
 * shared with other work: after a warm-up of each, {@code -Dnagare.bench.sbs.rounds} (default 7) rounds in which
 * each engine runs for about {@code -Dnagare.bench.sbs.roundMs} (default 600) ms, the engine going first
 * alternating from round to round. Per engine and round it records the process's CPU time per call (all
 * threads, see {@link #cpuNs}: with one compute thread in each engine that is the work itself, and it does not grow when other
 * processes take the core) and the wall time per call; it prints the medians and the median of the per-round
 * ratios TF / Nagare (above 1: Nagare is faster).
 *
 * <pre>
 *   java ... dev.nagare.bench.SideBySide mlp32 mlp128 mlp512 cnn conv1f conv1b conv2f conv2b conv3f conv3b mm256 mm512 mm1024 mm2048
 * </pre>
 *
 * For single-threaded figures run with {@code -Dnagare.threads=1 -Dnagare.gemm.threads=1 -Dnagare.interOp=false
 * -Dnagare.bench.tf.intraOpThreads=1 -Dnagare.bench.tf.interOpThreads=1}.
 */
public final class SideBySide {
    private SideBySide() {}

    record Pair(Runnable tf, Runnable nagare, AutoCloseable closer) {}

    public static void main(String[] args) throws Exception {
        List<String> cases = args.length > 0 ? List.of(args)
                : List.of("mlp32", "mlp128", "mlp512", "cnn", "conv1f", "conv1b", "conv2f", "conv2b", "conv3f", "conv3b",
                "mm256", "mm512", "mm1024", "mm2048");
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "%-10s %12s %12s %12s %12s %9s %9s  %s%n", "case", "tf cpu us", "ng cpu us",
                "tf wall us", "ng wall us", "cpu ratio", "wall rat", "loadavg");
        for (String c : cases) {
            Pair p = pair(c);
            try {
                measure(c, p);
            } finally {
                p.closer().close();
            }
        }
    }

    static Pair pair(String c) {
        if (c.startsWith("mlp")) {
            int batch = Integer.parseInt(c.substring(3));
            TrainingData data = new TrainingData(4096, 7);
            TrainingTfJava tf = new TrainingTfJava(data, batch);
            TrainingNagare ng = new TrainingNagare(data, batch);
            return new Pair(tf, ng, () -> { tf.close(); ng.close(); });
        }
        if (c.equals("cnn")) {
            ConvBench.CnnData data = new ConvBench.CnnData(new Random(2), 64);
            ConvBench.TfCnn tf = new ConvBench.TfCnn(data);
            ConvBench.NagareCnn ng = new ConvBench.NagareCnn(data);
            return new Pair(tf, ng, () -> { tf.close(); ng.close(); });
        }
        if (c.startsWith("conv")) {
            ConvBench.Layer l = ConvBench.LAYERS.get(c.charAt(4) - '1');
            boolean backward = c.charAt(5) == 'b';
            Random r = new Random(1);
            float[] x = ConvBench.random(r, l.x()), w = ConvBench.random(r, l.w()), dy = ConvBench.random(r, l.y());
            ConvBench.TfLayer tf = new ConvBench.TfLayer(l, x, w, dy, backward);
            ConvBench.NagareLayer ng = new ConvBench.NagareLayer(l, x, w, dy, backward);
            return new Pair(tf, ng, () -> { tf.close(); ng.close(); });
        }
        if (c.startsWith("mm")) {
            int n = Integer.parseInt(c.substring(2));
            MatMulBench.Case mc = MatMulBench.square(n);
            Random r = new Random(3);
            float[] a = new float[n * n], b = new float[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() - 0.5f;
                b[i] = r.nextFloat() - 0.5f;
            }
            MatMulBench.TfMatMul tf = new MatMulBench.TfMatMul(mc, a, b);
            MatMulBench.NagareMatMul ng = new MatMulBench.NagareMatMul(mc, a, b);
            return new Pair(tf, ng, tf);
        }
        throw new IllegalArgumentException("unknown case " + c);
    }

    /**
     * CPU time of the process's threads, Java and native (TensorFlow's pools), but not the JIT compilers', in ns: the first field of each
     * {@code /proc/self/task/TID/schedstat} (nanosecond resolution, where the JVM's process CPU time counts in
     * clock ticks); the JVM's figure where /proc is not there.
     */
    static long cpuNs() {
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            long sum = 0;
            for (var t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    // Not the JIT compilers' threads: compiling is neither engine's work (and comes in bursts).
                    if (java.nio.file.Files.readString(t.resolve("comm")).contains("Compiler")) continue;
                    String s = java.nio.file.Files.readString(t.resolve("schedstat"));
                    sum += Long.parseLong(s.substring(0, s.indexOf(' ')));
                } catch (java.io.IOException e) {
                    // the thread ended meanwhile
                }
            }
            return sum;
        } catch (java.io.IOException | RuntimeException e) {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    /** {cpu ns per call, wall ns per call} of running {@code op} for about {@code ms}. */
    static double[] round(Runnable op, long ms) {
        long calls = 0, w0 = System.nanoTime(), c0 = cpuNs(), w;
        do {
            op.run();
            calls++;
            w = System.nanoTime();
        } while (w - w0 < ms * 1_000_000L);
        long c = cpuNs() - c0;
        return new double[] {(double) c / calls, (double) (w - w0) / calls};
    }

    static void measure(String name, Pair p) {
        int rounds = Integer.getInteger("nagare.bench.sbs.rounds", 7);
        long ms = Long.getLong("nagare.bench.sbs.roundMs", 600);
        for (int i = 0; i < 3; i++) {
            round(p.tf(), 500);
            round(p.nagare(), 500);
        }
        double[] tfc = new double[rounds], ngc = new double[rounds], tfw = new double[rounds], ngw = new double[rounds];
        double[] rc = new double[rounds], rw = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            double[] t, n;
            if (i % 2 == 0) {
                t = round(p.tf(), ms);
                n = round(p.nagare(), ms);
            } else {
                n = round(p.nagare(), ms);
                t = round(p.tf(), ms);
            }
            tfc[i] = t[0]; tfw[i] = t[1]; ngc[i] = n[0]; ngw[i] = n[1];
            rc[i] = t[0] / n[0];
            rw[i] = t[1] / n[1];
        }
        String load = loadAverage();
        System.out.printf(Locale.ROOT, "%-10s %12.1f %12.1f %12.1f %12.1f %9.3f %9.3f  %s%n", name, median(tfc) / 1e3,
                median(ngc) / 1e3, median(tfw) / 1e3, median(ngw) / 1e3, median(rc), median(rw), load);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** The first fields of /proc/loadavg, printed beside each row ("?" where there is none). */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
