package dev.nagare.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A Dataset's rows packed per partition ({@link PackedRows}) and cached on the executors, with the batch
 * plan that splits them into global batches. Closing it drops the cached blocks.
 */
public final class TrainingData implements AutoCloseable {
    final JavaRDD<PackedRows> blocks;
    final BatchPlan plan;

    TrainingData(JavaRDD<PackedRows> blocks, BatchPlan plan) {
        this.blocks = blocks;
        this.plan = plan;
    }

    /**
     * Reads the features and labels of {@code data} as {@code model} takes them, packs them per partition and
     * caches them; batches of {@code batchSize} rows, mixed each epoch when {@code shuffleSeed} is not null.
     */
    static TrainingData prepare(Dataset<Row> data, String featureColumn, String labelColumn, TrainingGraph model, int batchSize, Long shuffleSeed) {
        RowLayout layout = RowLayout.of(data.schema(), featureColumn, labelColumn, model);
        JavaRDD<PackedRows> blocks = null;
        try {
            blocks = data.javaRDD().zipWithIndex()
                    .mapPartitions(rows -> List.of(PackedRows.pack(rows, layout)).iterator(), true)
                    .persist(StorageLevel.MEMORY_ONLY());
            long rows = blocks.map(p -> (long) p.count).reduce(Long::sum);
            return new TrainingData(blocks, BatchPlan.of(rows, batchSize, shuffleSeed));
        } catch (Exception e) {
            if (blocks != null) blocks.unpersist(false);
            throw TaskFailures.unwrap(e);
        }
    }

    /** How many rows there are. */
    public long rows() { return plan.rows(); }

    /** How many synchronous steps make one pass over the rows. */
    public int stepsPerEpoch() { return plan.steps(); }

    /** How many partitions compute each step. */
    public int partitions() { return blocks.getNumPartitions(); }

    @Override
    public void close() { blocks.unpersist(false); }
}
