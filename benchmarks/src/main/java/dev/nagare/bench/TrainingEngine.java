package dev.nagare.bench;

/**
 * One engine's MLP training graph, its session and its pre-made batches. {@link #run()} is one training step
 * (forward, backward, update of all 8 variables) on the next batch, round-robin.
 */
interface TrainingEngine extends Runnable, AutoCloseable {
    /** The engine's name in the tables. */
    String name();

    /** One training step on the next batch that also fetches the batch's loss (computed before the update). */
    float stepWithLoss();

    /** The loss on batch {@code batchIndex} with the current weights; updates nothing. */
    float loss(int batchIndex);

    @Override void close();
}
