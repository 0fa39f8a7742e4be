package dev.nagare.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * One SparkSession for all tests of this JVM (starting one costs seconds): local[2,2], two task slots and
 * two attempts per task, so that a test can make a task fail once and see it retried.
 */
final class LocalSpark {
    private static SparkSession spark;

    private LocalSpark() {}

    static synchronized SparkSession session() {
        if (spark == null) {
            spark = SparkSession.builder().master("local[2,2]").appName("nagare-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return spark;
    }

    /** Stops the shared session, for a test that needs a SparkContext of its own (a JVM runs one at a time); the next {@link #session} starts it again. */
    static synchronized void stop() {
        if (spark != null) {
            spark.stop();
            spark = null;
        }
    }

    static JavaSparkContext context() { return JavaSparkContext.fromSparkContext(session().sparkContext()); }

    /** A DataFrame of these rows in this order, split into {@code partitions} contiguous ranges. */
    static Dataset<Row> frame(List<Row> rows, StructType schema, int partitions) {
        return session().createDataFrame(context().parallelize(rows, partitions), schema);
    }
}
