package dev.nagare.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs Nagare and TensorFlow Java 1.1.0 on the same graphs and prints tables.
 *
 * <pre>
 *   ./nagare bench                   # all cases, then the summary of targets
 *   ./nagare bench feed-add          # run of y = x + 2 with x fed (us/run)
 *   ./nagare bench counter-step      # assignAdd on a variable, fetched
 *   ./nagare bench matmul            # float32 products in GFLOP/s and % of the machine's peak (measures peak first)
 *   ./nagare bench peak              # the machine's float32 FMA peak alone (1 thread, all cores)
 *   ./nagare bench kernels           # each GEMM micro-kernel alone against the one-thread peak, whole products beside
 *   ./nagare bench training [BATCH...]  # MLP 784-256-128-64-10 SGD steps (default batches 32 128 512)
 *   ./nagare bench scaling           # training step over batch 32..4096 and over widths 784-W-W/2-W/4-10
 *   ./nagare bench conv              # Conv2D layers forward and fwd+bwd, and the tutorial CNN's training step
 *   ./nagare bench contention [BATCH...]  # training step (default batch 128) beside N = 0, 1, 2, 4 busy processes
 *   ./nagare bench serving           # MNIST MLP forward + softmax, one call at a time: p50/p90/p99 at batch 1, 8, 32
 *   ./nagare bench summary           # feed-add, peak, matmul, training, then the targets table
 *   ./nagare bench help              # this list
 * </pre>
 *
 * Several names may be given; each case runs once. Timing: {@code -Dnagare.bench.warmupMs}, {@code roundMs}
 * (see {@link Harness}) and {@code -Dnagare.bench.allocSteps} (see {@link TrainingBench}), through
 * {@code NAGARE_JAVA_OPTS}.
 */
public final class Bench {

    static final String FEED_ADD = "feed-add (y = x + 2)";
    static final String COUNTER = "counter-step (assignAdd)";

    static final String HELP = """
            Usage: ./nagare bench [CASE...] [BATCH...]
              (none)        all cases below, then the summary of targets
              feed-add      a run of y = x + 2 with x a fed placeholder (us/run)
              counter-step  assignAdd(counter, 1) fetched, on a variable
              matmul        float32 products n = 256..2048 and MLP shapes: GFLOP/s and % of peak (runs peak first)
              peak          the machine's float32 FMA peak (Vector API), on 1 thread and on all cores
              kernels       each GEMM micro-kernel alone (operands in cache, one thread) as a fraction of the
                            one-thread peak, and whole one-thread products beside them. Not part of "all".
              training      MLP 784-256-128-64-10 SGD steps and Nagare's allocation per step; numbers given are
                            batch sizes (default 32 128 512)
              scaling       training step time over batch 32..4096, and over widths 784-W-W/2-W/4-10 at batch 128
                            (shorter rounds: at most 300 ms)
              conv          Conv2D forward and forward+backward: the Deep MNIST tutorial's layers at batch 64 and
                            56x56x64 by 3x3x64 at batch 16, then the tutorial CNN's SGD step at batch 64 (GFLOP/s)
              contention    training step (batch 128, or the numbers given) while N = 0, 1, 2, 4 other
                            processes spin (one thread each, each in its own session): examples/s per engine,
                            slowdown vs N = 0, Nagare/TF (about 2 minutes per batch). Not part of "all".
                            -Dnagare.bench.loads=0,1,2,4 sets the loads, -Dnagare.bench.loadSession=same keeps
                            the spinning processes in this session
              serving       MNIST MLP 784-256-128-64-10 forward + softmax, one call at a time, weights as
                            constants and as variables, at batch 1, 8, 32: per-call p50 / p90 / p99 (us)
                            (-Dnagare.bench.servingMs=2000 per engine and case)
              summary       runs feed-add, peak, matmul and training, then prints the targets table
              help          this text
            JVM options (NAGARE_JAVA_OPTS): -Dnagare.bench.warmupMs=1000 -Dnagare.bench.roundMs=1000
                                            -Dnagare.bench.allocSteps=300
            """;

    private static final Set<String> CASES =
            Set.of("all", "feed-add", "counter-step", "matmul", "peak", "kernels", "training", "scaling", "contention", "summary", "conv",
                    "serving");

    private Bench() {}

    public static void main(String[] args) {
        List<String> only = Arrays.stream(args).map(a -> a.toLowerCase(Locale.ROOT)).toList();
        if (only.stream().anyMatch(a -> a.equals("help") || a.equals("-h") || a.equals("--help"))) {
            System.out.print(HELP);
            return;
        }
        List<String> unknown = only.stream().filter(a -> !CASES.contains(a) && !a.matches("\\d+")).toList();
        if (!unknown.isEmpty()) {
            System.err.print("bench: unknown case " + unknown + "\n" + HELP);
            System.exit(2);
        }
        boolean all = only.isEmpty() || only.contains("all");
        boolean summary = all || only.contains("summary"); // the summary needs feed-add, peak, matmul, training
        Harness h = new Harness();
        System.err.println("Nagare benchmarks. " + Machine.describe());

        if (summary || only.contains("feed-add")) {
            // The first engine recorded per benchmark is the table's baseline (ratio 1.00).
            try (var tf = new TfJavaSessionBench.FeedAdd()) {
                check(FEED_ADD, TfJavaSessionBench.ENGINE, tf.runOnce(), 5f);
                h.run(FEED_ADD, TfJavaSessionBench.ENGINE, tf);
            }
            NagareSessionBench.FeedAdd ng = new NagareSessionBench.FeedAdd();
            check(FEED_ADD, NagareSessionBench.ENGINE, ng.runOnce(), 5f);
            h.run(FEED_ADD, NagareSessionBench.ENGINE, ng);
        }

        if (all || only.contains("counter-step")) {
            try (var tf = new TfJavaSessionBench.CounterStep()) {
                check(COUNTER, TfJavaSessionBench.ENGINE, tf.runOnce(), 1f);
                h.run(COUNTER, TfJavaSessionBench.ENGINE, tf);
            }
            try (NagareSessionBench.CounterStep ng = new NagareSessionBench.CounterStep()) {
                check(COUNTER, NagareSessionBench.ENGINE, ng.runOnce(), 1f);
                h.run(COUNTER, NagareSessionBench.ENGINE, ng);
            }
        }

        boolean matmul = summary || only.contains("matmul");
        Peak.Result peak = null;
        if (matmul || only.contains("peak") || only.contains("kernels")) {
            // Before the products, while no engine's worker threads are around: the yardstick of "% of peak"
            peak = Peak.measure(h);
        }
        if (only.contains("kernels")) {
            KernelsBench.run(peak, System.out);
        }
        if (matmul) {
            MatMulBench.run(h); // float32 products: TF Java session, Nagare session, Gemm.sgemm; with GFLOP/s
        }

        TrainingBench training = null;
        if (summary || only.contains("training")) {
            // MLP 784-256-128-64-10 SGD steps; numbers among the arguments are batch sizes (default 32 128 512)
            training = TrainingBench.run(h, only);
        }

        if (all || only.contains("conv")) {
            if (peak == null) peak = Peak.measure(h); // the yardstick of "% of peak"
            ConvBench.run(h);
        }

        ScalingBench scaling = null;
        if (all || only.contains("scaling")) {
            scaling = ScalingBench.run(); // its own, shorter rounds
        }

        ServingBench serving = null;
        if (all || only.contains("serving")) {
            serving = ServingBench.run(); // per-call latencies, engines taking turns
        }

        ContentionBench contention = null;
        if (only.contains("contention")) {
            contention = ContentionBench.run(only); // its own protocol: alternating rounds beside a burner process
        }

        // Every table with the machine it was measured on.
        String machine = Machine.describe();
        System.out.println();
        if (!h.isEmpty()) {
            System.out.println(machine);
            h.printTable(System.out, peak == null ? 0 : peak.allThreadsGflops());
        }
        if (peak != null) {
            System.out.println(peak.describe());
            if (matmul || only.contains("conv")) System.out.println("% of peak: GFLOP/s over the all-core peak above");
        }
        if (training != null) {
            System.out.println(machine);
            training.printTable(System.out);
        }
        if (scaling != null) {
            System.out.println(machine);
            scaling.printTables(System.out);
        }
        if (serving != null) {
            System.out.println(machine);
            serving.printTable(System.out);
        }
        if (contention != null) {
            System.out.println(machine);
            contention.printTable(System.out);
        }
        if (summary) {
            System.out.println(machine);
            Summary.print(System.out, h, training, peak);
        }
    }

    static void check(String bench, String engine, float got, float want) {
        if (got != want) {
            throw new AssertionError(bench + " on " + engine + ": got " + got + ", expected " + want);
        }
    }
}
