package dev.nagare.interop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;

/**
 * Rewrites TensorFlow 1.x dataflow control flow into the functional form Nagare imports, as TensorFlow's own
 * functionalization pass does: a cond (Switch nodes on one predicate, whose two sides meet again in Merge
 * nodes) becomes an {@code If} whose branches are the nodes of each side; a while loop (a frame of Enter
 * nodes, one Merge / Switch / NextIteration / Exit per loop variable, and a LoopCond) becomes a {@code While}
 * whose cond is what computes the LoopCond's input and whose body is what computes the NextIterations'
 * inputs. Each Merge (cond) or Exit (loop) keeps its name as an Identity of the new node's output, so what
 * reads it is unchanged. Innermost conds go first, then loops; loops nested in loops are not supported.
 *
 * <p>The functions written here are for Nagare's importer only: their body nodes refer to each other by graph
 * names ({@code node:i}) and their arguments carry no types.
 */
final class DataflowControlFlow {
    private static final Set<String> SWITCHES = Set.of("Switch", "RefSwitch");
    private static final Set<String> DATAFLOW = Set.of("Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit", "RefExit",
            "NextIteration", "RefNextIteration", "LoopCond");

    record Result(List<NodeDef> nodes, FunctionDefLibrary library) {}

    private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    private final FunctionDefLibrary.Builder library;
    private int functions;

    private DataflowControlFlow(List<NodeDef> defs, FunctionDefLibrary library) {
        for (NodeDef d : defs) nodes.put(d.getName(), d);
        this.library = library.toBuilder();
    }

    static Result functionalize(List<NodeDef> defs, FunctionDefLibrary library) {
        if (defs.stream().noneMatch(d -> DATAFLOW.contains(d.getOp()))) return new Result(defs, library);
        DataflowControlFlow f = new DataflowControlFlow(defs, library);
        while (f.nextCond()) { /* one cond at a time, innermost first */ }
        while (f.nextLoop()) { /* one frame at a time */ }
        for (NodeDef d : f.nodes.values()) {
            if (DATAFLOW.contains(d.getOp())) {
                throw BadModel.unsupported("node '" + d.getName() + "' (" + d.getOp() + ") is part of control flow that Nagare cannot turn into"
                        + " If or While (a loop nested in a loop, or a cond whose sides do not meet in Merge nodes)");
            }
        }
        return new Result(List.copyOf(f.nodes.values()), f.library.build());
    }

    // ---- conds ----

    private boolean nextCond() {
        Map<String, List<String>> byPredicate = new LinkedHashMap<>();
        for (NodeDef d : nodes.values()) {
            if (!SWITCHES.contains(d.getOp()) || d.getInputCount() < 2) continue;
            TensorRef pred = throughIdentities(TensorRef.parse(d.getInput(1)));
            NodeDef p = nodes.get(pred.node());
            if (p != null && p.getOp().equals("LoopCond")) continue; // a loop's switch
            // TensorFlow's cond switches each input on an Identity of the predicate: one cond per predicate value.
            byPredicate.computeIfAbsent(pred.toString(), k -> new ArrayList<>()).add(d.getName());
        }
        for (Map.Entry<String, List<String>> g : byPredicate.entrySet()) {
            Set<String> switches = new LinkedHashSet<>(g.getValue());
            Set<String> merges = new LinkedHashSet<>();
            Set<String> then = side(switches, 1, merges), otherwise = side(switches, 0, merges);
            if (hasDataflow(then) || hasDataflow(otherwise) || merges.isEmpty()) continue; // an inner cond or loop goes first
            for (String n : then) {
                if (otherwise.contains(n)) throw BadModel.unsupported("node '" + n + "' is on both sides of the cond on '" + g.getKey() + "'");
            }
            rewriteCond(g.getKey(), switches, then, otherwise, List.copyOf(merges));
            return true;
        }
        return false;
    }

    /** The nodes that read output {@code port} of the switches, and what they feed, up to the Merge nodes (collected). */
    private Set<String> side(Set<String> switches, int port, Set<String> merges) {
        Set<String> region = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (NodeDef d : nodes.values()) {
            for (String in : d.getInputList()) {
                TensorRef r = TensorRef.parse(in);
                if (switches.contains(r.node()) && (r.control() || r.index() == port)) work.add(d.getName());
            }
        }
        Map<String, List<String>> consumers = consumers();
        while (!work.isEmpty()) {
            String n = work.pop();
            if (region.contains(n) || switches.contains(n)) continue;
            if (nodes.get(n).getOp().equals("Merge")) { merges.add(n); continue; }
            region.add(n);
            work.addAll(consumers.getOrDefault(n, List.of()));
        }
        return region;
    }

    private void rewriteCond(String pred, Set<String> switches, Set<String> then, Set<String> otherwise, List<String> merges) {
        Args args = new Args();
        for (String s : switches) args.of(TensorRef.parse(nodes.get(s).getInput(0)).toString());
        Set<String> controls = new LinkedHashSet<>();
        for (String s : switches) for (String in : nodes.get(s).getInputList()) if (in.startsWith("^")) controls.add(in);
        List<String> thenRets = new ArrayList<>(), elseRets = new ArrayList<>();
        for (String m : merges) {
            String t = null, f = null;
            for (String in : nodes.get(m).getInputList()) {
                if (in.startsWith("^")) continue;
                TensorRef r = TensorRef.parse(in);
                boolean onThen = then.contains(r.node()) || switches.contains(r.node()) && r.index() == 1;
                boolean onElse = otherwise.contains(r.node()) || switches.contains(r.node()) && r.index() == 0;
                if (onThen && t == null) t = in;
                else if (onElse && f == null) f = in;
                else throw BadModel.unsupported("Merge '" + m + "' takes '" + in + "', which is not one side of the cond on '" + pred + "'");
            }
            if (t == null || f == null) throw BadModel.unsupported("Merge '" + m + "' does not join both sides of the cond on '" + pred + "'");
            thenRets.add(t);
            elseRets.add(f);
        }
        // Name the arguments of both sides first: both functions take the same ones.
        Map<String, String> thenPorts = switchPorts(switches, 1, args), elsePorts = switchPorts(switches, 0, args);
        List<NodeDef> thenNodes = body(then, thenPorts, args, controls), elseNodes = body(otherwise, elsePorts, args, controls);
        List<String> thenOut = rets(thenRets, then, thenPorts, args), elseOut = rets(elseRets, otherwise, elsePorts, args);
        String name = unique(merges.get(0) + "/If");
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp("If").addInput(pred);
        for (String a : args.tensors) b.addInput(a);
        b.addAllInput(controls);
        b.putAttr("then_branch", func(function("cond_true", args.size(), thenNodes, thenOut)));
        b.putAttr("else_branch", func(function("cond_false", args.size(), elseNodes, elseOut)));
        checkOnlyFirstOutputsRead(merges, "a Merge's value_index");
        remove(then);
        remove(otherwise);
        remove(switches);
        remove(merges);
        nodes.put(name, b.build());
        for (int k = 0; k < merges.size(); k++) nodes.put(merges.get(k), identity(merges.get(k), name + ":" + k));
    }

    private Map<String, String> switchPorts(Set<String> switches, int port, Args args) {
        Map<String, String> m = new HashMap<>();
        for (String s : switches) m.put(s + (port == 0 ? "" : ":" + port), args.of(TensorRef.parse(nodes.get(s).getInput(0)).toString()));
        return m;
    }

    // ---- loops ----

    private boolean nextLoop() {
        NodeDef first = nodes.values().stream().filter(d -> d.getOp().equals("Enter")).findFirst().orElse(null);
        if (first == null) return false;
        String frame = first.getAttrOrDefault("frame_name", AttrValue.getDefaultInstance()).getS().toStringUtf8();
        List<String> vars = new ArrayList<>(), invariants = new ArrayList<>();
        for (NodeDef d : nodes.values()) {
            if (!d.getOp().equals("Enter") || !d.getAttrOrDefault("frame_name", AttrValue.getDefaultInstance()).getS().toStringUtf8().equals(frame)) continue;
            (d.getAttrOrDefault("is_constant", AttrValue.getDefaultInstance()).getB() ? invariants : vars).add(d.getName());
        }
        Map<String, List<String>> consumers = consumers();
        List<String> merges = new ArrayList<>(), switches = new ArrayList<>(), nexts = new ArrayList<>(), exits = new ArrayList<>();
        String loopCond = null;
        for (String e : vars) {
            String m = only(consumers, e, "Merge", "Enter '" + e + "'");
            String s = only(consumers, m, "Switch", "Merge '" + m + "'");
            NodeDef merge = nodes.get(m), sw = nodes.get(s);
            String next = null;
            for (String in : merge.getInputList()) {
                String n = TensorRef.parse(in).node();
                if (nodes.containsKey(n) && nodes.get(n).getOp().equals("NextIteration")) next = n;
            }
            if (next == null) throw BadModel.unsupported("Merge '" + m + "' of loop '" + frame + "' has no NextIteration input");
            String lc = TensorRef.parse(sw.getInput(1)).node();
            if (loopCond != null && !loopCond.equals(lc)) throw BadModel.unsupported("loop '" + frame + "' has two LoopCond nodes");
            loopCond = lc;
            String exit = null;
            for (String c : consumers.getOrDefault(s, List.of())) if (nodes.get(c).getOp().equals("Exit")) exit = c;
            merges.add(m);
            switches.add(s);
            nexts.add(next);
            exits.add(exit);
        }
        if (loopCond == null) throw BadModel.unsupported("loop '" + frame + "' has no loop variable");
        Args args = new Args();
        Map<String, String> condPorts = new HashMap<>(), bodyPorts = new HashMap<>();
        for (int k = 0; k < vars.size(); k++) {
            String a = args.of("var " + k, data(vars.get(k))); // one argument per variable, even where two start alike
            condPorts.put(merges.get(k), a);
            bodyPorts.put(switches.get(k) + ":1", a);
        }
        for (String c : invariants) {
            String a = args.of("enter " + c, data(c));
            condPorts.put(c, a);
            bodyPorts.put(c, a);
        }
        Set<String> stops = new LinkedHashSet<>(merges);
        stops.addAll(switches);
        stops.addAll(invariants);
        String pred = nodes.get(loopCond).getInput(0);
        Set<String> condRegion = backward(List.of(pred), stops, frame);
        List<String> bodyResults = new ArrayList<>();
        for (String n : nexts) bodyResults.add(nodes.get(n).getInput(0));
        Set<String> bodyRegion = backward(bodyResults, stops, frame);
        List<NodeDef> condNodes = body(condRegion, condPorts, args, new LinkedHashSet<>());
        List<NodeDef> bodyNodes = body(bodyRegion, bodyPorts, args, new LinkedHashSet<>());
        List<String> condOut = rets(List.of(pred), condRegion, condPorts, args);
        List<String> bodyOut = rets(bodyResults, bodyRegion, bodyPorts, args);
        for (int k = vars.size(); k < args.size(); k++) bodyOut.add("a" + k); // invariants and outside values pass through

        String name = unique(merges.get(0) + "/While");
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp("While");
        for (String t : args.tensors) b.addInput(t);
        Set<String> controls = new LinkedHashSet<>();
        for (String e : vars) waits(nodes.get(e), controls);
        for (String c : invariants) waits(nodes.get(c), controls);
        b.addAllInput(controls);
        b.putAttr("cond", func(function("while_cond", args.size(), condNodes, condOut)));
        b.putAttr("body", func(function("while_body", args.size(), bodyNodes, bodyOut)));

        Set<String> frameNodes = frame(vars, invariants, consumers);
        for (String n : frameNodes) {
            if (nodes.get(n).getOp().equals("Exit")) continue; // read from outside: replaced by the While's output
            for (String c : consumers.getOrDefault(n, List.of())) {
                if (!frameNodes.contains(c)) {
                    throw BadModel.unsupported("node '" + c + "' reads '" + n + "' inside loop '" + frame + "' without an Exit");
                }
            }
        }
        remove(frameNodes);
        nodes.put(name, b.build());
        for (int k = 0; k < exits.size(); k++) if (exits.get(k) != null) nodes.put(exits.get(k), identity(exits.get(k), name + ":" + k));
        return true;
    }

    private static void waits(NodeDef enter, Set<String> controls) {
        for (String in : enter.getInputList()) if (in.startsWith("^")) controls.add(in);
    }

    /** The tensor a node's data input 0 reads. */
    private String data(String node) { return TensorRef.parse(nodes.get(node).getInput(0)).toString(); }

    /** What the frame's Enter nodes reach, up to and with its Exit nodes: everything the loop removes. */
    private Set<String> frame(List<String> vars, List<String> invariants, Map<String, List<String>> consumers) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>(vars);
        work.addAll(invariants);
        while (!work.isEmpty()) {
            String n = work.pop();
            if (!seen.add(n)) continue;
            if (nodes.get(n).getOp().equals("Exit")) continue;
            work.addAll(consumers.getOrDefault(n, List.of()));
        }
        return seen;
    }

    /** The nodes that {@code tensors} need, not walking past {@code stops}; an Enter there is a nested loop. */
    private Set<String> backward(List<String> tensors, Set<String> stops, String frame) {
        Set<String> region = new LinkedHashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (String t : tensors) work.add(TensorRef.parse(t).node());
        while (!work.isEmpty()) {
            String n = work.pop();
            if (stops.contains(n) || !region.add(n)) continue;
            NodeDef d = nodes.get(n);
            if (d == null) throw BadModel.bad("loop '" + frame + "' reads '" + n + "', which no node is named");
            if (DATAFLOW.contains(d.getOp())) {
                throw BadModel.unsupported("loop '" + frame + "' holds '" + n + "' (" + d.getOp() + "): loops nested in loops are not supported");
            }
            for (String in : d.getInputList()) work.add(TensorRef.parse(in).node());
        }
        return region;
    }

    // ---- function bodies ----

    /** The arguments of a function pair, by the tensor (or Enter) they stand for: a0, a1, ... */
    private static final class Args {
        final List<String> tensors = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();

        /** The argument for {@code tensor} read from outside. */
        String of(String tensor) { return of(tensor, tensor); }

        /** The argument known as {@code key} (a loop variable, an invariant Enter), fed {@code tensor}. */
        String of(String key, String tensor) {
            return names.computeIfAbsent(key, k -> { tensors.add(tensor); return "a" + (tensors.size() - 1); });
        }

        int size() { return tensors.size(); }
    }

    /**
     * The region's nodes as a function body: reads of {@code ports} (switch outputs, merges, invariant Enters)
     * become arguments, other reads from outside become arguments too (added to {@code args}), and waits for
     * outside nodes move to the new node ({@code controls}).
     */
    private List<NodeDef> body(Set<String> region, Map<String, String> ports, Args args, Set<String> controls) {
        List<NodeDef> out = new ArrayList<>();
        for (String n : region) {
            NodeDef d = nodes.get(n);
            NodeDef.Builder b = d.toBuilder().clearInput();
            List<String> waits = new ArrayList<>();
            for (String in : d.getInputList()) {
                TensorRef r = TensorRef.parse(in);
                if (r.control()) {
                    if (region.contains(r.node())) waits.add(in);
                    else if (!ports.containsKey(r.node()) && !ports.containsKey(r.node() + ":1") && nodes.containsKey(r.node())
                            && !DATAFLOW.contains(nodes.get(r.node()).getOp())) controls.add(in);
                    continue;
                }
                b.addInput(reference(r, region, ports, args));
            }
            b.addAllInput(waits);
            out.add(b.build());
        }
        return out;
    }

    private List<String> rets(List<String> tensors, Set<String> region, Map<String, String> ports, Args args) {
        List<String> out = new ArrayList<>();
        for (String t : tensors) out.add(reference(TensorRef.parse(t), region, ports, args));
        return out;
    }

    private static String reference(TensorRef r, Set<String> region, Map<String, String> ports, Args args) {
        if (region.contains(r.node())) return r.toString();
        String port = ports.get(r.toString());
        if (port != null) return port;
        return args.of(r.toString()); // a value from outside, passed in
    }

    private String function(String base, int argCount, List<NodeDef> body, List<String> rets) {
        String name = base + "_" + functions++;
        FunctionDef.Builder f = FunctionDef.newBuilder().addAllNodeDef(body);
        var sig = f.getSignatureBuilder().setName(name);
        for (int k = 0; k < argCount; k++) sig.addInputArgBuilder().setName("a" + k);
        for (int i = 0; i < rets.size(); i++) {
            sig.addOutputArgBuilder().setName("r" + i);
            f.putRet("r" + i, rets.get(i));
        }
        library.addFunction(f);
        return name;
    }

    // ---- helpers ----

    private TensorRef throughIdentities(TensorRef r) {
        for (int hops = 0; hops < nodes.size(); hops++) {
            NodeDef d = nodes.get(r.node());
            if (d == null || !d.getOp().equals("Identity") || r.index() != 0 || d.getInputCount() == 0 || d.getInput(0).startsWith("^")) return r;
            r = TensorRef.parse(d.getInput(0));
        }
        return r;
    }

    private static AttrValue func(String name) { return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build(); }

    private static NodeDef identity(String name, String input) { return NodeDef.newBuilder().setName(name).setOp("Identity").addInput(input).build(); }

    private String unique(String base) {
        String name = base;
        for (int i = 1; nodes.containsKey(name); i++) name = base + "_" + i;
        return name;
    }

    private void remove(Iterable<String> names) { for (String n : names) nodes.remove(n); }

    private void checkOnlyFirstOutputsRead(List<String> merges, String what) {
        for (NodeDef d : nodes.values()) {
            for (String in : d.getInputList()) {
                TensorRef r = TensorRef.parse(in);
                if (!r.control() && merges.contains(r.node()) && r.index() != 0) {
                    throw BadModel.unsupported("node '" + d.getName() + "' reads " + what + " ('" + in + "')");
                }
            }
        }
    }

    /** Who reads each node (data or control). */
    private Map<String, List<String>> consumers() {
        Map<String, List<String>> m = new HashMap<>();
        for (NodeDef d : nodes.values()) {
            for (String in : d.getInputList()) m.computeIfAbsent(TensorRef.parse(in).node(), k -> new ArrayList<>()).add(d.getName());
        }
        return m;
    }

    /** The single consumer of {@code node} with op {@code op}. */
    private String only(Map<String, List<String>> consumers, String node, String op, String what) {
        String found = null;
        for (String c : consumers.getOrDefault(node, List.of())) {
            if (!nodes.get(c).getOp().equals(op)) continue;
            if (found != null && !found.equals(c)) throw BadModel.unsupported(what + " feeds two " + op + " nodes");
            found = c;
        }
        if (found == null) throw BadModel.unsupported(what + " feeds no " + op + " node");
        return found;
    }

    private boolean hasDataflow(Set<String> region) {
        for (String n : region) if (DATAFLOW.contains(nodes.get(n).getOp())) return true;
        return false;
    }
}
