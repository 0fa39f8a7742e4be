package dev.nagare.bench;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Serving latency: one request at a time through the MNIST MLP 784-256-128-64-10 forward pass (matmul,
 * bias-add, ReLU; softmax at the end), the weights (about 1 MB) held as constants of the graph or as
 * variables, at batch 1, 8 and 32. Each call is timed on its own; the table gives p50 / p90 / p99 of the
 * per-call latency. The engines take turns in short rounds ({@value #ROUNDS} each, {@code
 * -Dnagare.bench.servingMs} per engine in all, default 2000), so a load that comes and goes on the machine
 * falls on both alike.
 */
final class ServingBench {
    static final int[] BATCHES = {1, 8, 32};
    static final int ROUNDS = 8;
    /** Calls each engine makes before it is timed, per case. */
    static final int WARM_CALLS = 5_000;

    /** One engine ready to answer requests: {@link #call()} runs the forward pass on the next request. */
    interface Server extends AutoCloseable {
        float[] call();

        @Override void close();
    }

    record Row(int batch, String weights, String engine, double p50, double p90, double p99) {}

    private final List<Row> rows = new ArrayList<>();
    /** The machine's own spread: a fixed loop of register arithmetic as long as Nagare's batch-1 p50. */
    private Row floor;

    static ServingBench run() {
        ServingBench bench = new ServingBench();
        long totalMs = Long.getLong("nagare.bench.servingMs", 2000);
        TrainingData data = new TrainingData(256, 7);
        for (boolean constants : new boolean[] {true, false}) {
            String kind = constants ? "constants" : "variables";
            for (int batch : BATCHES) {
                try (Server tf = new TfServer(data, batch, constants); Server ng = new NagareServer(data, batch, constants)) {
                    float[] want = tf.call(), got = ng.call();
                    for (int i = 0; i < want.length; i++) {
                        if (!(Math.abs(want[i] - got[i]) <= 1e-5f)) {
                            throw new AssertionError("serving batch " + batch + ": Nagare " + got[i] + " vs TF Java " + want[i] + " at " + i);
                        }
                    }
                    List<Server> servers = List.of(tf, ng);
                    long[][] samples = new long[2][];
                    for (Server s : servers) warm(s, 1000);
                    List<long[]> tfRounds = new ArrayList<>(), ngRounds = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        tfRounds.add(time(tf, totalMs / ROUNDS));
                        ngRounds.add(time(ng, totalMs / ROUNDS));
                    }
                    samples[0] = concat(tfRounds);
                    samples[1] = concat(ngRounds);
                    bench.add(batch, kind, TfJavaSessionBench.ENGINE, samples[0]);
                    bench.add(batch, kind, NagareSessionBench.ENGINE, samples[1]);
                }
            }
        }
        Row nagare1 = bench.rows.stream().filter(r -> r.batch == 1 && r.engine.equals(NagareSessionBench.ENGINE)).findFirst().orElseThrow();
        bench.floor = fixedWork(nagare1.p50, totalMs);
        return bench;
    }

    /**
     * p50 / p90 / p99 of a call that does the same work every time and touches no memory (a chain of
     * multiply-adds), sized to last about {@code targetUs}: what the machine (timer interrupts, the hypervisor,
     * other tenants) adds to any call of that length, so the serving rows' p99 / p50 can be read against it.
     */
    private static Row fixedWork(double targetUs, long totalMs) {
        FixedWork w = new FixedWork(1_000);
        warm(w, 200);
        long[] probe = time(w, 100);
        Arrays.sort(probe);
        w.steps = (int) Math.max(1, Math.round(1_000 * targetUs / (probe[probe.length / 2] / 1_000.0)));
        warm(w, 100);
        long[] ns = time(w, totalMs);
        Arrays.sort(ns);
        Row row = new Row(1, "none", "fixed work", pct(ns, 50), pct(ns, 90), pct(ns, 99));
        System.err.printf(Locale.ROOT, "  serving floor: fixed work of %d steps  p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  (%d calls)%n",
                w.steps, row.p50, row.p90, row.p99, ns.length);
        return row;
    }

    /** A chain of dependent float multiply-adds: the same instructions and no memory traffic on every call. */
    private static final class FixedWork implements Server {
        int steps;
        private final float[] result = new float[1];

        FixedWork(int steps) { this.steps = steps; }

        @Override public float[] call() {
            float acc = result[0];
            for (int i = 0; i < steps; i++) acc = acc * 0.999f + 0.5f;
            result[0] = acc;
            return result;
        }

        @Override public void close() {}
    }

    private void add(int batch, String kind, String engine, long[] ns) {
        Arrays.sort(ns);
        Row row = new Row(batch, kind, engine, pct(ns, 50), pct(ns, 90), pct(ns, 99));
        rows.add(row);
        System.err.printf(Locale.ROOT, "  serving batch %-3d %-9s %-16s p50 %8.1f us  p90 %8.1f us  p99 %8.1f us  (%d calls)%n",
                batch, kind, engine, row.p50, row.p90, row.p99, ns.length);
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))] / 1_000.0;
    }

    /**
     * At least {@code ms} and {@value #WARM_CALLS} calls: on a loaded machine a time alone can end before the
     * JIT has compiled the vector kernels (until then the Vector API runs in Java, many times slower).
     */
    private static void warm(Server s, long ms) {
        long end = System.nanoTime() + ms * 1_000_000L;
        for (int i = 0; i < WARM_CALLS || System.nanoTime() < end; i++) s.call();
    }

    private static long[] time(Server s, long ms) {
        long[] ns = new long[1 << 16];
        int count = 0;
        long end = System.nanoTime() + ms * 1_000_000L, t0 = System.nanoTime();
        while (t0 < end) {
            s.call();
            long t1 = System.nanoTime();
            if (count == ns.length) ns = Arrays.copyOf(ns, count * 2);
            ns[count++] = t1 - t0;
            t0 = t1;
        }
        return Arrays.copyOf(ns, count);
    }

    private static long[] concat(List<long[]> parts) {
        long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    void printTable(PrintStream out) {
        out.println();
        out.println("Serving: MLP 784-256-128-64-10 forward + softmax, one call at a time; latency per call in us");
        out.printf(Locale.ROOT, "%-6s  %-9s  %-16s  %9s  %9s  %9s  %13s%n", "batch", "weights", "engine", "p50", "p90", "p99",
                "p50 TF/this");
        out.println("-".repeat(84));
        for (Row r : rows) {
            Row base = rows.stream().filter(b -> b.batch == r.batch && b.weights.equals(r.weights)).findFirst().orElseThrow();
            out.printf(Locale.ROOT, "%-6d  %-9s  %-16s  %9.1f  %9.1f  %9.1f  %13.2f%n", r.batch, r.weights, r.engine, r.p50, r.p90,
                    r.p99, base.p50 / r.p50);
        }
        if (floor != null) {
            out.printf(Locale.ROOT, "Machine floor: fixed register work as long as Nagare's batch-1 p50: p50 %.1f / p90 %.1f / p99 %.1f us, p99/p50 %.2f%n",
                    floor.p50, floor.p90, floor.p99, floor.p99 / floor.p50);
            for (Row r : rows) {
                if (r.engine.equals(NagareSessionBench.ENGINE)) {
                    out.printf(Locale.ROOT, "  Nagare batch %-2d %-9s p99/p50 %.2f%n", r.batch, r.weights, r.p99 / r.p50);
                }
            }
        }
    }

    /** Nagare: placeholder x, per layer {@code relu(biasAdd(matmul(h, W), b))}, softmax of the last; x fed, softmax fetched. */
    static final class NagareServer implements Server {
        private final dev.nagare.session.Session session;
        private final Output x, y;
        private final Tensor[] requests;
        private int next;

        NagareServer(TrainingData data, int batch, boolean constants) {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            int[] layers = data.layers;
            x = tf.placeholder(DType.FLOAT32, dev.nagare.graph.Shape.of(-1, TrainingData.PIXELS), "x");
            Output h = x;
            for (int l = 0; l + 1 < layers.length; l++) {
                Tf layer = tf.withSubScope("layer" + (l + 1));
                Output w = layer.constant(Tensor.of(dev.nagare.graph.Shape.of(layers[l], layers[l + 1]), data.weights[l].clone()));
                Output b = layer.constant(Tensor.of(dev.nagare.graph.Shape.of(layers[l + 1]), data.biases[l].clone()));
                if (!constants) {
                    w = layer.variable(w, "weights");
                    b = layer.variable(b, "bias");
                }
                Output z = layer.nn.biasAdd(layer.matmul(h, w), b);
                h = l + 2 < layers.length ? layer.nn.relu(z) : z;
            }
            y = tf.nn.softmax(h);
            session = new dev.nagare.session.Session(g);
            if (!constants) session.run(tf.globalVariablesInitializer());
            requests = new Tensor[data.batches(batch)];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = Tensor.of(dev.nagare.graph.Shape.of(batch, TrainingData.PIXELS), data.imageBatch(batch, i));
            }
        }

        @Override public float[] call() {
            Tensor r = requests[next];
            next = next + 1 == requests.length ? 0 : next + 1;
            return session.runner().feed(x, r).fetch(y).run().get(0).floatData();
        }

        @Override public void close() { session.close(); }
    }

    /** TF Java 1.1.0: the same graph through its Ops; results copied out and closed. */
    static final class TfServer implements Server {
        private final org.tensorflow.Graph graph = new org.tensorflow.Graph();
        private final Session session;
        private final Placeholder<TFloat32> x;
        private final Operand<TFloat32> y;
        private final TFloat32[] requests;
        private final float[] out;
        private int next;

        TfServer(TrainingData data, int batch, boolean constants) {
            Ops tf = Ops.create(graph);
            int[] layers = data.layers;
            x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, TrainingData.PIXELS)));
            Operand<TFloat32> h = x;
            for (int l = 0; l + 1 < layers.length; l++) {
                Operand<TFloat32> w = tf.constant(Shape.of(layers[l], layers[l + 1]), DataBuffers.of(data.weights[l], true, false));
                Operand<TFloat32> b = tf.constant(Shape.of(layers[l + 1]), DataBuffers.of(data.biases[l], true, false));
                if (!constants) {
                    w = tf.variable(w);
                    b = tf.variable(b);
                }
                Operand<TFloat32> z = tf.nn.biasAdd(tf.linalg.matMul(h, w), b);
                h = l + 2 < layers.length ? tf.nn.relu(z) : z;
            }
            y = tf.nn.softmax(h);
            session = new Session(graph, TrainingTfJava.config());
            if (!constants) session.initialize();
            requests = new TFloat32[data.batches(batch)];
            for (int i = 0; i < requests.length; i++) {
                requests[i] = TFloat32.tensorOf(Shape.of(batch, TrainingData.PIXELS), DataBuffers.of(data.imageBatch(batch, i), true, false));
            }
            out = new float[batch * TrainingData.CLASSES];
        }

        @Override public float[] call() {
            TFloat32 r = requests[next];
            next = next + 1 == requests.length ? 0 : next + 1;
            try (Result res = session.runner().feed(x, r).fetch(y).run()) {
                ((TFloat32) res.get(0)).copyTo(DataBuffers.of(out, false, false));
            }
            return out;
        }

        @Override public void close() {
            for (TFloat32 t : requests) t.close();
            session.close();
            graph.close();
        }
    }
}
