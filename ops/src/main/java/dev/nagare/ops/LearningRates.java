package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import java.util.Arrays;

/**
 * The global step and the learning-rate schedules of TensorFlow 1's {@code tf.train}, built from graph ops (so they
 * export into a SavedModel and TensorFlow computes them there): a schedule is a float32 scalar of an integer step,
 * handed to {@link Optimizer#withLearningRate}. The formulas are TensorFlow's, computed as it does in float32 with
 * the step cast to float32.
 */
final class LearningRates {
    /** The name TensorFlow gives the global step variable ({@code tf.train.get_or_create_global_step}). */
    static final String GLOBAL_STEP = "global_step";

    private LearningRates() {}

    /**
     * The graph's global step: the non-trainable int64 scalar variable {@value #GLOBAL_STEP} at the root scope,
     * made (starting at 0) on the first call and found on later ones.
     */
    static Output globalStep(Tf tf) {
        for (Variables.Entry v : Variables.all(tf.graph())) {
            if (v.variable().name().equals(GLOBAL_STEP)) return v.value();
        }
        Tf root = Tf.of(tf.graph());
        return root.variable(root.scalar(0, DType.INT64), GLOBAL_STEP, false);
    }

    /** {@code lr * decayRate^(step / decaySteps)}, the exponent floored when {@code staircase}. */
    static Output exponentialDecay(Tf tf, double lr, Output step, long decaySteps, double decayRate, boolean staircase) {
        Tf s = scoped(tf, "ExponentialDecay", step, decaySteps);
        Output p = progress(s, step, decaySteps, staircase);
        return s.mul(f32(s, lr), s.pow(f32(s, decayRate), p));
    }

    /** {@code lr / (1 + decayRate * step / decaySteps)}, the quotient floored when {@code staircase}. */
    static Output inverseTimeDecay(Tf tf, double lr, Output step, long decaySteps, double decayRate, boolean staircase) {
        Tf s = scoped(tf, "InverseTimeDecay", step, decaySteps);
        Output p = progress(s, step, decaySteps, staircase);
        return s.div(f32(s, lr), s.add(f32(s, 1), s.mul(f32(s, decayRate), p)));
    }

    /**
     * {@code (lr - endLr) * (1 - min(step, decaySteps) / decaySteps)^power + endLr}: from {@code lr} down to
     * {@code endLr} over {@code decaySteps}, then flat (TensorFlow's {@code cycle=False}).
     */
    static Output polynomialDecay(Tf tf, double lr, Output step, long decaySteps, double endLr, double power) {
        return polynomialDecay(tf, lr, step, decaySteps, endLr, power, false);
    }

    /**
     * As {@link #polynomialDecay(Tf, double, Output, long, double, double)}; with {@code cycle} the decay restarts
     * instead of staying flat: {@code decaySteps} is first multiplied by {@code ceil(step / decaySteps)} (1 at step
     * 0), the first multiple not below the step, as TensorFlow's {@code cycle=True}.
     */
    static Output polynomialDecay(Tf tf, double lr, Output step, long decaySteps, double endLr, double power, boolean cycle) {
        Tf s = scoped(tf, "PolynomialDecay", step, decaySteps);
        Output steps = f32(s, decaySteps), k = s.cast(step, DType.FLOAT32);
        Output p;
        if (cycle) {
            Output multiple = s.where(s.equal(k, f32(s, 0)), f32(s, 1), s.ceil(s.div(k, steps)));
            p = s.div(k, s.mul(steps, multiple));
        } else {
            p = s.div(s.minimum(k, steps), steps);
        }
        return s.add(s.mul(f32(s, lr - endLr), s.pow(s.sub(f32(s, 1), p), f32(s, power))), f32(s, endLr));
    }

    /**
     * {@code values[i]} where {@code boundaries[i-1] < step <= boundaries[i]} ({@code values[0]} up to and at the
     * first boundary, the last value after the last): TensorFlow's {@code piecewise_constant}. The boundaries must
     * increase; there is one value more than boundaries.
     */
    static Output piecewiseConstant(Tf tf, Output step, long[] boundaries, double[] values) {
        requireIntegerScalar(step, "piecewiseConstant");
        if (values.length != boundaries.length + 1) {
            throw new IllegalArgumentException("piecewiseConstant of '" + step.name() + "': " + boundaries.length + " boundaries need "
                    + (boundaries.length + 1) + " values, got " + values.length + " (" + Arrays.toString(values) + ")");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("piecewiseConstant of '" + step.name() + "': the boundaries must increase, got " + Arrays.toString(boundaries));
            }
        }
        Tf s = tf.withSubScope("PiecewiseConstant");
        // From the last piece back: each boundary the step has not passed picks its own value.
        Output out = f32(s, values[values.length - 1]);
        for (int i = boundaries.length - 1; i >= 0; i--) {
            out = s.where(s.lessEqual(step, s.scalar(boundaries[i], step.dtype())), f32(s, values[i]), out);
        }
        return out;
    }

    /** {@code step / decaySteps} in float32, floored when {@code staircase}. */
    private static Output progress(Tf s, Output step, long decaySteps, boolean staircase) {
        Output p = s.div(s.cast(step, DType.FLOAT32), f32(s, decaySteps));
        return staircase ? s.floor(p) : p;
    }

    private static Tf scoped(Tf tf, String name, Output step, long decaySteps) {
        requireIntegerScalar(step, name);
        if (decaySteps <= 0) throw new IllegalArgumentException(name + " of '" + step.name() + "' needs decaySteps > 0, got " + decaySteps);
        return tf.withSubScope(name);
    }

    private static Output f32(Tf s, double v) { return s.scalar(v, DType.FLOAT32); }

    /** A step is an integer scalar (or of unknown shape, checked when it runs). */
    static void requireIntegerScalar(Output step, String what) {
        Shape shape = step.shape();
        if (!step.dtype().isInteger() || shape.hasRank() && shape.rank() != 0) {
            throw new GraphException(what + ": the step '" + step.name() + "' must be an integer scalar, got " + step.dtype() + " " + shape);
        }
    }

    /** Fails naming it unless {@code globalStep} is an integer scalar variable (null: none, fine). */
    static void requireGlobalStep(Output globalStep) {
        if (globalStep == null) return;
        requireIntegerScalar(globalStep, "minimize");
        if (globalStep.node().op() != StateOps.VARIABLE) {
            throw new GraphException("minimize: the global step '" + globalStep.name() + "' must be a variable, got a "
                    + globalStep.node().opName());
        }
    }

    /** The global step's increment, after {@code applied} (every update of one training step), as TensorFlow's apply_gradients orders it. */
    static Node increment(Tf tf, Node applied, Output globalStep) {
        return tf.withControlDependencies(applied).assignAdd(globalStep, tf.scalar(1, globalStep.dtype())).node();
    }
}
