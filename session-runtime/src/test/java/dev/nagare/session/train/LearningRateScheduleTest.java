package dev.nagare.session.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.List;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The global step and the learning-rate schedules of tf.train: each schedule's value at steps 0 to 40 against its
 * formula written out here in float64 (TensorFlow's learning_rate_decay.py), the step incremented exactly once
 * per run of a train op and after its updates, and a training run whose every update takes its step's rate.
 */
class LearningRateScheduleTest {
    /** float32 arithmetic of a few ops: a few ulps. */
    private static final double TOL = 1e-6;

    private static void checkSchedule(String what, java.util.function.BiFunction<Tf, Output, Output> schedule, LongToDoubleFunction formula) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output step = tf.placeholder(DType.INT64, Shape.scalar(), "step");
        Output lr = schedule.apply(tf, step);
        assertEquals(DType.FLOAT32, lr.dtype(), what);
        assertEquals(Shape.scalar(), lr.shape(), what);
        try (Session s = new Session(g)) {
            for (long k = 0; k <= 40; k++) {
                double expected = formula.applyAsDouble(k);
                double got = s.runner().feed(step, Tensor.scalar(k)).fetch(lr).run().get(0).getDouble(0);
                assertEquals(expected, got, TOL * Math.abs(expected), what + " at step " + k);
            }
        }
    }

    @Test
    void exponentialDecay() {
        checkSchedule("exponential", (tf, k) -> tf.train.exponentialDecay(0.1, k, 7, 0.5, false), k -> 0.1 * Math.pow(0.5, k / 7.0));
        checkSchedule("exponential, staircase", (tf, k) -> tf.train.exponentialDecay(0.1, k, 7, 0.5, true), k -> 0.1 * Math.pow(0.5, Math.floor(k / 7.0)));
    }

    @Test
    void inverseTimeDecay() {
        checkSchedule("inverse time", (tf, k) -> tf.train.inverseTimeDecay(0.5, k, 4, 0.3, false), k -> 0.5 / (1 + 0.3 * k / 4.0));
        checkSchedule("inverse time, staircase", (tf, k) -> tf.train.inverseTimeDecay(0.5, k, 4, 0.3, true), k -> 0.5 / (1 + 0.3 * Math.floor(k / 4.0)));
    }

    @Test
    void polynomialDecay() {
        checkSchedule("polynomial", (tf, k) -> tf.train.polynomialDecay(0.2, k, 25, 0.01, 2),
                k -> (0.2 - 0.01) * Math.pow(1 - Math.min(k, 25) / 25.0, 2) + 0.01);
        // cycle: over (0, 7] the rate falls from 0.2 to 0.01, at 8 it rises again and falls over (7, 14], ...
        checkSchedule("polynomial, cycle", (tf, k) -> tf.train.polynomialDecay(0.2, k, 7, 0.01, 2, true), k -> {
            double period = 7 * (k == 0 ? 1 : Math.ceil(k / 7.0));
            return (0.2 - 0.01) * Math.pow(1 - k / period, 2) + 0.01;
        });
        checkSchedule("polynomial, cycle, power 0.5", (tf, k) -> tf.train.polynomialDecay(1.0, k, 10, 0.1, 0.5, true),
                k -> 0.9 * Math.sqrt(1 - k / (10 * Math.max(1, Math.ceil(k / 10.0)))) + 0.1);
    }

    @Test
    void piecewiseConstant() {
        long[] boundaries = {5, 12, 30};
        double[] values = {1.0, 0.5, 0.1, 0.01};
        checkSchedule("piecewise", (tf, k) -> tf.train.piecewiseConstant(k, boundaries, values), k -> {
            int i = 0;
            while (i < boundaries.length && k > boundaries[i]) i++; // values[i] on (boundaries[i-1], boundaries[i]]
            return values[i];
        });
        Tf tf = Tf.of(new Graph());
        Output step = tf.placeholder(DType.INT32, Shape.scalar(), "k");
        assertThrows(IllegalArgumentException.class, () -> tf.train.piecewiseConstant(step, new long[] {5, 3}, new double[] {1, 2, 3}));
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> tf.train.piecewiseConstant(step, new long[] {5}, new double[] {1}));
        assertTrue(few.getMessage().contains("'k") && few.getMessage().contains("2 values"), few.getMessage());
        GraphException floaty = assertThrows(GraphException.class,
                () -> tf.train.exponentialDecay(0.1, tf.placeholder(DType.FLOAT32, Shape.scalar(), "fstep"), 10, 0.9, false));
        assertTrue(floaty.getMessage().contains("fstep"), floaty.getMessage());
    }

    @Test
    void globalStepIsOneVariableIncrementedOncePerRunAfterTheUpdates() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output step = tf.train.globalStep();
        assertSame(step, tf.withSubScope("elsewhere").train.globalStep(), "found again, not made twice");
        assertEquals("global_step", step.node().name());
        assertEquals(DType.INT64, step.dtype());
        Output w = tf.variable(tf.constant(new double[] {1, 2}), "w");
        Output b = tf.variable(tf.constant(0.5), "b");
        Output loss = tf.reduceSum(tf.square(tf.add(w, b)));
        Node sgd = tf.train.gradientDescent(0.01).minimize(loss, List.of(w), step);
        Node adam = tf.train.adam(0.01).minimize(loss, step);
        Node init = tf.globalVariablesInitializer();
        try (Session s = new Session(g)) {
            s.run(init);
            assertEquals(0L, s.run(step).longValue());
            for (int i = 1; i <= 3; i++) {
                s.run(sgd);
                assertEquals((long) i, s.run(step).longValue(), "after " + i + " runs of the SGD step");
            }
            assertEquals(0.5, s.run(b).getDouble(0), "b is not in varList");
            s.run(adam);
            s.run(adam);
            assertEquals(5L, s.run(step).longValue(), "Adam's step (its own updates and beta powers) adds 1 per run too");
        }
        GraphException notVar = assertThrows(GraphException.class, () -> tf.train.gradientDescent(0.1).minimize(loss, List.of(tf.identity(w)), step));
        assertTrue(notVar.getMessage().contains("varList"), notVar.getMessage());
        GraphException notStep = assertThrows(GraphException.class,
                () -> tf.train.gradientDescent(0.1).minimize(loss, List.of(w), tf.variable(tf.constant(0.0), "fake_step", false)));
        assertTrue(notStep.getMessage().contains("fake_step"), notStep.getMessage());
    }

    /**
     * loss = w (gradient 1), SGD with lr(k) = 0.3 * 0.8^floor(k / 2): after n runs w = w0 - sum over k < n of lr(k).
     * Were the step incremented before the updates read the rate, the sum would run over 1..n instead.
     */
    @Test
    void trainingTakesEachStepsRate() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output step = tf.train.globalStep();
        Output w = tf.variable(tf.scalar(5, DType.FLOAT64), "w");
        Output lr = tf.train.exponentialDecay(0.3, step, 2, 0.8, true);
        Node train = tf.train.gradientDescent(1).withLearningRate(lr).minimize(tf.identity(w), List.of(w), step);
        Node init = tf.globalVariablesInitializer();
        double expected = 5;
        try (Session s = new Session(g)) {
            s.run(init);
            for (int k = 0; k < 9; k++) {
                expected -= (double) (float) (0.3 * Math.pow(0.8, Math.floor(k / 2.0)));
                s.run(train);
                assertEquals(expected, s.run(w).getDouble(0), 1e-6, "w after step " + k);
                assertEquals(k + 1L, s.run(step).longValue());
            }
        }
    }
}
