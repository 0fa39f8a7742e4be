package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.Fuser;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fusion pass of a plan: finds groups of needed nodes that the host device runs as one step ({@link Fuser}),
 * chains of elementwise nodes of one shape, each taking an earlier member's value, perhaps ended by a reduction
 * (BiasAddGrad). A group runs where its last member (its root) stood, so it may take only a member's value that
 * nothing outside the group needs before then; a value that something outside needs (or a fetch) is one of the
 * group's outputs, the others never leave the step. Off with {@code -Dnagare.fusion=false} (read when a
 * Session is made): fusion changes speed only, never a value.
 */
final class Fusion {
    private Fusion() {}

    /** Whether Sessions made now fuse: on unless {@code nagare.fusion} is "false". */
    static boolean enabled() { return !"false".equalsIgnoreCase(System.getProperty("nagare.fusion")); }

    /**
     * A group: its members in plan order (the last is the root), the values it takes from outside (in order of
     * first use), and the members' values it hands on (the root's first).
     */
    record Group(List<Node> members, List<Output> inputs, List<Output> outputs) {
        Node root() { return members.get(members.size() - 1); }
    }

    /** Each member of a group of {@code needed} (in plan order) with its group; empty when the host does not fuse. */
    static Map<Node, Group> find(List<Node> needed, List<Output> fetches, Map<Output, Integer> fed, Device host) {
        Fuser fuser = host.fuser();
        if (fuser == null) return Map.of();
        int count = needed.size();
        Map<Node, Integer> index = new HashMap<>();
        for (int i = 0; i < count; i++) index.put(needed.get(i), i);
        Set<Node> controlling = new HashSet<>();
        Map<Node, List<Integer>> users = new HashMap<>(); // per node, the steps that take one of its (unfed) outputs
        int[] writesBefore = new int[count + 1]; // how many of the first i steps write variables
        for (int i = 0; i < count; i++) {
            Node n = needed.get(i);
            controlling.addAll(n.controlInputs());
            for (Output in : n.inputs()) if (!fed.containsKey(in)) users.computeIfAbsent(in.node(), k -> new ArrayList<>()).add(i);
            boolean writes = ControlFlowSteps.writesVariables(n);
            for (int j = 0; j < n.inputs().size(); j++) writes |= n.op().isRefInput(j);
            writesBefore[i + 1] = writesBefore[i] + (writes ? 1 : 0);
        }
        Set<Node> fetched = new HashSet<>();
        for (Output f : fetches) fetched.add(f.node());

        Map<Node, List<Node>> groupOf = new HashMap<>();
        Map<Node, Boolean> elementwise = new HashMap<>();
        for (int i = 0; i < count; i++) {
            Node n = needed.get(i);
            boolean ok = eligible(n, host, controlling, fed);
            boolean member = ok && fuser.elementwise(n);
            boolean reduction = ok && !member && fuser.reduction(n);
            if (!member && !reduction) continue;
            elementwise.put(n, member);
            List<Node> best = null;
            for (int j = 0; j < (reduction ? 1 : n.inputs().size()); j++) {
                List<Node> g = groupOf.get(n.input(j).node());
                if (g == null || fed.containsKey(n.input(j))) continue;
                if (best == null || index.get(last(g)) > index.get(last(best))) best = g; // the group that ran last
            }
            if (best != null && canJoin(best, n, i, index, users, writesBefore, elementwise, needed)) {
                best.add(n);
                groupOf.put(n, best);
            } else if (member) {
                List<Node> g = new ArrayList<>();
                g.add(n);
                groupOf.put(n, g);
            }
        }
        Map<Node, Group> out = new HashMap<>();
        for (List<Node> members : new HashSet<>(groupOf.values())) {
            if (members.size() < 2) continue;
            Group g = group(members, users, fetched, fed, needed);
            for (Node m : members) out.put(m, g);
        }
        return out;
    }

    private static Node last(List<Node> g) { return g.get(g.size() - 1); }

    /** A node the host can run in a group: on the host, no control edges, no fed output, one output. */
    private static boolean eligible(Node n, Device host, Set<Node> controlling, Map<Output, Integer> fed) {
        if (!n.controlInputs().isEmpty() || controlling.contains(n) || n.outputCount() != 1 || fed.containsKey(n.output(0))) return false;
        return n.device().isEmpty() || DeviceSpec.parse(n.device()).equals(host.spec());
    }

    /**
     * Whether {@code n} (step {@code at}) can join {@code g}, so that the group runs at {@code at}: the group does
     * not end in a reduction, an elementwise {@code n} has the group's static shape, no step in between writes a
     * variable (a member's variable read moves to {@code at}), and nothing outside takes a member's value before.
     */
    private static boolean canJoin(List<Node> g, Node n, int at, Map<Node, Integer> index, Map<Node, List<Integer>> users,
                                   int[] writesBefore, Map<Node, Boolean> elementwise, List<Node> needed) {
        if (!elementwise.get(last(g))) return false;
        if (elementwise.get(n) && !n.output(0).shape().equals(g.get(0).output(0).shape())) return false;
        if (!elementwise.get(n) && !g.contains(n.input(0).node())) return false;
        int first = index.get(g.get(0));
        if (writesBefore[at] - writesBefore[first] > 0) return false;
        for (Node m : g) {
            for (int u : users.getOrDefault(m, List.of())) if (u < at && !g.contains(needed.get(u))) return false;
        }
        return true;
    }

    private static Group group(List<Node> members, Map<Node, List<Integer>> users, Set<Node> fetched, Map<Output, Integer> fed,
                               List<Node> needed) {
        Set<Node> in = new HashSet<>(members);
        List<Output> inputs = new ArrayList<>();
        for (Node m : members) {
            for (Output x : m.inputs()) if ((fed.containsKey(x) || !in.contains(x.node())) && !inputs.contains(x)) inputs.add(x);
        }
        Node root = last(members);
        List<Output> outputs = new ArrayList<>();
        outputs.add(root.output(0));
        for (Node m : members) {
            if (m == root) continue;
            boolean outside = fetched.contains(m);
            for (int u : users.getOrDefault(m, List.of())) outside |= !in.contains(needed.get(u));
            if (outside) outputs.add(m.output(0));
        }
        return new Group(List.copyOf(members), List.copyOf(inputs), List.copyOf(outputs));
    }
}
