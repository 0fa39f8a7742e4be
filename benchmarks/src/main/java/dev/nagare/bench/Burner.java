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
 * The background load of {@link ContentionBench}: {@code N} spinning threads outside the measured JVM, like
 * other jobs on a shared machine. Each is a small JVM of its own whose one thread spins on integer arithmetic
 * until its standard input closes: separate processes, so that the measured JVM's safepoints, garbage
 * collections and JIT compiler threads neither stop the load nor are slowed by it, and both engines meet
 * exactly the same load.
 *
 * <p>By default each burner also runs in a session of its own ({@code setsid}), as another user's job would.
 * That matters on Linux with autogroup scheduling ({@code /proc/sys/kernel/sched_autogroup_enabled}, on here):
 * the scheduler first shares the cores between sessions, then between the threads of a session. Burners in
 * the measured JVM's own session (or threads of that JVM) would instead compete thread against thread with the
 * engine, and an engine with more threads would get more of the machine. {@code -Dnagare.bench.loadSession=same}
 * keeps them in this session; without {@code setsid} they stay there too.
 *
 * <p>{@link #start} returns once every burner spins; {@link #close} ends them. {@link #cpuNanos} is the CPU
 * time they have used so far (from {@code /proc/<pid>/stat} through {@link ProcessHandle}), so a caller can
 * show how much of the machine they took.
 */
final class Burner implements AutoCloseable {
    /** Whether burners get sessions of their own: {@code nagare.bench.loadSession} is not "same" and setsid is there. */
    static final boolean OWN_SESSIONS = !"same".equals(System.getProperty("nagare.bench.loadSession"))
            && java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/setsid"));

    private final List<Process> processes;
    final int threads;

    private Burner(List<Process> processes, int threads) {
        this.processes = processes;
        this.threads = threads;
    }

    /** Starts {@code threads} burner processes (none for 0) and waits until they all spin. */
    static Burner start(int threads) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        List<Process> started = new ArrayList<>();
        Burner out = new Burner(started, threads);
        try {
            for (int i = 0; i < threads; i++) {
                List<String> cmd = new ArrayList<>();
                // setsid execs the command in place (a child of this JVM is no process group leader): the
                // Process is the burner JVM itself.
                if (OWN_SESSIONS) cmd.add("/usr/bin/setsid");
                cmd.addAll(List.of(java, "-Xmx16m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                        "-cp", System.getProperty("java.class.path"), Burner.class.getName(), "1"));
                started.add(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
            }
            for (Process p : started) {
                byte[] line = new byte[64];
                int got = 0;
                InputStream in = p.getInputStream();
                for (int c; got < line.length && (c = in.read()) >= 0 && c != '\n'; ) line[got++] = (byte) c;
                String ready = new String(line, 0, got, StandardCharsets.US_ASCII);
                if (!ready.equals("spinning 1")) throw new IllegalStateException("a burner process did not start: read '" + ready + "'");
            }
            return out;
        } catch (IOException | RuntimeException e) {
            out.close();
            throw new IllegalStateException("cannot start the burner processes", e);
        }
    }

    /** CPU time (user + system) the burner processes have used so far, in ns; 0 without any. */
    long cpuNanos() {
        long sum = 0;
        for (Process p : processes) sum += p.toHandle().info().totalCpuDuration().map(d -> d.toNanos()).orElse(0L);
        return sum;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            try {
                p.getOutputStream().close(); // EOF on its stdin: it exits
            } catch (IOException e) {
                p.destroyForcibly();
            }
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
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
