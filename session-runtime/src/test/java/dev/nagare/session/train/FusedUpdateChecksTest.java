package dev.nagare.session.train;

import static dev.nagare.graph.DType.FLOAT32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.Tf;
import dev.nagare.ops.TrainOps;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused optimizer kernels check at run time what inference could not: variables and placeholders of
 * unknown shape hide a slot, gradient or hyper-parameter of the wrong shape until they are fed. A mismatch
 * fails naming the node and both shapes, and writes nothing.
 */
class FusedUpdateChecksTest {
    private final Graph graph = new Graph();
    private final Tf tf = Tf.of(graph);
    private final List<Output> feeds = new ArrayList<>();
    private final List<Tensor> values = new ArrayList<>();

    /** A placeholder of unknown shape, fed {@code value} on every run. */
    private Output fed(float... value) {
        Output p = tf.placeholder(FLOAT32, Shape.unknownRank());
        feeds.add(p);
        values.add(value.length == 1 ? Tensor.scalar(value[0]) : Tensor.of(Shape.of(value.length), value));
        return p;
    }

    /** A variable of unknown shape whose initial value is {@code value}. */
    private Output variable(float... value) { return tf.variable(fed(value)); }

    private Runner runner(Session s) {
        Runner r = s.runner();
        for (int i = 0; i < feeds.size(); i++) r.feed(feeds.get(i), values.get(i));
        return r;
    }

    /** Runs the update named "bad" built from {@code inputs}: it must fail naming it and the fragments, and leave var alone. */
    private void rejects(OpDef op, List<Output> inputs, String... fragments) {
        Output var = inputs.get(0);
        var b = tf.withName("bad").scope().node(op, op.name());
        for (Output in : inputs) b.input(in);
        Output update = b.build().output(0);
        try (Session s = new Session(graph)) {
            runner(s).addTarget(tf.globalVariablesInitializer()).run();
            Tensor before = runner(s).fetch(var).run().get(0);
            KernelException e = assertThrows(KernelException.class, () -> runner(s).fetch(update).run());
            assertEquals("bad", e.node().name());
            assertFalse(e.getMessage().contains("kernel failed"), e.getMessage());
            for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "the message should contain '" + f + "': " + e.getMessage());
            assertArrayEquals(before.floatData(), runner(s).fetch(var).run().get(0).floatData(), "nothing is written");
        }
    }

    @Test
    void momentumSlotOfAnotherShape() {
        Output var = variable(1, 2, 3), accum = variable(0, 0, 0, 0, 0);
        rejects(TrainOps.APPLY_MOMENTUM, List.of(var, accum, fed(0.1f), fed(1, 1, 1), fed(0.9f)), "[5]", "[3]");
    }

    @Test
    void gradientDescentRateThatIsAVector() {
        Output var = variable(1, 2, 3);
        rejects(TrainOps.APPLY_GRADIENT_DESCENT, List.of(var, fed(0.1f, 100), fed(1, 1, 1)), "scalar", "[2]");
    }

    @Test
    void gradientDescentGradientOfAnotherShape() {
        Output var = variable(1, 2, 3);
        rejects(TrainOps.APPLY_GRADIENT_DESCENT, List.of(var, fed(0.1f), fed(1, 1)), "[2]", "[3]");
    }

    @Test
    void momentumScalarsThatAreVectors() {
        Output var = variable(1, 2, 3), accum = variable(0, 0, 0);
        rejects(TrainOps.APPLY_MOMENTUM, List.of(var, accum, fed(0.1f), fed(1, 1, 1), fed(0.9f, 0.9f)), "scalar", "[2]");
    }

    @Test
    void adamMomentsOfAnotherShape() {
        Output var = variable(1, 2, 3);
        rejects(TrainOps.APPLY_ADAM, List.of(var, variable(0, 0, 0), variable(0, 0), fed(0.9f), fed(0.999f), fed(0.001f),
                fed(0.9f), fed(0.999f), fed(1e-8f), fed(1, 1, 1)), "[2]", "[3]");
    }

    @Test
    void adamHyperParameterThatIsAVector() {
        Output var = variable(1, 2, 3);
        rejects(TrainOps.APPLY_ADAM, List.of(var, variable(0, 0, 0), variable(0, 0, 0), fed(0.9f), fed(0.999f), fed(0.001f),
                fed(0.9f), fed(0.999f), fed(1e-8f, 1e-8f), fed(1, 1, 1)), "scalar", "[2]");
    }

    @Test
    void adamBetaPowerThatIsAVector() {
        Output var = variable(1, 2, 3);
        rejects(TrainOps.APPLY_ADAM, List.of(var, variable(0, 0, 0), variable(0, 0, 0), variable(0.9f, 0.9f), fed(0.999f), fed(0.001f),
                fed(0.9f), fed(0.999f), fed(1e-8f), fed(1, 1, 1)), "scalar", "[2]");
    }
}
