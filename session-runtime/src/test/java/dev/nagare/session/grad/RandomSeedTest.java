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
}
