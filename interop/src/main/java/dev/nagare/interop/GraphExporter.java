package dev.nagare.interop;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.ControlFlowOps;
import dev.nagare.ops.StateOps;
import dev.nagare.session.Session;
import dev.nagare.session.SessionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.VersionDef;

/**
 * Turns the part of a Session's graph that signatures need into a MetaGraphDef tagged {@code serve}, and
 * reads the values of the variables it holds. Only the signatures' outputs and what they depend on are
 * written (training nodes are not), plus the saver subgraph when there are variables. Every check runs
 * before the caller writes anything.
 */
final class GraphExporter {
    /** TensorFlow 2.18's GraphDef producer version, which its runtimes accept. */
    static final int PRODUCER = 1994;
    static final String SERVE_TAG = "serve";

    /** The model to write: the MetaGraphDef, and the variables' values by checkpoint key. */
    record Model(MetaGraphDef metaGraph, SortedMap<String, Tensor> variables) {}

    private GraphExporter() {}

    static Model build(Session session, Map<String, Signature> signatures) {
        Graph graph = session.graph();
        checkSignatures(graph, signatures);
        List<Node> needed = needed(graph, signatures);
        List<String> unmapped = new ArrayList<>();
        for (Node n : needed) {
            if (TfOpMapping.forOp(n.opName()).map(TfOpMapping.Entry::exporter).isEmpty()) {
                unmapped.add("'" + n.name() + "' (" + n.opName() + ")");
            }
        }
        if (!unmapped.isEmpty()) throw new ExportException("No TensorFlow equivalent for node " + String.join(", node ", unmapped));
        for (Node n : needed) ControlFlowRules.checkNoHistoryRead(n);
        for (Map.Entry<String, Signature> s : signatures.entrySet()) checkPlaceholdersFed(s.getKey(), s.getValue());

        List<Node> variables = new ArrayList<>();
        for (Node n : needed) if (n.op() == StateOps.VARIABLE) variables.add(n);
        variables.sort(Comparator.comparing(Node::name));
        SortedMap<String, Tensor> values = readVariables(session, variables);

        ExportContext cx = new ExportContext(graph.nodes());
        for (Node n : needed) TfOpMapping.forOp(n.opName()).orElseThrow().exporter().export(n, cx);
        MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
        meta.getMetaInfoDefBuilder().addTags(SERVE_TAG);
        if (!variables.isEmpty()) meta.setSaverDef(SaverGraph.add(cx, variables));
        GraphDef.Builder graphDef = GraphDef.newBuilder().addAllNode(cx.nodes()).setVersions(VersionDef.newBuilder().setProducer(PRODUCER));
        if (!cx.functions().isEmpty()) graphDef.setLibrary(FunctionDefLibrary.newBuilder().addAllFunction(cx.functions()));
        meta.setGraphDef(graphDef);
        signatures.forEach((key, sig) -> meta.putSignatureDef(key, signatureDef(sig)));
        return new Model(meta.build(), values);
    }

    private static void checkSignatures(Graph graph, Map<String, Signature> signatures) {
        if (signatures.isEmpty()) throw new ExportException("a SavedModel needs at least one signature");
        signatures.forEach((key, sig) -> {
            if (key == null || key.isEmpty()) throw new ExportException("a signature needs a non-empty key");
            if (sig.outputs().isEmpty()) throw new ExportException("signature '" + key + "' has no outputs");
            sig.inputs().forEach((name, o) -> requireInGraph(graph, key, "input", name, o));
            sig.outputs().forEach((name, o) -> requireInGraph(graph, key, "output", name, o));
            sig.outputs().forEach((name, o) -> sig.inputs().forEach((in, i) -> {
                if (i.equals(o)) {
                    throw new ExportException("signature '" + key + "' output '" + name + "' is also its input '" + in + "' (" + o.name()
                            + "); TensorFlow cannot feed and fetch one tensor in a run: output an identity of it instead");
                }
            }));
        });
    }

    private static void requireInGraph(Graph graph, String key, String what, String name, Output o) {
        if (o.graph() != graph) {
            throw new ExportException("signature '" + key + "' " + what + " '" + name + "' (" + o.name() + ") is not in the Session's graph");
        }
    }

    /** The signatures' outputs and inputs and every node they depend on (data and control), in creation order. */
    private static List<Node> needed(Graph graph, Map<String, Signature> signatures) {
        Deque<Node> work = new ArrayDeque<>();
        for (Signature s : signatures.values()) {
            for (Output o : s.outputs().values()) work.add(o.node());
            for (Output o : s.inputs().values()) work.add(o.node());
        }
        return closure(graph, work, Set.of());
    }

    /** Nodes reachable backwards from {@code start}, not walking past {@code stops}; sorted by id (a topological order). */
    private static List<Node> closure(Graph graph, Deque<Node> work, Set<Node> stops) {
        BitSet seen = new BitSet(graph.size());
        List<Node> out = new ArrayList<>();
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (seen.get(n.id())) continue;
            seen.set(n.id());
            out.add(n);
            if (stops.contains(n)) continue;
            for (Output in : n.inputs()) work.push(in.node());
            for (Node c : n.controlInputs()) work.push(c);
            if (ControlFlowOps.isControlFlow(n)) for (Node v : ControlFlowRules.variablesRead(n)) work.push(v); // read by its bodies
        }
        out.sort(Comparator.comparingInt(Node::id));
        return out;
    }

    /** Every placeholder an output needs must be fed by the signature, or serving could never run it. */
    private static void checkPlaceholdersFed(String key, Signature sig) {
        Set<Node> fed = new HashSet<>();
        for (Output o : sig.inputs().values()) fed.add(o.node());
        Deque<Node> work = new ArrayDeque<>();
        for (Output o : sig.outputs().values()) work.add(o.node());
        Graph graph = sig.outputs().values().iterator().next().graph();
        for (Node n : closure(graph, work, fed)) {
            if (n.op() == ArrayOps.PLACEHOLDER && !fed.contains(n)) {
                throw new ExportException("signature '" + key + "' needs placeholder '" + n.name() + "' (" + n.outputSpec(0)
                        + ") but has no input for it; add it to the signature's inputs " + sig.inputs().keySet());
            }
        }
    }

    private static SortedMap<String, Tensor> readVariables(Session session, List<Node> variables) {
        SortedMap<String, Tensor> values = new TreeMap<>();
        for (Node v : variables) {
            Tensor t;
            try {
                t = session.run(v.output(0));
            } catch (SessionException e) {
                throw new ExportException("cannot read variable '" + v.name() + "' from the Session: " + e.getMessage(), e);
            }
            if (!v.output(0).shape().isCompatibleWith(t.shape())) {
                throw new ExportException("variable '" + v.name() + "' is declared " + v.output(0).shape() + " but holds " + t.shape());
            }
            values.put(v.name(), t);
        }
        return values;
    }

    private static SignatureDef signatureDef(Signature sig) {
        SignatureDef.Builder b = SignatureDef.newBuilder().setMethodName(Signature.PREDICT_METHOD);
        sig.inputs().forEach((name, o) -> b.putInputs(name, tensorInfo(o)));
        sig.outputs().forEach((name, o) -> b.putOutputs(name, tensorInfo(o)));
        return b.build();
    }

    /** Always {@code node:index}: TensorFlow 2's Python loader breaks on a bare node name. */
    private static TensorInfo tensorInfo(Output o) {
        return TensorInfo.newBuilder().setName(o.node().name() + ":" + o.index()).setDtype(DTypes.toTf(o.dtype()))
                .setTensorShape(TensorProtos.shape(o.shape())).build();
    }
}
