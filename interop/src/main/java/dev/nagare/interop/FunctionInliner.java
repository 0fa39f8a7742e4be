package dev.nagare.interop;

import dev.nagare.interop.FunctionLibraryException.Kind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;

/**
 * Inlines function calls of a GraphDef's function library, as TensorFlow's own graph optimizer does before
 * running a graph: every PartitionedCall, StatefulPartitionedCall, or node whose op names a library function,
 * is replaced by the function's body, its nodes renamed under {@code call/}, attr placeholders
 * ({@code T: $T}) bound from the call, arguments wired to the call's inputs, and nested calls inlined in turn.
 * <ul>
 *   <li>The call's data outputs {@code call:i} become aliases of the body tensors the ret map names; every
 *       reference to them is rewritten. When the function has control outputs (side effects that run with
 *       the call, such as an AssignVariableOp), each output is an Identity that waits for them, as the call's
 *       outputs do in TensorFlow.</li>
 *   <li>A NoOp keeps the call's own name: it waits for the outputs and control outputs, so that {@code ^call}
 *       still means "after the whole call".</li>
 *   <li>The call's control inputs hold back every node of the body (through a NoOp under {@code call/}).</li>
 * </ul>
 * A call that cannot be inlined (missing function, recursion, arity mismatch, unknown placeholder) is kept
 * as it is, its problem deferred: the import fails with it only if something the caller asks for needs the
 * call, so that unused calls (TensorFlow 2's saver functions) cannot break a model. Nesting deeper than
 * {@link #MAX_DEPTH} or adding more nodes than the budget fails at once; a
 * failed call's partial nodes still count, so that a hostile library cannot retry its way past the budget.
 */
final class FunctionInliner {
    /** The deepest chain of nested calls inlined. */
    static final int MAX_DEPTH = 64;
    /** The default node budget: the nodes that inlining may add to the graph, all calls together. */
    static final long DEFAULT_MAX_NODES = 1_000_000;
    private static final int MAX_ALIAS_HOPS = 4096;

    /** Output argument names of TensorFlow ops with several output arguments, in order (each one tensor). */
    private static final Map<String, List<String>> OUTPUT_ARGS = Map.ofEntries(
            Map.entry("SoftmaxCrossEntropyWithLogits", List.of("loss", "backprop")),
            Map.entry("SparseSoftmaxCrossEntropyWithLogits", List.of("loss", "backprop")),
            Map.entry("FusedBatchNorm", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2")),
            Map.entry("FusedBatchNormV2", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2")),
            Map.entry("FusedBatchNormV3", List.of("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2",
                    "reserve_space_3")),
            Map.entry("FusedBatchNormGrad", List.of("x_backprop", "scale_backprop", "offset_backprop", "reserve_space_3",
                    "reserve_space_4")),
            Map.entry("FusedBatchNormGradV2", List.of("x_backprop", "scale_backprop", "offset_backprop", "reserve_space_3",
                    "reserve_space_4")),
            Map.entry("FusedBatchNormGradV3", List.of("x_backprop", "scale_backprop", "offset_backprop", "reserve_space_4",
                    "reserve_space_5")),
            Map.entry("Unique", List.of("y", "idx")),
            Map.entry("TopKV2", List.of("values", "indices")),
            Map.entry("Switch", List.of("output_false", "output_true")),
            Map.entry("RefSwitch", List.of("output_false", "output_true")),
            Map.entry("Merge", List.of("output", "value_index")),
            Map.entry("MaxPoolWithArgmax", List.of("output", "argmax")),
            Map.entry("BroadcastGradientArgs", List.of("r0", "r1")));

    /** The nodes after inlining, the aliases of the calls' outputs, and the problems of calls left as they were. */
    record Result(List<NodeDef> nodes, Map<String, List<String>> aliases, Map<String, String> functions, Map<String, BadModel> deferred) {
        /** Follows call outputs to the tensors that hold them; other references are returned as they are. */
        TensorRef resolve(TensorRef r) {
            for (int hops = 0; !r.control() && hops < MAX_ALIAS_HOPS; hops++) {
                List<String> outs = aliases.get(r.node());
                if (outs == null) return r;
                if (r.index() >= outs.size()) {
                    throw BadModel.function(Kind.ARITY, functions.get(r.node()), r.node(), "output " + r.index()
                            + " is read, but the function has " + outs.size() + " output" + (outs.size() == 1 ? "" : "s"));
                }
                r = TensorRef.parse(outs.get(r.index()));
            }
            if (r.control()) return r;
            throw BadModel.bad("tensor '" + r + "' is an alias of an alias ... beyond " + MAX_ALIAS_HOPS + " hops");
        }
    }

    private final Map<String, FunctionDef> library = new HashMap<>();
    private final long maxNodes;
    private long added;                                      // nodes the inlining added, across all calls
    private final List<NodeDef> out = new ArrayList<>();
    private final Set<String> taken = new HashSet<>();        // node names and the scopes ("a/", "a/b/") under them
    private final Map<String, List<String>> aliases = new HashMap<>();
    private final Map<String, String> functions = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();   // the functions being inlined, outermost last

    private FunctionInliner(FunctionDefLibrary lib, long maxNodes) {
        this.maxNodes = maxNodes;
        for (FunctionDef f : lib.getFunctionList()) {
            String name = f.getSignature().getName();
            if (name.isEmpty()) throw BadModel.bad("the function library has a function with an empty name");
            if (library.put(name, f) != null) throw BadModel.bad("the function library defines '" + name + "' twice");
        }
    }

    /** Inlines every call of {@code nodes} (a GraphDef's) into a flat list of nodes. */
    static Result inline(List<NodeDef> nodes, FunctionDefLibrary lib, long maxNodes) {
        FunctionInliner in = new FunctionInliner(lib, maxNodes);
        boolean anyCall = false;
        for (NodeDef d : nodes) anyCall |= in.isCall(d);
        if (!anyCall) return new Result(nodes, Map.of(), Map.of(), Map.of());
        return in.run(nodes);
    }

    private Result run(List<NodeDef> nodes) {
        for (NodeDef d : nodes) take(d.getName(), 0);
        Map<String, BadModel> deferred = new LinkedHashMap<>();
        for (NodeDef d : nodes) {
            if (!isCall(d)) {
                out.add(d);
                continue;
            }
            int mark = out.size();
            Set<String> before = new HashSet<>(aliases.keySet());
            try {
                expand(d, 0);
            } catch (BadModel e) {
                if (e.kind() == Kind.BUDGET) throw e;
                out.subList(mark, out.size()).clear();
                aliases.keySet().retainAll(before);
                deferred.put(d.getName(), e);
                out.add(d);
            }
        }
        Result partial = new Result(out, aliases, functions, deferred);
        List<NodeDef> rewritten = new ArrayList<>(out.size());
        for (NodeDef d : out) {
            if (deferred.containsKey(d.getName())) {
                rewritten.add(d);
                continue;
            }
            NodeDef.Builder b = null;
            for (int i = 0; i < d.getInputCount(); i++) {
                String s = d.getInput(i);
                if (s.startsWith("^")) continue;
                TensorRef r = TensorRef.parse(s);
                TensorRef to;
                try {
                    to = partial.resolve(r);
                } catch (BadModel e) {
                    throw e.at("node '" + d.getName() + "' (" + d.getOp() + ")");
                }
                if (to != r) {
                    if (b == null) b = d.toBuilder();
                    b.setInput(i, to.toString());
                }
            }
            rewritten.add(b == null ? d : b.build());
        }
        return new Result(rewritten, Map.copyOf(aliases), Map.copyOf(functions), deferred);
    }

    private boolean isCall(NodeDef d) {
        return d.getOp().equals("PartitionedCall") || d.getOp().equals("StatefulPartitionedCall") || library.containsKey(d.getOp());
    }

    /** Inlines {@code call}, whose name and inputs are already in the graph's namespace. */
    private void expand(NodeDef call, int depth) {
        String node = call.getName();
        String fname;
        Map<String, AttrValue> bound = new HashMap<>();
        if (library.containsKey(call.getOp())) {
            fname = call.getOp();
            bound.putAll(call.getAttrMap());
        } else {
            AttrValue f = call.getAttrMap().get("f");
            if (f == null || f.getValueCase() != AttrValue.ValueCase.FUNC || f.getFunc().getName().isEmpty()) {
                throw BadModel.function(Kind.MISSING_FUNCTION, "", node, call.getOp() + " has no function attr 'f'");
            }
            fname = f.getFunc().getName();
            bound.putAll(f.getFunc().getAttrMap());
        }
        FunctionDef f = library.get(fname);
        if (f == null) throw BadModel.function(Kind.MISSING_FUNCTION, fname, node, "the function library has no function '" + fname + "'");
        if (stack.contains(fname)) {
            List<String> chain = new ArrayList<>(stack);
            java.util.Collections.reverse(chain);
            chain.add(fname);
            throw BadModel.function(Kind.RECURSION, fname, node, "the function calls itself (" + String.join(" -> ", chain) + ")");
        }
        if (depth >= MAX_DEPTH) throw BadModel.function(Kind.BUDGET, fname, node, "calls are nested deeper than " + MAX_DEPTH);
        OpDef sig = f.getSignature();
        Map<String, AttrValue> attrs = new HashMap<>();
        for (OpDef.AttrDef a : sig.getAttrList()) if (a.hasDefaultValue()) attrs.put(a.getName(), a.getDefaultValue());
        attrs.putAll(bound);

        List<String> data = new ArrayList<>(), controls = new ArrayList<>();
        for (String s : call.getInputList()) (s.startsWith("^") ? controls : data).add(s);
        for (OpDef.ArgDef a : sig.getInputArgList()) simpleArg(a, fname, node, "input");
        for (OpDef.ArgDef a : sig.getOutputArgList()) simpleArg(a, fname, node, "output");
        if (data.size() != sig.getInputArgCount()) {
            throw BadModel.function(Kind.ARITY, fname, node, "the call passes " + data.size() + " input" + (data.size() == 1 ? "" : "s")
                    + ", the function takes " + sig.getInputArgCount());
        }
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < data.size(); i++) args.put(sig.getInputArg(i).getName(), data.get(i));

        stack.push(fname);
        try {
            inlineBody(f, sig, node, fname, args, attrs, controls, depth);
        } finally {
            stack.pop();
        }
    }

    private void inlineBody(FunctionDef f, OpDef sig, String node, String fname, Map<String, String> args, Map<String, AttrValue> attrs,
            List<String> controls, int depth) {
        String prefix = scope(node);
        Map<String, NodeDef> body = new LinkedHashMap<>();
        for (NodeDef b : f.getNodeDefList()) {
            if (b.getName().isEmpty() || b.getName().contains(":") || b.getName().startsWith("^")) {
                throw BadModel.function(Kind.BAD_BODY, fname, node, "a body node has the name '" + b.getName() + "'");
            }
            if (body.put(b.getName(), b) != null) throw BadModel.function(Kind.BAD_BODY, fname, node, "two body nodes are named '" + b.getName() + "'");
            take(prefix + b.getName(), prefix.length());
        }
        String inputControl = null;
        if (!controls.isEmpty()) {
            inputControl = unique(prefix + "input_control_node");
            add(NodeDef.newBuilder().setName(inputControl).setOp("NoOp").addAllInput(controls).build());
        }
        for (NodeDef b : body.values()) {
            NodeDef.Builder nb = b.toBuilder().setName(prefix + b.getName()).clearInput().clearAttr();
            for (String s : b.getInputList()) nb.addInput(translate(s, prefix, args, body, fname, node));
            if (inputControl != null) nb.addInput("^" + inputControl);
            b.getAttrMap().forEach((k, v) -> nb.putAttr(k, bind(v, attrs, fname, node, b.getName(), k)));
            NodeDef nd = nb.build();
            if (isCall(nd)) expand(nd, depth + 1);
            else add(nd);
        }
        List<String> controlRets = new ArrayList<>();
        for (String name : sig.getControlOutputList()) {
            String target = f.getControlRetMap().get(name);
            if (target == null || !body.containsKey(target)) {
                throw BadModel.function(Kind.BAD_BODY, fname, node, "control output '" + name + "' names no body node ('" + target + "')");
            }
            controlRets.add("^" + prefix + target);
        }
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < sig.getOutputArgCount(); i++) {
            OpDef.ArgDef a = sig.getOutputArg(i);
            String ret = f.getRetMap().get(a.getName());
            if (ret == null) throw BadModel.function(Kind.ARITY, fname, node, "output '" + a.getName() + "' has no entry in the ret map");
            String tensor = translate(ret, prefix, args, body, fname, node);
            if (tensor.startsWith("^")) throw BadModel.function(Kind.BAD_BODY, fname, node, "output '" + a.getName() + "' returns a control input");
            if (!controlRets.isEmpty()) {
                String id = unique(prefix + "output_" + a.getName());
                NodeDef.Builder ib = NodeDef.newBuilder().setName(id).setOp("Identity").addInput(tensor).addAllInput(controlRets);
                AttrValue t = outputType(a, attrs);
                if (t != null) ib.putAttr("T", t);
                add(ib.build());
                tensor = id;
            }
            outputs.add(tensor);
        }
        aliases.put(node, outputs);
        functions.put(node, fname);
        NodeDef.Builder done = NodeDef.newBuilder().setName(node).setOp("NoOp");
        Set<String> waits = new java.util.LinkedHashSet<>();
        for (String o : outputs) waits.add("^" + TensorRef.parse(o).node());
        waits.addAll(controlRets);
        done.addAllInput(waits);
        add(done.build());
    }

    private static void simpleArg(OpDef.ArgDef a, String fname, String node, String what) {
        if (!a.getNumberAttr().isEmpty() || !a.getTypeListAttr().isEmpty()) {
            throw BadModel.function(Kind.UNSUPPORTED, fname, node, "list-valued " + what + " argument '" + a.getName() + "' is not supported");
        }
    }

    private static AttrValue outputType(OpDef.ArgDef a, Map<String, AttrValue> attrs) {
        if (a.getTypeValue() != 0) return AttrValue.newBuilder().setTypeValue(a.getTypeValue()).build();
        AttrValue v = attrs.get(a.getTypeAttr());
        return v != null && v.getValueCase() == AttrValue.ValueCase.TYPE ? v : null;
    }

    /** A body input ({@code arg}, {@code node:out_arg:i} or {@code ^node}) as a tensor of the graph. */
    private String translate(String s, String prefix, Map<String, String> args, Map<String, NodeDef> body, String fname, String node) {
        if (s.startsWith("^")) {
            String n = s.substring(1);
            if (body.containsKey(n)) return "^" + prefix + n;
            if (args.containsKey(n)) return "^" + TensorRef.parse(args.get(n)).node();
            throw BadModel.function(Kind.BAD_BODY, fname, node, "a body node waits for '" + n + "', which the function does not have");
        }
        String[] parts = s.split(":", -1);
        if (parts.length == 1) {
            if (args.containsKey(s)) return args.get(s);
            if (body.containsKey(s)) return prefix + s;
        } else if (parts.length == 2 && digits(parts[1])) {
            if (body.containsKey(parts[0])) return prefix + parts[0] + ":" + parts[1];
            if (args.containsKey(parts[0]) && parts[1].equals("0")) return args.get(parts[0]);
        } else if (parts.length == 3 && digits(parts[2]) && body.containsKey(parts[0])) {
            long index = (long) outputOffset(body.get(parts[0]), parts[1], fname, node) + Long.parseLong(parts[2]);
            if (index > Integer.MAX_VALUE) throw BadModel.function(Kind.BAD_BODY, fname, node, "body input '" + s + "' is out of range");
            return prefix + parts[0] + ":" + index;
        }
        throw BadModel.function(Kind.BAD_BODY, fname, node, "a body node reads '" + s + "', which is neither an input nor an output of a body node");
    }

    private static boolean digits(String s) {
        return !s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** Where output argument {@code arg} of body node {@code d} starts among its outputs. */
    private int outputOffset(NodeDef d, String arg, String fname, String node) {
        FunctionDef callee = library.get(d.getOp());
        List<String> names = callee != null
                ? callee.getSignature().getOutputArgList().stream().map(OpDef.ArgDef::getName).toList()
                : OUTPUT_ARGS.get(d.getOp());
        if (names == null) return 0;   // one output argument (a single tensor or a list): PartitionedCall's "output", Split's ...
        int i = names.indexOf(arg);
        if (i < 0) {
            throw BadModel.function(Kind.BAD_BODY, fname, node, "body node '" + d.getName() + "' (" + d.getOp() + ") has no output '" + arg + "'");
        }
        return i;
    }

    /** Binds attr placeholders ({@code $T}), also inside function-valued attrs. */
    private static AttrValue bind(AttrValue v, Map<String, AttrValue> attrs, String fname, String node, String bodyNode, String attr) {
        switch (v.getValueCase()) {
            case PLACEHOLDER -> {
                AttrValue b = attrs.get(v.getPlaceholder());
                if (b == null) {
                    throw BadModel.function(Kind.ATTR_PLACEHOLDER, fname, node, "attr '" + attr + "' of body node '" + bodyNode
                            + "' is the placeholder '$" + v.getPlaceholder() + "', which the call does not bind");
                }
                return b;
            }
            case FUNC -> {
                NameAttrList.Builder fb = v.getFunc().toBuilder().clearAttr();
                v.getFunc().getAttrMap().forEach((k, x) -> fb.putAttr(k, bind(x, attrs, fname, node, bodyNode, attr + "." + k)));
                return AttrValue.newBuilder().setFunc(fb).build();
            }
            default -> {
                return v;
            }
        }
    }

    /** Adds a node whose name is already reserved (a body node's) or unique under its call's scope. */
    private void add(NodeDef d) {
        count(d.getName());
        taken.add(d.getName());
        out.add(d);
    }

    /** Counts a node the inlining adds; the graph's own nodes are not counted. */
    private void count(String name) {
        if (++added > maxNodes) {
            String fname = stack.isEmpty() ? "" : stack.peek();
            throw BadModel.function(Kind.BUDGET, fname, name, "the inlined function bodies grow beyond " + maxNodes + " nodes");
        }
    }

    /**
     * Reserves {@code name} and the scopes it lies in from {@code from} on: a call's body lies under a scope
     * no other node uses, so only the scopes inside it can clash.
     */
    private void take(String name, int from) {
        taken.add(name);
        for (int i = name.indexOf('/', from); i >= 0; i = name.indexOf('/', i + 1)) taken.add(name.substring(0, i + 1));
    }

    /** A prefix {@code node/} (or {@code node_1/}, ...) under which no node is named yet. */
    private String scope(String node) {
        String p = node + "/";
        for (int k = 1; taken.contains(p); k++) p = node + "_" + k + "/";
        taken.add(p);
        return p;
    }

    private String unique(String base) {
        String name = base;
        for (int k = 1; taken.contains(name) || taken.contains(name + "/"); k++) name = base + "_" + k;
        taken.add(name);
        return name;
    }
}
