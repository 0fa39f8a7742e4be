package dev.nagare.spark;

import dev.nagare.interop.LoadedModel;
import dev.nagare.interop.SavedModelImporter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A SavedModel directory read into memory on the driver, so that Spark can broadcast it to executors that
 * cannot see the driver's disk. An executor writes it to a temporary directory once, loads it there and
 * deletes the copy; the loaded model stays cached in that JVM (a few models at most).
 */
final class ModelFiles implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int KEPT = 4;
    private static final Map<String, LoadedModel> LOADED = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LoadedModel> eldest) {
            if (size() <= KEPT) return false;
            eldest.getValue().close();
            return true;
        }
    };

    /** Names the model in the executors' caches. */
    final String key;
    /** File contents by path relative to the model directory, '/'-separated. */
    private final Map<String, byte[]> files;

    private ModelFiles(String key, Map<String, byte[]> files) {
        this.key = key;
        this.files = files;
    }

    static ModelFiles read(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(p));
            }
        }
        return new ModelFiles(java.util.UUID.randomUUID().toString(), files);
    }

    /** The model loaded in this JVM, from the cache or from a temporary copy of the files. */
    LoadedModel load() {
        synchronized (LOADED) {
            LoadedModel m = LOADED.get(key);
            if (m != null) return m;
            Path tmp = null;
            try {
                tmp = Files.createTempDirectory("nagare-savedmodel-");
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    Path p = tmp.resolve(f.getKey());
                    Files.createDirectories(p.getParent());
                    Files.write(p, f.getValue());
                }
                m = SavedModelImporter.load(tmp);
                LOADED.put(key, m);
                return m;
            } catch (IOException e) {
                throw new UncheckedIOException("could not load the broadcast SavedModel on this executor: " + e.getMessage(), e);
            } finally {
                if (tmp != null) deleteQuietly(tmp);
            }
        }
    }

    /** Drops this model from this JVM's cache (the driver's, in local mode). */
    void forget() {
        synchronized (LOADED) {
            LoadedModel m = LOADED.remove(key);
            if (m != null) m.close();
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> all = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary copy left behind costs disk, not correctness
        }
    }
}
