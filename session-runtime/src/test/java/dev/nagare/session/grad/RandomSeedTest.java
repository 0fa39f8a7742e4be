package dev.nagare.session.grad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import org.junit.jupiter.api.Test;

/** TensorFlow 1.x's seed rule: the numbers depend on (graph seed, op seed), not on the op's place in the graph. */
class RandomSeedTest {
    private static Tensor draw(Long graphSeed, int nodesBefore, long opSeed) {
        Graph g = new Graph();
        if (graphSeed != null) g.setRandomSeed(graphSeed);
        Tf tf = Tf.of(g);
        for (int i = 0; i < nodesBefore; i++) tf.constant((float) i);
        Output x = tf.random.normal(Shape.of(5), DType.FLOAT32, 0, 1, opSeed);
        try (Session s = new Session(g)) {
            return s.run(x);
        }
    }

    @Test
    void theSameSeedsGiveTheSameNumbersWhereverTheOpSits() {
        assertEquals(draw(null, 0, 42), draw(null, 7, 42));
        assertEquals(draw(3L, 0, 42), draw(3L, 11, 42));
        assertEquals(draw(Tf.RandomDraws.DEFAULT_GRAPH_SEED, 0, 42), draw(null, 3, 42));
    }

    @Test
    void eitherSeedChangesTheNumbers() {
        assertNotEquals(draw(null, 0, 42), draw(null, 0, 43));
        assertNotEquals(draw(3L, 0, 42), draw(4L, 0, 42));
    }

    /** The numbers of {@code unseeded} normals drawn without op seeds, each built after {@code nodesBefore} unrelated nodes. */
    private static java.util.List<Tensor> draws(Long graphSeed, int nodesBefore, int unseeded) {
        Graph g = new Graph();
        if (graphSeed != null) g.setRandomSeed(graphSeed);
        Tf tf = Tf.of(g);
        java.util.List<Output> xs = new java.util.ArrayList<>();
        for (int k = 0; k < unseeded; k++) {
            for (int i = 0; i < nodesBefore; i++) tf.add(tf.constant((float) i), tf.constant(1f));
            xs.add(tf.random.normal(Shape.of(5), DType.FLOAT32, 0, 1));
        }
        java.util.List<Tensor> out = new java.util.ArrayList<>();
        try (Session s = new Session(g)) {
            for (Output x : xs) out.add(s.run(x));
        }
        return out;
    }

    /**
     * With the graph seed set, unseeded random ops take op seeds 0, 1, 2, ... in the order they were built,
     * counting only random ops: nodes added before them change nothing (they used to: the graph's size was the seed).
     */
    @Test
    void unseededDrawsAreNumberedAmongRandomOpsOnly() {
        java.util.List<Tensor> plain = draws(5L, 0, 3), crowded = draws(5L, 4, 3);
        assertEquals(plain, crowded);
        for (int k = 0; k < 3; k++) assertEquals(draw(5L, 0, k), plain.get(k), "unseeded draw " + k + " has op seed " + k);
        assertNotEquals(plain.get(0), plain.get(1));
    }

    /** An explicit op seed does not advance the count: the first unseeded op after it still gets op seed 0. */
    @Test
    void explicitSeedsLeaveTheCountAlone() {
        Graph g = new Graph();
        g.setRandomSeed(5);
        Tf tf = Tf.of(g);
        Output seeded = tf.random.normal(Shape.of(5), DType.FLOAT32, 0, 1, 99);
        Output unseeded = tf.random.normal(Shape.of(5), DType.FLOAT32, 0, 1);
        try (Session s = new Session(g)) {
            assertEquals(draw(5L, 0, 99), s.run(seeded));
            assertEquals(draw(5L, 0, 0), s.run(unseeded));
        }
    }

    /** Without a graph seed, TensorFlow's draws differ per program run; Nagare's take the default graph seed and repeat. */
    @Test
    void withoutAGraphSeedUnseededDrawsRepeat() {
        assertEquals(draws(null, 0, 2), draws(null, 3, 2));
        assertEquals(draw(Tf.RandomDraws.DEFAULT_GRAPH_SEED, 0, 1), draws(null, 0, 2).get(1));
    }

    /** Seeds are taken modulo 2^31 - 1, and (0, 0), which TensorFlow's kernels read as "not seeded", becomes (0, 2^31 - 1). */
    @Test
    void seedsAreTruncatedAsTensorFlowTruncatesThem() {
        assertEquals(draw(3L, 0, 5), draw(3L, 0, Integer.MAX_VALUE + 5L));
        assertEquals(draw(3L, 0, Integer.MAX_VALUE - 1L), draw(3L, 0, -1));
        assertEquals(draw(0L, 0, Integer.MAX_VALUE), draw(0L, 0, 0));
        assertNotEquals(draw(0L, 0, 1), draw(0L, 0, 0));
    }
}
