package dev.nagare.session;

import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelFactory;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.Body;
import dev.nagare.ops.ControlFlowOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.StateOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * How a plan runs {@code If} and {@code While}: as a step whose kernel runs a plan of its own per body, made by
 * the same {@link Planner} when the enclosing plan is made and kept with it. A body's plan runs inside the
 * step with the enclosing run's variables, so its reads and writes are ordered like the step's: the step
 * counts as reading and writing every variable its bodies touch.
 */
final class ControlFlowSteps {
    private ControlFlowSteps() {}

    /** The kernels of control-flow nodes in a plan where {@code consumed} are the outputs some step or fetch uses. */
    static KernelFactory factory(Planner planner, Set<Output> consumed) {
        return node -> node.op() == ControlFlowOps.IF ? ifKernel(planner, node) : whileKernel(planner, node, consumed);
    }

    /** Whether running {@code node} may write a variable: an update, or a control-flow node whose bodies hold one. */
    static boolean writesVariables(Node node) {
        if (((OpDef) node.op()).writesVariables()) return true;
        if (!ControlFlowOps.isControlFlow(node)) return false;
        Set<Node> reads = new java.util.HashSet<>(), writes = new java.util.HashSet<>();
        variableAccesses(node, reads, writes);
        return !writes.isEmpty();
    }

    /** Adds the variables that the bodies of {@code node} (and the bodies nested in them) read and write. */
    static void variableAccesses(Node node, Set<Node> reads, Set<Node> writes) {
        for (Body body : ControlFlowOps.bodies(node)) {
            for (Output r : body.results()) if (r.node().op() == StateOps.VARIABLE) reads.add(r.node());
            for (Node m : body.members()) {
                OpDef op = (OpDef) m.op();
                for (int i = 0; i < m.inputs().size(); i++) {
                    Node in = m.input(i).node();
                    if (op.isRefInput(i)) { reads.add(in); writes.add(in); }
                    else if (in.op() == StateOps.VARIABLE) reads.add(in);
                }
                variableAccesses(m, reads, writes);
            }
        }
    }

    private static Kernel ifKernel(Planner planner, Node node) {
        Plan then = planner.planBody(node.attr("then_branch"));
        Plan otherwise = planner.planBody(node.attr("else_branch"));
        return (ctx, in) -> {
            Plan taken = predicate(ctx, (Tensor) in[0], "predicate") ? then : otherwise;
            return taken.executeNested(Arrays.copyOfRange(in, 1, in.length), ctx.variables());
        };
    }

    private static Kernel whileKernel(Planner planner, Node node, Set<Output> consumed) {
        Plan cond = planner.planBody(node.attr("cond"));
        Plan body = planner.planBody(node.attr("body"));
        int n = ControlFlowOps.loopVarCount(node);
        int inputs = node.inputs().size();
        @SuppressWarnings("unchecked")
        List<Shape> invariants = node.attr("shape_invariants");
        boolean keepHistory = false;
        for (int k = 0; k < n; k++) keepHistory |= consumed.contains(node.output(inputs + k));
        boolean history = keepHistory;
        return (ctx, in) -> {
            TensorValue[] params = in.clone(); // loop variables, then captures
            List<List<Tensor>> seen = new ArrayList<>();
            for (int k = 0; k < n && history; k++) seen.add(new ArrayList<>());
            Deadline deadline = Arena.deadlineOf(ctx.variables());
            for (long iteration = 0; predicate(ctx, cond.executeNested(params, ctx.variables())[0], "condition"); iteration++) {
                if (deadline != null) deadline.check(node); // also for bodies with no steps of their own
                for (int k = 0; k < n && history; k++) seen.get(k).add((Tensor) params[k]);
                Tensor[] next = body.executeNested(params, ctx.variables());
                for (int k = 0; k < n; k++) {
                    if (!invariants.get(k).isCompatibleWith(next[k].shape())) {
                        throw ctx.fail("iteration " + iteration + " gave loop variable " + k + " the shape " + next[k].shape()
                                + ", against its shape invariant " + invariants.get(k));
                    }
                    params[k] = next[k];
                }
            }
            TensorValue[] out = new TensorValue[inputs + n];
            System.arraycopy(params, 0, out, 0, inputs);
            for (int k = 0; k < n && history; k++) out[inputs + k] = stack(ctx, k, seen.get(k), ((Tensor) in[k]).shape());
            return out;
        };
    }

    /** The value of a predicate or loop condition; a bool of exactly one element, else an error naming the node. */
    private static boolean predicate(KernelContext ctx, Tensor t, String what) {
        if (t.size() != 1) throw ctx.fail("the " + what + " must be a single bool, got a tensor of shape " + t.shape());
        return t.boolData()[0];
    }

    /** The values of loop variable {@code k} at the start of each iteration, stacked along a new axis 0. */
    private static Tensor stack(KernelContext ctx, int k, List<Tensor> values, Shape initial) {
        Shape each = values.isEmpty() ? initial : values.get(0).shape();
        for (Tensor v : values) {
            if (!v.shape().equals(each)) {
                throw ctx.fail("the gradient keeps loop variable " + k + " of every iteration, which needs one shape, but it took "
                        + each + " and " + v.shape());
            }
        }
        int size = Math.toIntExact(Shape.elements(each.dims()));
        Object data = java.lang.reflect.Array.newInstance(Tensor.arrayClass(ctx.node().input(k).dtype()).getComponentType(),
                Math.multiplyExact(size, values.size()));
        for (int i = 0; i < values.size(); i++) System.arraycopy(values.get(i).data(), 0, data, i * size, size);
        int[] dims = new int[each.rank() + 1];
        dims[0] = values.size();
        System.arraycopy(each.dims(), 0, dims, 1, each.rank());
        return Tensor.of(ctx.node().input(k).dtype(), Shape.of(dims), data);
    }
}
