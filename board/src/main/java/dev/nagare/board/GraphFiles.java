package dev.nagare.board;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Finds the graph in what a user points at: a GraphDef file (binary, or text as {@code .pbtxt}), a SavedModel
 * directory (its first MetaGraph), an event file, or a log directory holding event files (its own or in run
 * subdirectories such as {@code train/}): the last graph written there.
 */
public final class GraphFiles {
    private GraphFiles() {}

    public static GraphDef read(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path saved = path.resolve("saved_model.pb");
            if (Files.isRegularFile(saved)) return fromSavedModel(saved);
            Path text = path.resolve("saved_model.pbtxt");
            if (Files.isRegularFile(text)) return fromSavedModel(text);
            List<Path> events = new ArrayList<>();
            try (Stream<Path> s = Files.walk(path, 2)) {
                s.filter(p -> p.getFileName().toString().startsWith(EventFiles.PREFIX) && Files.isRegularFile(p)).sorted().forEach(events::add);
            }
            for (Path e : events.reversed()) {
                GraphDef g = fromEvents(e);
                if (g != null) return g;
            }
            throw new NoSuchFileException(path.toString(), null, "no saved_model.pb and no event file with a graph in this directory");
        }
        if (!Files.isRegularFile(path)) throw new NoSuchFileException(path.toString());
        if (path.getFileName().toString().startsWith(EventFiles.PREFIX)) {
            GraphDef g = fromEvents(path);
            if (g == null) throw new IOException(path + ": no graph in this event file");
            return g;
        }
        byte[] bytes = Files.readAllBytes(path);
        if (path.getFileName().toString().endsWith(".pbtxt")) {
            GraphDef.Builder b = GraphDef.newBuilder();
            TextFormat.merge(new String(bytes, StandardCharsets.UTF_8), b);
            return b.build();
        }
        try {
            return GraphDef.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(path + " is not a binary GraphDef (for a text one, name it .pbtxt)", e);
        }
    }

    private static GraphDef fromSavedModel(Path file) throws IOException {
        SavedModel m;
        if (file.getFileName().toString().endsWith(".pbtxt")) {
            SavedModel.Builder b = SavedModel.newBuilder();
            TextFormat.merge(Files.readString(file), b);
            m = b.build();
        } else {
            m = SavedModel.parseFrom(Files.readAllBytes(file));
        }
        if (m.getMetaGraphsCount() == 0) throw new IOException(file + " holds no MetaGraph");
        return m.getMetaGraphs(0).getGraphDef();
    }

    /** The last graph of an event file, or null. */
    private static GraphDef fromEvents(Path file) throws IOException {
        GraphDef last = null;
        for (Event e : EventFiles.read(file)) if (e.hasGraphDef()) last = GraphDef.parseFrom(e.getGraphDef());
        return last;
    }
}
