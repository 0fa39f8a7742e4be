package dev.nagare.ops;

import dev.nagare.graph.GraphException;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradients of {@code If} and {@code While}. Both build control flow of their own that recomputes what the
 * forward body computed inside it (a copy of its members, built with {@link ControlFlow#copy}), so the
 * forward node need not keep its intermediates. A loop keeps only each loop variable's value at the start of
 * each iteration (its history outputs), which the backward loop reads from the last iteration to the first,
 * as TensorFlow's forward loop pushes the values its backward loop pops.
 */
final class ControlFlowGradients {
    private ControlFlowGradients() {}

    /**
     * d/d(inputs) of {@code pred ? then(inputs) : else(inputs)} = {@code pred ? vjp(then) : vjp(else)}: an If
     * on the same predicate whose branches differentiate their own body, so only the taken branch's gradient
     * runs. The predicate gets none.
     */
    static List<Output> ifGradient(Tf tf, Node op, List<Output> upstream) {
        Body then = op.attr("then_branch"), otherwise = op.attr("else_branch");
        List<Output> inputs = op.inputs().subList(1, op.inputs().size());
        List<Integer> floating = floatingIndices(inputs);
        Output[] grads = new Output[op.inputs().size()];
        if (floating.isEmpty()) return Arrays.asList(grads);
        requireRecomputable(op, then);
        requireRecomputable(op, otherwise);
        List<Output> out = ControlFlow.cond(tf, op.input(0),
                () -> branchGradient(tf, then, inputs, floating, upstream),
                () -> branchGradient(tf, otherwise, inputs, floating, upstream));
        for (int k = 0; k < floating.size(); k++) grads[1 + floating.get(k)] = out.get(k);
        return Arrays.asList(grads);
    }

    /**
     * The vector-Jacobian product of one branch: its results recomputed from identities of the node's inputs
     * (fresh nodes, so that gradients start there and do not also run back through outside paths between the
     * inputs, which the outer gradient covers), differentiated with the upstream gradients.
     */
    private static List<Output> branchGradient(Tf tf, Body body, List<Output> inputs, List<Integer> floating, List<Output> upstream) {
        Map<Output, Output> substitutes = new HashMap<>();
        List<Output> xs = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            Output id = tf.identity(inputs.get(k));
            substitutes.put(body.params().get(k), id);
            if (floating.contains(k)) xs.add(id);
        }
        Map<Output, Output> copy = ControlFlow.copy(tf, body, substitutes);
        List<Output> ys = new ArrayList<>(), gradYs = new ArrayList<>();
        for (int r = 0; r < body.results().size(); r++) {
            Output result = body.results().get(r);
            if (!result.dtype().isFloating()) continue;
            ys.add(copy.getOrDefault(result, result));
            gradYs.add(upstream.get(r));
        }
        return orZeros(tf, ys.isEmpty() ? nulls(xs.size()) : Gradients.of(tf, ys, xs, gradYs), xs);
    }

    /**
     * The gradient of a loop: a backward loop over the iterations, last to first. Its variables are the
     * iteration index i, the gradients of the float loop variables (starting from the upstream gradients) and
     * the gradients of the float captures summed over iterations (starting from the upstream gradients of the
     * captures passed through). Iteration i recomputes the body from the loop variables' history at i and
     * takes its vector-Jacobian product: the loop variables' gradients are replaced, the captures' added to.
     */
    static List<Output> whileGradient(Tf tf, Node op, List<Output> upstream) {
        int n = ControlFlowOps.loopVarCount(op);
        List<Output> inputs = op.inputs();
        int c = inputs.size() - n;
        Body body = op.attr("body");
        List<Integer> vars = floatingIndices(inputs.subList(0, n));
        List<Integer> caps = floatingIndices(inputs.subList(n, n + c));
        Output[] grads = new Output[inputs.size()];
        if (vars.isEmpty() && caps.isEmpty()) return Arrays.asList(grads);
        requireRecomputable(op, body);
        @SuppressWarnings("unchecked")
        List<Shape> invariants = op.attr("shape_invariants");
        List<Output> history = op.outputs().subList(n + c, n + c + n);

        Output iterations = tf.reshape(tf.slice(tf.shape(history.get(0)), new int[] {0}, new int[] {1}));
        List<Output> init = new ArrayList<>();
        List<Shape> shapes = new ArrayList<>();
        init.add(tf.sub(iterations, tf.constant(1)));
        shapes.add(Shape.scalar());
        for (int k : vars) { init.add(upstream.get(k)); shapes.add(invariants.get(k)); }
        for (int j : caps) { init.add(upstream.get(n + j)); shapes.add(inputs.get(n + j).shape()); }

        List<Output> out = ControlFlow.whileLoop(tf, v -> tf.greaterEqual(v.get(0), tf.constant(0)), v -> {
            Output i = v.get(0);
            Map<Output, Output> substitutes = new HashMap<>();
            List<Output> xs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                // An identity, so that the gradient starts there and does not run on into the history.
                Output atI = tf.identity(tf.gather(history.get(k), i));
                substitutes.put(body.params().get(k), atI);
                if (vars.contains(k)) xs.add(atI);
            }
            for (int j = 0; j < c; j++) {
                Output id = tf.identity(inputs.get(n + j));
                substitutes.put(body.params().get(n + j), id);
                if (caps.contains(j)) xs.add(id);
            }
            Map<Output, Output> copy = ControlFlow.copy(tf, body, substitutes);
            List<Output> ys = new ArrayList<>();
            for (int k : vars) ys.add(copy.getOrDefault(body.results().get(k), body.results().get(k)));
            List<Output> dVars = v.subList(1, 1 + vars.size());
            List<Output> vjp = orZeros(tf, ys.isEmpty() ? nulls(xs.size()) : Gradients.of(tf, ys, xs, dVars), xs);
            List<Output> next = new ArrayList<>();
            next.add(tf.sub(i, tf.constant(1)));
            next.addAll(vjp.subList(0, vars.size()));
            for (int j = 0; j < caps.size(); j++) next.add(tf.add(v.get(1 + vars.size() + j), vjp.get(vars.size() + j)));
            return next;
        }, init, shapes);
        for (int k = 0; k < vars.size(); k++) grads[vars.get(k)] = out.get(1 + k);
        for (int j = 0; j < caps.size(); j++) grads[n + caps.get(j)] = out.get(1 + vars.size() + j);
        return Arrays.asList(grads);
    }

    /** A body whose members change state or draw random numbers cannot be recomputed for its gradient. */
    private static void requireRecomputable(Node op, Body body) {
        for (Node m : body.allMembers()) {
            if (m.op() instanceof OpDef d && d.isStateful()) {
                throw GraphException.at(op.name(), op.opName(), "no gradient: " + body + " has the stateful node '" + m.name() + "' ("
                        + m.opName() + "), and the gradient recomputes the body, which would run it again");
            }
        }
    }

    private static List<Integer> floatingIndices(List<Output> outputs) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) if (outputs.get(i).dtype().isFloating()) out.add(i);
        return out;
    }

    private static List<Output> nulls(int n) { return Arrays.asList(new Output[n]); }

    private static List<Output> orZeros(Tf tf, List<Output> grads, List<Output> xs) {
        List<Output> out = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) out.add(grads.get(k) != null ? grads.get(k) : tf.zerosLike(xs.get(k)));
        return out;
    }
}
