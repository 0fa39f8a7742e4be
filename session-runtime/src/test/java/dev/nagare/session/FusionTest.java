package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Device;
import dev.nagare.device.Devices;
import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fusion pass: a plan that runs chains of elementwise nodes as one step gives the unfused plan's values bit
 * for bit (the unfused kernels are the reference: each is tested against float64 math and TensorFlow elsewhere),
 * for random chains with broadcast operands, fetched intermediates, empty tensors, float64, and a training step's
 * gradients; and it does fuse the dense layer's bias-add and ReLU and the bias gradient.
 */
class FusionTest {
    /** {@code work} with Sessions made while fusion is {@code on}. */
    private static <T> T with(boolean on, Supplier<T> work) {
        String before = System.getProperty("nagare.fusion");
        System.setProperty("nagare.fusion", Boolean.toString(on));
        try {
            return work.get();
        } finally {
            if (before == null) System.clearProperty("nagare.fusion");
            else System.setProperty("nagare.fusion", before);
        }
    }

    private static List<Tensor> run(boolean fused, Graph g, Map<Output, Tensor> feeds, List<Output> fetches) {
        return with(fused, () -> {
            try (Session s = new Session(g)) {
                Runner r = s.runner();
                feeds.forEach(r::feed);
                for (Output f : fetches) r.fetch(f);
                r.run(); // twice: the second run gets the first run's buffers back
                r = s.runner();
                feeds.forEach(r::feed);
                for (Output f : fetches) r.fetch(f);
                return r.run();
            }
        });
    }

    /** The number of steps of the plan for these fetches and targets, with fusion on or off. */
    private static int steps(boolean fused, Graph g, List<Output> feeds, List<Output> fetches, List<Node> targets) {
        return with(fused, () -> {
            List<Device> devices = Devices.discover().all();
            Map<Device, DeviceMemory> memory = new HashMap<>();
            for (Device d : devices) memory.put(d, new DeviceMemory(d));
            return new Planner(g, devices, memory, false, null, "", false).plan(feeds, fetches, targets).stepCount();
        });
    }

    private static void assertSameBits(List<Tensor> expected, List<Tensor> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Tensor e = expected.get(i), a = actual.get(i);
            assertEquals(e.shape(), a.shape(), what + ": fetch " + i);
            assertEquals(e.dtype(), a.dtype(), what + ": fetch " + i);
            for (int k = 0; k < e.size(); k++) {
                long eb = e.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits(e.floatData()[k]) : Double.doubleToRawLongBits(e.getDouble(k));
                long ab = a.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits(a.floatData()[k]) : Double.doubleToRawLongBits(a.getDouble(k));
                if (eb != ab) throw new AssertionError(what + ": fetch " + i + " element " + k + ": unfused " + e.getDouble(k) + ", fused " + a.getDouble(k));
            }
        }
    }

    private static Tensor random(SplittableRandom r, DType t, int... dims) {
        Shape s = Shape.of(dims);
        double[] d = new double[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = r.nextDouble(-2, 2);
        if (t == DType.FLOAT64) return Tensor.of(s, d);
        float[] f = new float[d.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) d[i];
        return Tensor.of(s, f);
    }

    /** A random chain (sometimes a DAG) over x [rows, cols] with a bias row, a column, a scalar and x itself as other operands. */
    private record Chain(Graph g, Map<Output, Tensor> feeds, List<Output> fetches) {}

    private static Chain chain(SplittableRandom r, DType t, int rows, int cols) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(t, Shape.of(-1, cols), "x");
        Output bias = tf.placeholder(t, Shape.of(cols), "bias");
        Output column = tf.placeholder(t, Shape.of(-1, 1), "column");
        Output scalar = tf.placeholder(t, Shape.of(), "scalar");
        Map<Output, Tensor> feeds = new LinkedHashMap<>();
        feeds.put(x, random(r, t, rows, cols));
        feeds.put(bias, random(r, t, cols));
        feeds.put(column, random(r, t, rows, 1));
        feeds.put(scalar, random(r, t));
        List<Output> values = new ArrayList<>(List.of(x));
        List<Output> fetches = new ArrayList<>();
        Output cur = x;
        int length = 2 + r.nextInt(7);
        for (int i = 0; i < length; i++) {
            Output earlier = values.get(r.nextInt(values.size()));
            cur = switch (r.nextInt(14)) {
                case 0 -> tf.neg(cur);
                case 1 -> tf.abs(cur);
                case 2 -> tf.square(cur);
                case 3 -> tf.tanh(cur);
                case 4 -> tf.sigmoid(cur);
                case 5 -> tf.nn.relu(cur);
                case 6 -> tf.nn.biasAdd(cur, bias);
                case 7 -> tf.add(cur, bias);
                case 8 -> tf.mul(column, cur);
                case 9 -> tf.sub(scalar, cur);
                case 10 -> tf.div(cur, scalar);
                case 11 -> tf.maximum(cur, earlier);
                case 12 -> tf.sub(earlier, cur);
                default -> tf.mul(cur, cur);
            };
            values.add(cur);
            if (r.nextInt(4) == 0) fetches.add(cur); // an intermediate someone fetches must not be fused away
        }
        fetches.add(tf.identity(cur)); // a consumer outside the group
        fetches.add(cur);
        return new Chain(g, feeds, fetches);
    }

    @Test
    void randomChainsGiveTheUnfusedBitsInFloat32AndFloat64() {
        SplittableRandom r = new SplittableRandom(18);
        int fusedPlans = 0;
        for (int trial = 0; trial < 60; trial++) {
            DType t = trial % 3 == 2 ? DType.FLOAT64 : DType.FLOAT32;
            int rows = trial % 10 == 9 ? 0 : 1 + r.nextInt(trial % 2 == 0 ? 40 : 700); // big ones split over blocks and cores
            int cols = 1 + r.nextInt(300);
            Chain c = chain(r, t, rows, cols);
            List<Output> feeds = new ArrayList<>(c.feeds().keySet());
            if (steps(true, c.g(), feeds, c.fetches(), List.of()) < steps(false, c.g(), feeds, c.fetches(), List.of())) fusedPlans++;
            assertSameBits(run(false, c.g(), c.feeds(), c.fetches()), run(true, c.g(), c.feeds(), c.fetches()),
                    "trial " + trial + " (" + t + ", " + rows + "x" + cols + ")");
        }
        assertTrue(fusedPlans >= 20, "only " + fusedPlans + " of 60 random chains were fused");
    }

    @Test
    void float64ChainsAreLeftToTheirOwnKernels() {
        Chain c = chain(new SplittableRandom(3), DType.FLOAT64, 5, 7);
        List<Output> feeds = new ArrayList<>(c.feeds().keySet());
        assertEquals(steps(false, c.g(), feeds, c.fetches(), List.of()), steps(true, c.g(), feeds, c.fetches(), List.of()));
    }

    /** A dense layer: bias-add and ReLU are one step, and so are the ReLU gradient and the bias gradient. */
    @Test
    void aTrainingStepFusesTheDenseLayersAndGivesTheSameWeights() {
        SplittableRandom r = new SplittableRandom(7);
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output images = tf.placeholder(DType.FLOAT32, Shape.of(-1, 30), "images");
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 5), "labels");
        int[] widths = {30, 24, 16, 5};
        List<Output> variables = new ArrayList<>();
        Output h = images;
        for (int l = 0; l + 1 < widths.length; l++) {
            Output w = tf.variable(tf.constant(random(r, DType.FLOAT32, widths[l], widths[l + 1])), "w" + l);
            Output b = tf.variable(tf.constant(random(r, DType.FLOAT32, widths[l + 1])), "b" + l);
            variables.add(w);
            variables.add(b);
            Output z = tf.nn.biasAdd(tf.matmul(h, w), b);
            h = l + 2 < widths.length ? tf.nn.relu(z) : z;
        }
        Output loss = tf.losses.softmaxCrossEntropy(labels, h);
        Node train = tf.train.gradientDescent(0.1).minimize(loss);
        Node init = tf.globalVariablesInitializer();
        float[] onehot = new float[64 * 5];
        for (int i = 0; i < 64; i++) onehot[i * 5 + r.nextInt(5)] = 1;
        Tensor x = random(r, DType.FLOAT32, 64, 30), y = Tensor.of(Shape.of(64, 5), onehot);

        int unfused = steps(false, g, List.of(images, labels), List.of(), List.of(train));
        int fused = steps(true, g, List.of(images, labels), List.of(), List.of(train));
        // Two hidden layers: bias-add + ReLU twice; the bias gradient with the ReLU gradient twice, and with the
        // scaling of the loss gradient once.
        assertTrue(fused <= unfused - 5, "fused plan has " + fused + " steps, unfused " + unfused);

        List<List<Tensor>> weights = new ArrayList<>();
        for (boolean on : new boolean[] {false, true}) {
            weights.add(with(on, () -> {
                try (Session s = new Session(g)) {
                    s.run(init);
                    for (int step = 0; step < 5; step++) s.runner().feed(images, x).feed(labels, y).addTarget(train).run();
                    Runner f = s.runner();
                    for (Output v : variables) f.fetch(v);
                    return f.run();
                }
            }));
        }
        assertSameBits(weights.get(0), weights.get(1), "weights after 5 steps");
    }

    /** A member that cannot compute (shapes that do not broadcast) fails naming itself, not the group's last node. */
    @Test
    void aFailingMemberIsNamed() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = tf.placeholder(DType.FLOAT32, Shape.of(-1, -1), "a");
        Output b = tf.placeholder(DType.FLOAT32, Shape.of(-1, -1), "b");
        Output sum = tf.add(a, b);
        Output y = tf.nn.relu(tf.neg(sum));
        assertTrue(steps(true, g, List.of(a, b), List.of(y), List.of()) < steps(false, g, List.of(a, b), List.of(y), List.of()));
        Map<Output, Tensor> feeds = Map.of(a, Tensor.of(Shape.of(2, 3), new float[6]), b, Tensor.of(Shape.of(4, 3), new float[12]));
        KernelException e = assertThrows(KernelException.class, () -> run(true, g, feeds, List.of(y)));
        assertTrue(e.getMessage().contains("'" + sum.node().name() + "'") && e.getMessage().contains("[2, 3] and [4, 3]"), e.getMessage());
    }
}
