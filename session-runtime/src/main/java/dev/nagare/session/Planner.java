package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.KernelFactory;
import dev.nagare.device.ResourceKernelFactory;
import dev.nagare.device.SessionResources;
import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.ops.ArrayOps;
import dev.nagare.graph.OpType;
import dev.nagare.ops.Body;
import dev.nagare.ops.ControlFlowOps;
import dev.nagare.ops.StateOps;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Turns a (feeds, fetches, targets) signature into a {@link Plan}: keeps only the nodes the fetches and
 * targets need (stopping at fed values), checks that every needed placeholder is fed, places each node on
 * a device with a kernel for it, plans a copy for each value that a step or fetch needs on another device
 * than its own (one per value and device), and numbers the slots that hold values during a run. Chains of
 * elementwise nodes the host can run as one step become one step ({@link Fusion}).
 */
final class Planner {
    private final Graph graph;
    private final List<Device> devices;
    private final Device host;
    private final boolean softPlacement;
    private final Consumer<String> placementLog;
    private final String gpuMissingReason;
    private final boolean interOp;
    /** Whether plans run groups of elementwise nodes as one step ({@link Fusion}). */
    private final boolean fusion = Fusion.enabled();
    /** The Session's memory on each of its devices. */
    private final Map<Device, DeviceMemory> memory;
    /** The Session's resources, handed to the kernels of ops that use them (the summary writer ops). */
    private final SessionResources resources;

    Planner(Graph graph, List<Device> devices, Map<Device, DeviceMemory> memory, boolean softPlacement, Consumer<String> placementLog,
            String gpuMissingReason, boolean interOp) {
        this(graph, devices, memory, softPlacement, placementLog, gpuMissingReason, interOp, new SessionResources());
    }

    Planner(Graph graph, List<Device> devices, Map<Device, DeviceMemory> memory, boolean softPlacement, Consumer<String> placementLog,
            String gpuMissingReason, boolean interOp, SessionResources resources) {
        this.resources = resources;
        this.interOp = interOp;
        this.memory = memory;
        this.graph = graph;
        this.devices = devices;
        this.host = devices.stream().filter(d -> d.spec().type().equals("CPU")).findFirst()
                .orElseThrow(() -> new PlacementException("no CPU device among " + devices));
        this.softPlacement = softPlacement;
        this.placementLog = placementLog;
        this.gpuMissingReason = gpuMissingReason;
    }

    Plan plan(List<Output> feeds, List<Output> fetches, List<Node> targets) { return plan(feeds, fetches, targets, null); }

    /**
     * The plan of a control-flow body: its params fed, its results fetched, and its members that write
     * variables run as targets (as TensorFlow 2 runs every stateful op of a function). Its steps run one after
     * the other, inside the step of the node that runs the body.
     */
    Plan planBody(Body body) {
        List<Node> targets = new ArrayList<>();
        for (Node m : body.members()) if (ControlFlowSteps.writesVariables(m)) targets.add(m);
        targets.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return plan(body.params(), body.results(), targets, body);
    }

    /** {@code body}: the body being planned, whose members alone may run; null for a Session's own plan. */
    private Plan plan(List<Output> feeds, List<Output> fetches, List<Node> targets, Body body) {
        Map<Output, Integer> slotOf = new HashMap<>();
        int[] feedSlots = new int[feeds.size()];
        for (int i = 0; i < feeds.size(); i++) {
            Output f = feeds.get(i);
            checkInGraph(f.node(), "feed");
            if (slotOf.containsKey(f)) throw new FeedException("'" + f.name() + "' is fed twice");
            feedSlots[i] = i;
            slotOf.put(f, i);
        }
        for (Output f : fetches) checkInGraph(f.node(), "fetch");
        for (Node t : targets) checkInGraph(t, "target");

        Map<Output, Integer> fed = Map.copyOf(slotOf);
        List<Node> needed = prune(fetches, targets, fed, body);
        Set<Output> consumed = new HashSet<>(fetches); // what a While's history outputs are computed for
        for (Node n : needed) consumed.addAll(n.inputs());

        Map<Node, Fusion.Group> groups = fusion ? Fusion.find(needed, fetches, fed, host) : Map.of();
        List<Node> stepNodes = new ArrayList<>(needed.size()); // a group's members are one step, at its root
        for (Node n : needed) if (!groups.containsKey(n) || groups.get(n).root() == n) stepNodes.add(n);

        Map<Output, Device> deviceOf = new HashMap<>();
        for (Output f : feeds) deviceOf.put(f, host);
        Copies copies = new Copies(slotOf, deviceOf, stepNodes.size(), feeds.size());
        List<Plan.Step> steps = new ArrayList<>();
        boolean writes = false;
        for (int s = 0; s < stepNodes.size(); s++) {
            Node node = stepNodes.get(s);
            Fusion.Group group = groups.get(node);
            OpType op = opDef(node);
            writes |= ControlFlowSteps.writesVariables(node);
            Placed placed = ControlFlowOps.isControlFlow(node)
                    ? new Placed(host, ControlFlowSteps.factory(this, consumed)) : group != null ? fused(group) : place(node, op);
            List<Output> ins = group != null ? group.inputs() : node.inputs();
            int[] inputSlots = new int[ins.size()];
            Node[] variableInputs = new Node[inputSlots.length];
            for (int i = 0; i < inputSlots.length; i++) {
                Output in = ins.get(i);
                if (group == null && op.isRefInput(i)) { inputSlots[i] = -1; continue; }
                if (readsAtUse(in, fed)) { inputSlots[i] = -1; variableInputs[i] = in.node(); continue; }
                inputSlots[i] = copies.slotOn(in, placed.device, false);
            }
            int first = copies.slots;
            for (Output out : group != null ? group.outputs() : node.outputs()) {
                if (!slotOf.containsKey(out)) { slotOf.put(out, copies.slots); deviceOf.put(out, placed.device); copies.madeBy(copies.slots, s); }
                copies.slots++;
            }
            steps.add(new Plan.Step(node, placed.factory.create(node), placed.device, memory.get(placed.device), inputSlots,
                    variableInputs, first, placed.device == host, null));
        }
        int[] fetchSlots = new int[fetches.size()];
        for (int i = 0; i < fetches.size(); i++) fetchSlots[i] = copies.slotOn(fetches.get(i), host, true);
        List<Plan.Step> withCopies = new ArrayList<>(steps.size());
        for (int s = 0; s < steps.size(); s++) {
            Plan.Step t = steps.get(s);
            withCopies.add(new Plan.Step(t.node(), t.kernel(), t.device(), t.memory(), t.inputSlots(), t.variableInputs(),
                    t.firstOutputSlot(), t.hostInputs(), copies.after(s)));
        }
        return new Plan(withCopies, copies.slots, feeds.toArray(Output[]::new), feedSlots, copies.after(-1), fetchSlots,
                copies.atEnd.toArray(Plan.Copy[]::new), copies.all.toArray(Plan.Copy[]::new), writes, successors(stepNodes, groups, fed),
                interOp && body == null, devices, host, memory.get(host), body != null);
    }

    /**
     * The copies of one plan: at most one per (value, device), made right after the step that computes the value
     * (or at the start for a feed) when a step needs it, else at the end of the run for a fetch; each gets a new
     * slot and an arena row for its buffer.
     */
    private final class Copies {
        private final Map<Output, Integer> slotOf;
        private final Map<Output, Device> deviceOf;
        private final Map<List<Object>, Integer> made = new HashMap<>();
        /** The step that computes each slot's value; -1 for a feed. */
        private final Map<Integer, Integer> producer = new HashMap<>();
        private final Map<Integer, List<Plan.Copy>> byStep = new HashMap<>();
        final List<Plan.Copy> atEnd = new ArrayList<>();
        final List<Plan.Copy> all = new ArrayList<>();
        private final int stepCount;
        int slots;

        Copies(Map<Output, Integer> slotOf, Map<Output, Device> deviceOf, int stepCount, int feedCount) {
            this.slotOf = slotOf;
            this.deviceOf = deviceOf;
            this.stepCount = stepCount;
            this.slots = feedCount;
        }

        void madeBy(int slot, int step) { producer.put(slot, step); }

        /** The slot holding {@code value} on {@code device}: its own, or a copy's (planned now if it is new). */
        int slotOn(Output value, Device device, boolean forFetch) {
            int from = slotOf.get(value);
            Device source = deviceOf.get(value);
            if (source == device) return from;
            Integer copied = made.get(List.of(from, device));
            if (copied != null) return copied;
            Plan.Copy c = new Plan.Copy(from, slots++, source, device, memory.get(device), device == host, stepCount + all.size(), value.node());
            made.put(List.of(from, device), c.to());
            all.add(c);
            if (forFetch) atEnd.add(c);
            else byStep.computeIfAbsent(producer.getOrDefault(from, -1), k -> new ArrayList<>()).add(c);
            return c.to();
        }

        /** The copies made right after step {@code s} (-1: at the start of the run). */
        Plan.Copy[] after(int s) { return byStep.getOrDefault(s, List.of()).toArray(Plan.Copy[]::new); }
    }

    /**
     * For each needed node (in plan order), the later ones that must wait for it: its consumers, the nodes
     * it is a control input of, and, per variable, the next accesses that must not overtake it (a write
     * waits for every read since the last write and for that write; a read waits for the last write).
     */
    private static int[][] successors(List<Node> needed, Map<Node, Fusion.Group> groups, Map<Output, Integer> fed) {
        Map<Node, Integer> index = new HashMap<>();
        for (int i = 0; i < needed.size(); i++) index.put(needed.get(i), i);
        for (Fusion.Group g : groups.values()) for (Node m : g.members()) index.put(m, index.get(g.root())); // members wait as their group
        List<Set<Integer>> after = new ArrayList<>();
        for (int i = 0; i < needed.size(); i++) after.add(new TreeSet<>());
        Map<Node, Integer> lastWrite = new HashMap<>();
        Map<Node, List<Integer>> readsSinceWrite = new HashMap<>();
        for (int s = 0; s < needed.size(); s++) {
            Node node = needed.get(s);
            OpType op = opDef(node);
            for (Node c : node.controlInputs()) edge(after, index.get(c), s); // null when a fed placeholder
            Set<Node> reads = new LinkedHashSet<>(), writes = new LinkedHashSet<>();
            if (op == StateOps.VARIABLE) reads.add(node); // a variable fetched itself
            ControlFlowSteps.variableAccesses(node, reads, writes); // what the node's bodies read and write
            Fusion.Group group = groups.get(node);
            List<Output> ins = group != null ? group.inputs() : node.inputs();
            for (int i = 0; i < ins.size(); i++) {
                Output in = ins.get(i);
                if (group == null && op.isRefInput(i)) { reads.add(in.node()); writes.add(in.node()); }
                else if (readsAtUse(in, fed)) reads.add(in.node());
                else if (!fed.containsKey(in)) edge(after, index.get(in.node()), s);
            }
            for (Node v : reads) edge(after, lastWrite.get(v), s);
            for (Node v : writes) {
                for (int r : readsSinceWrite.getOrDefault(v, List.of())) edge(after, r, s);
                lastWrite.put(v, s);
                readsSinceWrite.remove(v);
            }
            for (Node v : reads) if (!writes.contains(v)) readsSinceWrite.computeIfAbsent(v, k -> new ArrayList<>()).add(s);
        }
        int[][] out = new int[needed.size()][];
        for (int i = 0; i < out.length; i++) out[i] = after.get(i).stream().mapToInt(Integer::intValue).toArray();
        return out;
    }

    private static void edge(List<Set<Integer>> after, Integer from, int to) {
        if (from != null && from != to) after.get(from).add(to);
    }

    private void checkInGraph(Node n, String role) {
        if (n.graph() != graph) throw new FeedException("Cannot " + role + " '" + n.name() + "': it belongs to another graph than this Session's");
    }

    /** The nodes the fetches and targets need, in an order where every node follows its inputs. */
    private List<Node> prune(List<Output> fetches, List<Node> targets, Map<Output, Integer> fed, Body body) {
        Map<Node, Body> ownerOf = body == null ? bodyMembers() : Map.of();
        boolean[] seen = new boolean[graph.size()];
        Deque<Node> work = new ArrayDeque<>();
        Map<Node, String> neededBy = new HashMap<>();
        for (Output f : fetches) if (!fed.containsKey(f)) require(f.node(), "fetch '" + f.name() + "'", seen, work, neededBy);
        for (Node t : targets) require(t, "target '" + t.name() + "'", seen, work, neededBy);
        List<Node> needed = new ArrayList<>();
        while (!work.isEmpty()) {
            Node n = work.pop();
            checkReachable(n, body, ownerOf, neededBy.get(n));
            needed.add(n);
            if (n.op() == ArrayOps.PLACEHOLDER) {
                throw new FeedException("Placeholder '" + n.name() + "' (" + n.output(0).dtype() + n.output(0).shape()
                        + ") must be fed: " + neededBy.get(n) + " depends on it");
            }
            OpType op = opDef(n);
            for (int i = 0; i < n.inputs().size(); i++) {
                Output in = n.input(i);
                if (op.isRefInput(i) || fed.containsKey(in) || readsAtUse(in, fed)) continue;
                require(in.node(), "'" + n.name() + "'", seen, work, neededBy);
            }
            for (Node c : n.controlInputs()) {
                // A body's member waits for an outside node through the control-flow node that runs the body.
                if (body != null && !body.members().contains(c)) continue;
                // As in TensorFlow, feeding a placeholder also stands in for it as a control input.
                if (c.op() == ArrayOps.PLACEHOLDER && fed.containsKey(c.output(0))) continue;
                require(c, "'" + n.name() + "'", seen, work, neededBy);
            }
        }
        // Inputs were added to the graph before their consumers, so node ids are a topological order.
        needed.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return needed;
    }

    /**
     * A body's plan computes its members only (and reads variables); a Session's plan computes no member of any
     * body, since members run only when their control-flow node runs them.
     */
    private static void checkReachable(Node n, Body body, Map<Node, Body> ownerOf, String by) {
        if (body != null) {
            if (!body.members().contains(n) && n.op() != StateOps.VARIABLE) {
                throw new PlacementException("Node '" + n.name() + "' (" + n.opName() + ") is not a member of " + body + ", but "
                        + by + " there needs it and it is not one of the body's params");
            }
        } else if (ownerOf.containsKey(n) || n.op() == ControlFlowOps.ARG) {
            String where = ownerOf.containsKey(n) ? "is built inside " + ownerOf.get(n) : "is an argument of a control-flow body";
            throw new PlacementException("Node '" + n.name() + "' (" + n.opName() + ") " + where + " and runs only there, but " + by
                    + " needs it outside; use the outputs of the cond or while loop instead");
        }
    }

    /** Every node that belongs to a control-flow body of the graph, with its body (empty for a graph without control flow). */
    private Map<Node, Body> bodyMembers() {
        Map<Node, Body> owner = new HashMap<>();
        for (Node n : graph.nodes()) {
            for (Body b : ControlFlowOps.bodies(n)) for (Node m : b.members()) owner.putIfAbsent(m, b);
        }
        return owner;
    }

    /**
     * A variable's value is read when its consumer runs, not when the variable node's turn comes, so that
     * a consumer ordered after an update (by a control dependency) sees the updated value, as with
     * TensorFlow's reference variables. This holds whether or not the variable node itself is in the plan
     * (fetched, or a control input): its own step is then one more read, ordered like any other, and its
     * consumers never take its slot. A fed variable output is a value like any fed one.
     */
    private static boolean readsAtUse(Output in, Map<Output, Integer> fed) {
        return in.node().op() == StateOps.VARIABLE && !fed.containsKey(in);
    }

    private static void require(Node n, String by, boolean[] seen, Deque<Node> work, Map<Node, String> neededBy) {
        if (seen[n.id()]) return;
        seen[n.id()] = true;
        neededBy.put(n, by);
        work.push(n);
    }

    private static OpType opDef(Node n) { return n.op(); }

    private record Placed(Device device, KernelFactory factory) {}

    /** A group's step: on the host, its kernel made by the host's fuser from the members' own (placed as usual). */
    private Placed fused(Fusion.Group group) {
        List<dev.nagare.device.Kernel> own = new ArrayList<>();
        for (Node m : group.members()) {
            Placed p = place(m, opDef(m));
            if (p.device != host) throw new IllegalStateException("member '" + m.name() + "' of a fused group is not on the host");
            own.add(p.factory.create(m));
        }
        dev.nagare.device.Kernel k = host.fuser().fuse(group.members(), group.inputs(), group.outputs(), own);
        return new Placed(host, node -> k);
    }

    private Placed place(Node node, OpType op) {
        DType dtype = kernelDtype(node, op);
        Device wanted = host;
        if (!node.device().isEmpty()) {
            DeviceSpec spec = DeviceSpec.parse(node.device());
            Optional<Device> found = devices.stream().filter(d -> d.spec().equals(spec)).findFirst();
            if (found.isPresent()) {
                wanted = found.get();
            } else if (!softPlacement) {
                String why = spec.type().equals("GPU") && !gpuMissingReason.isEmpty() ? " (" + gpuMissingReason + ")" : "";
                throw new PlacementException("Node '" + node.name() + "' (" + node.opName() + ") asks for " + spec
                        + ", which this Session does not have" + why + "; it has " + names()
                        + ". Turn on soft placement to run it on the CPU instead");
            }
        }
        Optional<KernelFactory> kernel = wanted.kernel(node.opName(), dtype);
        if (kernel.isEmpty() && softPlacement && wanted != host) {
            wanted = host;
            kernel = host.kernel(node.opName(), dtype);
        }
        if (kernel.isEmpty()) {
            throw new PlacementException("Node '" + node.name() + "' (" + node.opName() + "): " + wanted.spec()
                    + " has no kernel for " + node.opName() + " on " + (dtype == null ? "no dtype" : dtype));
        }
        if (placementLog != null) placementLog.accept(node.name() + ": (" + node.opName() + "): " + wanted.spec());
        KernelFactory factory = kernel.get();
        if (factory instanceof ResourceKernelFactory r) factory = n -> r.create(n, resources);
        return new Placed(wanted, factory);
    }

    /** The dtype that picks the node's kernel, as its op definition says. */
    private static DType kernelDtype(Node node, OpType op) {
        int i = op.kernelDtypeInput();
        if (i == OpType.BY_OUTPUT || node.inputs().size() <= i) {
            return node.outputCount() > 0 ? node.output(0).dtype() : null;
        }
        return node.input(i).dtype();
    }

    private String names() {
        return devices.stream().map(d -> d.spec().toString()).collect(Collectors.joining(", "));
    }
}
