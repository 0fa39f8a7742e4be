package dev.nagare.interop;

import static dev.nagare.interop.TfJudge.map;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Convolutional networks across the two engines: a CNN built and trained in Nagare, exported as a
 * SavedModel that TensorFlow Java loads and runs; and a CNN (with a transposed-convolution decoder, which
 * TensorFlow writes as Conv2DBackpropInput) built with TensorFlow Java's own op builder, which Nagare
 * imports and runs. Both must agree on the same inputs.
 */
class CnnInteropTest {
    @TempDir Path tmp;

    /** The tutorial's network, smaller: conv 5x5x8 - max pool - conv 5x5x16 - max pool - dense 10. */
    static final class Cnn {
        final Graph graph = new Graph();
        final Output images, labels, logits, loss;
        final Node trainStep, init;

        Cnn(long seed) {
            Tf tf = Tf.of(graph);
            images = tf.placeholder(DType.FLOAT32, Shape.of(-1, 28, 28, 1), "images");
            labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
            Output h = conv(tf.withSubScope("conv1"), images, 1, 8, seed);
            h = conv(tf.withSubScope("conv2"), h, 8, 16, seed + 1);
            h = tf.reshape(h, -1, 7 * 7 * 16);
            Tf dense = tf.withSubScope("logits");
            Output w = dense.variable(dense.init.heNormal(Shape.of(7 * 7 * 16, 10), DType.FLOAT32, seed + 2), "weights");
            Output b = dense.variable(dense.init.zeros(Shape.of(10), DType.FLOAT32), "bias");
            logits = dense.nn.biasAdd(dense.matmul(h, w), b);
            loss = tf.losses.sparseSoftmaxCrossEntropy(labels, logits);
            trainStep = tf.train.adam(0.001).minimize(loss);
            init = tf.globalVariablesInitializer();
        }

        /** conv 5x5 SAME + bias + relu, then 2x2 max pool. */
        private static Output conv(Tf tf, Output x, int in, int out, long seed) {
            Output w = tf.variable(tf.init.heNormal(Shape.of(5, 5, in, out), DType.FLOAT32, seed), "weights");
            Output b = tf.variable(tf.init.zeros(Shape.of(out), DType.FLOAT32), "bias");
            Output y = tf.nn.relu(tf.nn.biasAdd(tf.nn.conv2d(x, w, new int[] {1, 1, 1, 1}, "SAME"), b));
            return tf.nn.maxPool(y, new int[] {1, 2, 2, 1}, new int[] {1, 2, 2, 1}, "SAME");
        }
    }

    static Tensor images(Random r, int batch) {
        float[] px = new float[batch * 784];
        for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
        return Tensor.of(Shape.of(batch, 28, 28, 1), px);
    }

    @Test
    void trainedCnnRunsTheSameInTensorFlow() throws IOException {
        Cnn net = new Cnn(3);
        Random r = new Random(5);
        Path dir = tmp.resolve("cnn");
        Signature sig = new Signature(map("images", net.images), map("logits", net.logits));
        List<Map<String, Tensor>> feeds = List.of(Map.of("images", images(r, 1)), Map.of("images", images(r, 17)));
        List<Map<String, Tensor>> expected = new ArrayList<>();
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            for (int step = 0; step < 3; step++) {
                int[] y = new int[16];
                for (int i = 0; i < y.length; i++) y[i] = r.nextInt(10);
                s.runner().feed(net.images, images(r, 16)).feed(net.labels, Tensor.of(Shape.of(16), y)).addTarget(net.trainStep).run();
            }
            SavedModelExporter.export(s, dir, Map.of(Signature.DEFAULT_KEY, sig));
            for (Map<String, Tensor> f : feeds) expected.add(TfJudge.runNagare(s, sig, f));
        }
        List<Map<String, Tensor>> actual = TfJudge.runTf(dir, Signature.DEFAULT_KEY, feeds);
        for (int i = 0; i < feeds.size(); i++) Compare.assertAllClose("batch " + i, expected.get(i), actual.get(i), 1e-5);
    }

    @Test
    void cnnBuiltByTensorFlowImportsAndRunsTheSame() throws IOException {
        Random r = new Random(11);
        Path pb = tmp.resolve("cnn.pb");
        List<String> fetches = new ArrayList<>();
        List<Tensor> expected;
        Map<String, Tensor> feeds = new java.util.LinkedHashMap<>();
        try (TfGraph t = new TfGraph()) {
            var x = t.feed(images(r, 4), Shape.of(-1, 28, 28, 1));
            var h = t.op("Conv2D").in(x, t.constant(TfImportCases.floats(r, -0.3, 0.3, 5, 5, 1, 8))).attr("T", DType.FLOAT32)
                    .attr("strides", new int[] {1, 1, 1, 1}).attr("padding", "SAME").out();
            h = t.op("BiasAdd").in(h, t.constant(TfImportCases.floats(r, -0.1, 0.1, 8))).attr("T", DType.FLOAT32).out();
            h = t.op("Relu").in(h).attr("T", DType.FLOAT32).out();
            var pool1 = t.op("MaxPool").in(h).attr("T", DType.FLOAT32).attr("ksize", new int[] {1, 2, 2, 1})
                    .attr("strides", new int[] {1, 2, 2, 1}).attr("padding", "SAME").out();
            h = t.op("Conv2D").in(pool1, t.constant(TfImportCases.floats(r, -0.2, 0.2, 5, 5, 8, 16))).attr("T", DType.FLOAT32)
                    .attr("strides", new int[] {1, 2, 2, 1}).attr("padding", "SAME").out();
            h = t.op("Relu").in(h).attr("T", DType.FLOAT32).out();
            var pool2 = t.op("AvgPool").in(h).attr("T", DType.FLOAT32).attr("ksize", new int[] {1, 3, 3, 1})
                    .attr("strides", new int[] {1, 1, 1, 1}).attr("padding", "VALID").out();
            var flat = t.op("Reshape").in(pool2, t.ints(-1, 5 * 5 * 16)).attr("T", DType.FLOAT32).out();
            var logits = t.op("MatMul").in(flat, t.constant(TfImportCases.floats(r, -0.1, 0.1, 5 * 5 * 16, 10))).attr("T", DType.FLOAT32).out();
            var probs = t.op("Softmax").in(logits).attr("T", DType.FLOAT32).out();
            // A decoder: the 7x7x16 features back up to 14x14x8 by a transposed convolution of stride 2.
            var decoded = t.op("Conv2DBackpropInput").in(t.ints(4, 14, 14, 8), t.constant(TfImportCases.floats(r, -0.3, 0.3, 3, 3, 8, 16)), h)
                    .attr("T", DType.FLOAT32).attr("strides", new int[] {1, 2, 2, 1}).attr("padding", "SAME").out();
            for (var o : List.of(logits, probs, decoded)) fetches.add(o.op().name() + ":" + o.index());
            expected = t.run(fetches);
            Files.write(pb, t.graph.toGraphDef().toByteArray());
            feeds.putAll(t.feeds);
        }
        ImportedGraph g = GraphDefImporter.importFile(pb);
        try (Session s = new Session(g.graph())) {
            Runner run = s.runner();
            feeds.forEach((k, v) -> run.feed(g.output(k), v));
            for (String f : fetches) run.fetch(g.output(f));
            List<Tensor> actual = run.run();
            for (int i = 0; i < fetches.size(); i++) Compare.assertClose(fetches.get(i), expected.get(i), actual.get(i), OpDifferentialTest.TOLERANCE);
        }
    }
}
