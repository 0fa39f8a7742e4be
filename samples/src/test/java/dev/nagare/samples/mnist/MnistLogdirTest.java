package dev.nagare.samples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.board.EventFiles;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.nagare.samples.NpmDigits;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.Summary;

/** ./nagare samples mnist --logdir DIR: TensorBoard files for train and test, training curves, confusion matrix. */
class MnistLogdirTest {
    @Test
    void logdirHoldsLossAccuracyHistogramsGraphAndPictures(@TempDir Path tmp) throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")), "skipped: no MNIST data in " + data);
        Path logdir = tmp.resolve("logs");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MnistSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new String[] {"--data", data.toString(), "--train-limit", "600", "--epochs", "2", "--batch", "100", "--logdir", logdir.toString()});
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("confusion_matrix.png"));

        List<Event> train = EventFiles.read(EventFiles.list(logdir.resolve("train")).getFirst());
        List<Event> test = EventFiles.read(EventFiles.list(logdir.resolve("test")).getFirst());
        for (List<Event> run : List.of(train, test)) {
            assertEquals(List.of(1L, 2L), steps(run, "epoch_loss"));
            assertEquals(List.of(1L, 2L), steps(run, "epoch_accuracy"));
        }
        GraphDef g = GraphDef.parseFrom(train.stream().filter(Event::hasGraphDef).findFirst().orElseThrow().getGraphDef());
        assertTrue(g.getNodeList().stream().anyMatch(n -> n.getName().equals("hidden1/weights")));
        // 4 dense layers, weights and bias each, per epoch
        long histograms = train.stream().flatMap(e -> e.getSummary().getValueList().stream()).filter(Summary.Value::hasHisto).count();
        assertEquals(2 * 8, histograms);

        for (String png : new String[] {"training_curves.png", "confusion_matrix.png"}) {
            BufferedImage img = ImageIO.read(logdir.resolve(png).toFile());
            assertTrue(img.getWidth() >= 600 && img.getHeight() >= 600, png);
        }
    }

    private static List<Long> steps(List<Event> events, String tag) {
        return events.stream().filter(e -> e.getSummary().getValueList().stream().anyMatch(v -> v.getTag().equals(tag))).map(Event::getStep).toList();
    }
}
