package dev.nagare.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The background load of {@link ContentionBench}: a separate JVM whose {@code N} threads spin on integer
 * arithmetic until its standard input closes. It stands for what slows a shared machine down (another build,
 * another job): a process of its own, so that the measured JVM's safepoints, garbage collections and JIT
 * compiler threads neither stop it nor are slowed by it, and both engines meet exactly the same load.
 *
 * <p>{@link #start} launches it with this JVM's {@code java} and class path and returns once all its threads
 * spin; {@link #close} ends it. {@link #cpuNanos} is the CPU time it has used so far (from
 * {@code /proc/<pid>/stat} through {@link ProcessHandle}), so a caller can show how much of the machine it took.
 */
final class Burner implements AutoCloseable {
    private final Process process;
    final int threads;

    private Burner(Process process, int threads) {
        this.process = process;
        this.threads = threads;
    }

    /** Starts a burner process of {@code threads} spinning threads (none for 0) and waits until they spin. */
    static Burner start(int threads) {
        if (threads <= 0) return new Burner(null, 0);
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), Burner.class.getName(), Integer.toString(threads)));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            byte[] line = new byte[64];
            int got = 0;
            InputStream in = p.getInputStream();
            for (int c; got < line.length && (c = in.read()) >= 0 && c != '\n'; ) line[got++] = (byte) c;
            String ready = new String(line, 0, got, StandardCharsets.US_ASCII);
            if (!ready.equals("spinning " + threads)) {
                p.destroyForcibly();
                throw new IllegalStateException("burner process did not start: read '" + ready + "'");
            }
            return new Burner(p, threads);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the burner process " + cmd, e);
        }
    }

    /** CPU time (user + system) the burner process has used so far, in ns; 0 without one. */
    long cpuNanos() {
        if (process == null) return 0;
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
    }

    @Override
    public void close() {
        if (process == null) return;
        try {
            process.getOutputStream().close(); // EOF on its stdin: it exits
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }

    /** The burner process: {@code args[0]} threads spin until standard input ends. */
    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        for (int i = 0; i < n; i++) {
            long seed = 0x9E3779B97F4A7C15L * (i + 1);
            Thread t = new Thread(() -> spin(seed), "burner-" + i);
            t.setDaemon(true);
            t.start();
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        out.printf(Locale.ROOT, "spinning %d%n", n);
        while (System.in.read() >= 0) { /* until the parent closes our stdin (or dies) */ }
        System.exit(0);
    }

    static volatile long sink;

    /** Integer arithmetic in registers, forever: a linear congruential step with an xor-shift, 2^20 at a time. */
    private static void spin(long x) {
        while (true) {
            for (int i = 0; i < 1 << 20; i++) x = (x * 6364136223846793005L + 1442695040888963407L) ^ (x >>> 29);
            sink = x;
        }
    }
}
