package dev.nagare.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small timing harness: warm a {@link Runnable} up for about a second, then time {@value #ROUNDS} rounds of
 * about a second each and report the median nanoseconds per call. Results collect into a table that prints
 * each benchmark's engines side by side with their ratio to the first engine measured for that benchmark.
 *
 * <p>Durations can be changed with {@code -Dnagare.bench.warmupMs=...} and {@code -Dnagare.bench.roundMs=...}.
 */
public final class Harness {

    public static final int ROUNDS = 5;

    private final long warmupNanos;
    private final long roundNanos;
    private final List<Row> rows = new ArrayList<>();

    /** One measurement: median and all round figures, in ns per call. */
    public record Measurement(double medianNs, double[] roundsNs, long totalCalls) {
        public double medianUs() { return medianNs / 1_000.0; }
    }

    /** {@code work} is the work done per call (e.g. floating-point operations), or 0 when not given. */
    private record Row(String benchmark, String engine, Measurement m, double work) {}

    public Harness() {
        this(Long.getLong("nagare.bench.warmupMs", 1_000), Long.getLong("nagare.bench.roundMs", 1_000));
    }

    public Harness(long warmupMillis, long roundMillis) {
        this.warmupNanos = warmupMillis * 1_000_000L;
        this.roundNanos = roundMillis * 1_000_000L;
    }

    /**
     * Times {@code op}: ~1 s warm-up, then {@value #ROUNDS} rounds of ~1 s; returns the median ns/op. It records
     * nothing, so several threads may time their own work at once (as {@link Peak} does).
     */
    public Measurement time(Runnable op) {
        // Warm-up, which also calibrates how many calls fit in a batch of about 10 ms, so that
        // System.nanoTime() is read rarely compared to the work measured.
        long batch = calibrate(op);
        double[] perOp = new double[ROUNDS];
        long total = 0;
        for (int r = 0; r < ROUNDS; r++) {
            long[] round = round(op, batch, roundNanos);
            perOp[r] = (double) round[1] / round[0];
            total += round[0];
        }
        double[] sorted = perOp.clone();
        Arrays.sort(sorted);
        return new Measurement(sorted[ROUNDS / 2], perOp, total);
    }

    /** Times {@code op} and records it in the table under (benchmark, engine). */
    public Measurement run(String benchmark, String engine, Runnable op) {
        return run(benchmark, engine, op, 0);
    }

    /**
     * As {@link #run(String, String, Runnable)}, with the floating-point operations one call does
     * ({@code flopsPerOp} &gt; 0): the table then shows a GFLOP/s column for the rows that give it.
     */
    public Measurement run(String benchmark, String engine, Runnable op, double flopsPerOp) {
        Measurement m = time(op);
        record(benchmark, engine, m, flopsPerOp, "rounds");
        return m;
    }

    /**
     * Times two engines on the same benchmark in turns: both warmed up, then {@code 2 * ROUNDS} rounds of half
     * the round time each, A B A B ..., so that a machine whose speed drifts (other tenants come and go) slows
     * both alike; each engine's median is over its own rounds. Records both rows, A first (the baseline).
     */
    public void runInTurns(String benchmark, String engineA, Runnable a, String engineB, Runnable b, double flopsPerOp) {
        long[] batch = {calibrate(a), calibrate(b)};
        Runnable[] ops = {a, b};
        int rounds = 2 * ROUNDS;
        double[][] perOp = new double[2][rounds];
        long[] total = new long[2];
        for (int r = 0; r < rounds; r++) {
            for (int e = 0; e < 2; e++) {
                long[] round = round(ops[e], batch[e], roundNanos / 2);
                perOp[e][r] = (double) round[1] / round[0];
                total[e] += round[0];
            }
        }
        String[] engines = {engineA, engineB};
        for (int e = 0; e < 2; e++) {
            double[] sorted = perOp[e].clone();
            Arrays.sort(sorted);
            record(benchmark, engines[e], new Measurement((sorted[rounds / 2 - 1] + sorted[rounds / 2]) / 2, perOp[e], total[e]),
                    flopsPerOp, "rounds (in turns)");
        }
    }

    /** One timed round: {@code batch} calls at a time until {@code nanos} have passed; returns {calls, elapsed ns}. */
    static long[] round(Runnable op, long batch, long nanos) {
        long calls = 0, t0 = System.nanoTime(), t;
        do {
            for (long i = 0; i < batch; i++) op.run();
            calls += batch;
            t = System.nanoTime();
        } while (t - t0 < nanos);
        return new long[] {calls, t - t0};
    }

    /** Adds a row to the table and prints it on stderr. */
    private void record(String benchmark, String engine, Measurement m, double flopsPerOp, String roundsLabel) {
        rows.add(new Row(benchmark, engine, m, flopsPerOp));
        String rate = flopsPerOp > 0 ? String.format(Locale.ROOT, "  %.1f GFLOP/s", flopsPerOp / m.medianNs()) : "";
        System.err.printf(Locale.ROOT, "  %-28s %-18s median %10.2f us/op  %s %s  (%d calls)%s%n",
                benchmark, engine, m.medianUs(), roundsLabel, roundsUs(m), m.totalCalls(), rate);
    }

    /** Warms {@code op} up for the warm-up time; returns how many calls take about 10 ms. */
    private long calibrate(Runnable op) {
        long batch = 1, start = System.nanoTime(), now = start;
        while (now - start < warmupNanos) {
            long t0 = System.nanoTime();
            for (long i = 0; i < batch; i++) op.run();
            now = System.nanoTime();
            if (now - t0 < 10_000_000L && batch < (1L << 40)) batch *= 2;
        }
        return batch;
    }

    /** Records a result measured elsewhere. */
    public void add(String benchmark, String engine, Measurement m) {
        add(benchmark, engine, m, 0);
    }

    /** Records a result measured elsewhere, with its floating-point operations per call (0: none). */
    public void add(String benchmark, String engine, Measurement m, double flopsPerOp) {
        rows.add(new Row(benchmark, engine, m, flopsPerOp));
    }

    /** The measurement recorded under (benchmark, engine), or null: lets a summary reuse results, not re-measure. */
    public Measurement find(String benchmark, String engine) {
        for (Row r : rows) if (r.benchmark().equals(benchmark) && r.engine().equals(engine)) return r.m();
        return null;
    }

    /** GFLOP/s of the row recorded under (benchmark, engine) with its work per call, or NaN when there is none. */
    public double gflops(String benchmark, String engine) {
        for (Row r : rows) {
            if (r.benchmark().equals(benchmark) && r.engine().equals(engine) && r.work() > 0) {
                return r.work() / r.m().medianNs();
            }
        }
        return Double.NaN;
    }

    public boolean isEmpty() { return rows.isEmpty(); }

    /** {@link #printTable(PrintStream, double)} without a "% of peak" column. */
    public void printTable(PrintStream out) {
        printTable(out, 0);
    }

    /**
     * Prints the table: benchmark, engine, median us/op, speedup. The speedup is the median of the first
     * engine recorded for the same benchmark (the baseline, TensorFlow Java) over this engine's median, so
     * the baseline reads 1.00 and 20.00 means twenty times faster. When {@code peakGflops} &gt; 0 (the machine's
     * all-core peak, see {@link Peak}), rows with a GFLOP/s figure also show it as a percentage of that peak.
     */
    public void printTable(PrintStream out, double peakGflops) {
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (Row r : rows) baseline.putIfAbsent(r.benchmark(), r.m().medianNs());
        int wb = "benchmark".length(), we = "engine".length();
        for (Row r : rows) {
            wb = Math.max(wb, r.benchmark().length());
            we = Math.max(we, r.engine().length());
        }
        boolean rates = rows.stream().anyMatch(r -> r.work() > 0); // GFLOP/s column only when some row has it
        boolean peak = rates && peakGflops > 0;
        String fmtHead = "%-" + wb + "s  %-" + we + "s  %15s  %7s" + (rates ? "  %9s" : "%s") + (peak ? "  %9s" : "%s") + "%n";
        String fmtRow = "%-" + wb + "s  %-" + we + "s  %15.2f  %7.2f%s%n";
        out.printf(Locale.ROOT, fmtHead, "benchmark", "engine", "median us/op", "speedup", rates ? "GFLOP/s" : "",
                peak ? "% of peak" : "");
        out.println("-".repeat(wb + we + 15 + 7 + 6 + (rates ? 11 : 0) + (peak ? 11 : 0)));
        for (Row r : rows) {
            double speedup = baseline.get(r.benchmark()) / r.m().medianNs();
            String rate = "";
            if (rates) {
                double g = r.work() / r.m().medianNs();
                rate = r.work() > 0 ? String.format(Locale.ROOT, "  %9.1f", g) : "  " + " ".repeat(9);
                if (peak && r.work() > 0) rate += String.format(Locale.ROOT, "  %8.1f%%", 100 * g / peakGflops);
            }
            out.printf(Locale.ROOT, fmtRow, r.benchmark(), r.engine(), r.m().medianUs(), speedup, rate);
        }
    }

    private static String roundsUs(Measurement m) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < m.roundsNs().length; i++) {
            if (i > 0) sb.append(' ');
            sb.append(String.format(Locale.ROOT, "%.2f", m.roundsNs()[i] / 1_000.0));
        }
        return sb.append(']').toString();
    }
}
