package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The contended mode of {@code Workers} (more loop threads than cores, early parking, naps between items) is a
 * question of speed only: an MLP trained for a few steps ends with the same weights, bit for bit, whether the
 * process thinks the machine is shared ({@code nagare.workers.contention=always}), thinks it is its own
 * ({@code never}), or runs on one thread. Each runs in a JVM of its own, since the mode is read once per process.
 */
class ContendedRunTest {
    private static final Pattern LINE = Pattern.compile("weights crc=([0-9a-f]+) loss=(\\S+)");

    @Test
    void contendedUncontendedAndOneThreadTrainTheSameBits() throws Exception {
        List<List<String>> configs = List.of(
                List.of("-Dnagare.workers.contention=always", "-Dnagare.threads=2"),
                List.of("-Dnagare.workers.contention=never", "-Dnagare.threads=2"),
                List.of("-Dnagare.threads=1"));
        List<Process> children = new ArrayList<>();
        for (List<String> props : configs) children.add(start(props));
        Map<String, String> results = new LinkedHashMap<>();
        for (int i = 0; i < configs.size(); i++) {
            Process p = children.get(i);
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "child JVM hung: " + configs.get(i));
            assertEquals(0, p.exitValue(), configs.get(i) + ": " + out);
            Matcher m = LINE.matcher(out);
            assertTrue(m.find(), configs.get(i) + ": " + out);
            assertTrue(Float.isFinite(Float.parseFloat(m.group(2))), configs.get(i) + ": loss " + m.group(2));
            results.put(String.join(" ", configs.get(i)), m.group(1) + " loss " + m.group(2));
        }
        assertEquals(1, results.values().stream().distinct().count(), "training differs between modes: " + results);
    }

    private static Process start(List<String> props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(props);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainMain.class.getName()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** Ten SGD steps of a 200-160-120-10 MLP at batch 96 (products large enough to be split), then a CRC of the weights. */
    public static final class TrainMain {
        public static void main(String[] args) {
            SplittableRandom r = new SplittableRandom(17);
            Graph g = new Graph();
            Tf tf = Tf.of(g);
            int batch = 96;
            int[] widths = {200, 160, 120, 10};
            Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, widths[0]), "x");
            Output labels = tf.placeholder(DType.INT32, Shape.of(-1), "labels");
            List<Output> weights = new ArrayList<>();
            Output h = x;
            for (int l = 0; l + 1 < widths.length; l++) {
                Output w = tf.variable(tf.constant(Tensor.of(Shape.of(widths[l], widths[l + 1]), gaussian(r, widths[l] * widths[l + 1], 0.1))));
                Output b = tf.variable(tf.constant(Tensor.of(Shape.of(widths[l + 1]), gaussian(r, widths[l + 1], 0.01))));
                weights.add(w);
                weights.add(b);
                h = tf.nn.biasAdd(tf.matmul(h, w), b);
                if (l + 2 < widths.length) h = tf.nn.relu(h);
            }
            Output loss = tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits(labels, h));
            Node train = tf.train.gradientDescent(0.1).minimize(loss);
            Tensor in = Tensor.of(Shape.of(batch, widths[0]), gaussian(r, batch * widths[0], 1));
            int[] ys = new int[batch];
            for (int i = 0; i < batch; i++) ys[i] = r.nextInt(widths[widths.length - 1]);
            Tensor labelValues = Tensor.of(Shape.of(batch), ys);
            float last = Float.NaN;
            try (Session s = new Session(g)) {
                s.run(tf.globalVariablesInitializer());
                for (int step = 0; step < 10; step++) {
                    last = s.runner().feed(x, in).feed(labels, labelValues).fetch(loss).addTarget(train).run().get(0).floatData()[0];
                }
                CRC32 crc = new CRC32();
                for (Output w : weights) {
                    for (float v : s.run(w).floatData()) {
                        int bits = Float.floatToRawIntBits(v);
                        crc.update(new byte[] {(byte) bits, (byte) (bits >> 8), (byte) (bits >> 16), (byte) (bits >> 24)});
                    }
                }
                System.out.println("weights crc=" + Long.toHexString(crc.getValue()) + " loss=" + last);
            }
        }

        private static float[] gaussian(SplittableRandom r, int n, double scale) {
            float[] a = new float[n];
            for (int i = 0; i < n; i++) a[i] = (float) (r.nextGaussian() * scale);
            return a;
        }
    }
}
