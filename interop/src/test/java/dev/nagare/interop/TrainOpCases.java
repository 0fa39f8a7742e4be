package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.Tf;
import dev.nagare.ops.TrainOps;
import java.util.List;

/**
 * The fused optimizer updates added in issue 11's second part, run by TensorFlow's own kernels (ApplyAdagrad,
 * ApplyAdagradV2, ApplyRMSProp, ApplyCenteredRMSProp) from the SavedModel Nagare writes. Each variant's output
 * is the updated variable; slots start where the updates are defined (accumulators and mean squares positive,
 * the mean gradient small enough that the centered variance stays positive).
 */
final class TrainOpCases {
    private TrainOpCases() {}

    static List<OpCase> all() {
        return List.of(
                values("ApplyAdagrad", v -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        Tf tf = v.variant(t + " [2,3]");
                        v.out(update(tf, TrainOps.APPLY_ADAGRAD, List.of(variable(tf, v, t, "var", -3, 3), variable(tf, v, t, "accum", 0.1, 2)),
                                List.of(tf.scalar(0.1, t)), v.feed(random(v, t, -3, 3))));
                    }
                }),
                values("ApplyAdagradV2", v -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        Tf tf = v.variant(t + " [2,3]");
                        v.out(update(tf, TrainOps.APPLY_ADAGRAD_V2, List.of(variable(tf, v, t, "var", -3, 3), variable(tf, v, t, "accum", 0, 2)),
                                List.of(tf.scalar(0.1, t), tf.scalar(1e-7, t)), v.feed(random(v, t, -3, 3))));
                    }
                }),
                values("ApplyRMSProp", v -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        Tf tf = v.variant(t + " [2,3], momentum 0.9");
                        v.out(update(tf, TrainOps.APPLY_RMS_PROP, List.of(variable(tf, v, t, "var", -3, 3), variable(tf, v, t, "ms", 0.1, 2),
                                        variable(tf, v, t, "mom", -0.1, 0.1)),
                                List.of(tf.scalar(0.01, t), tf.scalar(0.9, t), tf.scalar(0.9, t), tf.scalar(1e-10, t)), v.feed(random(v, t, -3, 3))));
                    }
                }),
                values("ApplyCenteredRMSProp", v -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                        Tf tf = v.variant(t + " [2,3], momentum 0.5");
                        v.out(update(tf, TrainOps.APPLY_CENTERED_RMS_PROP, List.of(variable(tf, v, t, "var", -3, 3),
                                        variable(tf, v, t, "mg", -0.1, 0.1), variable(tf, v, t, "ms", 0.5, 2), variable(tf, v, t, "mom", -0.1, 0.1)),
                                List.of(tf.scalar(0.01, t), tf.scalar(0.9, t), tf.scalar(0.5, t), tf.scalar(1e-7, t)), v.feed(random(v, t, -3, 3))));
                    }
                }));
    }

    private static Tensor random(OpCase.Variants v, DType t, double lo, double hi) {
        return t == DType.FLOAT32 ? v.floats(Shape.of(2, 3), lo, hi) : v.doubles(Shape.of(2, 3), lo, hi);
    }

    private static Output variable(Tf tf, OpCase.Variants v, DType t, String name, double lo, double hi) {
        return tf.variable(tf.constant(random(v, t, lo, hi)), name);
    }

    private static Output update(Tf tf, OpDef op, List<Output> vars, List<Output> scalars, Output grad) {
        var b = tf.scope().node(op, op.name());
        for (Output o : vars) b.input(o);
        for (Output o : scalars) b.input(o);
        return b.input(grad).build().output(0);
    }
}
