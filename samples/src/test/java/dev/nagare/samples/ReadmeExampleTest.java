package dev.nagare.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Results;
import dev.nagare.session.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example, as written there, learns its two targets. */
class ReadmeExampleTest {
    @Test
    void readmeExampleTrains() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
        Output w = tf.variable(tf.init.heNormal(Shape.of(3, 2), DType.FLOAT32, 20), "w");
        Output b = tf.variable(tf.init.zeros(Shape.of(2), DType.FLOAT32), "b");
        Output y = tf.nn.relu(tf.nn.biasAdd(tf.matmul(x, w), b));
        Output labels = tf.placeholder(DType.FLOAT32, Shape.of(-1, 2), "labels");
        Output loss = tf.losses.meanSquaredError(labels, y);
        Node train = tf.train.adam(0.01).minimize(loss);
        Node init = tf.globalVariablesInitializer();

        try (Session s = new Session(g)) {
            s.run(init);
            Tensor batch = Tensor.fromJava(new float[][] {{1, 2, 3}, {4, 5, 6}});
            Tensor target = Tensor.fromJava(new float[][] {{1, 0}, {0, 1}});
            float before = s.runner().feed(x, batch).feed(labels, target).fetch(loss).run().get(0).floatValue();
            for (int i = 0; i < 300; i++) s.runner().feed(x, batch).feed(labels, target).addTarget(train).run();
            float after = s.runner().feed(x, batch).feed(labels, target).fetch(loss).run().get(0).floatValue();
            assertTrue(after < before / 100, "loss " + before + " -> " + after);
            Tensor out = s.runner().feed(x, batch).fetch(y).run().get(0);
            assertEquals(Shape.of(2, 2), out.shape());
            assertEquals(1, out.floatData()[0], 0.3);
            assertEquals(1, out.floatData()[3], 0.3);
        }
    }

    /** The README's control-flow example, as written there: the root, its slope through loop and cond, the iterations. */
    @Test
    void readmeControlFlowExample() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.scalar(), "x");
        Output abs = tf.cond(tf.greater(x, tf.constant(0f)), () -> x, () -> tf.neg(x));
        List<Output> loop = tf.whileLoop(
                v -> tf.logicalAnd(tf.less(v.get(0), tf.constant(50)),
                        tf.greater(tf.abs(tf.sub(tf.mul(v.get(1), v.get(1)), abs)), tf.constant(1e-5f))),
                v -> List.of(tf.add(v.get(0), tf.constant(1)),
                        tf.mul(tf.constant(0.5f), tf.add(v.get(1), tf.div(abs, v.get(1))))),
                List.of(tf.constant(0), tf.constant(1f)));
        Output root = loop.get(1);
        Output slope = tf.gradients(root, List.of(x)).get(0);
        try (Session s = new Session(g)) {
            Results r = s.runner().feed(x, Tensor.scalar(-9f)).fetch(root).fetch(slope).fetch(loop.get(0)).run();
            assertEquals(3.0, r.get(0).floatValue(), 1e-6);
            assertEquals(-1 / (2 * Math.sqrt(9.0)), r.get(1).floatValue(), 1e-5);
            // Newton's steps from 1 by hand, in float64: the same count of iterations.
            int steps = 0;
            for (double v = 1; steps < 50 && Math.abs(v * v - 9) > 1e-5; steps++) v = 0.5 * (v + 9 / v);
            assertEquals(steps, r.get(2).intValue());
        }
    }
}
