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
import java.lang.management.ManagementFactory;
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
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SaverDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Thousands of seeded mutations of real model files (the trained MLP's saved_model.pb, and its GraphDef),
 * thrown at the importers: each must load or fail with a {@link ModelFormatException}, never anything
 * else, and never hang. Random byte damage is joined by structured lies (shapes, dtypes, content lengths
 * and signatures that claim what is not there, Consts that must expand against a budget), which must not
 * buy memory either.
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

    /** Budgets for what Consts may expand to: none at all, a little, and more than the model needs. */
    private static final long[] BUDGETS = {0, 64, 4096, 1 << 20, 16 << 20};

    @Test
    void savedModelsThatLieLoadOrFailTyped() throws IOException {
        Path dir = exportMlp();
        Path pb = dir.resolve("saved_model.pb");
        byte[] good = Files.readAllBytes(pb);
        long model = allocatedBy(() -> SavedModelImporter.load(dir).close());
        Outcomes o = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> fuzz(good, LIES, 3, ModelFuzzTest::lie, (bytes, budget) -> {
            Files.write(pb, bytes);
            try (LoadedModel m = SavedModelImporter.load(dir, "serve", budget)) {
                return m.signatures().size();
            }
        }, model));
        System.out.println("SavedModel lies: " + o);
        o.assertClean();
    }

    @Test
    void graphDefsThatLieImportOrFailTyped() throws IOException {
        Path dir = exportMlp();
        byte[] good = FrozenGraphs.freeze(dir).toByteArray();
        Path pb = tmp.resolve("frozen.pb");
        Files.write(pb, good);
        long model = allocatedBy(() -> GraphDefImporter.importFile(pb));
        Outcomes o = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> fuzz(good, LIES, 4, ModelFuzzTest::lie, (bytes, budget) -> {
            Files.write(pb, bytes);
            return GraphDefImporter.importFile(pb, null, budget).nodes().size();
        }, model));
        System.out.println("GraphDef lies: " + o);
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

    /** An attempt with a budget for what Consts may expand to. */
    @FunctionalInterface
    interface BudgetedAttempt {
        int run(byte[] mutated, long constantBudget) throws Exception;
    }

    @FunctionalInterface
    interface Mutator {
        byte[] mutate(byte[] good, Random r);
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static long allocatedBy(Work w) {
        long before = allocatedBytes();
        try {
            w.run();
        } catch (Exception e) {
            throw new AssertionError("the unaltered model loads", e);
        }
        return allocatedBytes() - before;
    }

    /** Counts of how mutations ended; the unexpected ones keep their seed and stack trace. */
    static final class Outcomes {
        int loaded, refused, unsupported;
        final List<String> unexpected = new ArrayList<>();

        void assertClean() {
            if (!unexpected.isEmpty()) fail(unexpected.size() + " mutations ended in an untyped failure or took too much memory; first:\n" + unexpected.get(0));
            assertTrue(refused + unsupported > 0 && loaded > 0, "mutations should both load and fail: " + this);
        }

        @Override
        public String toString() {
            return loaded + " loaded, " + refused + " refused as malformed, " + unsupported + " refused as unsupported, "
                    + unexpected.size() + " unexpected";
        }
    }

    private static Outcomes fuzz(byte[] good, int count, long seedBase, Attempt attempt) {
        Mutator random = (bytes, r) -> r.nextBoolean() ? mutate(bytes, r) : mutateInside(bytes, r);
        return fuzz(good, count, seedBase, random, (bytes, budget) -> attempt.run(bytes), -1);
    }

    /**
     * Runs {@code count} mutations, each against a budget drawn from {@link #BUDGETS}. Unless
     * {@code modelAllocation} is negative, an attempt that allocates more than twice what the unaltered model
     * takes, plus its budget and 16 MiB, counts as unexpected: a lie must not buy memory.
     */
    private static Outcomes fuzz(byte[] good, int count, long seedBase, Mutator mutator, BudgetedAttempt attempt, long modelAllocation) {
        Outcomes o = new Outcomes();
        for (int i = 0; i < count; i++) {
            long seed = seedBase * 1_000_003L + i;
            Random r = new Random(seed);
            byte[] bytes = mutator.mutate(good, r);
            long budget = BUDGETS[r.nextInt(BUDGETS.length)];
            long before = allocatedBytes();
            try {
                attempt.run(bytes, budget);
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
            long used = allocatedBytes() - before, limit = 2 * modelAllocation + budget + (16 << 20);
            if (modelAllocation >= 0 && used > limit) {
                o.unexpected.add("seed " + seed + ": allocated " + used + " bytes with a budget of " + budget + " (limit " + limit + ")");
            }
        }
        return o;
    }

    private static final int LIES = 800;

    /** Dimensions a lying shape draws from: small, zero, unknown, negative, at and past int range, overflowing a long. */
    private static final long[] CLAIMS = {0, 1, 2, 7, 65_536, 1L << 26, Integer.MAX_VALUE, 1L << 31, 1L << 40, -1, -2, 1_755_416_777, 65_691_504};
    private static final int[] DTYPES = {DataType.DT_FLOAT_VALUE, DataType.DT_DOUBLE_VALUE, DataType.DT_INT32_VALUE, DataType.DT_INT64_VALUE,
            DataType.DT_BOOL_VALUE, DataType.DT_STRING_VALUE, DataType.DT_HALF_VALUE, 99};

    /**
     * One or two structured lies told by Consts or Placeholders (the saver's string Consts among them): a shape that
     * claims other sizes, values dropped so that the shape must be filled, a dtype or a content length that
     * disagrees with the shape, or (in a SavedModel) a signature that claims another dtype.
     */
    static byte[] lie(byte[] in, Random r) {
        try {
            boolean savedModel = isSavedModel(in);
            SavedModel.Builder sm = savedModel ? SavedModel.parseFrom(in).toBuilder() : null;
            GraphDef.Builder g = savedModel ? sm.getMetaGraphs(0).getGraphDef().toBuilder() : GraphDef.parseFrom(in).toBuilder();
            if (savedModel && r.nextInt(10) == 0) {
                var meta = sm.getMetaGraphsBuilder(0);
                String key = meta.getSignatureDefMap().keySet().iterator().next();
                SignatureDef.Builder sig = meta.getSignatureDefOrThrow(key).toBuilder();
                String out = sig.getOutputsMap().keySet().iterator().next();
                sig.putOutputs(out, sig.getOutputsOrThrow(out).toBuilder().setDtypeValue(DTYPES[r.nextInt(DTYPES.length)]).build());
                meta.putSignatureDef(key, sig.build());
                return sm.build().toByteArray();
            }
            List<Integer> liars = new ArrayList<>(), strings = new ArrayList<>();
            for (int i = 0; i < g.getNodeCount(); i++) {
                NodeDef n = g.getNode(i);
                if (n.getOp().equals("Const") || n.getOp().equals("Placeholder")) liars.add(i);
                if (n.getOp().equals("Const") && n.getAttrOrThrow("value").getTensor().getDtype() == DataType.DT_STRING) strings.add(i);
            }
            // the saver's string Consts are few among many, and read by other code: they lie a third of the time
            if (!strings.isEmpty() && r.nextInt(3) == 0) liars = strings;
            // one or two lies, the second often told by the same node
            int at = liars.get(r.nextInt(liars.size()));
            for (int k = 1 + r.nextInt(2); k > 0; k--, at = r.nextBoolean() ? at : liars.get(r.nextInt(liars.size()))) {
                NodeDef n = g.getNode(at);
                if (n.getOp().equals("Placeholder")) {
                    TensorShapeProto shape = n.containsAttr("shape") ? n.getAttrOrThrow("shape").getShape() : TensorShapeProto.getDefaultInstance();
                    g.setNode(at, n.toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(lie(shape, r)).build()));
                } else {
                    TensorProto.Builder t = n.getAttrOrThrow("value").getTensor().toBuilder();
                    switch (r.nextInt(5)) {
                        case 0 -> t.setTensorShape(lie(t.getTensorShape(), r));
                        case 4 -> {                     // a shape of claims over a few bytes of content
                            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
                            for (int d = 1 + r.nextInt(3); d > 0; d--) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(CLAIMS[r.nextInt(CLAIMS.length)]));
                            byte[] content = new byte[1 + r.nextInt(16)];
                            r.nextBytes(content);
                            t.setTensorShape(shape).setTensorContent(com.google.protobuf.ByteString.copyFrom(content));
                        }
                        case 1 -> {
                            t.clearTensorContent().clearFloatVal().clearDoubleVal().clearIntVal().clearInt64Val().clearBoolVal();
                            if (r.nextBoolean()) t.setTensorShape(lie(t.getTensorShape(), r));
                        }
                        case 2 -> t.setDtypeValue(DTYPES[r.nextInt(DTYPES.length)]);
                        default -> {
                            byte[] content = t.getTensorContent().toByteArray();
                            int by = r.nextInt(9) + 1;
                            content = Arrays.copyOf(content, r.nextBoolean() || content.length < by ? content.length + by : content.length - by);
                            t.setTensorContent(com.google.protobuf.ByteString.copyFrom(content));
                        }
                    }
                    g.setNode(at, n.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
                }
            }
            if (!savedModel) return g.build().toByteArray();
            sm.getMetaGraphsBuilder(0).setGraphDef(g);
            return sm.build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the seed parses", e);
        }
    }

    /** The shape with one dimension changed, added or removed, or made of claims entirely, or of unknown rank. */
    private static TensorShapeProto lie(TensorShapeProto shape, Random r) {
        List<Long> dims = new ArrayList<>();
        for (TensorShapeProto.Dim d : shape.getDimList()) dims.add(d.getSize());
        long claim = r.nextInt(4) == 0 && !dims.isEmpty() ? dims.get(0) + r.nextInt(3) - 1 : CLAIMS[r.nextInt(CLAIMS.length)];
        switch (r.nextInt(5)) {
            case 0 -> { if (dims.isEmpty()) dims.add(claim); else dims.set(r.nextInt(dims.size()), claim); }
            case 1 -> dims.add(r.nextInt(dims.size() + 1), claim);
            case 2 -> { if (!dims.isEmpty()) dims.remove(r.nextInt(dims.size())); }
            case 3 -> {
                dims.clear();
                for (int k = 1 + r.nextInt(3); k > 0; k--) dims.add(CLAIMS[r.nextInt(CLAIMS.length)]);
            }
            default -> { return TensorShapeProto.newBuilder().setUnknownRank(true).build(); }
        }
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long d : dims) b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return b.build();
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
