package dev.nagare.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.tensorflow.proto.GraphDef;

/**
 * Imports a TensorFlow GraphDef, such as a frozen graph ({@code .pb}), into a new Nagare graph.
 *
 * <pre>{@code
 * ImportedGraph g = GraphDefImporter.importFile(Path.of("frozen.pb"));
 * try (Session s = new Session(g.graph())) {
 *     Tensor y = s.runner().feed(g.output("x:0"), x).fetch(g.output("y:0")).run().get(0);
 * }
 * }</pre>
 */
public final class GraphDefImporter {
    private GraphDefImporter() {}

    /** Imports every node of the file (but Consts only read as static values). */
    public static ImportedGraph importFile(Path file) throws IOException {
        return importGraphDef(ProtoFiles.graphDef(file), file, null);
    }

    /** Imports the nodes that these nodes need (names of nodes, or of tensors {@code node:i}). */
    public static ImportedGraph importFile(Path file, Collection<String> outputs) throws IOException {
        return importGraphDef(ProtoFiles.graphDef(file), file, outputs);
    }

    /**
     * Imports a parsed GraphDef; {@code source} names it in messages; {@code outputs} null imports every node.
     *
     * @throws UnsupportedModelException listing every op type without a mapping, or naming what Nagare cannot run
     * @throws ModelFormatException when the graph is malformed
     */
    public static ImportedGraph importGraphDef(GraphDef def, Path source, Collection<String> outputs) throws ModelFormatException {
        try {
            GraphImport imp = new GraphImport(def.getNodeList());
            if (outputs == null) {
                imp.run(imp.allButStaticOnly());
            } else {
                List<String> roots = outputs.stream().map(o -> TensorRef.parse(o).node()).toList();
                imp.run(roots);
            }
            return new ImportedGraph(imp.graph(), imp.nodes());
        } catch (BadModel e) {
            throw Failures.of(source, e);
        } catch (GraphImport.MissingOps e) {
            throw Failures.of(source, e);
        }
    }
}
