package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.StateOps;
import dev.nagare.session.Session;
import dev.nagare.session.SessionException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.AssetFileDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Loads a TensorFlow SavedModel into Nagare: the MetaGraphDef tagged {@code serve}, the nodes its signatures
 * need, and a Session with the variables restored from {@code variables/}. Variables may be VariableV2 or
 * resource variables (VarHandleOp, read with ReadVariableOp), which become Nagare variables.
 *
 * <pre>{@code
 * try (LoadedModel m = SavedModelImporter.load(Path.of("model/1"))) {
 *     Signature sig = m.signature();
 *     Tensor y = m.session().runner().feed(sig.input("x"), x).fetch(sig.output("y")).run().get(0);
 * }
 * }</pre>
 *
 * <p>TensorFlow 2 SavedModels ({@code tf.saved_model.save}, Keras {@code model.save}): signatures that call
 * the graph's function library through StatefulPartitionedCall / PartitionedCall are inlined at import (see
 * {@code FunctionInliner}), so the Session runs one flat graph that it can prune, plan and place as a whole;
 * the saver and restore functions (saver_filename, StatefulPartitionedCall_1/_2) are left out because no
 * signature needs them. Resource variables (VarHandleOp) become Nagare variables; a ReadVariableOp reads the
 * variable where it is used, AssignVariableOp / AssignAdd / AssignSub / ResourceApply* update it. Each
 * variable's value is looked up in {@code variables/} under the first key the bundle holds of: the key its
 * SavedObjectGraph path gives ({@code layer_with_weights-0/kernel/.ATTRIBUTES/VARIABLE_VALUE}, matched by the
 * VarHandleOp's shared_name), the key the restore subgraph or inlined restore function assigns it from, its
 * shared_name, its node name. Bundle entries no variable asks for (the string {@code _CHECKPOINTABLE_OBJECT_GRAPH})
 * are not decoded. Several signatures are each callable by key: {@link LoadedModel#call(String, Map)}.
 *
 * <p>Every problem with the files is a {@link ModelFormatException} naming the file; a model that uses ops
 * Nagare lacks is an {@link UnsupportedModelException} listing all of them; a function library that cannot be
 * inlined is a {@link FunctionLibraryException} naming the function and the calling node.
 */
public final class SavedModelImporter {
    private SavedModelImporter() {}

    public static LoadedModel load(Path dir) throws IOException { return load(dir, GraphExporter.SERVE_TAG); }

    public static LoadedModel load(Path dir, String tag) throws IOException {
        return load(dir, tag, GraphDefImporter.DEFAULT_CONSTANT_BUDGET);
    }

    /**
     * Loads the MetaGraphDef tagged {@code tag}, its Consts allowed to expand to {@code constantBudget} bytes
     * together (see {@link GraphDefImporter#DEFAULT_CONSTANT_BUDGET}).
     */
    public static LoadedModel load(Path dir, String tag, long constantBudget) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new NoSuchFileException(root.toString(), null, "not a SavedModel directory");
        Path realRoot = root.toRealPath();
        Path pb = root.resolve(SavedModelExporter.MODEL_FILE);
        if (!Files.exists(pb) && Files.exists(root.resolve("saved_model.pbtxt"))) {
            throw new UnsupportedModelException(root.resolve("saved_model.pbtxt"), "text-format SavedModels are not supported");
        }
        if (!Files.exists(pb)) throw new ModelFormatException(root, "has no " + SavedModelExporter.MODEL_FILE + "; it is not a SavedModel");
        requireInside(realRoot, pb);
        SavedModel model = ProtoFiles.savedModel(pb);
        GraphImport imp;
        Map<String, Signature> signatures = new LinkedHashMap<>();
        Map<Output, List<String>> variableKeys = new LinkedHashMap<>();
        try {
            MetaGraphDef meta = metaGraph(model, tag);
            checkAssets(meta);
            if (meta.getSignatureDefCount() == 0) throw BadModel.bad("the MetaGraphDef tagged '" + tag + "' has no signatures");
            imp = new GraphImport(meta.getGraphDef().getNodeList(), meta.getGraphDef().getLibrary(), constantBudget,
                    FunctionInliner.DEFAULT_MAX_NODES);
            List<String> roots = new ArrayList<>();
            meta.getSignatureDefMap().forEach((key, s) -> {
                for (TensorInfo t : s.getInputsMap().values()) feedIfComputed(imp, key, t);
            });
            meta.getSignatureDefMap().forEach((key, s) -> {
                for (TensorInfo t : s.getInputsMap().values()) roots.add(root(imp, key, t));
                for (TensorInfo t : s.getOutputsMap().values()) roots.add(root(imp, key, t));
            });
            imp.run(roots);
            meta.getSignatureDefMap().forEach((key, s) -> signatures.put(key, signature(imp, key, s)));
            Map<String, Node> variables = new LinkedHashMap<>();
            imp.nodes().forEach((name, n) -> {
                if (n.op() == StateOps.VARIABLE) variables.put(name, n);
            });
            // candidate keys, best first: the object graph's (TensorFlow 2), the restore subgraph's, the names
            Map<String, String> restoreKeys = RestoreKeys.of(imp, variables.keySet());
            Map<String, String> objectKeys = meta.hasObjectGraphDef() ? ObjectGraphKeys.of(meta.getObjectGraphDef()) : Map.of();
            variables.forEach((name, n) -> {
                String shared = Attrs.of(imp.def(name)).string("shared_name", "");
                java.util.LinkedHashSet<String> candidates = new java.util.LinkedHashSet<>();
                if (objectKeys.containsKey(shared)) candidates.add(objectKeys.get(shared));
                if (objectKeys.containsKey(name)) candidates.add(objectKeys.get(name));
                if (restoreKeys.containsKey(name)) candidates.add(restoreKeys.get(name));
                if (!shared.isEmpty()) candidates.add(shared);
                candidates.add(name);
                variableKeys.put(n.output(0), List.copyOf(candidates));
            });
        } catch (BadModel e) {
            throw Failures.of(pb, e);
        } catch (GraphImport.MissingOps e) {
            throw Failures.of(pb, e);
        }
        Map<Output, Tensor> values = variableKeys.isEmpty() ? Map.of() : readVariables(root, realRoot, variableKeys);
        Session session = new Session(imp.graph());
        try {
            session.restoreVariables(values);
        } catch (SessionException e) {
            session.close();
            throw new ModelFormatException(root.resolve(SavedModelExporter.VARIABLES_DIR), "does not fit the graph: " + e.getMessage(), e);
        }
        return new LoadedModel(imp.graph(), session, signatures);
    }

    private static MetaGraphDef metaGraph(SavedModel model, String tag) {
        MetaGraphDef containing = null;
        Set<String> seen = new TreeSet<>();
        for (MetaGraphDef m : model.getMetaGraphsList()) {
            List<String> tags = m.getMetaInfoDef().getTagsList();
            seen.add(tags.toString());
            if (tags.size() == 1 && tags.get(0).equals(tag)) return m;
            if (containing == null && tags.contains(tag)) containing = m;
        }
        if (containing != null) return containing;
        throw BadModel.bad("no MetaGraphDef is tagged '" + tag + "' (tag sets: " + seen + ")");
    }

    /** Asset files must stay inside the model's {@code assets/} directory. */
    private static void checkAssets(MetaGraphDef meta) {
        for (AssetFileDef a : meta.getAssetFileDefList()) {
            String f = a.getFilename();
            boolean escapes = f.isEmpty() || f.startsWith("/") || f.contains("\\") || f.indexOf('\0') >= 0 || f.contains(":");
            for (String part : f.split("/")) escapes |= part.equals("..");
            if (escapes) throw BadModel.bad("asset filename '" + f + "' is not a plain path inside assets/");
        }
    }

    private static String root(GraphImport imp, String key, TensorInfo t) {
        String node = imp.resolve(tensorRef(t)).node();
        if (imp.def(node) == null) throw BadModel.bad("signature '" + key + "' names tensor '" + t.getName() + "', but no node has that name");
        return node;
    }

    /**
     * A signature input that the graph computes (output 0 of a node that is no placeholder) is fed as given: a
     * Placeholder of its declared dtype and shape takes the node's place, and what computes it is not imported (it
     * may hold ops Nagare lacks, such as a sparse ParseExample), as TensorFlow runs nothing behind a fed tensor.
     */
    private static void feedIfComputed(GraphImport imp, String key, TensorInfo t) {
        TensorRef r = imp.resolve(tensorRef(t));
        NodeDef d = imp.def(r.node());
        if (d == null || r.index() != 0 || imp.fed(r.node()) != null) return;
        if (d.getOp().equals("Placeholder") || d.getOp().equals("PlaceholderWithDefault")) return;
        Shape shape = t.hasTensorShape() ? TensorProtos.shape(t.getTensorShape()) : Shape.unknownRank();
        imp.feedInstead(r.node(), DTypes.fromTfOrRef(t.getDtypeValue()), shape);
    }

    private static TensorRef tensorRef(TensorInfo t) {
        if (t.getEncodingCase() != TensorInfo.EncodingCase.NAME) {
            throw BadModel.unsupported("signature tensors encoded as " + t.getEncodingCase() + " are not supported (only dense tensors by name)");
        }
        TensorRef r = TensorRef.parse(t.getName());
        if (r.control()) throw BadModel.bad("signature tensor '" + t.getName() + "' names a control input");
        return r;
    }

    private static Signature signature(GraphImport imp, String key, SignatureDef s) {
        Map<String, Output> inputs = new HashMap<>(), outputs = new HashMap<>();
        s.getInputsMap().forEach((name, t) -> inputs.put(name, output(imp, key, name, t)));
        s.getOutputsMap().forEach((name, t) -> outputs.put(name, output(imp, key, name, t)));
        if (inputs.containsKey("") || outputs.containsKey("")) throw BadModel.bad("signature '" + key + "' has a tensor with an empty name");
        return new Signature(inputs, outputs);
    }

    private static Output output(GraphImport imp, String key, String name, TensorInfo t) {
        TensorRef r = imp.resolve(tensorRef(t));
        String where = "signature '" + key + "' tensor '" + name + "' (" + t.getName() + ")";
        Output fed = imp.fed(r.node());
        if (fed != null && r.index() == 0) return fed;
        Node n = imp.node(r.node());
        if (n == null || r.index() >= n.outputCount()) throw BadModel.bad(where + " names no output of the graph");
        Output o = n.output(r.index());
        DType declared = DTypes.fromTfOrRef(t.getDtypeValue());
        if (declared != o.dtype()) throw BadModel.bad(where + " is declared " + declared + " but the graph computes " + o.dtype());
        return o;
    }

    /**
     * One rule for every file the reader opens: with symbolic links resolved, it lies inside the model
     * directory, so that a model cannot make the reader read (and echo in errors) files it was not given.
     */
    private static void requireInside(Path realRoot, Path file) throws IOException {
        if (!file.toRealPath().startsWith(realRoot)) throw new ModelFormatException(file, "leads outside the model directory");
    }

    /** Reads {@code variables/variables}, refusing files that lead outside the model directory. */
    private static Map<Output, Tensor> readVariables(Path root, Path realRoot, Map<Output, List<String>> keys) throws IOException {
        Path vars = root.resolve(SavedModelExporter.VARIABLES_DIR);
        Path prefix = vars.resolve(SavedModelExporter.VARIABLES_PREFIX);
        if (!Files.isDirectory(vars)) throw new ModelFormatException(vars, "is missing, but the model has " + keys.size() + " variables");
        requireInside(realRoot, vars);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(vars, SavedModelExporter.VARIABLES_PREFIX + ".*")) {
            for (Path f : files) requireInside(realRoot, f);
        }
        Map<String, Tensor> bundle;
        try {
            Set<String> wanted = new java.util.HashSet<>();
            keys.values().forEach(wanted::addAll);
            bundle = TensorBundleReader.read(prefix, wanted::contains);
        } catch (BundleFormatException e) {
            throw new ModelFormatException(e.file(), "bad variables checkpoint: " + e.problem(), e);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(prefix, "the variables checkpoint is missing: " + e.getMessage(), e);
        }
        Map<Output, Tensor> values = new LinkedHashMap<>();
        for (Map.Entry<Output, List<String>> e : keys.entrySet()) {
            Tensor t = null;
            for (String k : e.getValue()) {
                t = bundle.get(k);
                if (t != null) break;
            }
            if (t == null) {
                String tried = e.getValue().size() == 1 ? "'" + e.getValue().get(0) + "'" : "of " + e.getValue();
                throw new ModelFormatException(prefix, "has no tensor " + tried + " for variable '" + e.getKey().node().name() + "'");
            }
            values.put(e.getKey(), t);
        }
        return values;
    }
}
