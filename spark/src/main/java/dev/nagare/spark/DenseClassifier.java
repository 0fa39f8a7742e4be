package dev.nagare.spark;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Tf;
import java.util.Arrays;
import java.util.Map;

/**
 * A ready model definition: {@code inputs} features through ReLU layers of the {@code hidden} widths to
 * {@code classes} logits, softmax cross-entropy against int class ids. Weights are drawn by He's rule from
 * {@code seed}, biases start at zero. Serves {@code logits} and {@code classes} (the arg max).
 */
public record DenseClassifier(int inputs, int[] hidden, int classes, long seed) implements ModelDefinition {
    public DenseClassifier {
        if (inputs <= 0 || classes < 2 || Arrays.stream(hidden).anyMatch(w -> w <= 0)) {
            throw new IllegalArgumentException("a dense classifier needs inputs > 0, hidden widths > 0 and at least 2 classes, got "
                    + inputs + ", " + Arrays.toString(hidden) + ", " + classes);
        }
        hidden = hidden.clone();
    }

    @Override
    public TrainingGraph build(Tf tf) {
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, inputs), "features");
        Output labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
        Output h = x;
        int width = inputs;
        for (int i = 0; i < hidden.length; i++) {
            h = tf.nn.relu(dense(tf.withSubScope("hidden" + (i + 1)), h, width, hidden[i], seed + i));
            width = hidden[i];
        }
        Output logits = dense(tf.withSubScope("logits"), h, width, classes, seed + hidden.length);
        return new TrainingGraph(x, labels, tf.nn.sparseSoftmaxCrossEntropyWithLogits(labels, logits),
                Map.of("logits", logits, "classes", tf.argmax(logits, 1, DType.INT32)));
    }

    private static Output dense(Tf tf, Output x, int in, int out, long seed) {
        Output w = tf.variable(tf.init.heNormal(Shape.of(in, out), DType.FLOAT32, seed), "weights");
        Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
        return tf.nn.biasAdd(tf.matmul(x, w), b);
    }
}
