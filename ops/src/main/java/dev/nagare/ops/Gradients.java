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
 * Symbolic reverse-mode differentiation, as TensorFlow's {@code tf.gradients}: adds the nodes that compute
 * d(sum of ys)/d(x) for each x to the graph. Gradients from several paths are summed; a gradient that was
 * broadcast is summed back to its input's shape here, once for every op; nodes that do not depend on any x
 * are not visited; an x that no gradient reaches gets null.
 */
public final class Gradients {
    private Gradients() {}

    /** d(y)/d(x) for each x; null where no gradient flows. */
    public static List<Output> of(Tf tf, Output y, List<Output> xs) {
        return of(tf, List.of(y), xs, null);
    }

    /**
     * d(sum of ys)/d(x) for each x, starting from {@code gradYs} (null: ones) as the gradient of each y.
     * Fails naming the op when a path from x to y needs a gradient rule that does not exist. An x that reaches
     * y only through ops that pass no gradient (comparisons, argmax, casts to integers, StopGradient) gets
     * null, as in TensorFlow's {@code tf.gradients}.
     */
    public static List<Output> of(Tf tf, List<Output> ys, List<Output> xs, List<Output> gradYs) {
        // Node ids index this graph only: an output of another graph would mark an unrelated node, or none.
        inGraph(tf, ys, "y");
        inGraph(tf, xs, "x");
        if (gradYs != null) {
            if (gradYs.size() != ys.size()) throw new GraphException("gradients: " + gradYs.size() + " initial gradients for " + ys.size() + " ys");
            inGraph(tf, gradYs.stream().filter(java.util.Objects::nonNull).toList(), "initial gradient");
        }
        List<Node> nodes = tf.graph().nodes();
        OpRegistry registry = OpRegistry.of(tf.graph());
        int n = nodes.size();
        boolean[] fromX = new boolean[n];
        for (Output x : xs) fromX[x.node().id()] = true;
        for (Node node : nodes) {
            if (fromX[node.id()]) continue;
            for (int i = 0; i < node.inputs().size(); i++) {
                if (!isRef(node, i) && fromX[node.input(i).node().id()]) { fromX[node.id()] = true; break; }
            }
        }
        boolean[] toY = new boolean[n];
        for (Output y : ys) toY[y.node().id()] = true;
        for (int id = n - 1; id >= 0; id--) {
            if (!toY[id]) continue;
            Node node = nodes.get(id);
            for (int i = 0; i < node.inputs().size(); i++) if (!isRef(node, i)) toY[node.input(i).node().id()] = true;
        }

        Tf gtf = tf.withSubScope("gradients");
        Map<Output, List<Output>> pending = new HashMap<>();
        for (int i = 0; i < ys.size(); i++) {
            Output y = ys.get(i);
            // Ones of y's static shape when it is known, so the seed does not make y itself run.
            Output seed = gradYs != null && gradYs.get(i) != null ? gradYs.get(i)
                    : y.shape().isFullyDefined() ? gtf.ones(y.shape(), y.dtype()) : gtf.onesLike(y);
            pending.computeIfAbsent(y, k -> new ArrayList<>()).add(seed);
        }
        for (int id = n - 1; id >= 0; id--) {
            Node node = nodes.get(id);
            if (!fromX[id] || !toY[id]) continue;
            List<Output> upstream = new ArrayList<>();
            boolean any = false;
            for (Output out : node.outputs()) {
                Output g = sum(gtf, pending.get(out));
                upstream.add(g);
                any |= g != null;
            }
            if (!any || node.inputs().isEmpty()) continue; // a source: nothing further back
            OpDef op = registry.def(node);
            if (!op.isDifferentiable()) continue;
            if (op.gradientRule() == null) {
                throw GraphException.at(node.name(), op.name(), "no gradient is defined for " + op.name());
            }
            for (int k = 0; k < upstream.size(); k++) {
                if (upstream.get(k) == null) upstream.set(k, gtf.zerosLike(node.output(k)));
            }
            List<Output> inGrads = op.gradientRule().apply(gtf, node, upstream);
            for (int i = 0; i < node.inputs().size(); i++) {
                Output in = node.input(i);
                Output g = i < inGrads.size() ? inGrads.get(i) : null;
                if (g == null || isRef(node, i) || !fromX[in.node().id()] || !in.dtype().isFloating()) continue;
                pending.computeIfAbsent(in, k -> new ArrayList<>()).add(unbroadcast(gtf, g, in, node));
            }
        }
        List<Output> result = new ArrayList<>();
        for (Output x : xs) result.add(sum(gtf, pending.get(x)));
        return result;
    }

    private static void inGraph(Tf tf, List<Output> outputs, String what) {
        for (Output o : outputs) {
            if (o == null) throw new GraphException("gradients: a " + what + " is null");
            if (o.graph() != tf.graph()) {
                throw new GraphException("gradients: " + what + " '" + o.name() + "' belongs to another graph than the one being built");
            }
        }
    }

    private static boolean isRef(Node node, int input) {
        return node.op().isRefInput(input);
    }

    private static Output sum(Tf tf, List<Output> terms) {
        if (terms == null || terms.isEmpty()) return null;
        Output total = terms.get(0);
        for (int i = 1; i < terms.size(); i++) total = tf.add(total, terms.get(i));
        return total;
    }

    /**
     * Sums a gradient that has the broadcast shape of {@code node}'s output back to the shape of its input
     * {@code in}: over the leading axes the input lacks, and over the axes where the input has size 1.
     * An unknown input dimension is taken to match the gradient's (broadcasting an unknown size of 1 at run
     * time is not supported by gradients), and so is an input of unknown rank.
     */
    static Output unbroadcast(Tf tf, Output grad, Output in, Node node) {
        Shape gs = grad.shape(), is = in.shape();
        if (!gs.hasRank() && is.hasRank()) return unbroadcastUnknownRank(tf, grad, is);
        if (gs.equals(is) || !gs.hasRank() || !is.hasRank()) return grad;
        int lead = gs.rank() - is.rank();
        if (lead < 0) {
            throw GraphException.at(node.name(), node.opName(), "gradient of shape " + gs + " is smaller than its input " + is);
        }
        Output g = grad;
        if (lead > 0) {
            int[] axes = new int[lead];
            for (int i = 0; i < lead; i++) axes[i] = i;
            g = tf.reduceSum(g, axes, false);
        }
        int[] ones = new int[is.rank()];
        int count = 0;
        for (int i = 0; i < is.rank(); i++) if (is.dim(i) == 1 && g.shape().dim(i) != 1) ones[count++] = i;
        if (count > 0) g = tf.reduceSum(g, Arrays.copyOf(ones, count), true);
        return g;
    }

    /**
     * {@link #unbroadcast} for a gradient of unknown rank (its op had an input of unknown rank, such as
     * {@code w * x} with {@code x} an unshaped placeholder) and an input of known rank r: the gradient's axes
     * before its last r are folded into one by a reshape computed at run time and summed away, then the axes
     * where the input has size 1 are summed.
     */
    private static Output unbroadcastUnknownRank(Tf tf, Output grad, Shape is) {
        int r = is.rank();
        if (r == 0) return tf.reduceSum(grad);
        Output trailing = tf.stridedSlice(tf.shape(grad), new int[] {-r}, new int[] {0}, new int[] {1}, 0, 1, 0, 0, 0);
        Output folded = tf.reshape(grad, tf.concat(List.of(tf.constant(new int[] {-1}), trailing), 0));
        Output g = tf.reduceSum(folded, new int[] {0}, false);
        int[] ones = new int[r];
        int count = 0;
        for (int i = 0; i < r; i++) if (is.dim(i) == 1) ones[count++] = i;
        return count == 0 ? g : tf.reduceSum(g, Arrays.copyOf(ones, count), true);
    }

    private static String names(List<Output> ys) {
        List<String> names = new ArrayList<>();
        for (Output y : ys) names.add("'" + y.name() + "'");
        return String.join(", ", names);
    }

}
