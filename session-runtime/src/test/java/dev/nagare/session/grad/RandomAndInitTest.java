package dev.nagare.session.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Random draws, initializers and dropout: reproducibility by seed, and the statistics of 100k draws. The
 * tolerances are about five standard errors of each statistic at that sample size.
 */
class RandomAndInitTest {
    private static final int N = 100_000;

    /** Mean and standard deviation (population), min and max of a tensor's elements. */
    private record Stats(double mean, double std, double min, double max) {
        static Stats of(Tensor t) {
            int n = t.size();
            double sum = 0, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double v = t.getDouble(i);
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / n, sq = 0;
            for (int i = 0; i < n; i++) sq += (t.getDouble(i) - mean) * (t.getDouble(i) - mean);
            return new Stats(mean, Math.sqrt(sq / n), min, max);
        }
    }

    /** Builds one draw into a fresh graph and runs it {@code runs} times in one fresh Session. */
    private static List<Tensor> draws(BiFunction<Tf, Long, Output> draw, long seed, int runs) {
        Graph g = new Graph();
        Output out = draw.apply(Tf.of(g), seed);
        try (Session s = new Session(g)) {
            List<Tensor> result = new java.util.ArrayList<>();
            for (int i = 0; i < runs; i++) result.add(s.run(out));
            return result;
        }
    }

    private static Tensor draw(BiFunction<Tf, Long, Output> draw, long seed) { return draws(draw, seed, 1).get(0); }

    private static final BiFunction<Tf, Long, Output> UNIFORM = (tf, seed) -> tf.random.uniform(Shape.of(N), DType.FLOAT64, seed);
    private static final BiFunction<Tf, Long, Output> NORMAL = (tf, seed) -> tf.random.normal(Shape.of(N), DType.FLOAT64, 0, 1, seed);
    private static final BiFunction<Tf, Long, Output> TRUNCATED = (tf, seed) -> tf.random.truncatedNormal(Shape.of(N), DType.FLOAT64, 0, 1, seed);

    // ---- reproducibility ----

    @Test
    void theSameSeedGivesTheSameDrawsInTwoSessions() {
        for (BiFunction<Tf, Long, Output> kind : List.of(UNIFORM, NORMAL, TRUNCATED)) {
            Graph g = new Graph();
            Output out = kind.apply(Tf.of(g), 42L);
            try (Session a = new Session(g); Session b = new Session(g)) {
                Tensor a1 = a.run(out), a2 = a.run(out);
                assertEquals(a1, b.run(out), "first draws of two Sessions");
                assertEquals(a2, b.run(out), "second draws of two Sessions");
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDrawsInTwoGraphsBuiltAlike() {
        assertEquals(draw(NORMAL, 7), draw(NORMAL, 7));
    }

    @Test
    void differentSeedsGiveDifferentDraws() {
        for (BiFunction<Tf, Long, Output> kind : List.of(UNIFORM, NORMAL, TRUNCATED)) {
            assertNotEquals(draw(kind, 1), draw(kind, 2));
        }
    }

    @Test
    void successiveRunsOfOneNodeDiffer() {
        for (BiFunction<Tf, Long, Output> kind : List.of(UNIFORM, NORMAL, TRUNCATED)) {
            List<Tensor> runs = draws(kind, 3, 3);
            assertNotEquals(runs.get(0), runs.get(1));
            assertNotEquals(runs.get(1), runs.get(2));
            assertNotEquals(runs.get(0), runs.get(2));
        }
    }

    /** As in TensorFlow 1.x, the numbers are a function of (graph seed, op seed): two ops with both alike draw alike. */
    @Test
    void twoNodesWithOneSeedInOneGraphDrawAlikeAndAnotherSeedDiffers() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output a = UNIFORM.apply(tf, 5L), b = UNIFORM.apply(tf, 5L), c = UNIFORM.apply(tf, 6L);
        try (Session s = new Session(g)) {
            List<Tensor> all = s.runner().fetch(a).fetch(b).fetch(c).run();
            assertEquals(all.get(0), all.get(1));
            assertNotEquals(all.get(0), all.get(2));
        }
    }

    // ---- distributions ----

    @Test
    void uniformIsOnZeroToOneWithMeanOneHalf() {
        Stats st = Stats.of(draw(UNIFORM, 11));
        assertTrue(st.min() >= 0 && st.max() < 1, "range " + st);
        assertEquals(0.5, st.mean(), 5 * Math.sqrt(1 / 12.0 / N));
        assertEquals(Math.sqrt(1 / 12.0), st.std(), 0.005);
    }

    @Test
    void uniformWithBoundsStaysWithinThem() {
        Stats st = Stats.of(draw((tf, seed) -> tf.random.uniform(Shape.of(N), DType.FLOAT64, -3, 5, seed), 12));
        assertTrue(st.min() >= -3 && st.max() < 5, "range " + st);
        assertEquals(1, st.mean(), 5 * 8 * Math.sqrt(1 / 12.0 / N));
    }

    @Test
    void float32UniformIsOnZeroToOne() {
        Tensor t = draw((tf, seed) -> tf.random.uniform(Shape.of(N), DType.FLOAT32, seed), 13);
        assertEquals(DType.FLOAT32, t.dtype());
        Stats st = Stats.of(t);
        assertTrue(st.min() >= 0 && st.max() < 1, "range " + st);
        assertEquals(0.5, st.mean(), 5 * Math.sqrt(1 / 12.0 / N));
    }

    /**
     * A float32 draw rounds a double uniform draw to float: doubles in [1 - 2^-25, 1) round up to 1.0f, so
     * about one float32 draw in 2^25 would be 1, outside [0, 1). Seed 53416940 (found by a search over the
     * kernel's SplitMix64 stream) makes the first draw of a fresh graph's one-element uniform such a double,
     * 0.99999997833. Should the random stream ever change, this stops hitting the edge, but does not fail.
     */
    @Test
    void float32UniformNeverReturnsOne() {
        Tensor t = draw((tf, seed) -> tf.random.uniform(Shape.of(1), DType.FLOAT32, seed), 53416940);
        assertTrue(t.floatData()[0] < 1f, "float32 uniform on [0, 1) returned " + t.floatData()[0]);
    }

    @Test
    void normalHasMeanZeroAndStdOne() {
        Stats st = Stats.of(draw(NORMAL, 21));
        assertEquals(0, st.mean(), 5 / Math.sqrt(N));
        assertEquals(1, st.std(), 5 / Math.sqrt(2.0 * N));
        assertTrue(st.max() > 3 && st.min() < -3, "100k normals reach past 3 std: " + st);
    }

    @Test
    void normalWithMeanAndStd() {
        Stats st = Stats.of(draw((tf, seed) -> tf.random.normal(Shape.of(N), DType.FLOAT64, 3, 2, seed), 22));
        assertEquals(3, st.mean(), 5 * 2 / Math.sqrt(N));
        assertEquals(2, st.std(), 5 * 2 / Math.sqrt(2.0 * N));
    }

    @Test
    void truncatedNormalStaysWithinTwoStd() {
        Stats st = Stats.of(draw(TRUNCATED, 31));
        assertTrue(st.min() >= -2 && st.max() <= 2, "range " + st);
        assertEquals(0, st.mean(), 5 * 0.88 / Math.sqrt(N));
        assertEquals(0.8796256610342398, st.std(), 0.005); // the std of a unit normal truncated at 2
        Stats shifted = Stats.of(draw((tf, seed) -> tf.random.truncatedNormal(Shape.of(N), DType.FLOAT64, 10, 0.5, seed), 32));
        assertTrue(shifted.min() >= 9 && shifted.max() <= 11, "range " + shifted);
        assertEquals(10, shifted.mean(), 5 * 0.5 * 0.88 / Math.sqrt(N));
    }

    // ---- initializers (Initializers.java: fans from a [fan_in, fan_out] shape) ----

    @Test
    void glorotUniformIsWithinItsLimitWithVarianceTwoOverFanSum() {
        int fanIn = 200, fanOut = 500;
        Stats st = Stats.of(draw((tf, seed) -> tf.init.glorotUniform(Shape.of(fanIn, fanOut), DType.FLOAT64, seed), 41));
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        assertTrue(st.min() >= -limit && st.max() < limit, "limit " + limit + ", " + st);
        assertTrue(st.min() < -0.99 * limit && st.max() > 0.99 * limit, "uses the whole range: " + st);
        assertEquals(0, st.mean(), 5 * limit / Math.sqrt(3.0 * N));
        assertEquals(2.0 / (fanIn + fanOut), st.std() * st.std(), 0.02 * 2.0 / (fanIn + fanOut));
    }

    /** An empty weight [3, 0] has fan_in 3 and fan_out 0: the fans are not found by dividing by the last axis. */
    @Test
    void initializersOfEmptyWeights() {
        for (Shape shape : List.of(Shape.of(3, 0), Shape.of(0, 4), Shape.of(2, 0, 5))) {
            Tensor t = draw((tf, seed) -> tf.init.glorotUniform(shape, DType.FLOAT32, seed), 43);
            assertEquals(shape, t.shape());
            assertEquals(0, t.size());
            assertEquals(shape, draw((tf, seed) -> tf.init.heNormal(shape, DType.FLOAT32, seed), 44).shape());
        }
    }

    @Test
    void heNormalHasVarianceTwoOverFanIn() {
        int fanIn = 400, fanOut = 250;
        Stats st = Stats.of(draw((tf, seed) -> tf.init.heNormal(Shape.of(fanIn, fanOut), DType.FLOAT64, seed), 42));
        double variance = 2.0 / fanIn;
        double drawnStd = Math.sqrt(variance) / 0.8796256610342398; // before truncation at two of it
        assertTrue(st.min() >= -2 * drawnStd && st.max() <= 2 * drawnStd, "truncated at " + 2 * drawnStd + ": " + st);
        assertEquals(0, st.mean(), 5 * Math.sqrt(variance / N));
        assertEquals(variance, st.std() * st.std(), 0.02 * variance);
    }

    // ---- dropout ----

    private static final double RATE = 0.3;

    /** x (positive values), the dropout of x, and its training flag (default false). */
    private record Dropout(Graph graph, Output x, Output training, Output out, Tensor value) {
        static Dropout build() {
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            double[] v = new double[N];
            for (int i = 0; i < N; i++) v[i] = 0.5 + (i % 97) / 97.0;
            Output x = tf.placeholder(DType.FLOAT64, Shape.of(N), "x");
            Output training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
            return new Dropout(g, x, training, tf.nn.dropout(x, RATE, training, 99), Tensor.of(Shape.of(N), v));
        }
    }

    @Test
    void dropoutPassesTheInputThroughWhenNotTraining() {
        Dropout d = Dropout.build();
        try (Session s = new Session(d.graph())) {
            assertEquals(d.value(), s.runner().feed(d.x(), d.value()).fetch(d.out()).run().get(0));
            Tensor fedFalse = s.runner().feed(d.x(), d.value()).feed(d.training(), Tensor.scalar(false)).fetch(d.out()).run().get(0);
            assertEquals(d.value(), fedFalse);
        }
    }

    @Test
    void dropoutWhenTrainingZeroesAboutRateAndScalesTheRest() {
        Dropout d = Dropout.build();
        try (Session s = new Session(d.graph())) {
            Tensor out = s.runner().feed(d.x(), d.value()).feed(d.training(), Tensor.scalar(true)).fetch(d.out()).run().get(0);
            double[] x = d.value().doubleData(), y = out.doubleData();
            int zeros = 0;
            double sumX = 0, sumY = 0;
            for (int i = 0; i < N; i++) {
                sumX += x[i];
                sumY += y[i];
                if (y[i] == 0) zeros++;
                else assertEquals(x[i] / (1 - RATE), y[i], 1e-12 * x[i], "kept element " + i + " scaled by 1/(1-rate)");
            }
            assertEquals(RATE, zeros / (double) N, 5 * Math.sqrt(RATE * (1 - RATE) / N), "fraction dropped");
            assertEquals(sumX / N, sumY / N, 0.01 * sumX / N, "the expected value is kept");

            Tensor again = s.runner().feed(d.x(), d.value()).feed(d.training(), Tensor.scalar(true)).fetch(d.out()).run().get(0);
            assertNotEquals(out, again, "each training run drops a new mask");
            assertFalse(out.equals(d.value()));
        }
    }
}
