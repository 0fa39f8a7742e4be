package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nodes that belong to a variable are named under it, as in TensorFlow: w/Assign, Adam/w/m. */
class NamingTest {
    @Test
    void initializersAndSlotsLiveUnderTheirVariable() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output w = tf.variable(tf.constant(new float[] {1, 2}), "w");
        tf.train.adam(0.1).minimize(tf.reduceSum(tf.square(w)));
        List<String> names = g.nodes().stream().map(Node::name).toList();
        for (String expected : List.of("w", "w/Assign", "Adam/w/m", "Adam/w/m/Assign", "Adam/w/v", "Adam/w/v/Assign",
                "Adam/beta1_power", "Adam/beta1_power/Assign", "Adam/ApplyAdam")) {
            assertTrue(names.contains(expected), expected + " in " + names);
        }
        assertTrue(names.stream().noneMatch(n -> n.startsWith("w_1")), names.toString());
    }
}
