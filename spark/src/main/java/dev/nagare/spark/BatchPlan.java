package dev.nagare.spark;

import java.io.Serializable;

/**
 * Which global batch each row belongs to in an epoch. Rows are numbered 0..rows-1 in the data's order; an
 * epoch has {@code steps = ceil(rows / batchSize)} batches, and batch k holds the rows whose number is
 * k modulo steps. So every partition, whatever its range of rows, adds about its share to every step, and
 * the batches do not depend on how the data is partitioned. With a seed, each run of {@code steps}
 * consecutive rows is rotated by its own pseudo-random offset per epoch: batches mix differently each
 * epoch and still differ in size by at most one row.
 */
record BatchPlan(long rows, int steps, long seed, boolean shuffle) implements Serializable {
    static BatchPlan of(long rows, int batchSize, Long seed) {
        if (rows <= 0) throw new IllegalArgumentException("the training data has no rows");
        if (batchSize <= 0) throw new IllegalArgumentException("the batch size must be positive, got " + batchSize);
        long steps = (rows + batchSize - 1) / batchSize;
        return new BatchPlan(rows, (int) steps, seed == null ? 0 : seed, seed != null);
    }

    /** The batch (0..steps-1) that row {@code i} is in during {@code epoch}. */
    int batchOf(long i, int epoch) {
        long block = i / steps, within = i % steps;
        if (!shuffle) return (int) within;
        return (int) ((within + Math.floorMod(mix(seed, epoch, block), (long) steps)) % steps);
    }

    /** A SplitMix64-style scramble of (seed, epoch, block). */
    private static long mix(long seed, int epoch, long block) {
        long z = seed + 0x9E3779B97F4A7C15L * (epoch + 1) + 0xBF58476D1CE4E5B9L * (block + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
