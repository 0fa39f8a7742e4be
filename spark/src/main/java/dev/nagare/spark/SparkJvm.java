package dev.nagare.spark;

import dev.nagare.device.Workers;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * What Nagare needs of the JVMs Spark runs its tasks in. On Java 25 an executor needs Spark's own launcher list of
 * {@code --add-opens} and, for Nagare's SIMD kernels, the Vector API module: {@link #OPTIONS}. And Nagare's compute
 * threads must not fight when several tasks share an executor: each running task computes on its own thread, and
 * all tasks of a JVM share Nagare's pool of workers ({@code nagare.threads} counts the pool and one caller), so an
 * executor of {@code C} cores running {@code C / spark.task.cpus} tasks at once gets {@link #threadsFor} threads:
 * the running tasks plus the pool fill its cores, no more. With one cpu per task (Spark's default) that is one:
 * every task computes on its own thread alone, and the partitions, not the kernels, use the cores.
 */
public final class SparkJvm {
    private SparkJvm() {}

    /** The JVM options of an executor running Nagare: the Vector API, native access, and Spark's --add-opens. */
    public static final List<String> OPTIONS = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED");

    /** The system property that sizes Nagare's compute threads (see {@link Workers#THREADS}). */
    static final String THREADS_PROPERTY = "nagare.threads";

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[\\s*\\d+\\s*,\\s*(\\d+)\\s*,\\s*\\d+\\s*]");

    /**
     * Nagare's threads for an executor of {@code cores} cores whose tasks take {@code taskCpus} each: the
     * {@code cores / taskCpus} tasks that run at once each compute on their own thread, and share the pool's
     * {@code threads - 1} workers, so {@code tasks + threads - 1 = cores}.
     */
    public static int threadsFor(int cores, int taskCpus) {
        if (cores <= 0 || taskCpus <= 0) throw new IllegalArgumentException("cores and cpus per task must be positive, got " + cores + " and " + taskCpus);
        int tasks = Math.max(1, cores / taskCpus);
        return Math.max(1, cores - tasks + 1);
    }

    /**
     * The cores of one executor under {@code conf}: N of {@code local[N]} (all of this machine's for
     * {@code local[*]}), c of {@code local-cluster[n,c,m]}, else {@code spark.executor.cores}; -1 when the
     * cluster manager decides (standalone's default: every core of the worker).
     */
    static int executorCores(SparkConf conf) {
        String master = conf.get("spark.master", "");
        Matcher m = LOCAL.matcher(master);
        if (m.matches()) {
            if (m.group(1) == null) return 1;
            return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
        }
        m = LOCAL_CLUSTER.matcher(master);
        if (m.matches()) return Integer.parseInt(m.group(1));
        return conf.contains("spark.executor.cores") ? conf.getInt("spark.executor.cores", 1) : -1;
    }

    /** Whether the tasks of {@code conf}'s master run in this JVM (local mode): then this JVM is the executor. */
    static boolean tasksRunHere(SparkConf conf) { return LOCAL.matcher(conf.get("spark.master", "")).matches(); }

    /**
     * Prepares {@code conf} (its master set) for Nagare's tasks, before its session starts: executors get
     * {@link #OPTIONS} and {@code -Dnagare.threads} sized by {@link #threadsFor} (after any options already there,
     * and unless those size the threads themselves). In local mode the tasks run in this JVM, so the property is set
     * here, unless already given; it takes effect only if no Nagare kernel has run in this JVM yet, and a warning
     * says so otherwise.
     *
     * @return the number of threads chosen, or -1 when the executors' cores are not known here (the default stays)
     */
    public static int configure(SparkConf conf) {
        int cores = executorCores(conf);
        int threads = cores > 0 ? threadsFor(cores, conf.getInt("spark.task.cpus", 1)) : -1;
        List<String> options = new ArrayList<>();
        String existing = conf.get("spark.executor.extraJavaOptions", "").trim();
        if (!existing.isEmpty()) options.add(existing);
        for (String o : OPTIONS) if (!existing.contains(o)) options.add(o);
        if (threads > 0 && !existing.contains("-D" + THREADS_PROPERTY + "=")) options.add("-D" + THREADS_PROPERTY + "=" + threads);
        conf.set("spark.executor.extraJavaOptions", String.join(" ", options));
        if (threads > 0 && tasksRunHere(conf) && System.getProperty(THREADS_PROPERTY) == null) {
            System.setProperty(THREADS_PROPERTY, Integer.toString(threads));
            if (Workers.THREADS != threads) {
                System.getLogger(SparkJvm.class.getName()).log(System.Logger.Level.WARNING, "Nagare's compute threads were sized ("
                        + Workers.THREADS + ") before Spark was configured; start the JVM with -D" + THREADS_PROPERTY + "=" + threads
                        + " so that " + cores + " task slots do not oversubscribe the cores");
            }
        }
        return threads;
    }
}
