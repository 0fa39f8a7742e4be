package dev.nagare.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The driver's half of one synchronous step, shared by {@link DataParallelTrainer} and {@link SparkFit}: it
 * broadcasts the weights, has every partition compute with its executor's {@link GradientReplica} the summed
 * gradient of its rows of the batch, and adds the partitions' sums in partition order (so a run is repeatable to
 * the bit, whichever task finished first) before dividing by the batch's row count.
 *
 * @param meanGradients the batch's mean gradient per trainable variable (zeros where the loss does not depend on it)
 * @param lossSum       the examples' losses summed, before the update
 * @param figureSums    the model's batch figures summed over the examples
 * @param rows          the examples in the batch
 */
record GradientRound(float[][] meanGradients, double lossSum, double[] figureSums, long rows) {

    /** Runs batch {@code step} of {@code epoch} at {@code weights} on the replicas named {@code key}. */
    static GradientRound run(TrainingData data, int epoch, int step, float[][] weights, String key, ReplicaSource source, int figures,
                             VoidFunction<Integer> probe) {
        if (step < 0 || step >= data.stepsPerEpoch()) {
            throw new IllegalArgumentException("step " + step + " is out of range: an epoch of " + data.rows() + " rows has " + data.stepsPerEpoch() + " steps");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.blocks.context());
        Broadcast<float[][]> shipped = jsc.broadcast(weights);
        BatchPlan plan = data.plan;
        List<GradientReplica.Result> parts;
        try {
            // collect() returns the partitions' results in partition order, whatever order they finished in.
            parts = data.blocks.map(block -> {
                if (probe != null) probe.call(org.apache.spark.TaskContext.getPartitionId());
                PackedRows.Slice slice = block.slice(plan, epoch, step);
                return slice == null ? new GradientReplica.Result(0, 0, null, null) : GradientReplica.of(key, source).run(shipped.value(), slice);
            }).collect();
        } catch (Exception e) {
            throw TaskFailures.unwrap(e);
        } finally {
            shipped.destroy();
        }
        float[][] sum = new float[weights.length][];
        for (int i = 0; i < sum.length; i++) sum[i] = new float[weights[i].length];
        double lossSum = 0;
        double[] figureSums = new double[figures];
        long rows = 0;
        for (GradientReplica.Result r : parts) {
            if (r.rows() == 0) continue;
            rows += r.rows();
            lossSum += r.lossSum();
            for (int f = 0; f < figures; f++) figureSums[f] += r.figureSums()[f];
            for (int i = 0; i < sum.length; i++) {
                float[] g = r.gradients()[i];
                if (g == null) continue; // the loss does not depend on this variable
                float[] acc = sum[i];
                for (int j = 0; j < acc.length; j++) acc[j] += g[j];
            }
        }
        float n = rows;
        for (float[] acc : sum) for (int j = 0; j < acc.length; j++) acc[j] /= n;
        return new GradientRound(sum, lossSum, figureSums, rows);
    }
}
