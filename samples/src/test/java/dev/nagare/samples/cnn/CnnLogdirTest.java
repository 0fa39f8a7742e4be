package dev.nagare.samples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nagare.board.EventFiles;
import dev.nagare.samples.NpmDigits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.Summary;

/** ./nagare samples cnn --logdir DIR writes what the mnist sample writes, for the convolutional network. */
class CnnLogdirTest {
    @Test
    void logdirHoldsTheCnnsCurvesHistogramsGraphAndPictures(@TempDir Path tmp) throws Exception {
        Path data = NpmDigits.dir();
        assumeTrue(Files.exists(data.resolve("train-images-idx3-ubyte.gz")), "skipped: no MNIST data in " + data);
        Path logdir = tmp.resolve("logs");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CnnSample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                new String[] {"--data", data.toString(), "--train-limit", "200", "--epochs", "1", "--batch", "50", "--logdir", logdir.toString()});
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("confusion_matrix.png"), bytes.toString(StandardCharsets.UTF_8));

        List<Event> train = EventFiles.read(EventFiles.list(logdir.resolve("train")).getFirst());
        List<Event> test = EventFiles.read(EventFiles.list(logdir.resolve("test")).getFirst());
        for (List<Event> run : List.of(train, test)) {
            assertEquals(1, run.stream().filter(e -> e.getSummary().getValueList().stream().anyMatch(v -> v.getTag().equals("epoch_loss"))).count());
        }
        GraphDef g = GraphDef.parseFrom(train.stream().filter(Event::hasGraphDef).findFirst().orElseThrow().getGraphDef());
        assertTrue(g.getNodeList().stream().anyMatch(n -> n.getOp().equals("Conv2D")), "the graph holds the convolutions");
        // two conv layers and two dense layers, weights and bias each, for the one epoch
        long histograms = train.stream().flatMap(e -> e.getSummary().getValueList().stream()).filter(Summary.Value::hasHisto).count();
        assertEquals(8, histograms);
        for (String png : new String[] {"training_curves.png", "confusion_matrix.png"}) {
            BufferedImage img = ImageIO.read(logdir.resolve(png).toFile());
            assertTrue(img.getWidth() >= 600 && img.getHeight() >= 600, png);
        }
    }
}
