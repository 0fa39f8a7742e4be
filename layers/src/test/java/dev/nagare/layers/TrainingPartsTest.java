package dev.nagare.layers;

import static org.junit.jupiter.api.Assertions.*;

import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Runner;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hooks that train a model outside fit (SparkFit): its description, and its gradients fed to its train step. */
class TrainingPartsTest {
    static final int N = 16;

    /** With momentum, whose step is proportional to the gradient (Adam's first step is lr times its sign, which
     *  a gradient element of rounding size could flip). */
    static Sequential model() {
        return Sequential.of(3, Layers.input(4), Layers.dense(5, Activation.RELU), Layers.dense(3, Activation.SOFTMAX))
                .compile(Optimizers.momentum(0.5, 0.9), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
    }

    static Tensor[] batch() {
        Random r = new Random(5);
        float[] x = new float[N * 4];
        int[] y = new int[N];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < N; i++) y[i] = r.nextInt(3);
        return new Tensor[] {Tensor.of(Shape.of(N, 4), x), Tensor.of(Shape.of(N), y)};
    }

    static List<Tensor> weights(Model m) {
        Runner r = m.session().runner();
        m.trainingParts().weights().forEach(r::fetch);
        return r.run();
    }

    @Test
    void theDescriptionBuildsTheSameModel() {
        try (Sequential a = model(); Sequential b = Sequential.fromDescription(a.description())) {
            assertEquals(a.description(), b.description());
            assertEquals(weights(a), weights(b.compile(Optimizers.sgd(1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY)), "same layers, same seed");
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Sequential.fromDescription("nagare-sequential 1\nseed 0\ninput 4\nDense x"));
        assertTrue(bad.getMessage().contains("the model description line 4"), bad.getMessage());
    }

    /** Branches that join again, two inputs: the description lists each layer once, with the symbols it reads. */
    static Model functional() {
        Symbol a = Symbol.input("a", 3), b = Symbol.input("b", 2);
        Symbol h = Layers.dense(4, Activation.RELU).on(a);
        Symbol g = Layers.dense(4, Activation.TANH).on(Layers.concatenate().on(a, b));
        return Model.of(9, List.of(a, b), Layers.dense(2, Activation.SOFTMAX).on(Layers.add().on(h, g, h)));
    }

    @Test
    void aFunctionalModelsDescriptionBuildsTheSameModel() {
        try (Model a = functional(); Model b = Model.fromDescription(a.description())) {
            assertEquals(String.join("\n", "nagare-functional 1", "seed 9", "input a 3", "input b 2", "layer 0 Dense 4 relu true",
                    "layer 0,1 Concatenate", "layer 3 Dense 4 tanh true", "layer 2,4,2 Add", "layer 5 Dense 2 softmax true", ""), a.description());
            assertEquals(a.description(), b.description());
            assertFalse(b instanceof Sequential);
            a.compile(Optimizers.sgd(1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
            b.compile(Optimizers.sgd(1), Loss.SPARSE_CATEGORICAL_CROSSENTROPY);
            assertEquals(weights(a), weights(b), "same layers in the same order, same seed");
            Tensor x = Tensor.of(Shape.of(2, 3), new float[] {1, -2, 3, 0.5f, 0, -1}), y = Tensor.of(Shape.of(2, 2), new float[] {2, 1, -1, 0});
            assertEquals(a.predict(List.of(x, y)), b.predict(List.of(x, y)));
        }
        try (Sequential s = model(); Model back = Model.fromDescription(s.description())) {
            assertTrue(back instanceof Sequential);
        }
        IllegalArgumentException undefined = assertThrows(IllegalArgumentException.class,
                () -> Model.fromDescription("nagare-functional 1\nseed 0\ninput x 4\nlayer 0 Dense 3 relu true\nlayer 2 Dense 1 linear true"));
        assertTrue(undefined.getMessage().contains("line 5: symbol 2 is not defined above"), undefined.getMessage());
        Layer own = new Layer() {
            @Override public String kind() { return "Mine"; }
            @Override public String config() { return "Mine 1"; }
            @Override public Built build(dev.nagare.ops.Tf tf, Output input, BuildContext context) { return new Built(input, input, Activation.LINEAR, List.of()); }
        };
        Symbol in = Symbol.input("x", 2);
        try (Model m = Model.of(List.of(in), Layers.dense(1).on(own.on(in)))) {
            IllegalArgumentException custom = assertThrows(IllegalArgumentException.class, m::description);
            assertTrue(custom.getMessage().contains("its Mine layer's configuration 'Mine 1' is not one the description reads back"), custom.getMessage());
        }
    }

    @Test
    void feedingTheGradientsToTheTrainStepIsOneFitStep() {
        Tensor[] xy = batch();
        List<Tensor> fitted;
        try (Sequential m = model()) {
            m.fit(xy[0], xy[1], Fit.epochs(1).batchSize(N).shuffle(false, 0).quiet());
            fitted = weights(m);
        }
        try (Sequential m = model()) {
            TrainingParts p = m.trainingParts();
            // the gradient of the summed example losses, divided by the batch: what SparkFit's workers and driver compute
            Output sum = dev.nagare.ops.Tf.of(m.graph()).reduceSum(p.exampleLosses());
            List<Output> grads = dev.nagare.ops.Gradients.of(dev.nagare.ops.Tf.of(m.graph()), List.of(sum), p.weights(), null);
            Runner r = m.session().runner().feed(p.input(), xy[0]).feed(p.labels(), xy[1]);
            grads.forEach(r::fetch);
            List<Tensor> g = r.run();
            Runner step = m.session().runner().addTarget(p.trainStep());
            for (int i = 0; i < g.size(); i++) {
                float[] mean = g.get(i).floatData().clone();
                for (int j = 0; j < mean.length; j++) mean[j] /= N;
                step.feed(p.gradients().get(i), Tensor.of(g.get(i).shape(), mean));
            }
            step.run();
            List<Tensor> fed = weights(m);
            for (int i = 0; i < fed.size(); i++) {
                float[] a = fed.get(i).floatData(), b = fitted.get(i).floatData();
                // float32 sums in another order change a gradient in its last bits, and the step of 0.5 times it by far less than 1e-5
                for (int j = 0; j < a.length; j++) assertEquals(b[j], a[j], 1e-5, p.weights().get(i).name() + "[" + j + "]");
            }
            try (Sequential fresh = model()) {
                assertNotEquals(weights(fresh).get(0), fed.get(0), "the step moved the weights");
            }
            assertEquals(List.of(Metric.ACCURACY), p.metrics());
            assertTrue(p.batchMetrics().containsKey("accuracy"));
            assertFalse(p.layerUpdates());
        }
    }
}
