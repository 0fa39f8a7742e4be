package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.GraphDefImporter;
import dev.nagare.interop.GraphDefs;
import dev.nagare.interop.ImportedGraph;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.Summary;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * The summary writer ops against TensorFlow Java 1.1.0's own: the same values written by TensorFlow's ops and by
 * Nagare's give the same events (wall time aside), TensorFlow's TFRecordReader reads every record of Nagare's file,
 * and a graph of these ops exports to a GraphDef that TensorFlow runs, and imports back.
 */
class SummaryWriterOpsTest {
    @TempDir Path dir;

    /** One write op and its values. */
    private sealed interface Item {}

    private record Scalar(String tag, long step, Tensor value) implements Item {}

    private record Histo(String tag, long step, Tensor values) implements Item {}

    private record Whole(String tag, long step, Tensor tensor, byte[] metadata) implements Item {}

    private record GraphItem(long step, byte[] graphDef) implements Item {}

    private record Raw(long step, Tensor summaries) implements Item {}

    private static final byte[] SCALARS_METADATA = SummaryMetadata.newBuilder().setDisplayName("shown")
            .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("scalars")).build().toByteArray();

    private static List<Item> items() {
        Summary a = Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag("raw/a").setSimpleValue(1.5f)).build();
        Summary b = Summary.newBuilder().addValue(Summary.Value.newBuilder().setTag("raw/b").setSimpleValue(-2f))
                .addValue(Summary.Value.newBuilder().setTag("raw/c").setSimpleValue(0f)).build();
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        tf.withSubScope("dense").withName("y").add(tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "x"), tf.constant(new float[] {1, 2}));
        return List.of(
                new Scalar("loss", 1, Tensor.scalar(0.75f)),
                new Scalar("train/loss", 2, Tensor.scalar(1e300)), // float32 infinity, as TensorFlow casts it
                new Scalar("", 0, Tensor.scalar(-7)),
                new Scalar("big", -3, Tensor.scalar((1L << 60) + (1L << 36) + 1)), // through a double it would round twice, to 2^60
                new Scalar("first of three", 2, Tensor.of(Shape.of(3), new double[] {0.25, 9, 9})),
                new Histo("w", 1, Tensor.of(Shape.of(2, 5), new float[] {-2.5f, -0.001f, 0f, 0f, 1e-13f, 0.3f, 0.31f, 7f, 1e6f, -1e-30f})),
                new Histo("ints", 4, Tensor.of(Shape.of(4), new int[] {3, 3, -1, 0})),
                new Histo("empty", 4, Tensor.of(Shape.of(0), new double[0])),
                new Whole("t", 5, Tensor.of(Shape.of(2, 2), new float[] {1, 2, 3, 4}), SCALARS_METADATA),
                new Whole("s", 5, Tensor.of(Shape.of(2), new String[] {"ab", ""}), new byte[0]),
                new Whole("i", 6, Tensor.scalar(7L), new byte[0]),
                new Whole("b", 6, Tensor.of(Shape.of(1, 2), new boolean[] {true, false}), new byte[0]),
                new Whole("e", 6, Tensor.of(Shape.of(0, 3), new double[0]), new byte[0]),
                new Whole("n", 6, Tensor.of(Shape.of(2), new int[] {-1, 65536}), new byte[0]),
                new GraphItem(0, GraphDefs.forTensorFlow(g).toByteArray()),
                new Raw(9, Tensor.of(Shape.of(3), new byte[][] {a.toByteArray(), new byte[0], b.toByteArray()})));
    }

    /** Writes {@code items} with TensorFlow's ops, one run each, into {@code logdir}; returns the event file. */
    private static Path writeWithTensorFlow(Path logdir, List<Item> items) throws IOException {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
            Ops tf = Ops.create(g);
            var w = tf.summary.summaryWriter(org.tensorflow.op.summary.SummaryWriter.sharedName("judge"));
            s.run(tf.summary.createSummaryFileWriter(w, tf.constant(logdir.toString()), tf.constant(10), tf.constant(100_000), tf.constant(".tf")));
            for (Item item : items) {
                switch (item) {
                    case Scalar sc -> s.run(tf.summary.writeScalarSummary(w, tf.constant(sc.step()), tf.constant(sc.tag()), tfConstant(tf, sc.value())));
                    case Histo h -> s.run(tf.summary.writeHistogramSummary(w, tf.constant(h.step()), tf.constant(h.tag()), tfConstant(tf, h.values())));
                    case Whole t -> s.run(tf.summary.writeSummary(w, tf.constant(t.step()), tfConstant(tf, t.tensor()), tf.constant(t.tag()),
                            tfConstant(tf, Tensor.scalar(t.metadata()))));
                    case GraphItem gi -> s.run(tf.summary.writeGraphSummary(w, tf.constant(gi.step()), tfConstant(tf, Tensor.scalar(gi.graphDef()))));
                    case Raw r -> s.run(tf.summary.writeRawProtoSummary(w, tf.constant(r.step()), tfConstant(tf, r.summaries())));
                }
            }
            s.run(tf.summary.closeSummaryWriter(w));
        }
        return onlyFile(logdir);
    }

    /** Writes {@code items} with Nagare's ops, one run each; the Session's close flushes and closes the file. */
    private static Path writeWithNagare(Path logdir, List<Item> items) throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.summary.writer("nagare");
        Node open = tf.summary.createFileWriter(w, tf.constant(logdir.toString()), tf.constant(10), tf.constant(100_000), tf.constant(".tf"));
        List<Node> writes = new ArrayList<>();
        for (Item item : items) {
            writes.add(switch (item) {
                case Scalar sc -> tf.summary.writeScalar(w, tf.constant(sc.step()), sc.tag(), tf.constant(sc.value()));
                case Histo h -> tf.summary.writeHistogram(w, tf.constant(h.step()), h.tag(), tf.constant(h.values()));
                case Whole t -> tf.summary.write(w, tf.constant(t.step()), t.tag(), tf.constant(t.tensor()), t.metadata());
                case GraphItem gi -> tf.summary.writeGraph(w, tf.constant(gi.step()), tf.constant(Tensor.scalar(gi.graphDef())));
                case Raw r -> tf.summary.writeRaw(w, tf.constant(r.step()), tf.constant(r.summaries()));
            });
        }
        try (Session s = new Session(g)) {
            s.run(open);
            for (Node n : writes) s.run(n);
        }
        return onlyFile(logdir);
    }

    @Test
    void sameValuesGiveTheSameEventsAsTensorFlowsWriterOps() throws IOException {
        List<Item> items = items();
        Path theirs = writeWithTensorFlow(dir.resolve("tf"), items), ours = writeWithNagare(dir.resolve("nagare"), items);
        // events.out.tfevents.<seconds>.<host>.<pid>.<n>.tf: all but the time and the number as TensorFlow names it.
        assertEquals(theirs.getFileName().toString().replaceAll("\\.\\d{10}\\.", ".T.").replaceAll("\\.\\d+\\.tf$", ".N.tf"),
                ours.getFileName().toString().replaceAll("\\.\\d{10}\\.", ".T.").replaceAll("\\.\\d+\\.tf$", ".N.tf"));
        assertSameEvents(EventFiles.read(theirs), EventFiles.read(ours));
        assertEquals(1 + items.size(), EventFiles.read(ours).size());
    }

    @Test
    void tensorFlowsReaderReadsEveryRecordOfTheOpsFile() throws IOException {
        Path ours = writeWithNagare(dir, items());
        List<byte[]> read = RecordReader.readAll(ours), theirs = TfEvents.readRecords(ours);
        assertEquals(read.size(), theirs.size());
        for (int i = 0; i < read.size(); i++) assertArrayEquals(read.get(i), theirs.get(i), "record " + i);
    }

    /**
     * A graph of all nine ops: TensorFlow's names and attrs (checked against its op registry), TensorFlow runs the
     * exported GraphDef and writes the events Nagare writes, and the GraphDef imported back into Nagare does too.
     */
    @Test
    void aGraphOfTheWriterOpsExportsRunsInTensorFlowAndImportsBack() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output logdir = tf.placeholder(DType.STRING, Shape.scalar(), "logdir");
        Output step = tf.placeholder(DType.INT64, Shape.scalar(), "step");
        Output loss = tf.placeholder(DType.FLOAT32, Shape.scalar(), "loss");
        Output w = tf.summary.writer("train");
        Tf s = tf.withSubScope("summaries");
        s.withName("open").summary.createFileWriter(w, logdir, tf.constant(5), tf.constant(60_000), tf.constant("ops"));
        Tf after = s.withControlDependencies(g.node("summaries/open").orElseThrow());
        Node scalar = after.withName("loss").summary.writeScalar(w, step, "loss", loss);
        Node histo = after.withName("hist").summary.writeHistogram(w, step, "weights", tf.mul(tf.constant(new double[] {1, -2, 3}), tf.cast(loss, DType.FLOAT64)));
        Node whole = after.withName("tensor").summary.write(w, step, "tensor", tf.constant(new long[] {4, 5}), SCALARS_METADATA);
        Node graph = after.withName("graph").summary.writeGraph(w, step, tf.constant(Tensor.scalar(GraphDef.getDefaultInstance().toByteArray())));
        Node raw = after.withName("raw").summary.writeRaw(w, step, tf.summary.scalar("merged", loss));
        Node flush = tf.withControlDependencies(scalar, histo, whole, graph, raw).withName("flush").summary.flush(w);
        tf.withControlDependencies(flush).withName("close").summary.close(w);

        GraphDef def = GraphDefs.forTensorFlow(g);
        checkAgainstTensorFlowsRegistry(def);
        Map<String, String> ops = new HashMap<>();
        for (NodeDef n : def.getNodeList()) ops.put(n.getName(), n.getOp());
        assertEquals("SummaryWriter", ops.get("SummaryWriter"));
        assertEquals("CreateSummaryFileWriter", ops.get("summaries/open"));
        assertEquals("WriteScalarSummary", ops.get("summaries/loss"));
        assertEquals("WriteHistogramSummary", ops.get("summaries/hist"));
        assertEquals("WriteSummary", ops.get("summaries/tensor"));
        assertEquals("WriteGraphSummary", ops.get("summaries/graph"));
        assertEquals("WriteRawProtoSummary", ops.get("summaries/raw"));
        assertEquals("FlushSummaryWriter", ops.get("flush"));
        assertEquals("CloseSummaryWriter", ops.get("close"));
        NodeDef writer = def.getNodeList().stream().filter(n -> n.getName().equals("SummaryWriter")).findFirst().orElseThrow();
        assertEquals("train", writer.getAttrOrThrow("shared_name").getS().toStringUtf8());
        NodeDef histDef = def.getNodeList().stream().filter(n -> n.getName().equals("summaries/hist")).findFirst().orElseThrow();
        assertEquals(org.tensorflow.proto.DataType.DT_DOUBLE, histDef.getAttrOrThrow("T").getType());

        long[] steps = {3, 7};
        float[] losses = {0.5f, 0.25f};
        Path tfDir = dir.resolve("tf");
        try (org.tensorflow.Graph tg = new org.tensorflow.Graph(); org.tensorflow.Session ts = new org.tensorflow.Session(tg)) {
            tg.importGraphDef(def);
            for (int i = 0; i < steps.length; i++) {
                try (TString ld = TString.scalarOf(tfDir.toString()); var st = org.tensorflow.types.TInt64.scalarOf(steps[i]);
                        var l = org.tensorflow.types.TFloat32.scalarOf(losses[i])) {
                    ts.runner().feed("logdir", ld).feed("step", st).feed("loss", l).addTarget("close").run();
                }
            }
        }
        Path ourDir = dir.resolve("nagare");
        runNagare(g, g.node("close").orElseThrow(), logdir, step, loss, ourDir, steps, losses);
        ImportedGraph back = GraphDefImporter.importGraphDef(def, dir.resolve("graph.pb"), null);
        Path backDir = dir.resolve("imported");
        runNagare(back.graph(), back.nodes().get("close"), back.output("logdir"), back.output("step"), back.output("loss"), backDir, steps, losses);

        // Each run opens a new file (close ends the writer) holding five events at its step.
        Map<Long, List<Event>> theirs = byStep(tfDir), ours = byStep(ourDir), imported = byStep(backDir);
        for (long st : steps) {
            assertEquals(6, theirs.get(st).size());
            // The run orders the five writes only after the open: compare them by what they hold.
            assertSameEvents(sorted(theirs.get(st)), sorted(ours.get(st)));
            assertSameEvents(sorted(theirs.get(st)), sorted(imported.get(st)));
        }
        for (Path f : EventFiles.list(ourDir)) assertTrue(f.getFileName().toString().endsWith(".ops"), f.toString());
    }

    /** The events of each file in {@code logdir}, by the one step its writes were made at. */
    private static Map<Long, List<Event>> byStep(Path logdir) throws IOException {
        Map<Long, List<Event>> out = new HashMap<>();
        for (Path f : EventFiles.list(logdir)) {
            List<Event> events = EventFiles.read(f);
            List<Long> steps = events.stream().skip(1).map(Event::getStep).distinct().toList();
            assertEquals(1, steps.size(), f + ": " + steps);
            assertEquals(null, out.put(steps.get(0), events), f + ": a second file at step " + steps.get(0));
        }
        return out;
    }

    private static void runNagare(Graph g, Node close, Output logdir, Output step, Output loss, Path into, long[] steps, float[] losses) {
        try (Session s = new Session(g)) {
            for (int i = 0; i < steps.length; i++) {
                s.runner().feed(logdir, Tensor.scalar(into.toString())).feed(step, Tensor.scalar(steps[i])).feed(loss, Tensor.scalar(losses[i]))
                        .addTarget(close).run();
            }
        }
    }

    /** The file version event first, then the others in the order of their contents. */
    private static List<Event> sorted(List<Event> events) {
        List<Event> rest = new ArrayList<>(events.subList(1, events.size()));
        rest.sort(java.util.Comparator.comparing(e -> EventAssertions.withoutWallTime(e).toByteString().toStringUtf8()));
        List<Event> out = new ArrayList<>(List.of(events.get(0)));
        out.addAll(rest);
        return out;
    }

    /** Every event's fields equal but the wall time; a graph compared as the GraphDef it holds (TensorFlow writes it again). */
    private static void assertSameEvents(List<Event> theirs, List<Event> ours) throws IOException {
        assertEquals(theirs.size(), ours.size(), "events");
        assertEquals(EventAssertions.withoutWallTime(theirs.get(0)), EventAssertions.withoutWallTime(ours.get(0)), "the first event");
        assertEquals((long) theirs.get(0).getWallTime(), theirs.get(0).getWallTime(), "the first event is stamped in whole seconds");
        assertEquals((long) ours.get(0).getWallTime(), ours.get(0).getWallTime(), "the first event is stamped in whole seconds");
        EventAssertions.assertSameEventsAfterTheFirst(theirs, ours);
        for (int i = 1; i < ours.size(); i++) {
            double t = ours.get(i).getWallTime();
            assertTrue(Math.abs(t - System.currentTimeMillis() / 1000.0) < 600, "event " + i + " is stamped now: " + t);
        }
    }

    private static Path onlyFile(Path logdir) throws IOException {
        List<Path> files = EventFiles.list(logdir);
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    /** As interop's AttrCheck: every node's op exists, every attr it writes is declared and not its default, every required attr is written. */
    private static void checkAgainstTensorFlowsRegistry(GraphDef def) {
        Map<String, OpDef> registry = new HashMap<>();
        for (OpDef op : TensorFlow.registeredOpList().getOpList()) registry.put(op.getName(), op);
        for (NodeDef n : def.getNodeList()) {
            OpDef op = registry.get(n.getOp());
            assertNotNull(op, n.getName() + ": TensorFlow has no op " + n.getOp());
            Map<String, OpDef.AttrDef> declared = new HashMap<>();
            for (OpDef.AttrDef a : op.getAttrList()) declared.put(a.getName(), a);
            for (Map.Entry<String, AttrValue> e : n.getAttrMap().entrySet()) {
                if (e.getKey().startsWith("_")) continue; // _output_shapes: TensorFlow's own optional hint
                OpDef.AttrDef a = declared.get(e.getKey());
                assertNotNull(a, n.getName() + " (" + n.getOp() + "): attr '" + e.getKey() + "' is not declared by TensorFlow");
                assertTrue(!a.hasDefaultValue() || !a.getDefaultValue().equals(e.getValue()), n.getName() + ": attr '" + e.getKey() + "' written with its default");
            }
            for (OpDef.AttrDef a : op.getAttrList()) {
                assertTrue(a.hasDefaultValue() || n.containsAttr(a.getName()), n.getName() + " (" + n.getOp() + "): required attr '" + a.getName() + "' missing");
            }
            assertEquals(op.getInputArgCount(), n.getInputList().stream().filter(i -> !i.startsWith("^")).count(), n.getName() + ": inputs");
        }
    }

    /** A TensorFlow constant holding what a Nagare tensor holds (typed as the caller needs; TensorFlow checks it). */
    @SuppressWarnings("unchecked")
    private static <T extends TType> Operand<T> tfConstant(Ops tf, Tensor t) {
        return (Operand<T>) untypedConstant(tf, t);
    }

    private static Operand<?> untypedConstant(Ops tf, Tensor t) {
        long[] dims = java.util.Arrays.stream(t.shape().dims()).asLongStream().toArray();
        var shape = tf.constant(dims);
        return switch (t.dtype()) {
            case FLOAT32 -> tf.reshape(tf.constant(t.floatData()), shape);
            case FLOAT64 -> tf.reshape(tf.constant(t.doubleData()), shape);
            case INT32 -> tf.reshape(tf.constant(t.intData()), shape);
            case INT64 -> tf.reshape(tf.constant(t.longData()), shape);
            case BOOL -> tf.reshape(tf.constant(t.boolData()), shape);
            case STRING -> {
                try (TString s = TString.tensorOfBytes(NdArrays.vectorOfObjects(t.stringData()))) {
                    yield tf.reshape(tf.constantOf(s), shape);
                }
            }
        };
    }
}
