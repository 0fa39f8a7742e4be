package dev.nagare.spark;

import org.apache.spark.api.java.JavaRDD;

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

    /** How many rows there are. */
    public long rows() { return plan.rows(); }

    /** How many synchronous steps make one pass over the rows. */
    public int stepsPerEpoch() { return plan.steps(); }

    /** How many partitions compute each step. */
    public int partitions() { return blocks.getNumPartitions(); }

    @Override
    public void close() { blocks.unpersist(false); }
}
