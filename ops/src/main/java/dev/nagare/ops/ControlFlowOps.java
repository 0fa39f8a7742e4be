package dev.nagare.ops;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Functional control flow, as TensorFlow 2 represents it: a node that holds its branches or its loop as
 * {@link Body} attributes and runs them itself, so that only the taken branch runs and a loop runs as many
 * iterations as its condition says. The Session runs each body with a plan of its own; {@link Tf#cond} and
 * {@link Tf#whileLoop} build them.
 */
public final class ControlFlowOps {
    private ControlFlowOps() {}

    private static final OpTests BODIES = OpTests.exempt("runs function bodies: ControlFlowTest, ControlFlowGradientTest, TfControlFlowImportTest");

    /**
     * A body's argument: the value the control-flow node feeds in each run (a loop variable). Attrs {@code dtype},
     * {@code shape} and {@code index}. It is never computed, only fed, so it has no kernel.
     */
    public static final OpDef ARG = OpDef.op("_Arg").takes().withAttrs(ArrayOps.DTYPE, ArrayOps.SHAPE_ATTR, Attr.integer("index"))
            .infer(ctx -> Shapes.one(ctx.attr(ArrayOps.DTYPE), ctx.attr(ArrayOps.SHAPE_ATTR))).kernelDtypeFrom(OpDef.BY_OUTPUT)
            .notDifferentiable().tf(TfMapping.HAND_WRITTEN)
            .tests(OpTests.exempt("a body's argument, fed by its If or While (it has no kernel): ControlFlowTest, TfFunctionImportTest"));

    /**
     * {@code pred ? then_branch(inputs) : else_branch(inputs)}. Input 0 the predicate (a bool scalar), then the
     * inputs both branches take as their params; attrs {@code then_branch} and {@code else_branch} ({@link Body}).
     * Outputs: the taken branch's results; where the branches' shapes differ in a dimension it is unknown.
     */
    public static final OpDef IF = OpDef.op("If").takes(OpDef.Input.of("cond", OpDef.DTypes.BOOL), OpDef.Input.optionalList("input", OpDef.DTypes.ANY))
            .withAttrs(new Attr<>("then_branch", Body.class, null, true), new Attr<>("else_branch", Body.class, null, true))
            .infer(ControlFlowOps::inferIf).kernelDtypeFrom(OpDef.BY_OUTPUT).gradient(ControlFlowGradients::ifGradient)
            .tf(TfMapping.HAND_WRITTEN).tests(BODIES);

    /**
     * {@code while (cond(vars, captures)) vars = body(vars, captures)}. Inputs: the {@code loop_vars} initial
     * values, then the captures both bodies take; attrs {@code cond}, {@code body} ({@link Body}),
     * {@code loop_vars} (an Integer) and {@code shape_invariants} (one {@link Shape} per loop variable).
     * Outputs: the final loop variables, the captures passed through (as TensorFlow's While has one output per
     * input), then per loop variable its history: its value at the start of each iteration, stacked along a new
     * axis 0. A run computes the histories only when a consumer needs them (the gradient does).
     */
    public static final OpDef WHILE = OpDef.op("While").takes(OpDef.Input.list("input", OpDef.DTypes.ANY))
            .withAttrs(new Attr<>("cond", Body.class, null, true), new Attr<>("body", Body.class, null, true), Attr.integer("loop_vars"),
                    new Attr<>("shape_invariants", List.class, null, true))
            .infer(ControlFlowOps::inferWhile).kernelDtypeFrom(OpDef.BY_OUTPUT).gradient(ControlFlowGradients::whileGradient)
            .tf(TfMapping.HAND_WRITTEN).tests(BODIES);

    public static final List<OpDef> ALL = List.of(ARG, IF, WHILE);

    /** Whether {@code node} runs bodies of its own. */
    public static boolean isControlFlow(Node node) { return node.op() == IF || node.op() == WHILE; }

    /** The bodies a control-flow node runs (then and else; cond and body), or none for any other node. */
    public static List<Body> bodies(Node node) {
        if (node.op() == IF) return List.of(node.attr("then_branch"), node.attr("else_branch"));
        if (node.op() == WHILE) return List.of(node.attr("cond"), node.attr("body"));
        return List.of();
    }

    /** How many loop variables a While carries. */
    public static int loopVarCount(Node whileNode) { return whileNode.<Integer>attr("loop_vars"); }

    private static List<TensorSpec> inferIf(InferenceContext ctx) {
        if (ctx.inputCount() < 1) throw ctx.fail("needs a predicate input");
        if (ctx.dtype(0) != DType.BOOL || !ctx.shape(0).isCompatibleWith(Shape.scalar())) {
            throw ctx.fail("the predicate '" + ctx.input(0).name() + "' must be a bool scalar, got " + ctx.dtype(0) + ctx.shape(0));
        }
        Body then = ctx.attr("then_branch", Body.class), otherwise = ctx.attr("else_branch", Body.class);
        for (Body b : List.of(then, otherwise)) checkParams(ctx, b, ctx.inputs().subList(1, ctx.inputCount()));
        if (then.results().size() != otherwise.results().size()) {
            throw ctx.fail("the true branch returns " + then.results().size() + " values, the false branch " + otherwise.results().size());
        }
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < then.results().size(); i++) {
            Output t = then.results().get(i), f = otherwise.results().get(i);
            if (t.dtype() != f.dtype()) {
                throw ctx.fail("result " + i + " is " + t.dtype() + " in the true branch ('" + t.name() + "') but " + f.dtype()
                        + " in the false branch ('" + f.name() + "')");
            }
            if (!t.shape().isCompatibleWith(f.shape())) {
                throw ctx.fail("result " + i + " has shape " + t.shape() + " in the true branch ('" + t.name() + "') but " + f.shape()
                        + " in the false branch ('" + f.name() + "')");
            }
            out.add(new TensorSpec(t.dtype(), relaxed(t.shape(), f.shape())));
        }
        return out;
    }

    private static List<TensorSpec> inferWhile(InferenceContext ctx) {
        int n = ctx.attr("loop_vars", Integer.class);
        Body cond = ctx.attr("cond", Body.class), body = ctx.attr("body", Body.class);
        @SuppressWarnings("unchecked")
        List<Shape> invariants = ctx.attr("shape_invariants", List.class);
        if (n < 1 || n > ctx.inputCount()) throw ctx.fail("needs at least one loop variable, got " + n + " of " + ctx.inputCount() + " inputs");
        if (invariants.size() != n) throw ctx.fail(invariants.size() + " shape invariants for " + n + " loop variables");
        checkParams(ctx, cond, ctx.inputs());
        checkParams(ctx, body, ctx.inputs());
        if (cond.results().size() != 1) throw ctx.fail("the condition returns " + cond.results().size() + " values, not one bool scalar");
        Output c = cond.results().get(0);
        if (c.dtype() != DType.BOOL || !c.shape().isCompatibleWith(Shape.scalar())) {
            throw ctx.fail("the condition must return a bool scalar, got '" + c.name() + "' of " + c.dtype() + c.shape());
        }
        if (body.results().size() != n) throw ctx.fail("the body returns " + body.results().size() + " values for " + n + " loop variables");
        List<TensorSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shape inv = invariants.get(i);
            Output init = ctx.input(i), next = body.results().get(i);
            if (!init.shape().isCompatibleWith(inv)) {
                throw ctx.fail("loop variable " + i + " starts as '" + init.name() + "' of shape " + init.shape()
                        + ", which does not fit its shape invariant " + inv);
            }
            if (next.dtype() != init.dtype()) {
                throw ctx.fail("the body turns loop variable " + i + " from " + init.dtype() + " into " + next.dtype() + " ('" + next.name() + "')");
            }
            if (!next.shape().isCompatibleWith(inv)) {
                throw ctx.fail("the body changes the shape of loop variable " + i + " to " + next.shape() + " ('" + next.name()
                        + "'), against its shape invariant " + inv + "; pass a less specific invariant to let it vary");
            }
            out.add(new TensorSpec(init.dtype(), inv));
        }
        for (int i = n; i < ctx.inputCount(); i++) out.add(new TensorSpec(ctx.dtype(i), ctx.shape(i)));
        for (int i = 0; i < n; i++) out.add(new TensorSpec(ctx.dtype(i), stacked(invariants.get(i))));
        return out;
    }

    /** The params of a body are fed from the node's inputs: the same count and dtypes. */
    private static void checkParams(InferenceContext ctx, Body b, List<Output> inputs) {
        if (b.params().size() != inputs.size()) {
            throw ctx.fail(b + " takes " + b.params().size() + " params but the node has " + inputs.size() + " inputs for them");
        }
        for (int i = 0; i < inputs.size(); i++) {
            if (b.params().get(i).dtype() != inputs.get(i).dtype()) {
                throw ctx.fail(b + " param " + i + " is " + b.params().get(i).dtype() + " but is fed '" + inputs.get(i).name()
                        + "' of " + inputs.get(i).dtype());
            }
        }
    }

    /** The most specific shape both of two compatible shapes have: a dimension where they differ is unknown. */
    static Shape relaxed(Shape a, Shape b) {
        if (!a.hasRank() || !b.hasRank()) return Shape.unknownRank();
        int[] dims = new int[a.rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = a.dim(i) == b.dim(i) ? a.dim(i) : Shape.UNKNOWN;
        return Shape.of(dims);
    }

    /** {@code [?] + shape}: the shape of a history of values of {@code shape}. */
    static Shape stacked(Shape shape) {
        if (!shape.hasRank()) return Shape.unknownRank();
        int[] dims = new int[shape.rank() + 1];
        dims[0] = Shape.UNKNOWN;
        System.arraycopy(shape.dims(), 0, dims, 1, shape.rank());
        return Shape.of(dims);
    }
}
