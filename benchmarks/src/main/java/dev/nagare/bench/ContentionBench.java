package dev.nagare.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The training step (MLP 784-256-128-64-10, batch 128 unless batch sizes are given) of both engines while
 * {@code N} other threads keep the cores busy, for N = {@link #LOADS}: how much each engine slows down when
 * the machine is not its own.
 *
 * <p>The load is {@link Burner}: N processes, each a small JVM with one thread spinning on integer arithmetic,
 * each in a session of its own, like other users' jobs on a shared machine. Separate processes rather than
 * threads of this JVM, so that the load does not share this JVM's safepoints, garbage collections or JIT
 * threads; sessions of their own because with Linux's autogroup scheduling the cores are shared between
 * sessions first (see {@link Burner}; {@code -Dnagare.bench.loadSession=same} puts them in this session
 * instead, where they compete thread against thread with the engine). Both engines run beside the same
 * burners, in alternating rounds.
 *
 * <p>Protocol: first both engines run untimed, with no load, until the JIT is quiet (see {@link #PRIME_MIN_MS}).
 * Then {@value #SWEEPS} sweeps over the loads (0, 1, 2, 4, 0, 1, 2, 4, ...), so that a slow patch of the
 * machine does not fall on one load only. For each load: start the burners, run each engine untimed for
 * {@value #WARM_MS} ms, then {@value #ROUNDS_PER_SWEEP} rounds per engine, alternating which engine goes first;
 * a round counts steps for {@code nagare.bench.roundMs} (default 1000) ms. The table shows each engine's
 * median examples/s over all its rounds at that load, the slowdown against N = 0 for each engine, Nagare's
 * examples/s over TF Java's, the CPU this JVM used meanwhile (in cores: the engine's threads, spinning
 * included) beside the burners' CPU, and each engine's examples per CPU-second relative to N = 0: a slowdown
 * is either less CPU (the scheduler's share) or less done with it (waiting, spinning, cold caches).
 *
 * <pre>
 *   ./nagare bench contention          # batch 128, N = 0 1 2 4
 *   ./nagare bench contention 32 512   # other batch sizes
 * </pre>
 * {@code -Dnagare.bench.loads=0,1,2,4} changes the loads.
 */
final class ContentionBench {
    static final int[] LOADS = parseLoads(System.getProperty("nagare.bench.loads", "0,1,2,4"));
    static final int DEFAULT_BATCH = 128;
    static final int SWEEPS = 3;
    static final int ROUNDS_PER_SWEEP = 2;
    static final long WARM_MS = 500;
    /**
     * Untimed steps of both engines at the start, with no load, until the JIT has compiled nothing for
     * {@value #JIT_QUIET_MS} ms (at least {@value #PRIME_MIN_MS} ms, at most {@value #PRIME_MAX_MS} ms): on a
     * busy machine the compiler threads get little CPU, and Nagare's step (Java, unlike TF Java's native
     * kernels) would otherwise be measured half compiled at the first loads.
     */
    static final long PRIME_MIN_MS = 2_000, PRIME_MAX_MS = 60_000, JIT_QUIET_MS = 2_000;

    /** One load's figures for one batch: median examples/s and mean CPU cores of each engine and the burner. */
    record Row(int batch, int load, double tfExamples, double ngExamples, double tfCores, double ngCores,
               double burnerCoresTf, double burnerCoresNg) {}

    private final List<Row> rows = new ArrayList<>();
    private final String network;
    private final long roundMs;

    private ContentionBench(String network, long roundMs) {
        this.network = network;
        this.roundMs = roundMs;
    }

    static ContentionBench run(List<String> args) {
        int[] batches = args.stream().filter(a -> a.matches("\\d+")).mapToInt(Integer::parseInt).filter(b -> b > 0).toArray();
        if (batches.length == 0) batches = new int[] {DEFAULT_BATCH};
        int pool = TrainingBench.POOL;
        for (int b : batches) pool = Math.max(pool, b);
        TrainingData data = new TrainingData(pool, 1234);
        long roundMs = Long.getLong("nagare.bench.roundMs", 1_000);
        ContentionBench out = new ContentionBench(data.network(), roundMs);
        System.err.printf(Locale.ROOT, "contention: MLP %s, batches %s, loads %s (%s), %d sweeps x %d rounds of %d ms "
                + "per engine and load, %d cores%n", data.network(), Arrays.toString(batches), Arrays.toString(LOADS),
                loadKind(), SWEEPS, ROUNDS_PER_SWEEP, roundMs,
                Runtime.getRuntime().availableProcessors());
        for (int batch : batches) out.runBatch(data, batch);
        return out;
    }

    private void runBatch(TrainingData data, int batch) {
        int n = LOADS.length, rounds = SWEEPS * ROUNDS_PER_SWEEP;
        double[][] tf = new double[n][rounds], ng = new double[n][rounds];
        double[] tfCpu = new double[n], ngCpu = new double[n], tfWall = new double[n], ngWall = new double[n];
        double[] burnTf = new double[n], burnNg = new double[n];
        try (TrainingTfJava tfe = new TrainingTfJava(data, batch); TrainingNagare nge = new TrainingNagare(data, batch)) {
            prime(tfe, nge);
            int round = 0;
            for (int sweep = 0; sweep < SWEEPS; sweep++, round += ROUNDS_PER_SWEEP) {
                for (int li = 0; li < n; li++) {
                    try (Burner load = Burner.start(LOADS[li])) {
                        steps(tfe, WARM_MS);
                        steps(nge, WARM_MS);
                        for (int r = 0; r < ROUNDS_PER_SWEEP; r++) {
                            boolean tfFirst = (r + sweep + li) % 2 == 0;
                            for (int k = 0; k < 2; k++) {
                                boolean isTf = tfFirst == (k == 0);
                                TrainingEngine e = isTf ? tfe : nge;
                                long cpu0 = processCpuNanos(), burn0 = load.cpuNanos(), t0 = System.nanoTime();
                                long steps = steps(e, roundMs);
                                long wall = System.nanoTime() - t0;
                                long cpu = processCpuNanos() - cpu0, burn = load.cpuNanos() - burn0;
                                double ex = (double) steps * batch / (wall / 1e9);
                                (isTf ? tf : ng)[li][round + r] = ex;
                                if (isTf) { tfCpu[li] += cpu; tfWall[li] += wall; burnTf[li] += burn; }
                                else { ngCpu[li] += cpu; ngWall[li] += wall; burnNg[li] += burn; }
                            }
                        }
                        System.err.printf(Locale.ROOT, "  contention b=%d N=%d sweep %d: TF Java %s, Nagare %s examples/s%n",
                                batch, LOADS[li], sweep + 1, fmt(tf[li], round, ROUNDS_PER_SWEEP), fmt(ng[li], round, ROUNDS_PER_SWEEP));
                    }
                }
            }
            float l1 = tfe.loss(0), l2 = nge.loss(0);
            if (!Float.isFinite(l1) || !Float.isFinite(l2)) throw new AssertionError("contention b=" + batch + ": loss " + l1 + " / " + l2);
        }
        for (int li = 0; li < n; li++) {
            rows.add(new Row(batch, LOADS[li], median(tf[li]), median(ng[li]), tfCpu[li] / tfWall[li], ngCpu[li] / ngWall[li],
                    burnTf[li] / tfWall[li], burnNg[li] / ngWall[li]));
        }
    }

    /** Steps of both engines, 250 ms at a time, until the JIT is quiet; see {@link #PRIME_MIN_MS}. */
    private static void prime(TrainingEngine... engines) {
        var jit = ManagementFactory.getCompilationMXBean();
        boolean timed = jit != null && jit.isCompilationTimeMonitoringSupported();
        long start = System.nanoTime(), quietSince = start, lastJit = timed ? jit.getTotalCompilationTime() : 0;
        long now;
        do {
            for (TrainingEngine e : engines) steps(e, 250);
            now = System.nanoTime();
            long j = timed ? jit.getTotalCompilationTime() : 0;
            if (j != lastJit) {
                lastJit = j;
                quietSince = now;
            }
        } while (now - start < PRIME_MAX_MS * 1_000_000L
                && (now - start < PRIME_MIN_MS * 1_000_000L || (timed && now - quietSince < JIT_QUIET_MS * 1_000_000L)));
        System.err.printf(Locale.ROOT, "  contention: primed both engines for %.1f s (JIT %s)%n", (now - start) / 1e9,
                !timed ? "time not available" : now - quietSince >= JIT_QUIET_MS * 1_000_000L ? "quiet" : "still compiling");
    }

    /** Runs training steps of {@code e} for about {@code ms} ms; returns how many. */
    private static long steps(TrainingEngine e, long ms) {
        long end = System.nanoTime() + ms * 1_000_000L, steps = 0;
        do {
            e.run();
            steps++;
        } while (System.nanoTime() < end);
        return steps;
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double[] v, int from, int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < from + count; i++) sb.append(i > from ? " " : "").append(String.format(Locale.ROOT, "%.0f", v[i]));
        return sb.append(']').toString();
    }

    private static int[] parseLoads(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }

    static String loadKind() {
        return "N one-thread burner JVMs, " + (Burner.OWN_SESSIONS ? "each in its own session" : "in this JVM's session");
    }

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "Training step under load, MLP %s, SGD (%d cores; %s; median of %d rounds of %d ms per "
                + "engine and N)%n", network, Runtime.getRuntime().availableProcessors(), loadKind(),
                SWEEPS * ROUNDS_PER_SWEEP, roundMs);
        String head = "%6s  %3s  %11s  %11s  %8s  %8s  %9s  %6s  %6s  %11s  %6s  %6s%n";
        out.printf(Locale.ROOT, head, "batch", "N", "TF ex/s", "Nagare ex/s", "TF slow", "Ng slow", "Nagare/TF",
                "TF CPU", "Ng CPU", "load CPU", "TF eff", "Ng eff");
        out.println("-".repeat(6 + 3 + 11 + 11 + 8 + 8 + 9 + 6 + 6 + 11 + 6 + 6 + 22));
        String fmt = "%6d  %3d  %11.0f  %11.0f  %7.2fx  %7.2fx  %9.2f  %6.2f  %6.2f  %5.2f/%5.2f  %6.2f  %6.2f%n";
        double tf0 = Double.NaN, ng0 = Double.NaN, tfEff0 = Double.NaN, ngEff0 = Double.NaN;
        int lastBatch = -1;
        for (Row r : rows) {
            double tfEff = r.tfExamples() / r.tfCores(), ngEff = r.ngExamples() / r.ngCores(); // examples per CPU-second
            if (r.batch() != lastBatch) {
                lastBatch = r.batch();
                tf0 = r.load() == 0 ? r.tfExamples() : Double.NaN;
                ng0 = r.load() == 0 ? r.ngExamples() : Double.NaN;
                tfEff0 = r.load() == 0 ? tfEff : Double.NaN;
                ngEff0 = r.load() == 0 ? ngEff : Double.NaN;
            }
            out.printf(Locale.ROOT, fmt, r.batch(), r.load(), r.tfExamples(), r.ngExamples(), tf0 / r.tfExamples(),
                    ng0 / r.ngExamples(), r.ngExamples() / r.tfExamples(), r.tfCores(), r.ngCores(),
                    r.burnerCoresTf(), r.burnerCoresNg(), tfEff / tfEff0, ngEff / ngEff0);
        }
        out.println("slow: examples/s at N = 0 over examples/s at N (1.00x: no slower); Nagare/TF: Nagare's examples/s "
                + "over TF Java's (above 1: Nagare faster)");
        out.println("TF CPU / Ng CPU: cores this JVM used during that engine's rounds; load CPU: cores the burners got "
                + "meanwhile (during TF's / Nagare's rounds)");
        out.println("TF eff / Ng eff: examples per CPU-second of this JVM, relative to N = 0 (1.00: the CPU it gets is used "
                + "as well as on a quiet machine; below: lost to waiting, spinning, cold caches)");
    }
}
