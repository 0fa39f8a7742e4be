package dev.nagare.interop;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.VersionDef;

/**
 * A whole Nagare graph as a GraphDef, to look at (TensorBoard's graph dashboard, graph pictures) rather than to
 * serve: unlike a SavedModel export it keeps every node, training included. Each node is written as TensorFlow's
 * op where a mapping exists (the same rules as {@link SavedModelExporter}); {@link #forDisplay} writes the others
 * under their Nagare op name, so TensorFlow can only import the GraphDef when every op has a mapping. Every node
 * carries TensorBoard's {@code _output_shapes} attr (TensorFlow ignores attrs starting with an underscore).
 */
public final class GraphDefs {
    private GraphDefs() {}

    /** Every node; those without a TensorFlow mapping under their Nagare op name. */
    public static GraphDef forDisplay(Graph graph) { return build(graph, false); }

    /**
     * Every node as TensorFlow's op, so TensorFlow imports the result.
     *
     * @throws ExportException naming the first node without a TensorFlow equivalent
     */
    public static GraphDef forTensorFlow(Graph graph) { return build(graph, true); }

    private static GraphDef build(Graph graph, boolean strict) {
        List<Node> nodes = graph.nodes();
        ExportContext cx = new ExportContext(nodes);
        for (Node n : nodes) {
            int before = cx.nodes().size();
            var entry = TfOpMapping.forOp(n.opName()).map(TfOpMapping.Entry::exporter);
            if (entry.isEmpty()) {
                if (strict) throw ExportContext.fail(n, "no TensorFlow equivalent");
                raw(n, cx);
                continue;
            }
            try {
                entry.get().export(n, cx);
            } catch (ExportException e) {
                if (strict) throw e;
                cx.nodes().subList(before, cx.nodes().size()).clear();
                raw(n, cx);
            }
        }
        GraphDef.Builder def = GraphDef.newBuilder().setVersions(VersionDef.newBuilder().setProducer(GraphExporter.PRODUCER));
        for (NodeDef d : cx.nodes()) {
            Node n = graph.node(d.getName()).orElse(null);
            def.addNode(n == null || n.outputCount() == 0 ? d : d.toBuilder().putAttr("_output_shapes", outputShapes(n)).build());
        }
        return def.build();
    }

    /** The node under its Nagare op name, with its inputs and the dtype of its first output. */
    private static void raw(Node n, ExportContext cx) {
        var b = cx.emit(n, n.opName()).inputs(n.inputs());
        if (n.outputCount() > 0) b.type("T", n.output(0).dtype());
        b.add();
    }

    private static AttrValue outputShapes(Node n) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (Output o : n.outputs()) list.addShape(TensorProtos.shape(o.shape()));
        return AttrValue.newBuilder().setList(list).build();
    }
}
