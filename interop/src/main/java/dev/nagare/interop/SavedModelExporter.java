package dev.nagare.interop;

import dev.nagare.graph.Output;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.tensorflow.proto.SavedModel;

/**
 * Writes a Session's model as a TensorFlow SavedModel that TensorFlow's loaders (and TensorFlow Serving)
 * run: {@code saved_model.pb} with one MetaGraphDef tagged {@code serve}, and {@code variables/} holding
 * the variables' current values in this Session.
 *
 * <pre>{@code
 * SavedModelExporter.export(session, Path.of("model/1"), Map.of("images", images), Map.of("predictions", predictions));
 * }</pre>
 *
 * <p>Atomic: everything is written into a temporary directory beside {@code dir} and renamed into place
 * at the end, so a failure leaves no directory behind and a reader never sees half a model. A {@code dir}
 * that exists and is not empty is refused.
 */
public final class SavedModelExporter {
    static final String MODEL_FILE = "saved_model.pb";
    static final String VARIABLES_DIR = "variables";
    static final String VARIABLES_PREFIX = "variables";
    /** TensorFlow's folder in a SavedModel for files its loader ignores. */
    public static final String EXTRA_DIR = "assets.extra";

    private SavedModelExporter() {}

    /** Exports one signature, {@code serving_default}, with these inputs and outputs. */
    public static void export(Session session, Path dir, Map<String, Output> inputs, Map<String, Output> outputs) throws IOException {
        export(session, dir, Map.of(Signature.DEFAULT_KEY, new Signature(inputs, outputs)));
    }

    /**
     * Exports the nodes the signatures' outputs need, with the variables among them.
     *
     * @throws ExportException when the graph or signatures cannot be exported (before anything is written)
     * @throws FileAlreadyExistsException when {@code dir} exists and is not an empty directory
     */
    public static void export(Session session, Path dir, Map<String, Signature> signatures) throws IOException {
        exportWithExtraFiles(session, dir, signatures, Map.of());
    }

    /**
     * As {@link #export(Session, Path, Map)}, also writing {@code extraFiles} (file name to contents) into the
     * model's {@value #EXTRA_DIR} folder, where TensorFlow keeps files its loader does not read: all in the
     * same single move into place, so a model directory is never seen half written.
     */
    public static void exportWithExtraFiles(Session session, Path dir, Map<String, Signature> signatures, Map<String, byte[]> extraFiles)
            throws IOException {
        for (String name : extraFiles.keySet()) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new ExportException("extra file name '" + name + "' is not a plain file name");
        }
        Path target = dir.toAbsolutePath().normalize();
        refuseExisting(target);
        GraphExporter.Model model = GraphExporter.build(session, signatures);
        byte[] pb = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(model.metaGraph()).build().toByteArray();

        Path parent = target.getParent();
        if (parent == null) throw new IOException("cannot export into the file system root");
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectory(tmp);
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp.resolve(MODEL_FILE))) {
                out.write(pb);
            }
            Path vars = Files.createDirectory(tmp.resolve(VARIABLES_DIR));
            if (!model.variables().isEmpty()) TensorBundle.write(vars.resolve(VARIABLES_PREFIX), model.variables());
            if (!extraFiles.isEmpty()) {
                Path extra = Files.createDirectory(tmp.resolve(EXTRA_DIR));
                for (Map.Entry<String, byte[]> f : extraFiles.entrySet()) Files.write(extra.resolve(f.getKey()), f.getValue());
            }
            refuseExisting(target);
            if (Files.isDirectory(target)) Files.delete(target); // empty, checked just above
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            done = true;
        } finally {
            if (!done) deleteTree(tmp);
        }
    }

    private static void refuseExisting(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        if (!Files.isDirectory(dir)) throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not a directory");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (entries.iterator().hasNext()) {
                throw new FileAlreadyExistsException(dir.toString(), null, "exists and is not empty; export into a new directory");
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: the original failure is what the caller needs to see
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }
}
