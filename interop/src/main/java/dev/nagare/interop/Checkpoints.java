package dev.nagare.interop;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Variables;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Saves and restores a Session's variables as a TensorFlow V2 checkpoint: a tensor bundle keyed by
 * variable node name, which TensorFlow's {@code Saver} and {@code Session#restore} read, and which Nagare
 * reads back from checkpoints TensorFlow wrote.
 */
public final class Checkpoints {
    /** The name of the checkpoint state file that TensorFlow's Saver keeps beside its checkpoints. */
    public static final String STATE_FILE = "checkpoint";

    private Checkpoints() {}

    /**
     * Saves all variables of the session's graph, keyed by variable node name, to {@code prefix.index} and
     * {@code prefix.data-00000-of-00001}, and then writes the {@code checkpoint} state file in the prefix's
     * directory as TensorFlow's Saver does ({@code model_checkpoint_path: "<basename>"}). The values are
     * fetched in one run, so they are a consistent snapshot. Every variable must be initialized.
     */
    public static void save(Session session, Path prefix) throws IOException {
        List<Variables.Entry> variables = Variables.all(session.graph());
        SortedMap<String, Tensor> values = new TreeMap<>();
        if (!variables.isEmpty()) {
            Runner runner = session.runner();
            for (Variables.Entry v : variables) runner.fetch(v.value());
            List<Tensor> fetched = runner.run();
            for (int i = 0; i < variables.size(); i++) values.put(variables.get(i).variable().name(), fetched.get(i));
        }
        TensorBundle.write(prefix, values);
        writeState(prefix);
    }

    /**
     * Restores every variable of the session's graph from the checkpoint at {@code prefix}, by node name.
     * Variables missing from the checkpoint, or stored with another dtype or an incompatible shape, fail
     * the whole restore with a {@link CheckpointMismatchException} listing them all, before any variable
     * changes. Tensors in the checkpoint that the graph has no variable for are ignored.
     */
    public static void restore(Session session, Path prefix) throws IOException {
        Map<String, Tensor> stored = TensorBundle.read(prefix);
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Map<Output, Tensor> values = new LinkedHashMap<>();
        for (Variables.Entry v : Variables.all(session.graph())) {
            String name = v.variable().name();
            Output out = v.value();
            Tensor t = stored.get(name);
            if (t == null) {
                missing.add(name);
            } else if (t.dtype() != out.dtype() || !out.shape().isCompatibleWith(t.shape())) {
                mismatched.add(name + " is " + out.dtype() + out.shape() + " in the graph but " + t.dtype() + t.shape() + " in the checkpoint");
            } else {
                values.put(out, t);
            }
        }
        if (!missing.isEmpty() || !mismatched.isEmpty()) throw new CheckpointMismatchException(prefix, missing, mismatched);
        session.restoreVariables(values);
    }

    /** Writes {@code dir/checkpoint} naming this checkpoint by its base name, atomically. */
    private static void writeState(Path prefix) throws IOException {
        Path dir = prefix.toAbsolutePath().getParent();
        String name = quote(prefix.getFileName().toString());
        String text = "model_checkpoint_path: " + name + "\nall_model_checkpoint_paths: " + name + "\n";
        Path tmp = TensorBundleWriter.createTemp(dir, STATE_FILE);
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            TensorBundleWriter.move(tmp, dir.resolve(STATE_FILE));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A protobuf text-format string literal: printable ASCII as is, other bytes octal-escaped. */
    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) sb.append((char) c);
                    else sb.append(String.format("\\%03o", c));
                }
            }
        }
        return sb.append('"').toString();
    }
}
