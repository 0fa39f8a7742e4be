package dev.nagare.interop;

import static dev.nagare.interop.OpCase.distribution;
import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.NnOps;
import dev.nagare.ops.RandomOps;
import dev.nagare.ops.Tf;
import dev.nagare.ops.TrainOps;
import java.util.List;

/**
 * Test graphs of the neural-network ops, variables and their updates, random draws and the fused
 * optimizer updates. Updates are signature outputs, so one signature call runs them once in each engine,
 * both starting from the exported variable values.
 */
final class NnStateOpCases {
    private NnStateOpCases() {}

    static List<OpCase> all() {
        return List.of(
                values("BiasAdd", v -> {
                    Tf tf = v.variant("[4,3]+[3]");
                    v.out(tf.nn.biasAdd(v.feed(v.floats(4, 3)), v.feed(v.floats(3))));
                    tf = v.variant("[?,2,3]+[3] f64");
                    v.out(tf.nn.biasAdd(v.feed(v.doubles(2, 2, 3), Shape.of(-1, 2, 3)), v.feed(v.doubles(3))));
                    tf = v.variant("rank 1: [3]+[3] (AddV2 in TensorFlow)");
                    v.out(tf.nn.biasAdd(v.feed(v.floats(3)), v.feed(v.floats(3))));
                }),
                values("VariableV2", v -> {
                    Tf tf = v.variant("f32 [2,3] and an i64 scalar");
                    v.out(tf.variable(tf.constant(v.floats(2, 3)), "w"), tf.variable(tf.constant(Tensor.scalar(42L)), "step"));
                    tf = v.variant("bool and f64");
                    v.out(tf.variable(tf.constant(v.bools(3)), "mask"), tf.variable(tf.constant(v.doubles(2)), "d"));
                }),
                values("Assign", v -> {
                    Tf tf = v.variant("f32 [3]");
                    v.out(tf.assign(tf.variable(tf.constant(v.floats(3)), "var"), v.feed(v.floats(3))));
                    tf = v.variant("i32 [2,2]");
                    v.out(tf.assign(tf.variable(tf.constant(v.ints(2, 2)), "var"), v.feed(v.ints(2, 2))));
                }),
                values("AssignAdd", v -> {
                    Tf tf = v.variant("f32 [3]");
                    v.out(tf.assignAdd(tf.variable(tf.constant(v.floats(3)), "var"), v.feed(v.floats(3))));
                    tf = v.variant("i64 scalar");
                    v.out(tf.assignAdd(tf.variable(tf.constant(Tensor.scalar(5L)), "var"), v.feed(Tensor.scalar(3L))));
                }),
                values("AssignSub", v -> {
                    Tf tf = v.variant("f64 [2]");
                    v.out(tf.assignSub(tf.variable(tf.constant(v.doubles(2)), "var"), v.feed(v.doubles(2))));
                }),
                values("NoOp", v -> {
                    Tf tf = v.variant("control input of an identity");
                    Node noop = tf.noOp();
                    v.out(tf.withControlDependencies(noop).identity(v.feed(v.floats(2))));
                }),
                distribution("RandomStandardNormal", v -> draws(v, RandomOps.NORMAL)),
                distribution("TruncatedNormal", v -> draws(v, RandomOps.TRUNCATED_NORMAL)),
                distribution("RandomUniform", v -> draws(v, RandomOps.UNIFORM)),
                values("ApplyGradientDescent", v -> {
                    Tf tf = v.variant("f32 [4]");
                    Output var = tf.variable(tf.constant(v.floats(4)), "var");
                    v.out(tf.scope().node(TrainOps.APPLY_GRADIENT_DESCENT, "ApplyGradientDescent").input(var)
                            .input(tf.constant(0.1f)).input(v.feed(v.floats(4))).build().output(0));
                }),
                values("ApplyMomentum", v -> {
                    Tf tf = v.variant("f64 [2,3]");
                    Output var = tf.variable(tf.constant(v.doubles(2, 3)), "var");
                    Output accum = tf.variable(tf.constant(v.doubles(2, 3)), "accum");
                    v.out(tf.scope().node(TrainOps.APPLY_MOMENTUM, "ApplyMomentum").input(var).input(accum)
                            .input(tf.constant(0.01)).input(v.feed(v.doubles(2, 3))).input(tf.constant(0.9)).build().output(0));
                }),
                values("ApplyAdam", v -> {
                    Tf tf = v.variant("f32 [5]");
                    Output var = tf.variable(tf.constant(v.floats(5)), "var");
                    Output m = tf.variable(tf.constant(v.floats(Shape.of(5), -0.1, 0.1)), "m");
                    Output vv = tf.variable(tf.constant(v.floats(Shape.of(5), 0.01, 0.1)), "v");
                    v.out(tf.scope().node(TrainOps.APPLY_ADAM, "ApplyAdam").input(var).input(m).input(vv)
                            .input(tf.constant(0.9f * 0.9f)).input(tf.constant(0.999f * 0.999f)).input(tf.constant(0.001f))
                            .input(tf.constant(0.9f)).input(tf.constant(0.999f)).input(tf.constant(1e-7f))
                            .input(v.feed(v.floats(5))).build().output(0));
                }));
    }

    private static void draws(OpCase.Variants v, dev.nagare.ops.OpDef op) {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tf tf = v.variant(t + " [2000]");
            v.out(tf.scope().node(op, op.name()).input(tf.constant(new int[] {2000})).attr("dtype", t)
                    .attr("seed", 7L).attr("seed2", 3L).build().output(0));
        }
        Tf tf = v.variant("shape fed at run time, seeds 0");
        v.out(tf.scope().node(op, op.name()).input(v.feed(Tensor.of(Shape.of(2), new int[] {40, 50}))).attr("dtype", DType.FLOAT32)
                .attr("seed", 0L).attr("seed2", 0L).build().output(0));
    }

}
