package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.ops.Body;
import dev.nagare.ops.ControlFlowOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.StateOps;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;

/**
 * {@code If} and {@code While} as TensorFlow 2 writes them: {@code If}/{@code StatelessIf} and
 * {@code While}/{@code StatelessWhile} whose bodies are functions of the GraphDef's library. A body becomes a
 * FunctionDef whose input arguments are its params ({@code a0, a1, ...}) and whose outputs are its results
 * ({@code r0, r1, ...}); its members are written by their own mapping rules. TensorFlow's While has one output
 * per input, so its body also returns the captures unchanged; Nagare's loop-variable histories (what its
 * gradient keeps) are not written. Variables a body reads are passed in as values (inputs after the others);
 * a body that assigns one is not written. Read back, every input of a While is a loop variable.
 */
final class ControlFlowRules {
    private ControlFlowRules() {}

    // ---- export ----

    /**
     * The If's inputs, then the values of the variables its branches read: a TensorFlow function takes values,
     * not Nagare's variables, so they are read when the If runs (the same, since a written body cannot export).
     */
    static void exportIf(Node n, ExportContext cx) {
        Body then = n.attr("then_branch"), otherwise = n.attr("else_branch");
        List<Output> inputs = new ArrayList<>(n.inputs());
        List<Output> read = values(variablesRead(n));
        inputs.addAll(read);
        List<DType> in = inputs.subList(1, inputs.size()).stream().map(Output::dtype).toList();
        List<DType> out = n.outputs().stream().map(Output::dtype).toList();
        String op = stateful(then) || stateful(otherwise) ? "If" : "StatelessIf";
        cx.emit(n, op).inputs(inputs).type("Tcond", DType.BOOL).attr("Tin", Attrs.types(in)).attr("Tout", Attrs.types(out))
                .attr("then_branch", Attrs.funcAttr(function(n, then, read, then.results(), cx)))
                .attr("else_branch", Attrs.funcAttr(function(n, otherwise, read, otherwise.results(), cx)))
                .attr("output_shapes", Attrs.shapes(n.outputs().stream().map(Output::shape).toList())).add();
    }

    /** As {@link #exportIf}: the variables its bodies read become loop variables after the captures, passed through. */
    static void exportWhile(Node n, ExportContext cx) {
        Body cond = n.attr("cond"), body = n.attr("body");
        int vars = ControlFlowOps.loopVarCount(n);
        List<Output> read = values(variablesRead(n));
        List<Output> inputs = new ArrayList<>(n.inputs());
        inputs.addAll(read);
        List<Output> returned = new ArrayList<>(body.results());
        returned.addAll(body.params().subList(vars, body.params().size())); // captures pass through
        returned.addAll(read);                                             // and so do the variables' values
        List<Shape> shapes = new ArrayList<>(n.outputs().subList(0, n.inputs().size()).stream().map(Output::shape).toList());
        for (Output v : read) shapes.add(v.shape());
        String op = stateful(cond) || stateful(body) ? "While" : "StatelessWhile";
        cx.emit(n, op).inputs(inputs).attr("T", Attrs.types(inputs.stream().map(Output::dtype).toList()))
                .attr("cond", Attrs.funcAttr(function(n, cond, read, cond.results(), cx)))
                .attr("body", Attrs.funcAttr(function(n, body, read, returned, cx)))
                .attr("output_shapes", Attrs.shapes(shapes)).add();
    }

    /**
     * The variables the bodies of control-flow node {@code n} read, nested bodies included, in node order.
     * A body that writes one cannot be written: TensorFlow's functions take no reference to a VariableV2.
     */
    static List<Node> variablesRead(Node n) {
        java.util.TreeMap<Integer, Node> vars = new java.util.TreeMap<>();
        for (Body b : ControlFlowOps.bodies(n)) {
            for (Node m : b.allMembers()) {
                for (int i = 0; i < m.inputs().size(); i++) {
                    Node v = m.input(i).node();
                    if (v.op() != StateOps.VARIABLE) continue;
                    if (((OpDef) m.op()).isRefInput(i)) {
                        throw ExportContext.fail(n, b + " assigns variable '" + v.name() + "' in '" + m.name()
                                + "'; writing bodies that assign variables is not supported");
                    }
                    vars.put(v.id(), v);
                }
            }
            for (Output r : b.results()) if (r.node().op() == StateOps.VARIABLE) vars.put(r.node().id(), r.node());
        }
        return List.copyOf(vars.values());
    }

    private static List<Output> values(List<Node> variables) { return variables.stream().map(v -> v.output(0)).toList(); }

    /**
     * Fails when {@code consumer} reads a While's history output (what a loop's gradient keeps): TensorFlow's
     * While has no such output, so a graph with a loop's gradient cannot be written.
     */
    static void checkNoHistoryRead(Node consumer) {
        for (Output in : consumer.inputs()) {
            Node w = in.node();
            if (w.op() == ControlFlowOps.WHILE && in.index() >= w.inputs().size()) {
                throw ExportContext.fail(consumer, "reads the iteration history of loop '" + w.name() + "' (its gradient's), which"
                        + " TensorFlow's While does not have; write the forward graph only");
            }
        }
    }

    private static boolean stateful(Body b) {
        for (Node m : b.allMembers()) if (((OpDef) m.op()).isStateful()) return true;
        return false;
    }

    /**
     * Writes {@code body} to the library as a function returning {@code results}; returns its name. Node names
     * stay as they are (unique in the graph, so in the function); inputs are rewritten from graph references
     * ({@code node:i}, a param's name) to function references ({@code node:argument:i}, {@code a<k>}).
     */
    private static String function(Node owner, Body body, List<Output> variables, List<Output> results, ExportContext cx) {
        String name = cx.reserveFunction(body.name());
        List<Node> members = new ArrayList<>(body.members());
        members.sort((a, b) -> Integer.compare(a.id(), b.id()));
        ExportContext fx = cx.forFunction(members);
        for (Node m : members) {
            checkNoHistoryRead(m);
            Rules.Exporter exporter = TfOpMapping.forOp(m.opName()).map(TfOpMapping.Entry::exporter).orElse(null);
            if (exporter == null) throw ExportContext.fail(m, "no TensorFlow equivalent (inside " + body + " of '" + owner.name() + "')");
            exporter.export(m, fx);
        }
        Map<String, String> argOf = new HashMap<>();
        FunctionDef.Builder f = FunctionDef.newBuilder();
        var sig = f.getSignatureBuilder().setName(name).setIsStateful(stateful(body));
        List<Output> params = new ArrayList<>(body.params());
        params.addAll(variables);
        for (int k = 0; k < params.size(); k++) {
            argOf.put(ExportContext.tensorName(params.get(k)), "a" + k);
            sig.addInputArgBuilder().setName("a" + k).setType(DTypes.toTf(params.get(k).dtype()));
        }
        Map<String, NodeDef> defs = new HashMap<>();
        for (NodeDef d : fx.nodes()) defs.put(d.getName(), d);
        for (NodeDef d : fx.nodes()) {
            NodeDef.Builder b = d.toBuilder().clearInput();
            for (String in : d.getInputList()) {
                if (in.startsWith("^")) {
                    if (defs.containsKey(in.substring(1))) b.addInput(in); // an outside wait is the owner's
                } else {
                    b.addInput(reference(owner, body, in, argOf, defs));
                }
            }
            f.addNodeDef(b);
        }
        for (int r = 0; r < results.size(); r++) {
            Output o = results.get(r);
            sig.addOutputArgBuilder().setName("r" + r).setType(DTypes.toTf(o.dtype()));
            f.putRet("r" + r, reference(owner, body, ExportContext.tensorName(o), argOf, defs));
        }
        cx.addFunction(f.build());
        return name;
    }

    /** A graph reference inside a body as the function names it. */
    private static String reference(Node owner, Body body, String tensor, Map<String, String> params, Map<String, NodeDef> defs) {
        String param = params.get(tensor);
        if (param != null) return param;
        TensorRef r = TensorRef.parse(tensor);
        NodeDef d = defs.get(r.node());
        if (d == null) throw ExportContext.fail(owner, body + " reads '" + tensor + "', which is neither one of its params nor its nodes");
        var args = TfOutputArgs.of(d.getOp())
                .orElseThrow(() -> ExportContext.fail(owner, "the output names of TensorFlow's " + d.getOp() + " are not known"));
        return r.node() + ":" + TfOutputArgs.reference(args, r.index());
    }

    // ---- import ----

    /** If / StatelessIf: both branches imported as bodies taking the node's inputs after the predicate. */
    static Node importIf(ImportContext cx) {
        Output pred = cx.input(0);
        if (pred.dtype() != DType.BOOL) throw BadModel.unsupported("the predicate '" + pred.name() + "' is " + pred.dtype() + ", not bool");
        List<Output> inputs = cx.inputs(1, cx.inputCount());
        String then = cx.attrs().func("then_branch"), otherwise = cx.attrs().func("else_branch");
        Tf tf = cx.tf();
        return tf.condN(pred, () -> cx.importFunction(then, inputs, cx.name() + "/then"),
                () -> cx.importFunction(otherwise, inputs, cx.name() + "/else")).get(0).node();
    }

    /** While / StatelessWhile: every input a loop variable, shape invariants from {@code output_shapes} when given. */
    static Node importWhile(ImportContext cx) {
        List<Output> inputs = cx.inputs(0, cx.inputCount());
        String cond = cx.attrs().func("cond"), body = cx.attrs().func("body");
        List<Shape> shapes = cx.attrs().shapes("output_shapes");
        if (shapes == null) shapes = inputs.stream().map(Output::shape).toList();
        if (shapes.size() != inputs.size()) throw BadModel.bad("has " + shapes.size() + " output_shapes for " + inputs.size() + " inputs");
        Tf tf = cx.tf();
        return tf.whileLoop(v -> single(cx.importFunction(cond, v, cx.name() + "/cond_fn"), cond),
                v -> cx.importFunction(body, v, cx.name() + "/body_fn"), inputs, shapes).get(0).node();
    }

    private static Output single(List<Output> results, String function) {
        if (results.size() != 1) throw BadModel.bad("the loop condition '" + function + "' returns " + results.size() + " values, not one");
        return results.get(0);
    }
}
