package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a loss into a train op that updates every trainable variable once per run. Subclasses say how one
 * variable moves given its gradient; slot variables (momentum, Adam's moments) are created beside it and
 * initialized by {@code tf.globalVariablesInitializer()} built after {@link #minimize}.
 */
public abstract class Optimizer {
    protected final Tf tf;
    protected final double learningRate;
    private Output learningRateTensor;

    protected Optimizer(Tf tf, double learningRate, String name) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException(name + " needs a positive finite learning rate, got " + learningRate);
        }
        this.tf = tf.withSubScope(name);
        this.learningRate = learningRate;
    }

    /** A train op that moves every trainable variable of the graph against the loss's gradient. */
    public Node minimize(Output loss) { return minimize(loss, trainable(loss), null); }

    /** As {@link #minimize(Output)}, adding 1 to {@code globalStep} after each step's updates. */
    public Node minimize(Output loss, Output globalStep) { return minimize(loss, trainable(loss), globalStep); }

    /**
     * A train op that moves the variables {@code varList} against the loss's gradient and then, when
     * {@code globalStep} is not null, adds 1 to it (an integer scalar variable, {@code tf.train.globalStep()}):
     * the increment runs after every update, so a schedule of the step gives each update the rate of the step
     * it belongs to, as TensorFlow's {@code minimize(loss, global_step, var_list)} does.
     */
    public Node minimize(Output loss, List<Output> varList, Output globalStep) {
        LearningRates.requireGlobalStep(globalStep);
        List<Output> updated = new ArrayList<>();
        List<Output> withGrads = new ArrayList<>();
        for (GradientAndVariable g : computeGradients(loss, varList)) {
            updated.add(g.variable());
            withGrads.add(g.gradient());
        }
        return applyGradients(updated, withGrads, globalStep);
    }

    /** A variable and the loss's gradient for it, as {@link #computeGradients} gives them. */
    public record GradientAndVariable(Output gradient, Output variable) {}

    /**
     * The gradient of {@code loss} for each variable of {@code varList} that it depends on, in that order (the
     * others are left out), as TensorFlow's {@code compute_gradients}: {@link #minimize} is this, then
     * {@link #applyGradients}. For callers that keep the gradients, to feed others in their place (data-parallel
     * training). Fails naming the loss when an entry is not a variable or the loss depends on none of them.
     */
    public List<GradientAndVariable> computeGradients(Output loss, List<Output> varList) {
        for (Output v : varList) {
            if (v.node().op() != StateOps.VARIABLE) {
                throw new GraphException("minimize('" + loss.name() + "'): '" + v.name() + "' in varList is not a variable but a " + v.node().opName());
            }
        }
        List<Output> xs = List.copyOf(varList);
        List<Output> grads = Gradients.of(tf, List.of(loss), xs, null);
        List<GradientAndVariable> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            if (grads.get(i) != null) out.add(new GradientAndVariable(grads.get(i), xs.get(i))); // else the loss does not depend on it
        }
        if (out.isEmpty()) throw new GraphException("minimize('" + loss.name() + "'): the loss depends on no trainable variable");
        return out;
    }

    /** {@link #computeGradients(Output, List)} for every trainable variable of the graph. */
    public List<GradientAndVariable> computeGradients(Output loss) { return computeGradients(loss, trainable(loss)); }

    /** The values of the graph's trainable variables; fails naming the loss when there are none. */
    private List<Output> trainable(Output loss) {
        List<Variables.Entry> vars = Variables.trainable(tf.graph());
        if (vars.isEmpty()) throw new GraphException("minimize('" + loss.name() + "'): the graph has no trainable variables");
        return vars.stream().map(Variables.Entry::value).toList();
    }

    /** A train op that applies {@code grads} to {@code vars}. */
    public Node applyGradients(List<Output> vars, List<Output> grads) { return applyGradients(vars, grads, null); }

    /** As {@link #applyGradients(List, List)}, then adds 1 to {@code globalStep} (null: none) after every update. */
    public Node applyGradients(List<Output> vars, List<Output> grads, Output globalStep) {
        LearningRates.requireGlobalStep(globalStep);
        List<Node> updates = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) updates.add(update(vars.get(i), grads.get(i)).node());
        Node applied = finish(updates);
        return globalStep == null ? applied : LearningRates.increment(tf, applied, globalStep);
    }

    /** Builds the update of one variable from its gradient. */
    protected abstract Output update(Output var, Output grad);

    /** Groups the updates into the train op; Adam adds its step-count updates here. */
    protected Node finish(List<Node> updates) { return tf.group(updates.toArray(Node[]::new)); }

    /** A non-trainable slot variable of the variable's shape and dtype, starting at zero. */
    protected Output slot(Output var, String name) {
        Tf s = tf.withOpScope(var.node().name());
        return s.variable(s.zeros(var.shape(), var.dtype()), name, false);
    }

    protected Output scalar(double v, DType t) { return tf.scalar(v, t); }

    /** A non-trainable slot variable of the variable's shape and dtype, every element starting at {@code initial}. */
    protected Output slot(Output var, String name, double initial) {
        Tf s = tf.withOpScope(var.node().name());
        return s.variable(s.fill(var.shape(), s.scalar(initial, var.dtype())), name, false);
    }

    /** The learning rate given at construction. */
    public double learningRate() { return learningRate; }

    /**
     * Takes the learning rate from a scalar tensor (a variable a schedule assigns, a placeholder fed each
     * step) instead of the constant, for the updates this optimizer builds from now on.
     */
    public Optimizer withLearningRate(Output rate) {
        if (rate.shape().hasRank() && rate.shape().rank() != 0) {
            throw new IllegalArgumentException("the learning rate must be a scalar, got '" + rate.name() + "' of shape " + rate.shape());
        }
        learningRateTensor = rate;
        return this;
    }

    /** The learning rate as a tensor of the variables' dtype. */
    protected Output lr(DType t) {
        if (learningRateTensor == null) return scalar(learningRate, t);
        return learningRateTensor.dtype() == t ? learningRateTensor : tf.cast(learningRateTensor, t);
    }

    /** Plain gradient descent: var -= learning_rate * grad. */
    public static final class GradientDescent extends Optimizer {
        public GradientDescent(Tf tf, double learningRate) { super(tf, learningRate, "GradientDescent"); }

        @Override
        protected Output update(Output var, Output grad) {
            return tf.scope().node(TrainOps.APPLY_GRADIENT_DESCENT, "ApplyGradientDescent")
                    .input(var).input(lr(var.dtype())).input(grad).build().output(0);
        }
    }

    /** Momentum: accum = momentum * accum + grad; var -= learning_rate * accum. */
    public static final class Momentum extends Optimizer {
        private final double momentum;

        public Momentum(Tf tf, double learningRate, double momentum) {
            super(tf, learningRate, "Momentum");
            if (!(momentum >= 0 && momentum < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
            this.momentum = momentum;
        }

        @Override
        protected Output update(Output var, Output grad) {
            Output accum = slot(var, "momentum");
            return tf.scope().node(TrainOps.APPLY_MOMENTUM, "ApplyMomentum").input(var).input(accum)
                    .input(lr(var.dtype())).input(grad).input(scalar(momentum, var.dtype())).build().output(0);
        }
    }

    /** Adam (Kingma and Ba), with TensorFlow's epsilon placement: the update divides by sqrt(v) + epsilon. */
    public static class Adam extends Optimizer {
        private final double beta1, beta2, epsilon;
        private Output beta1Power, beta2Power;

        public Adam(Tf tf, double learningRate) { this(tf, learningRate, 0.9, 0.999, 1e-8); }

        public Adam(Tf tf, double learningRate, double beta1, double beta2, double epsilon) { this(tf, learningRate, beta1, beta2, epsilon, "Adam"); }

        Adam(Tf tf, double learningRate, double beta1, double beta2, double epsilon, String name) {
            super(tf, learningRate, name);
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0)) {
                throw new IllegalArgumentException("Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0");
            }
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
        }

        @Override
        protected Output update(Output var, Output grad) { return adamStep(tf, var, grad); }

        /** The ApplyAdam node of {@code var}, built with {@code on} (its control dependencies). */
        Output adamStep(Tf on, Output var, Output grad) {
            DType t = var.dtype();
            if (beta1Power == null) {
                // beta^t for the bias correction, kept as variables updated once per step as TensorFlow does
                beta1Power = tf.variable(scalar(beta1, t), "beta1_power", false);
                beta2Power = tf.variable(scalar(beta2, t), "beta2_power", false);
            }
            Output m = slot(var, "m"), v = slot(var, "v");
            return on.scope().node(TrainOps.APPLY_ADAM, "ApplyAdam").input(var).input(m).input(v)
                    .input(beta1Power).input(beta2Power).input(lr(t)).input(scalar(beta1, t))
                    .input(scalar(beta2, t)).input(scalar(epsilon, t)).input(grad).build().output(0);
        }

        @Override
        protected Node finish(List<Node> updates) {
            Tf after = tf.withControlDependencies(updates.toArray(Node[]::new));
            DType t = beta1Power.dtype();
            Node p1 = after.assign(beta1Power, after.mul(beta1Power, scalar(beta1, t))).node();
            Node p2 = after.assign(beta2Power, after.mul(beta2Power, scalar(beta2, t))).node();
            return tf.group(p1, p2);
        }
    }

    // ---- added for issue 11, part 2 ----

    /**
     * Adagrad, as TensorFlow 1's AdagradOptimizer: accum += grad^2; var -= learning_rate grad / sqrt(accum), the
     * accumulator starting at {@code initialAccumulatorValue} (0.1 by default; it must be positive).
     */
    public static final class Adagrad extends Optimizer {
        private final double initialAccumulatorValue;

        public Adagrad(Tf tf, double learningRate, double initialAccumulatorValue) {
            super(tf, learningRate, "Adagrad");
            if (!(initialAccumulatorValue > 0)) throw new IllegalArgumentException("Adagrad needs a positive initial accumulator value, got " + initialAccumulatorValue);
            this.initialAccumulatorValue = initialAccumulatorValue;
        }

        @Override
        protected Output update(Output var, Output grad) {
            Output accum = slot(var, "Adagrad", initialAccumulatorValue);
            return tf.scope().node(TrainOps.APPLY_ADAGRAD, "ApplyAdagrad").input(var).input(accum).input(lr(var.dtype())).input(grad).build().output(0);
        }
    }

    /**
     * RMSProp, as TensorFlow 1's RMSPropOptimizer: ms = decay ms + (1 - decay) grad^2 (ms starting at ones);
     * mom = momentum mom + learning_rate grad / sqrt(ms + epsilon); var -= mom. Centered, it divides by
     * sqrt(ms - mg^2 + epsilon), mg the decaying mean of the gradient. Defaults: decay 0.9, momentum 0,
     * epsilon 1e-10, not centered.
     */
    public static final class RMSProp extends Optimizer {
        private final double decay, momentum, epsilon;
        private final boolean centered;

        public RMSProp(Tf tf, double learningRate, double decay, double momentum, double epsilon, boolean centered) {
            super(tf, learningRate, "RMSProp");
            if (!(decay >= 0 && decay < 1 && momentum >= 0 && momentum < 1 && epsilon > 0)) {
                throw new IllegalArgumentException("RMSProp needs 0 <= decay, momentum < 1 and epsilon > 0, got " + decay + ", " + momentum + ", " + epsilon);
            }
            this.decay = decay;
            this.momentum = momentum;
            this.epsilon = epsilon;
            this.centered = centered;
        }

        @Override
        protected Output update(Output var, Output grad) {
            DType t = var.dtype();
            Output ms = slot(var, "rms", 1), mom = slot(var, "momentum");
            var b = centered ? tf.scope().node(TrainOps.APPLY_CENTERED_RMS_PROP, "ApplyCenteredRMSProp").input(var).input(slot(var, "mg"))
                    : tf.scope().node(TrainOps.APPLY_RMS_PROP, "ApplyRMSProp").input(var);
            return b.input(ms).input(mom).input(lr(t)).input(scalar(decay, t)).input(scalar(momentum, t)).input(scalar(epsilon, t))
                    .input(grad).build().output(0);
        }
    }

    /**
     * Adam with decoupled weight decay (Loshchilov and Hutter), as Keras's AdamW: each step first shrinks the
     * variable, var -= learning_rate weight_decay var, then takes the Adam step with the gradient computed
     * before the shrinking. The decay does not pass through the moments, unlike an L2 term in the loss.
     */
    public static final class AdamW extends Adam {
        private final double weightDecay;

        public AdamW(Tf tf, double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
            super(tf, learningRate, beta1, beta2, epsilon, "AdamW");
            if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) throw new IllegalArgumentException("AdamW needs a weight decay >= 0, got " + weightDecay);
            this.weightDecay = weightDecay;
        }

        @Override
        protected Output update(Output var, Output grad) {
            DType t = var.dtype();
            Output shrink = tf.assignSub(var, tf.mul(tf.mul(lr(t), scalar(weightDecay, t)), var));
            return adamStep(tf.withControlDependencies(shrink.node()), var, grad);
        }
    }
}
