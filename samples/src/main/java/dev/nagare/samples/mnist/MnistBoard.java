package dev.nagare.samples.mnist;

import dev.nagare.board.Charts;
import dev.nagare.board.SummaryWriter;
import dev.nagare.data.MnistData;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Variables;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --logdir DIR} writes: TensorBoard event files in {@code DIR/train} (the graph, per epoch the mean
 * training loss, the accuracy on the training images measured after the epoch, and every weight's histogram) and
 * {@code DIR/test} (loss and accuracy on the test images), under Keras's tags {@code epoch_loss} and
 * {@code epoch_accuracy}; and as pictures {@code DIR/training_curves.png} (redrawn after each epoch) and
 * {@code DIR/confusion_matrix.png} (after the final evaluation).
 */
public final class MnistBoard implements AutoCloseable {
    /** Training accuracy is measured on at most this many training images, to keep it cheap on full MNIST. */
    static final int TRAIN_ACCURACY_IMAGES = 10_000;

    private final Path logdir;
    private final Graph graph;
    private final MnistTrainer.Model net;
    private final Session session;
    private final MnistData train;
    private final MnistData test;
    private final SummaryWriter trainWriter;
    private final SummaryWriter testWriter;
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** For {@code net}, a model of {@code graph} (the mnist or the cnn sample's network). */
    public MnistBoard(Path logdir, Graph graph, MnistTrainer.Model net, Session session, MnistData train, MnistData test)
            throws IOException {
        this.logdir = logdir;
        this.graph = graph;
        this.net = net;
        this.session = session;
        this.train = train.count() > TRAIN_ACCURACY_IMAGES ? train.slice(0, TRAIN_ACCURACY_IMAGES) : train;
        this.test = test;
        trainWriter = SummaryWriter.create(logdir.resolve("train"));
        testWriter = SummaryWriter.create(logdir.resolve("test"));
        trainWriter.graph(graph);
    }

    /** After epoch {@code epoch} (from 1), whose batches had mean loss {@code meanLoss}. */
    public void afterEpoch(int epoch, double meanLoss) {
        double[] onTrain = lossAndAccuracy(train), onTest = lossAndAccuracy(test);
        trainWriter.scalar("epoch_loss", epoch, meanLoss);
        trainWriter.scalar("epoch_accuracy", epoch, onTrain[1]);
        testWriter.scalar("epoch_loss", epoch, onTest[0]);
        testWriter.scalar("epoch_accuracy", epoch, onTest[1]);
        for (Variables.Entry v : Variables.trainable(graph)) trainWriter.histogram(v.variable().name(), epoch, session.run(v.value()));
        trainWriter.flush();
        testWriter.flush();
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", meanLoss);
        logs.put("accuracy", onTrain[1]);
        logs.put("val_loss", onTest[0]);
        logs.put("val_accuracy", onTest[1]);
        epochs.add(logs);
        try {
            Charts.trainingCurves(epochs, logdir.resolve("training_curves.png"), 800, 600);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The confusion matrix of the final evaluation as a heat map. */
    public void confusion(int[][] counts) throws IOException {
        long[][] c = new long[counts.length][];
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            c[i] = java.util.Arrays.stream(counts[i]).asLongStream().toArray();
            labels.add(Integer.toString(i));
        }
        Charts.confusionMatrix(c, labels, logdir.resolve("confusion_matrix.png"), 600);
    }

    /** Mean loss and accuracy over {@code data}, dropout off. */
    private double[] lossAndAccuracy(MnistData data) {
        int pixels = data.pixelsPerImage(), n = data.count(), batch = 1000, correct = 0;
        double lossSum = 0;
        for (int from = 0; from < n; from += batch) {
            int size = Math.min(batch, n - from);
            float[] x = new float[size * pixels];
            System.arraycopy(data.images(), from * pixels, x, 0, size * pixels);
            int[] y = java.util.Arrays.copyOfRange(data.labels(), from, from + size);
            List<Tensor> r = session.runner().feed(net.images(), Tensor.of(Shape.of(size, pixels), x)).feed(net.labels(), Tensor.of(Shape.of(size), y))
                    .fetch(net.loss()).fetch(net.predictions()).run();
            lossSum += r.get(0).floatValue() * (double) size;
            int[] predicted = r.get(1).intData();
            for (int i = 0; i < size; i++) if (predicted[i] == y[i]) correct++;
        }
        return n == 0 ? new double[] {Double.NaN, Double.NaN} : new double[] {lossSum / n, (double) correct / n};
    }

    @Override
    public void close() {
        trainWriter.close();
        testWriter.close();
    }
}
