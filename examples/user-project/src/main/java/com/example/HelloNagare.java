package com.example;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.layers.Activation;
import dev.nagare.layers.Fit;
import dev.nagare.layers.Layers;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.Sequential;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;

/** A user's first program: 1 + 2 in a graph, then a one-neuron classifier learning OR. */
public final class HelloNagare {
    private HelloNagare() {}

    public static int onePlusTwo() {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output sum = tf.add(tf.constant(1), tf.constant(2));
        try (Session s = new Session(g)) {
            return s.run(sum).intValue();
        }
    }

    /** The accuracy a Dense(1, sigmoid) reaches on the truth table of OR. */
    public static double learnOr() {
        Tensor x = Tensor.of(Shape.of(4, 2), new float[] {0, 0, 0, 1, 1, 0, 1, 1});
        Tensor y = Tensor.of(Shape.of(4, 1), new float[] {0, 1, 1, 1});
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(1.0), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY);
            model.fit(x, y, Fit.epochs(200).batchSize(4).quiet());
            return model.evaluate(x, y).get("accuracy");
        }
    }

    public static void main(String[] args) {
        System.out.println("1 + 2 = " + onePlusTwo());
        System.out.println("OR learned with accuracy " + learnOr());
    }
}
