package dev.nagare.interop;

import static dev.nagare.interop.TfJudge.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * The MNIST network of the samples (784-256-128-64-10, ReLU, dropout off by default, Adam), trained a few
 * steps, exported with only its inference signature, and run by TensorFlow on random images.
 */
class MlpExportTest {
    @TempDir Path tmp;

    /** The samples' MnistNetwork, rebuilt here (samples is not a dependency of interop). */
    static final class Mlp {
        final Graph graph = new Graph();
        final Output images, labels, logits, predictions, loss;
        final Node trainStep, init;

        Mlp(long seed) {
            Tf tf = Tf.of(graph);
            images = tf.placeholder(DType.FLOAT32, Shape.of(-1, 784), "images");
            labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
            Output training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
            Output h = images;
            int width = 784;
            int[] hidden = {256, 128, 64};
            for (int i = 0; i < hidden.length; i++) {
                Tf layer = tf.withSubScope("hidden" + (i + 1));
                h = layer.nn.relu(dense(layer, h, width, hidden[i], seed + i));
                h = layer.nn.dropout(h, 0.1, training, seed + 100 + i);
                width = hidden[i];
            }
            logits = dense(tf.withSubScope("logits"), h, width, 10, seed + hidden.length);
            predictions = tf.argmax(logits, 1, DType.INT32);
            loss = tf.withName("loss").identity(tf.losses.sparseSoftmaxCrossEntropy(labels, logits));
            trainStep = tf.train.adam(0.001).minimize(loss);
            init = tf.globalVariablesInitializer();
        }

        private static Output dense(Tf tf, Output x, int in, int out, long seed) {
            Output w = tf.variable(tf.init.heNormal(Shape.of(in, out), DType.FLOAT32, seed), "weights");
            Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
            return tf.nn.biasAdd(tf.matmul(x, w), b);
        }
    }

    static Tensor randomImages(Random r, int batch) {
        float[] px = new float[batch * 784];
        for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
        return Tensor.of(Shape.of(batch, 784), px);
    }

    @Test
    void trainedMlpRunsTheSameInTensorFlow() throws IOException {
        Mlp net = new Mlp(7);
        Random r = new Random(42);
        Path dir = tmp.resolve("mnist/1");
        Map<String, Output> outputs = map("predictions", net.predictions, "logits", net.logits);
        Signature sig = new Signature(map("images", net.images), outputs);
        List<Map<String, Tensor>> feeds = List.of(Map.of("images", randomImages(r, 1)), Map.of("images", randomImages(r, 32)),
                Map.of("images", randomImages(r, 100)));
        List<Map<String, Tensor>> expected = new java.util.ArrayList<>();
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            for (int step = 0; step < 5; step++) {
                int[] y = new int[64];
                for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
                s.runner().feed(net.images, randomImages(r, 64)).feed(net.labels, Tensor.of(Shape.of(64), y)).addTarget(net.trainStep).run();
            }
            SavedModelExporter.export(s, dir, Map.of(Signature.DEFAULT_KEY, sig));
            for (Map<String, Tensor> f : feeds) expected.add(TfJudge.runNagare(s, sig, f));
        }
        List<Map<String, Tensor>> actual = TfJudge.runTf(dir, Signature.DEFAULT_KEY, feeds);
        for (int i = 0; i < feeds.size(); i++) Compare.assertAllClose("batch " + i, expected.get(i), actual.get(i), 1e-5);

        // Only inference is exported: no optimizer nodes, no gradients, no Adam slots, no labels.
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
        List<NodeDef> nodes = sm.getMetaGraphs(0).getGraphDef().getNodeList();
        for (NodeDef n : nodes) {
            assertFalse(n.getName().startsWith("Adam") || n.getName().contains("gradients") || n.getName().equals("labels")
                    || n.getOp().startsWith("Apply"), "training node exported: " + n.getName() + " (" + n.getOp() + ")");
        }
        long variables = nodes.stream().filter(n -> n.getOp().equals("VariableV2")).count();
        assertEquals(8, variables, "the four layers' weights and biases");
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            var s = b.signatures().get(0);
            assertEquals(Signature.DEFAULT_KEY, s.key());
            assertEquals(Signature.PREDICT_METHOD, s.methodName());
            assertTrue(s.getInputs().containsKey("images"));
        }
    }
}
