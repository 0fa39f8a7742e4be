package dev.nagare.spark;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's {@code local-cluster[n,c,m]} master on one machine: n executors of c cores in JVMs of their own, as on a
 * cluster (tasks serialize, each executor loads its own classes), without one. Spark launches those JVMs from a Spark
 * home ({@code SPARK_HOME}); its {@code jars/} and {@code launcher/target/scala-2.13/} may be empty, since the
 * executors take their classes from {@code spark.executor.extraClassPath}: this JVM's own classpath.
 */
final class LocalCluster {
    /** Two executors of one core and 1 GB each. */
    static final String MASTER = "local-cluster[2,1,1024]";

    private LocalCluster() {}

    /**
     * The Spark home executors start from ({@code SPARK_HOME}), its folders made if missing; null when the variable is
     * not set ({@code ./nagare spark} and this module's tests set it).
     */
    static Path sparkHome() throws IOException {
        String env = System.getenv("SPARK_HOME");
        if (env == null || env.isEmpty()) return null;
        Path home = Path.of(env);
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
        return home;
    }

    /** A configuration for {@code master} (a local-cluster) whose executors run Nagare ({@link SparkJvm#configure}) on {@code classPath}. */
    static SparkConf conf(String master, String app, String classPath) {
        SparkConf conf = new SparkConf(false).setMaster(master).setAppName(app)
                .set("spark.ui.enabled", "false").set("spark.ui.showConsoleProgress", "false")
                .set("spark.executor.extraClassPath", absolute(classPath));
        SparkJvm.configure(conf);
        return conf;
    }

    /** The entries of a classpath made absolute (an executor runs in a folder of its own). */
    static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String p : classPath.split(File.pathSeparator)) if (!p.isEmpty()) out.add(Path.of(p).toAbsolutePath().toString());
        return String.join(File.pathSeparator, out);
    }

    /**
     * Runs a job of {@code tasks} tasks that each answer their JVM's process id and Nagare's thread count; null when
     * the executors have not answered within {@code seconds} (they did not start).
     */
    static List<long[]> probe(JavaSparkContext jsc, int tasks, int seconds) throws Exception {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < tasks; i++) ids.add(i);
        JavaFutureAction<List<long[]>> probe = jsc.parallelize(ids, tasks)
                .map(i -> new long[] {ProcessHandle.current().pid(), dev.nagare.device.Workers.THREADS}).collectAsync();
        try {
            return probe.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            return null;
        }
    }
}
