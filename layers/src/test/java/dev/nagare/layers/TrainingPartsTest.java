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
