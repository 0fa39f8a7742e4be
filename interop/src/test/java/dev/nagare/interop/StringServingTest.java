package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * The TensorFlow 1 estimator way of serving: the signature takes a string vector of serialized tf.Examples,
 * ParseExample turns them into features, a small DNN classifies them. TensorFlow Java builds the graph and
 * writes the SavedModel with its own exporter; Nagare loads it and must serve the same strings the same way.
 */
class StringServingTest {
    @TempDir Path tmp;

    @Test
    void estimatorStyleExportServesTfExamplesLikeTensorFlow() throws IOException {
        Path dir = tmp.resolve("estimator");
        try (TfGraph t = new TfGraph()) {
            Ops tf = Ops.create(t.graph);
            Placeholder<TString> examples = tf.withName("input_example_tensor").placeholder(TString.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1)));
            var parse = t.op("ParseExample").named("ParseExample").in(examples.output(), StringImportCases.strings(t)).list()
                    .list(t.constant(Tensor.scalar("xs")), t.constant(Tensor.scalar("ids")), t.constant(Tensor.scalar("name")))
                    .list(StringImportCases.defaults(t)).attr("Nsparse", 0L).attr("Ndense", 3L).attr("sparse_types", new DType[0])
                    .attr("Tdense", StringImportCases.DENSE_TYPES).attr("dense_shapes", StringImportCases.DENSE_SHAPES).build();
            Operand<TFloat32> xs = parse.<TFloat32>output(0);
            Operand<TInt64> ids = parse.<TInt64>output(1);
            var features = tf.concat(List.of(xs, tf.dtypes.cast(ids, TFloat32.class)), tf.constant(1));
            var w1 = tf.withName("hidden_kernel").variable(tf.constant(new float[][] {
                    {0.5f, -0.25f, 0.1f, 0.3f}, {-0.2f, 0.4f, 0.6f, -0.1f}, {0.05f, 0.2f, -0.3f, 0.25f}, {1e-12f, -2e-12f, 0f, 1e-12f}, {0.3f, 0.1f, -0.2f, 0.05f}}));
            var b1 = tf.withName("hidden_bias").variable(tf.constant(new float[] {0.1f, -0.1f, 0.2f, 0f}));
            var w2 = tf.withName("logits_kernel").variable(tf.constant(new float[][] {{1, -1}, {0.5f, 0.25f}, {-0.75f, 1}, {0.2f, 0.3f}}));
            var hidden = tf.nn.relu(tf.nn.biasAdd(tf.linalg.matMul(features, w1), b1));
            var logits = tf.withName("logits").linalg.matMul(hidden, w2);
            var probabilities = tf.withName("probabilities").nn.softmax(logits);
            var classes = tf.withName("classes").math.argMax(logits, tf.constant(1));
            try (org.tensorflow.Session s = new org.tensorflow.Session(t.graph)) {
                s.initialize();
                SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(org.tensorflow.Signature.builder().key("serving_default")
                        .input("examples", examples).output("probabilities", probabilities).output("classes", classes)
                        .output("name", parse.output(2)).build()).export();
            }
        }
        Map<String, Tensor> feeds = Map.of("examples", StringOpCases.examples());
        Map<String, Tensor> expected = TfJudge.runTf(dir, "serving_default", feeds);
        try (LoadedModel m = SavedModelImporter.load(dir)) {
            Map<String, Tensor> served = m.call(feeds);
            Compare.assertAllClose("served tf.Examples", expected, served, OpDifferentialTest.TOLERANCE);
            assertEquals("nobody", served.get("name").getString(1));              // the second example has no name: its default
            assertEquals(DType.STRING, m.signature().input("examples").dtype());

            // An example without the required feature 'ids' is refused, naming the node and the feature.
            org.tensorflow.proto.Feature xsOnly = StringOpCases.example(new float[] {1, 2, 3}, new long[0], null).getFeatures().getFeatureOrThrow("xs");
            Tensor lacking = Tensor.of(Shape.of(1), new byte[][] {org.tensorflow.proto.Example.newBuilder()
                    .setFeatures(org.tensorflow.proto.Features.newBuilder().putFeature("xs", xsOnly)).build().toByteArray()});
            RuntimeException e = assertThrows(RuntimeException.class, () -> m.call(Map.of("examples", lacking)));
            assertTrue(e.getMessage().contains("'ParseExample'") && e.getMessage().contains("'ids'"), e.getMessage());
            // Bytes that are no tf.Example: a length running past the end.
            RuntimeException bad = assertThrows(RuntimeException.class, () -> m.call(Map.of("examples", Tensor.of(Shape.of(1), new byte[][] {{10, 50, 1}}))));
            assertTrue(bad.getMessage().contains("could not parse example 0"), bad.getMessage());
        }
    }

    /** Sparse features are not parsed: importing them fails, naming the node, before anything runs. */
    @Test
    void sparseFeaturesAreRefusedNamingTheNode() {
        try (TfGraph t = new TfGraph()) {
            t.op("ParseExample").named("parse_sparse").in(t.feed(StringOpCases.examples(), Shape.of(-1)), StringImportCases.strings(t))
                    .list(t.constant(Tensor.scalar("ids"))).list().list().attr("Nsparse", 1L).attr("Ndense", 0L)
                    .attr("sparse_types", new DType[] {DType.INT64}).attr("Tdense", new DType[0]).attr("dense_shapes", new Shape[0]).build();
            UnsupportedModelException e = assertThrows(UnsupportedModelException.class,
                    () -> GraphDefImporter.importGraphDef(t.graph.toGraphDef(), tmp.resolve("sparse.pb"), List.of("parse_sparse")));
            assertTrue(e.getMessage().contains("parse_sparse") && e.getMessage().contains("sparse"), e.getMessage());
        }
    }
}
