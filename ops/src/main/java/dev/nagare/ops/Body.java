package dev.nagare.ops;

import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The subgraph a control-flow node runs: a branch of an {@code If}, the condition or body of a {@code While}.
 * It is a function of its {@link #params}: each run feeds the node's input values in as the params' values,
 * computes the {@link #results} from the {@link #members} alone, and hands them back as the node's outputs.
 *
 * <p>The members are ordinary nodes of the node's graph, built by the user's lambda, but they never run in the
 * graph's own plans, only in the body's. A param is either an argument node made for the body (a loop
 * variable) or a value from outside that the lambda used (a capture), so a member reads nothing from outside
 * but its params and variables (which are read at use, so a body sees the writes before it).
 *
 * @param name    for messages and exported function names ({@code cond/then})
 * @param params  what the control-flow node's inputs feed, in order (after an If's predicate)
 * @param results what the body computes
 * @param members the nodes built for this body, without those of bodies nested in it
 */
public record Body(String name, List<Output> params, List<Output> results, Set<Node> members) {
    public Body {
        params = List.copyOf(params);
        results = List.copyOf(results);
        members = Set.copyOf(members);
    }

    /** The members of this body and of every body nested in it. */
    public Set<Node> allMembers() {
        Set<Node> all = new java.util.HashSet<>(members);
        for (Body nested : nestedBodies()) all.addAll(nested.allMembers());
        return all;
    }

    /** The bodies of the control-flow nodes among the members. */
    public List<Body> nestedBodies() {
        List<Body> out = new ArrayList<>();
        for (Node n : members) out.addAll(ControlFlowOps.bodies(n));
        return out;
    }

    @Override
    public String toString() { return "body '" + name + "'"; }

    @Override
    public boolean equals(Object o) { return this == o; }

    @Override
    public int hashCode() { return System.identityHashCode(this); }
}
