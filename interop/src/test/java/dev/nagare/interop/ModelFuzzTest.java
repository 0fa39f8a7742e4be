package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;

/**
 * Thousands of seeded mutations of real model files (the trained MLP's saved_model.pb, and its GraphDef),
 * thrown at the importers: each must load or fail with a {@link ModelFormatException}, never anything
 * else, and never hang.
 */
class ModelFuzzTest {
    private static final int SAVED_MODEL_MUTATIONS = 2500;
    private static final int GRAPH_DEF_MUTATIONS = 1500;

    @TempDir Path tmp;

    @Test
    void mutatedSavedModelsLoadOrFailTyped() throws IOException {
        Path dir = exportMlp();
        Path pb = dir.resolve("saved_model.pb");
        byte[] good = Files.readAllBytes(pb);
        Outcomes o = assertTimeoutPreemptively(Duration.ofMinutes(4), () -> fuzz(good, SAVED_MODEL_MUTATIONS, 1, bytes -> {
            Files.write(pb, bytes);
            try (LoadedModel m = SavedModelImporter.load(dir)) {
                return m.signatures().size();
            }
        }));
        System.out.println("SavedModel fuzz: " + o);
        o.assertClean();
    }

    @Test
    void mutatedGraphDefsImportOrFailTyped() throws IOException {
        Path dir = exportMlp();
        byte[] good = FrozenGraphs.freeze(dir).toByteArray();
        Path pb = tmp.resolve("frozen.pb");
        Files.write(pb, good);
        assertTrue(GraphDefImporter.importFile(pb).nodes().containsKey("ArgMax"), "the frozen seed imports");
        Outcomes o = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> fuzz(good, GRAPH_DEF_MUTATIONS, 2, bytes -> {
            Files.write(pb, bytes);
            return GraphDefImporter.importFile(pb).nodes().size();
        }));
        System.out.println("GraphDef fuzz: " + o);
        o.assertClean();
    }

    private Path exportMlp() throws IOException {
        MlpExportTest.Mlp net = new MlpExportTest.Mlp(5);
        Path dir = tmp.resolve("model");
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            Map<String, Output> out = Map.of("predictions", net.predictions, "logits", net.logits);
            SavedModelExporter.export(s, dir, Map.of("images", net.images), out);
        }
        assertTrue(net.images.dtype() == DType.FLOAT32);
        return dir;
    }

    @FunctionalInterface
    interface Attempt {
        int run(byte[] mutated) throws Exception;
    }

    /** Counts of how mutations ended; the unexpected ones keep their seed and stack trace. */
    static final class Outcomes {
        int loaded, refused, unsupported;
        final List<String> unexpected = new ArrayList<>();

        void assertClean() {
            if (!unexpected.isEmpty()) fail(unexpected.size() + " mutations ended in an untyped failure; first:\n" + unexpected.get(0));
            assertTrue(refused + unsupported > 0 && loaded > 0, "mutations should both load and fail: " + this);
        }

        @Override
        public String toString() {
            return loaded + " loaded, " + refused + " refused as malformed, " + unsupported + " refused as unsupported, "
                    + unexpected.size() + " unexpected";
        }
    }

    private static Outcomes fuzz(byte[] good, int count, long seedBase, Attempt attempt) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < count; i++) {
            long seed = seedBase * 1_000_003L + i;
            Random r = new Random(seed);
            byte[] bytes = r.nextBoolean() ? mutate(good, r) : mutateInside(good, r);
            try {
                attempt.run(bytes);
                o.loaded++;
            } catch (UnsupportedModelException e) {
                o.unsupported++;
            } catch (ModelFormatException e) {
                o.refused++;
                if (System.getenv("FUZZ_VERBOSE") != null) System.out.println("FUZZ " + e.getMessage().replaceAll("^[^:]*: ", ""));
            } catch (Throwable t) {
                StringWriter w = new StringWriter();
                t.printStackTrace(new PrintWriter(w));
                o.unexpected.add("seed " + seed + ": " + w);
            }
        }
        return o;
    }

    /**
     * Mutates the bytes of one nested message (a NodeDef, a SignatureDef, the SaverDef) and puts it back, so
     * that the enclosing lengths stay right and the damage reaches the importer rather than the parser.
     */
    static byte[] mutateInside(byte[] in, Random r) {
        try {
            boolean savedModel = isSavedModel(in);
            GraphDef.Builder g = savedModel ? SavedModel.parseFrom(in).getMetaGraphs(0).getGraphDef().toBuilder() : GraphDef.parseFrom(in).toBuilder();
            SavedModel.Builder sm = savedModel ? SavedModel.parseFrom(in).toBuilder() : null;
            for (int attempt = 0; attempt < 20; attempt++) {
                int pick = r.nextInt(g.getNodeCount() + (savedModel ? 2 : 0));
                try {
                    if (pick < g.getNodeCount()) {
                        g.setNode(pick, NodeDef.parseFrom(mutate(g.getNode(pick).toByteArray(), r)));
                    } else if (pick == g.getNodeCount()) {
                        var meta = sm.getMetaGraphsBuilder(0);
                        String key = meta.getSignatureDefMap().keySet().iterator().next();
                        meta.putSignatureDef(key, SignatureDef.parseFrom(mutate(meta.getSignatureDefOrThrow(key).toByteArray(), r)));
                    } else {
                        var meta = sm.getMetaGraphsBuilder(0);
                        meta.setSaverDef(SaverDef.parseFrom(mutate(meta.getSaverDef().toByteArray(), r)));
                    }
                    break;
                } catch (InvalidProtocolBufferException e) {
                    // the mutated part no longer parses on its own: try another
                }
            }
            if (!savedModel) return g.build().toByteArray();
            sm.getMetaGraphsBuilder(0).setGraphDef(g);
            return sm.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the seed parses", e);
        }
    }

    private static boolean isSavedModel(byte[] in) {
        try {
            return SavedModel.parseFrom(in).getMetaGraphsCount() > 0;
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    /** One to three edits: bit flips, byte stores, truncation, deletion, duplication, insertion, varint bombs. */
    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(8)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 0x01, r.nextInt(256)}[r.nextInt(6)];
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(32));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                case 5 -> {
                    byte[] junk = new byte[1 + r.nextInt(8)];
                    r.nextBytes(junk);
                    byte[] out = new byte[b.length + junk.length];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(junk, 0, out, at, junk.length);
                    System.arraycopy(b, at, out, at + junk.length, b.length - at);
                    b = out;
                }
                case 6 -> {
                    byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
                    for (int k = 0; k < bomb.length && at + k < b.length; k++) b[at + k] = bomb[k];
                }
                default -> {
                    int len = 1 + r.nextInt(16), other = r.nextInt(b.length);
                    for (int k = 0; k < len && at + k < b.length && other + k < b.length; k++) {
                        byte t = b[at + k];
                        b[at + k] = b[other + k];
                        b[other + k] = t;
                    }
                }
            }
        }
        return b;
    }
}
