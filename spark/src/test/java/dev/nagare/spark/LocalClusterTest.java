package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Training on two executor JVMs ({@code local-cluster[2,1,1024]}): what {@code local[2]} cannot show, since there
 * every task runs in the test's own JVM, is that the closures serialize, the classes are on the executors'
 * classpath and the executors start with the options Nagare needs. Skipped, saying why, where such executors
 * cannot start: Spark launches them from a Spark home ({@code SPARK_HOME}, which this module's surefire points at
 * an empty one under target/: the executors take their classes from {@code spark.executor.extraClassPath}).
 */
class LocalClusterTest {
    /** How long the two executors may take to start and answer (seconds); a loaded 2-core machine takes about a minute. */
    private static final int START_SECONDS = 240;

    @Test
    void trainingOnTwoExecutorJvmsEqualsOneSessionOnTheSameGlobalBatches() throws Exception {
        Path home = LocalCluster.sparkHome();
        Assumptions.assumeTrue(home != null,
                "skipped: local-cluster mode launches executors from SPARK_HOME, which is not set (this module's surefire sets it)");
        LocalSpark.stop(); // a JVM holds one SparkContext at a time
        SparkConf conf = LocalCluster.conf(LocalCluster.MASTER, "nagare-local-cluster-test",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))); // surefire's, not its booter jar
        SparkSession cluster = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(cluster.sparkContext());
            // Which JVMs run the tasks, and with how many Nagare threads; no answer means the executors never came.
            List<long[]> answers = LocalCluster.probe(jsc, 2, START_SECONDS);
            if (answers == null) {
                Assumptions.abort("skipped: local-cluster executors did not start within " + START_SECONDS + " s (Spark home " + home
                        + "); see the executor logs under work/");
                return;
            }
            for (long[] a : answers) {
                assertTrue(a[0] != ProcessHandle.current().pid(), "a task ran in the driver's JVM");
                assertEquals(1, a[1], "Nagare threads in executor JVM " + a[0]);
            }

            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < TrainerTest.ROWS; i++) rows.add(RowFactory.create(TrainerTest.FEATURES[i], TrainerTest.LABELS[i]));
            try (DataParallelTrainer t = TrainerTest.trainer()) {
                Map<String, Tensor> initial = t.weights();
                t.fit(cluster.createDataFrame(jsc.parallelize(rows, 2), TrainerTest.SCHEMA), TrainerTest.EPOCHS);
                Map<String, Tensor> reference = TrainerTest.trainOnOneMachine(initial);
                double diff = TrainerTest.maxDifference(t.weights(), reference);
                // As in TrainerTest: only the order of float32 additions differs (measured there: one ulp).
                assertTrue(diff <= 2e-5, "weights differ by " + diff);
                assertTrue(TrainerTest.maxDifference(initial, reference) > 0.1, "training moved the weights");
            }
        } finally {
            cluster.stop();
        }
    }
}
