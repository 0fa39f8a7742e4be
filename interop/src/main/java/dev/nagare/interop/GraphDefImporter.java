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
    /**
     * The default for {@code constantBudget}: 256 MiB. A Const may store fewer values than its shape holds (one
     * value repeated, or none for zeros), so a few bytes of file can ask for gigabytes; this bounds what all the
     * Consts of one import may expand to together, beyond the bytes the file stores. 256 MiB is the largest
     * float32 Const the importer accepted before (2^26 elements), and a small share of a usual heap.
     */
    public static final long DEFAULT_CONSTANT_BUDGET = 256L << 20;

    private GraphDefImporter() {}

    /** Imports every node of the file (but Consts only read as static values). */
    public static ImportedGraph importFile(Path file) throws IOException {
        return importFile(file, null, DEFAULT_CONSTANT_BUDGET);
    }

    /** Imports the nodes that these nodes need (names of nodes, or of tensors {@code node:i}). */
    public static ImportedGraph importFile(Path file, Collection<String> outputs) throws IOException {
        return importFile(file, outputs, DEFAULT_CONSTANT_BUDGET);
    }

    /**
     * Imports the nodes that {@code outputs} need (null: every node), with Consts allowed to expand to
     * {@code constantBudget} bytes together (see {@link #DEFAULT_CONSTANT_BUDGET}).
     */
    public static ImportedGraph importFile(Path file, Collection<String> outputs, long constantBudget) throws IOException {
        return importGraphDef(ProtoFiles.graphDef(file), file, outputs, constantBudget);
    }

    /** {@link #importGraphDef(GraphDef, Path, Collection, long)} with the default constant budget. */
    public static ImportedGraph importGraphDef(GraphDef def, Path source, Collection<String> outputs) throws ModelFormatException {
        return importGraphDef(def, source, outputs, DEFAULT_CONSTANT_BUDGET);
    }

    /**
     * Imports a parsed GraphDef; {@code source} names it in messages; {@code outputs} null imports every node;
     * {@code constantBudget} bounds what its Consts may expand to together (see {@link #DEFAULT_CONSTANT_BUDGET}).
     *
     * @throws UnsupportedModelException listing every op type without a mapping, or naming what Nagare cannot run
     * @throws ModelFormatException when the graph is malformed, or its Consts expand beyond the budget
     */
    public static ImportedGraph importGraphDef(GraphDef def, Path source, Collection<String> outputs, long constantBudget)
            throws ModelFormatException {
        try {
            GraphImport imp = new GraphImport(def.getNodeList(), def.getLibrary(), constantBudget, FunctionInliner.DEFAULT_MAX_NODES);
            if (outputs == null) {
                imp.run(imp.allButStaticOnly());
            } else {
                List<String> roots = outputs.stream().map(o -> imp.resolve(TensorRef.parse(o)).node()).toList();
                imp.run(roots);
            }
            return new ImportedGraph(imp.graph(), imp.nodes(), imp.aliases());
        } catch (BadModel e) {
            throw Failures.of(source, e);
        } catch (GraphImport.MissingOps e) {
            throw Failures.of(source, e);
        }
    }
}
