package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import java.util.List;

/**
 * A table of {@code inputDim} vectors of {@code outputDim} numbers, looked up by index: each input value (a
 * whole number in [0, inputDim), given as float32 like every model input) becomes its row, so
 * [batch, length] becomes [batch, length, outputDim]. The table starts uniform in [-0.05, 0.05], as Keras's.
 */
public final class Embedding implements Layer {
    private final int inputDim;
    private final int outputDim;

    Embedding(int inputDim, int outputDim) {
        if (inputDim < 1 || outputDim < 1) throw new IllegalArgumentException("an Embedding needs positive sizes, got " + inputDim + " x " + outputDim);
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    @Override public String kind() { return "Embedding"; }

    @Override public String config() { return "Embedding " + inputDim + " " + outputDim; }

    @Override
    public Built build(Tf tf, Output input, BuildContext context) {
        Output table = tf.variable(tf.random.uniform(Shape.of(inputDim, outputDim), DType.FLOAT32, -0.05, 0.05, context.nextSeed()), "embeddings");
        Output rows = tf.gather(table, tf.cast(input, DType.INT32), 0);
        return new Built(rows, rows, Activation.LINEAR, List.of(table));
    }
}
