package dev.nagare.ops;

import dev.nagare.graph.GraphException;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Shape;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builds {@code If} and {@code While} nodes from lambdas. A lambda builds its nodes into the graph as usual;
 * what it built between start and end becomes the body's members (so a graph must not be built from another
 * thread while a lambda runs), what they use from outside becomes the body's captures, fed by the node.
 */
final class ControlFlow {
    private ControlFlow() {}

    /** What a lambda built: its results, its members, the outside values it used and the outside nodes it waits for. */
    private record Trace(List<Output> results, Set<Node> members, Set<Output> captures, Set<Node> outerControls) {}

    static List<Output> cond(Tf tf, Output pred, Supplier<List<Output>> trueFn, Supplier<List<Output>> falseFn) {
        Graph g = tf.graph();
        String name = tf.scope().reserveName("cond");
        Trace t = trace(g, name + "/then", List.of(), trueFn);
        Trace f = trace(g, name + "/else", List.of(), falseFn);
        List<Output> params = new ArrayList<>(union(t.captures, f.captures));
        Scope.NodeBuilder b = g.scope().withName(name).node(ControlFlowOps.IF, "cond").input(pred).inputs(params)
                .attr("then_branch", new Body(name + "/then", params, t.results, t.members))
                .attr("else_branch", new Body(name + "/else", params, f.results, f.members));
        controls(b, tf, t.outerControls, f.outerControls);
        return b.buildAs(name).outputs();
    }

    static List<Output> whileLoop(Tf tf, Function<List<Output>, Output> condFn, Function<List<Output>, List<Output>> bodyFn,
                                  List<Output> loopVars, List<Shape> invariants) {
        Graph g = tf.graph();
        String name = tf.scope().reserveName("while");
        if (loopVars.isEmpty()) throw GraphException.at(name, "While", "needs at least one loop variable");
        List<Shape> shapes = invariants != null ? List.copyOf(invariants) : loopVars.stream().map(Output::shape).toList();
        if (shapes.size() != loopVars.size()) {
            throw GraphException.at(name, "While", shapes.size() + " shape invariants for " + loopVars.size() + " loop variables");
        }
        List<Output> condArgs = args(g, name + "/cond", loopVars, shapes);
        List<Output> bodyArgs = args(g, name + "/body", loopVars, shapes);
        Trace c = trace(g, name + "/cond", condArgs, () -> List.of(condFn.apply(condArgs)));
        Trace body = trace(g, name + "/body", bodyArgs, () -> bodyFn.apply(bodyArgs));
        List<Output> captures = new ArrayList<>(union(c.captures, body.captures));
        List<Output> inputs = new ArrayList<>(loopVars);
        inputs.addAll(captures);
        Scope.NodeBuilder b = g.scope().withName(name).node(ControlFlowOps.WHILE, "while").inputs(inputs)
                .attr("cond", new Body(name + "/cond", concat(condArgs, captures), c.results, c.members))
                .attr("body", new Body(name + "/body", concat(bodyArgs, captures), body.results, body.members))
                .attr("loop_vars", loopVars.size()).attr("shape_invariants", shapes);
        controls(b, tf, c.outerControls, body.outerControls);
        return b.buildAs(name).outputs().subList(0, loopVars.size());
    }

    /** One argument node per loop variable, of its invariant shape, made before the lambda runs (so not a member). */
    private static List<Output> args(Graph g, String prefix, List<Output> loopVars, List<Shape> shapes) {
        List<Output> out = new ArrayList<>();
        for (int i = 0; i < loopVars.size(); i++) {
            out.add(g.scope().withName(prefix + "/arg_" + i).node(ControlFlowOps.ARG, "arg").attr("dtype", loopVars.get(i).dtype())
                    .attr("shape", shapes.get(i)).attr("index", i).build().output(0));
        }
        return out;
    }

    /**
     * Runs {@code fn} and collects what it built. Variables cannot be made inside a body (their initializer
     * would have to run there); a variable made outside is read where a member uses it, not captured.
     */
    private static Trace trace(Graph g, String bodyName, List<Output> args, Supplier<List<Output>> fn) {
        int start = g.size();
        List<Output> results = fn.get();
        if (results == null || results.isEmpty() || results.stream().anyMatch(java.util.Objects::isNull)) {
            throw new GraphException("The lambda of " + bodyName + " must return at least one output and no null, got " + results);
        }
        List<Node> all = g.nodes();
        List<Node> built = all.subList(start, all.size());
        Set<Node> nested = new HashSet<>();
        for (Node n : built) for (Body b : ControlFlowOps.bodies(n)) nested.addAll(b.allMembers());
        Set<Node> members = new LinkedHashSet<>();
        for (Node n : built) {
            if (nested.contains(n)) continue;
            if (n.op() == StateOps.VARIABLE) {
                throw GraphException.at(n.name(), n.opName(), "a variable cannot be created inside " + bodyName + "; create it before and use it there");
            }
            members.add(n);
        }
        Set<Output> argSet = Set.copyOf(args);
        Set<Output> captures = new LinkedHashSet<>();
        Set<Node> outerControls = new LinkedHashSet<>();
        for (Node n : members) {
            for (int i = 0; i < n.inputs().size(); i++) {
                Output in = n.input(i);
                if (!isRef(n, i)) captureIfOutside(in, members, argSet, captures);
            }
            for (Node c : n.controlInputs()) if (!members.contains(c)) outerControls.add(c);
        }
        for (Output r : results) {
            if (r.graph() != g) throw new GraphException("The lambda of " + bodyName + " returned '" + r.name() + "' of another graph");
            captureIfOutside(r, members, argSet, captures);
        }
        return new Trace(List.copyOf(results), members, captures, outerControls);
    }

    private static void captureIfOutside(Output in, Set<Node> members, Set<Output> args, Set<Output> captures) {
        Node src = in.node();
        // An argument of an enclosing loop is captured like any outside value (a cond inside a loop body).
        if (members.contains(src) || args.contains(in) || src.op() == StateOps.VARIABLE) return;
        captures.add(in);
    }

    private static boolean isRef(Node n, int input) { return n.op() instanceof OpDef d && d.isRefInput(input); }

    private static Set<Output> union(Set<Output> a, Set<Output> b) {
        Set<Output> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<Output> concat(List<Output> a, List<Output> b) {
        List<Output> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The node waits for what its bodies' members waited for outside, and for the scope's control dependencies. */
    private static void controls(Scope.NodeBuilder b, Tf tf, Set<Node> first, Set<Node> second) {
        for (Node c : tf.scope().controlDependencies()) b.controlInput(c);
        for (Node c : first) b.controlInput(c);
        for (Node c : second) b.controlInput(c);
    }

    /**
     * Builds a copy of {@code body}'s members with {@code tf}, reading {@code substitutes} in place of the outputs
     * they map (a loop's arguments); everything else from outside is used as it is. Returns the copy of every
     * member output, keyed by the original. A copied control-flow node keeps its bodies: they are functions of
     * the node's inputs, which are remapped.
     */
    static Map<Output, Output> copy(Tf tf, Body body, Map<Output, Output> substitutes) {
        Map<Output, Output> map = new java.util.HashMap<>(substitutes);
        List<Node> members = new ArrayList<>(body.members());
        members.sort((x, y) -> Integer.compare(x.id(), y.id()));
        Map<Node, Node> copies = new java.util.HashMap<>();
        for (Node n : members) {
            String base = n.name().substring(n.name().lastIndexOf('/') + 1);
            Scope.NodeBuilder b = tf.scope().node(n.op(), base);
            for (Output in : n.inputs()) b.input(map.getOrDefault(in, in));
            n.attrs().forEach(b::attr);
            for (Node c : n.controlInputs()) if (copies.containsKey(c)) b.controlInput(copies.get(c));
            Node copy = b.build();
            copies.put(n, copy);
            for (int i = 0; i < n.outputCount(); i++) map.put(n.output(i), copy.output(i));
        }
        return map;
    }
}
