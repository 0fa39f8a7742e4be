package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TensorFlow Java 1.1.0 judges Squeeze without axes where the sizes are known only at run time: a Nagare graph
 * whose placeholder is [?, 3, ?] exported and run by TensorFlow on several fed shapes (the import direction is a
 * row of {@link TfImportCases}).
 */
class SqueezeAtRunTimeTfTest {
    @TempDir Path tmp;

    @Test
    void exportedSqueezeOfUnknownSizesRunsInTensorFlowLikeNagare() throws IOException {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3, -1), "x");
        Output y = tf.squeeze(x);
        Path dir = tmp.resolve("squeeze");
        Random r = new Random(11);
        int[][][] rows = {{{1, 3, 1}, {3}}, {{2, 3, 1}, {2, 3}}, {{1, 3, 4}, {3, 4}}, {{2, 3, 5}, {2, 3, 5}}};
        List<Map<String, Tensor>> feeds = new ArrayList<>();
        for (int[][] row : rows) feeds.add(Map.of("x", TfImportCases.f(r, row[0])));
        List<Map<String, Tensor>> nagare = new ArrayList<>();
        Signature sig = new Signature(Map.of("x", x), Map.of("y", y));
        try (Session s = new Session(g)) {
            SavedModelExporter.export(s, dir, Map.of("x", x), Map.of("y", y));
            for (Map<String, Tensor> f : feeds) nagare.add(TfJudge.runNagare(s, sig, f));
        }
        List<Map<String, Tensor>> tensorFlow = TfJudge.runTf(dir, Signature.DEFAULT_KEY, feeds);
        for (int i = 0; i < rows.length; i++) {
            assertArrayEquals(rows[i][1], tensorFlow.get(i).get("y").shape().dims(), "TensorFlow's squeeze of " + Shape.of(rows[i][0]));
            Compare.assertAllClose("squeeze of " + Shape.of(rows[i][0]), tensorFlow.get(i), nagare.get(i), 0);
        }
    }
}
