package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkJvmTest {
    /** Running tasks plus the shared workers fill the cores: tasks + (threads - 1) = cores. */
    @Test
    void threadsFillTheCoresBesideTheRunningTasks() {
        assertEquals(1, SparkJvm.threadsFor(1, 1));
        assertEquals(1, SparkJvm.threadsFor(8, 1)); // 8 tasks, each on its own thread
        assertEquals(5, SparkJvm.threadsFor(8, 2)); // 4 tasks + 4 workers
        assertEquals(4, SparkJvm.threadsFor(4, 4)); // 1 task + 3 workers
        assertEquals(7, SparkJvm.threadsFor(8, 3)); // 2 tasks + 6 workers: the 2 cores no task slot holds too
        assertThrows(IllegalArgumentException.class, () -> SparkJvm.threadsFor(0, 1));
    }

    @Test
    void executorCoresComeFromTheMasterOrTheConf() {
        assertEquals(1, SparkJvm.executorCores(new SparkConf(false).setMaster("local")));
        assertEquals(3, SparkJvm.executorCores(new SparkConf(false).setMaster("local[3]")));
        assertEquals(2, SparkJvm.executorCores(new SparkConf(false).setMaster("local[2,4]")));
        assertEquals(Runtime.getRuntime().availableProcessors(), SparkJvm.executorCores(new SparkConf(false).setMaster("local[*]")));
        assertEquals(1, SparkJvm.executorCores(new SparkConf(false).setMaster("local-cluster[2,1,1024]")));
        assertEquals(6, SparkJvm.executorCores(new SparkConf(false).setMaster("spark://h:7077").set("spark.executor.cores", "6")));
        assertEquals(-1, SparkJvm.executorCores(new SparkConf(false).setMaster("spark://h:7077")));
    }

    /** A cluster's executors get the options after the user's own, and threads sized by their cores and task cpus. */
    @Test
    void executorsOfAClusterGetTheOptionsAndTheirThreads() {
        SparkConf conf = new SparkConf(false).setMaster("spark://h:7077").set("spark.executor.cores", "8").set("spark.task.cpus", "2")
                .set("spark.executor.extraJavaOptions", "-Xss8m --add-opens=java.base/java.lang=ALL-UNNAMED");
        assertEquals(5, SparkJvm.configure(conf));
        String options = conf.get("spark.executor.extraJavaOptions");
        assertTrue(options.startsWith("-Xss8m --add-opens=java.base/java.lang=ALL-UNNAMED "), options);
        assertTrue(options.endsWith(" -Dnagare.threads=5"), options);
        for (String o : SparkJvm.OPTIONS) assertTrue(options.contains(o), o + " missing from " + options);
        assertEquals(1, options.split("java.base/java.lang=", -1).length - 1, "an option given already is not repeated: " + options);

        SparkConf own = new SparkConf(false).setMaster("local-cluster[2,1,1024]").set("spark.executor.extraJavaOptions", "-Dnagare.threads=2");
        assertEquals(1, SparkJvm.configure(own));
        assertTrue(!own.get("spark.executor.extraJavaOptions").contains("nagare.threads=1"), "the user's own thread count stays");

        SparkConf unknown = new SparkConf(false).setMaster("yarn");
        assertEquals(-1, SparkJvm.configure(unknown));
        assertTrue(!unknown.get("spark.executor.extraJavaOptions").contains("nagare.threads"));
    }
}
