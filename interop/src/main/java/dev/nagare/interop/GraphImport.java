package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import dev.nagare.interop.FunctionLibraryException.Kind;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NodeDef;

/**
 * Builds a Nagare graph from TensorFlow NodeDefs: the nodes that the roots need (data and control inputs),
 * in dependency order. Inputs that Nagare takes as attrs are read from the Const nodes that produce them,
 * and those Consts are not imported unless something else uses them. Every op type is checked before
 * anything is built, so that one failure lists all missing ones. Problems surface as {@link BadModel}.
 */
final class GraphImport {
    private final Map<String, NodeDef> defs = new LinkedHashMap<>();
    private final Map<String, List<TensorRef>> refs = new HashMap<>();
    private final Map<String, Tensor> constants = new HashMap<>();
    private final TensorProtos.ExpansionBudget budget;
    private final Graph graph;
    private final Map<String, Node> imported = new LinkedHashMap<>();
    private final FunctionInliner.Result inlined;
    private final FunctionDefLibrary library;
    private final long maxNodes;
    /** Names that stand for values from outside these nodes: a function body's arguments (none for a graph). */
    private final Map<String, Output> bound;

    /** {@code constantBudget}: the bytes all Consts together may expand to beyond what the file stores. */
    GraphImport(Collection<NodeDef> nodes, long constantBudget) {
        this(nodes, FunctionDefLibrary.getDefaultInstance(), constantBudget, FunctionInliner.DEFAULT_MAX_NODES);
    }

    /**
     * Nodes that may call the functions of {@code library}: the calls are inlined first (see
     * {@link FunctionInliner}), adding at most {@code maxNodes} nodes to the graph.
     */
    GraphImport(Collection<NodeDef> nodes, FunctionDefLibrary library, long constantBudget, long maxNodes) {
        this(nodes, library, new TensorProtos.ExpansionBudget(constantBudget), maxNodes, new Graph(), new HashMap<>());
    }

    /**
     * Makes node {@code name} a value fed from outside, before {@link #run}: a Placeholder of {@code dtype} and
     * {@code shape} under its name stands for its output 0, and nothing behind it is imported, as TensorFlow feeds
     * a signature input that the graph computes (x:0 = Identity(ParseExample(...))) without running what computes it.
     */
    Output feedInstead(String name, DType dtype, Shape shape) {
        Output p = Tf.of(graph).placeholder(dtype, shape, name);
        bound.put(name, p);
        return p;
    }

    /** The value fed in place of node {@code name} ({@link #feedInstead}), or null. */
    Output fed(String name) { return bound.get(name); }

    private GraphImport(Collection<NodeDef> nodes, FunctionDefLibrary library, TensorProtos.ExpansionBudget budget, long maxNodes,
                        Graph graph, Map<String, Output> bound) {
        this.budget = budget;
        this.maxNodes = maxNodes;
        this.graph = graph;
        this.bound = bound;
        DataflowControlFlow.Result functional = DataflowControlFlow.functionalize(List.copyOf(nodes), library);
        this.library = functional.library();
        this.inlined = FunctionInliner.inline(functional.nodes(), functional.library(), maxNodes);
        for (NodeDef d : inlined.nodes()) {
            if (d.getName().isEmpty()) throw BadModel.bad("a node has an empty name");
            if (defs.put(d.getName(), d) != null) throw BadModel.bad("two nodes are named '" + d.getName() + "'");
        }
        for (NodeDef d : defs.values()) {
            List<TensorRef> rs = new ArrayList<>(d.getInputCount());
            boolean controls = false;
            for (String s : d.getInputList()) {
                TensorRef r = TensorRef.parse(s);
                if (!defs.containsKey(r.node()) && !bound.containsKey(r.node())) throw BadModel.bad("node '" + d.getName() + "' reads '" + s + "', but no node has that name");
                if (!r.control() && controls) throw BadModel.bad("node '" + d.getName() + "' lists data input '" + s + "' after a control input");
                controls |= r.control();
                rs.add(r);
            }
            refs.put(d.getName(), rs);
        }
    }

    NodeDef def(String name) { return defs.get(name); }

    /**
     * The tensor that holds {@code r} after inlining: an output of a function call is an output of a node of
     * the inlined body; any other reference is returned as it is.
     */
    TensorRef resolve(TensorRef r) { return inlined.resolve(r); }

    /** Aliases of the inlined calls' outputs: {@code call:i} to the tensor of the body that holds it. */
    Map<String, String> aliases() {
        Map<String, String> m = new java.util.TreeMap<>();
        inlined.aliases().forEach((call, outs) -> {
            for (int i = 0; i < outs.size(); i++) m.put(call + ":" + i, resolve(TensorRef.parse(outs.get(i))).toString());
        });
        return m;
    }

    Collection<NodeDef> defs() { return defs.values(); }

    Graph graph() { return graph; }

    /** The imported node of that TensorFlow name, or null. */
    Node node(String name) { return imported.get(name); }

    Map<String, Node> nodes() { return imported; }

    /** Every node except Consts (and Identities of them) that are only read as static values. */
    Set<String> allButStaticOnly() {
        Set<String> dynamic = new HashSet<>(), staticUse = new HashSet<>();
        for (NodeDef d : defs.values()) {
            List<TensorRef> rs = refs.get(d.getName());
            int data = dataCount(rs);
            TfOpMapping.ImportRule rule = TfOpMapping.forTfOp(d.getOp()).orElse(null);
            for (int i = 0; i < rs.size(); i++) {
                boolean isStatic = !rs.get(i).control() && rule != null && takenStatic(rule, i, data, rs.get(i));
                (isStatic ? staticUse : dynamic).add(rs.get(i).node());
            }
        }
        Set<String> roots = new HashSet<>(defs.keySet());
        for (String s : staticUse) if (!dynamic.contains(s)) roots.remove(s);
        return roots;
    }

    /** Imports the roots and everything they need. */
    void run(Collection<String> roots) {
        List<String> order = order(needed(roots));
        for (String name : order) importNode(defs.get(name));
    }

    private Set<String> needed(Collection<String> roots) {
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (String r : roots) {
            if (!defs.containsKey(r)) throw BadModel.bad("no node named '" + r + "'");
            work.add(r);
        }
        Set<String> walked = new HashSet<>();
        while (!work.isEmpty()) {
            String n = work.pop();
            if (bound.containsKey(n) || !seen.add(n)) continue;
            BadModel deferred = inlined.deferred().get(n);
            if (deferred != null) throw deferred;
            NodeDef d = defs.get(n);
            TfOpMapping.ImportRule rule = TfOpMapping.forTfOp(d.getOp()).orElse(null);
            List<TensorRef> rs = refs.get(n);
            int data = dataCount(rs);
            for (int i = 0; i < rs.size(); i++) {
                TensorRef r = rs.get(i);
                if (r.control() || rule == null || !takenStatic(rule, i, data, r)) work.push(r.node());
            }
        }
        missingOps(roots);
        return seen;
    }

    /**
     * Fails listing every op type without an import rule that the roots reach, one node name each, following
     * static inputs too (a shape computed by an unsupported op behind a Reshape is as missing as any other).
     */
    private void missingOps(Collection<String> roots) {
        Map<String, String> missing = new java.util.TreeMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> work = new ArrayDeque<>(roots);
        while (!work.isEmpty()) {
            String n = work.pop();
            if (bound.containsKey(n) || !seen.add(n)) continue;
            NodeDef d = defs.get(n);
            if (TfOpMapping.forTfOp(d.getOp()).isEmpty()) missing.putIfAbsent(d.getOp().isEmpty() ? "(empty op name)" : d.getOp(), n);
            for (TensorRef r : refs.get(n)) work.push(r.node());
        }
        if (!missing.isEmpty()) throw new MissingOps(List.copyOf(missing.keySet()), List.copyOf(missing.values()));
    }

    /** A static input of a rule is read as a value, unless the rule allows it computed and it is not a Const. */
    private boolean takenStatic(TfOpMapping.ImportRule rule, int i, int data, TensorRef r) {
        if (!rule.isStatic(i, data)) return false;
        return !rule.mayBeComputed(i) || isConstant(r);
    }

    /** True when the tensor comes from a Const, possibly through Identity nodes. */
    private boolean isConstant(TensorRef r) {
        for (int hops = 0; hops <= defs.size(); hops++) {
            NodeDef d = defs.get(r.node());
            if (d == null) return false; // an argument
            if (d.getOp().equals("Identity") && r.index() == 0 && !refs.get(d.getName()).isEmpty()) {
                r = refs.get(d.getName()).get(0);
                continue;
            }
            return d.getOp().equals("Const") && r.index() == 0;
        }
        return false;
    }

    /** Kahn's algorithm over the needed nodes' wired edges; a cycle is a malformed (or control-flow) graph. */
    private List<String> order(Set<String> needed) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (String n : needed) {
            int count = 0;
            for (String p : wiredInputs(n)) {
                if (bound.containsKey(p)) continue; // an argument: there before any body node
                count++;
                consumers.computeIfAbsent(p, k -> new ArrayList<>()).add(n);
            }
            pending.put(n, count);
        }
        Deque<String> ready = new ArrayDeque<>();
        for (String n : defs.keySet()) if (needed.contains(n) && pending.get(n) == 0) ready.add(n);
        List<String> order = new ArrayList<>(needed.size());
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String c : consumers.getOrDefault(n, List.of())) {
                if (pending.merge(c, -1, Integer::sum) == 0) ready.add(c);
            }
        }
        if (order.size() != needed.size()) {
            String stuck = needed.stream().filter(n -> pending.get(n) > 0).sorted().findFirst().orElse("?");
            throw BadModel.unsupported("the graph has a cycle through node '" + stuck + "' (control flow is not supported)");
        }
        return order;
    }

    /** The producers a node is wired to: its non-static data inputs and its control inputs. */
    private List<String> wiredInputs(String name) {
        NodeDef d = defs.get(name);
        TfOpMapping.ImportRule rule = TfOpMapping.forTfOp(d.getOp()).orElseThrow();
        List<TensorRef> rs = refs.get(name);
        int data = dataCount(rs);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            if (rs.get(i).control() || !takenStatic(rule, i, data, rs.get(i))) out.add(rs.get(i).node());
        }
        return out;
    }

    private void importNode(NodeDef d) {
        String where = "node '" + d.getName() + "' (" + d.getOp() + ")";
        TfOpMapping.ImportRule rule = TfOpMapping.forTfOp(d.getOp()).orElseThrow();
        List<TensorRef> rs = refs.get(d.getName());
        int data = dataCount(rs);
        List<Output> inputs = new ArrayList<>(data);
        List<String> names = new ArrayList<>(data);
        List<Node> controls = new ArrayList<>();
        try {
            for (int i = 0; i < rs.size(); i++) {
                TensorRef r = rs.get(i);
                if (r.control()) {
                    // A body node's wait for an argument is the control-flow node's, which waits for its inputs.
                    if (!bound.containsKey(r.node())) controls.add(imported.get(r.node()));
                    continue;
                }
                names.add(r.toString());
                inputs.add(takenStatic(rule, i, data, r) ? null : output(r));
            }
            Node n = rule.importer().importNode(new ImportContext(d, inputs, names, controls, this));
            if (!n.name().equals(d.getName())) throw BadModel.bad("was imported under the name '" + n.name() + "'");
            imported.put(d.getName(), n);
        } catch (BadModel e) {
            throw e.at(where);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // a GraphException from shape inference, among others; it may name the node already
            String m = String.valueOf(e.getMessage());
            throw m.startsWith("Node '" + d.getName() + "' (") ? BadModel.bad(m) : BadModel.bad(m).at(where);
        }
    }

    private Output output(TensorRef r) {
        Output arg = bound.get(r.node());
        if (arg != null) {
            if (r.index() != 0) throw BadModel.bad("reads output " + r.index() + " of argument '" + r.node() + "'");
            return arg;
        }
        Node p = imported.get(r.node());
        if (r.index() >= p.outputCount()) {
            throw BadModel.bad("reads output " + r.index() + " of '" + r.node() + "', which has " + p.outputCount() + " outputs");
        }
        return p.output(r.index());
    }

    /**
     * Imports the body of library function {@code fname} into this graph for the control-flow node {@code owner}:
     * its arguments are {@code args}, its nodes are named {@code prefix/<node>}; returns its outputs in the order
     * of its signature. Calls inside it are inlined as in a graph.
     */
    List<Output> importFunction(String fname, List<Output> args, String prefix, String owner) {
        FunctionDef f = null;
        for (FunctionDef c : library.getFunctionList()) if (c.getSignature().getName().equals(fname)) f = c;
        if (f == null) throw BadModel.function(Kind.MISSING_FUNCTION, fname, owner, "the function library has no function '" + fname + "'");
        var sig = f.getSignature();
        if (sig.getInputArgCount() != args.size()) {
            throw BadModel.function(Kind.ARITY, fname, owner, "the node passes " + args.size() + " inputs, the function takes " + sig.getInputArgCount());
        }
        Map<String, Output> bind = new HashMap<>();
        Map<String, String> argNames = new HashMap<>();
        for (int k = 0; k < args.size(); k++) {
            String pseudo = prefix + "/_arg/" + sig.getInputArg(k).getName();
            bind.put(pseudo, args.get(k));
            argNames.put(sig.getInputArg(k).getName(), pseudo);
        }
        Map<String, NodeDef> body = new HashMap<>();
        for (NodeDef d : f.getNodeDefList()) body.put(d.getName(), d);
        List<NodeDef> nodes = new ArrayList<>();
        for (NodeDef d : f.getNodeDefList()) {
            NodeDef.Builder b = d.toBuilder().setName(prefix + "/" + d.getName()).clearInput();
            for (String in : d.getInputList()) b.addInput(graphReference(in, prefix, argNames, body, fname, owner));
            nodes.add(b.build());
        }
        GraphImport sub = new GraphImport(nodes, library, budget, maxNodes, graph, bind);
        sub.run(sub.allButStaticOnly());
        List<Output> results = new ArrayList<>();
        for (var out : sig.getOutputArgList()) {
            String ret = f.getRetMap().get(out.getName());
            if (ret == null) throw BadModel.function(Kind.ARITY, fname, owner, "output '" + out.getName() + "' has no entry in the ret map");
            results.add(sub.output(sub.resolve(TensorRef.parse(graphReference(ret, prefix, argNames, body, fname, owner)))));
        }
        return results;
    }

    /** A function body's reference ({@code arg}, {@code node:argument:i}, {@code ^node}) as a graph reference. */
    private String graphReference(String s, String prefix, Map<String, String> args, Map<String, NodeDef> body, String fname, String owner) {
        boolean control = s.startsWith("^");
        String ref = control ? s.substring(1) : s;
        String[] parts = ref.split(":", -1);
        String out = null;
        if (args.containsKey(parts[0]) && (parts.length == 1 || parts.length == 2 && parts[1].equals("0"))) {
            out = args.get(parts[0]);
        } else if (body.containsKey(parts[0])) {
            if (parts.length == 1 || control) out = prefix + "/" + parts[0];
            else if (parts.length == 2) out = prefix + "/" + ref;
            else if (parts.length == 3) out = prefix + "/" + parts[0] + ":" + (outputOffset(body.get(parts[0]).getOp(), parts[1]) + Integer.parseInt(parts[2]));
        }
        if (out == null) throw BadModel.function(Kind.BAD_BODY, fname, owner, "a body node reads '" + s + "', which is neither an argument nor a body node's output");
        return control ? "^" + out : out;
    }

    /** Where output argument {@code arg} of an op (or a library function) starts among its outputs. */
    private int outputOffset(String op, String arg) {
        for (FunctionDef c : library.getFunctionList()) {
            if (c.getSignature().getName().equals(op)) {
                var names = c.getSignature().getOutputArgList().stream().map(org.tensorflow.proto.OpDef.ArgDef::getName).toList();
                return Math.max(0, names.indexOf(arg));
            }
        }
        var args = TfOutputArgs.of(op).orElse(List.of());
        if (args.size() <= 1) return 0;
        for (int i = 0; i < args.size(); i++) if (args.get(i).name().equals(arg)) return i;
        return 0;
    }

    /** The value of a tensor that must come from a Const, possibly through Identity nodes. */
    Tensor constant(String tensor) {
        TensorRef r = TensorRef.parse(tensor);
        for (int hops = 0; hops <= defs.size(); hops++) {
            NodeDef d = defs.get(r.node());
            if (d == null) {
                throw BadModel.unsupported("input '" + tensor + "' is an argument of the function, but Nagare needs its value when"
                        + " building the graph: it must be a Const");
            }
            if (d.getOp().equals("Identity") && r.index() == 0 && !refs.get(d.getName()).isEmpty()) {
                r = refs.get(d.getName()).get(0);
                continue;
            }
            if (!d.getOp().equals("Const") || r.index() != 0) {
                throw BadModel.unsupported("input '" + tensor + "' comes from '" + d.getName() + "' (" + d.getOp()
                        + "), but Nagare needs its value when building the graph: it must be a Const");
            }
            try {
                return value(d);
            } catch (BadModel e) {
                throw e.at("Const '" + d.getName() + "'");
            }
        }
        throw BadModel.bad("input '" + tensor + "' follows a cycle of Identity nodes");
    }

    /** The value of a Const, decoded once, what it expands to charged to this import's budget. */
    Tensor value(NodeDef c) {
        Tensor t = constants.get(c.getName());
        if (t == null) {
            t = TensorProtos.tensor(Attrs.of(c).tensor("value"), budget);
            constants.put(c.getName(), t);
        }
        return t;
    }

    private static int dataCount(List<TensorRef> rs) {
        int n = 0;
        for (TensorRef r : rs) if (!r.control()) n++;
        return n;
    }

    /** The op types with no import rule among the needed nodes, sorted, and a node of each. */
    static final class MissingOps extends RuntimeException {
        final List<String> ops;
        final List<String> nodes;

        MissingOps(List<String> ops, List<String> nodes) {
            super(String.join(", ", ops), null, false, false);
            this.ops = ops;
            this.nodes = nodes;
        }
    }
}
