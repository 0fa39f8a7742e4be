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
import dev.nagare.session.Session;
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
}
