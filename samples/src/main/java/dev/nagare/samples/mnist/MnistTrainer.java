package dev.nagare.samples.mnist;

import dev.nagare.data.MnistData;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.session.Session;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/** Mini-batch training with shuffling, and evaluation with a confusion matrix. */
public final class MnistTrainer {
    private MnistTrainer() {}

    /** The outcome of an evaluation: accuracy and counts[true label][predicted label]. */
    public record Evaluation(double accuracy, int[][] confusion) {
        public String confusionTable() {
            StringBuilder sb = new StringBuilder("true\\pred");
            for (int c = 0; c < confusion.length; c++) sb.append(String.format(Locale.ROOT, "%6d", c));
            sb.append('\n');
            for (int t = 0; t < confusion.length; t++) {
                sb.append(String.format(Locale.ROOT, "%9d", t));
                for (int c = 0; c < confusion.length; c++) sb.append(String.format(Locale.ROOT, "%6d", confusion[t][c]));
                sb.append('\n');
            }
            return sb.toString();
        }
    }

    /** Training throughput over the whole run. */
    public record Stats(long examples, double seconds, double finalRunningLoss) {
        public double examplesPerSecond() { return examples / seconds; }
    }

    /** Called after each epoch (numbered from 1) with the mean loss of its batches. */
    @FunctionalInterface
    public interface EpochEnd {
        void after(int epoch, double meanLoss);
    }

    /**
     * Changes a training batch's images ({@code size} images, row-major) in place before they are fed: data
     * augmentation. {@link #NONE} leaves them as they are.
     */
    @FunctionalInterface
    public interface Augment {
        Augment NONE = (images, size, rnd) -> {};

        void apply(float[] images, int size, Random rnd);
    }

    /**
     * What training and evaluation feed and fetch: images [batch, pixels], int32 labels, the training flag,
     * the mean loss, the update step and the int32 predictions. The MLP and the CNN samples both provide it.
     */
    public record Model(Output images, Output labels, Output training, Output loss, Node trainStep, Output predictions) {}

    static Model model(MnistNetwork net) {
        return new Model(net.images, net.labels, net.training, net.loss, net.trainStep, net.predictions);
    }

    /** Trains for {@code epochs} passes over {@code data}, in a freshly shuffled order each epoch. */
    public static Stats train(Session session, MnistNetwork net, MnistData data, int epochs, int batch, long seed,
                              PrintStream out, boolean interactive) {
        return train(session, model(net), data, epochs, batch, seed, out, interactive, (epoch, loss) -> {});
    }

    /** As above, calling {@code onEpochEnd} after each epoch (for --logdir). */
    public static Stats train(Session session, MnistNetwork net, MnistData data, int epochs, int batch, long seed,
                              PrintStream out, boolean interactive, EpochEnd onEpochEnd) {
        return train(session, model(net), data, epochs, batch, seed, out, interactive, onEpochEnd);
    }

    /** As above, for any {@link Model}. */
    public static Stats train(Session session, Model net, MnistData data, int epochs, int batch, long seed,
                              PrintStream out, boolean interactive) {
        return train(session, net, data, epochs, batch, seed, out, interactive, (epoch, loss) -> {});
    }

    /** As above, for any {@link Model}, calling {@code onEpochEnd} after each epoch. */
    public static Stats train(Session session, Model net, MnistData data, int epochs, int batch, long seed,
                              PrintStream out, boolean interactive, EpochEnd onEpochEnd) {
        return train(session, net, data, epochs, batch, seed, out, interactive, Augment.NONE, onEpochEnd);
    }

    /** As above, passing each batch's images through {@code augment} before they are fed. */
    public static Stats train(Session session, Model net, MnistData data, int epochs, int batch, long seed,
                              PrintStream out, boolean interactive, Augment augment, EpochEnd onEpochEnd) {
        ProgressBar bar = new ProgressBar(out, interactive);
        Random rnd = new Random(seed);
        int n = data.count();
        int pixels = data.pixelsPerImage();
        double running = Double.NaN;
        long start = System.nanoTime();
        long examples = 0;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            int[] order = MnistData.permutation(n, rnd.nextLong());
            long epochStart = System.nanoTime();
            double lossSum = 0;
            for (int from = 0; from < n; from += batch) {
                int size = Math.min(batch, n - from);
                float[] x = new float[size * pixels];
                int[] y = new int[size];
                for (int i = 0; i < size; i++) {
                    int k = order[from + i];
                    System.arraycopy(data.images(), k * pixels, x, i * pixels, pixels);
                    y[i] = data.labels()[k];
                }
                augment.apply(x, size, rnd);
                List<Tensor> r = session.runner()
                        .feed(net.images, Tensor.of(Shape.of(size, pixels), x))
                        .feed(net.labels, Tensor.of(Shape.of(size), y))
                        .feed(net.training, Tensor.scalar(true))
                        .fetch(net.loss).addTarget(net.trainStep).run();
                float loss = r.get(0).floatValue();
                if (!Float.isFinite(loss)) throw new IllegalStateException("training diverged: loss " + loss + " in epoch " + epoch);
                running = Double.isNaN(running) ? loss : 0.98 * running + 0.02 * loss;
                lossSum += (double) loss * size;
                examples += size;
                double seconds = (System.nanoTime() - epochStart) / 1e9;
                bar.update(epoch, epochs, from + size, n, (from + size) / Math.max(seconds, 1e-9), running);
            }
            onEpochEnd.after(epoch, lossSum / n);
        }
        return new Stats(examples, (System.nanoTime() - start) / 1e9, running);
    }

    /** Accuracy and confusion matrix of the network's predictions on {@code data}. */
    public static Evaluation evaluate(Session session, MnistNetwork net, MnistData data) {
        return evaluate(session, model(net), data);
    }

    /** As above, for any {@link Model}. */
    public static Evaluation evaluate(Session session, Model net, MnistData data) { return evaluate(session, net, data, 1000); }

    /** As above, {@code batch} images per run. */
    public static Evaluation evaluate(Session session, Model net, MnistData data, int batch) {
        int classes = MnistData.NUM_CLASSES;
        int[][] confusion = new int[classes][classes];
        int pixels = data.pixelsPerImage();
        int correct = 0;
        for (int from = 0; from < data.count(); from += batch) {
            int size = Math.min(batch, data.count() - from);
            float[] x = new float[size * pixels];
            System.arraycopy(data.images(), from * pixels, x, 0, size * pixels);
            int[] predicted = session.runner().feed(net.images, Tensor.of(Shape.of(size, pixels), x))
                    .fetch(net.predictions).run().get(0).intData();
            for (int i = 0; i < size; i++) {
                int truth = data.labels()[from + i];
                confusion[truth][predicted[i]]++;
                if (truth == predicted[i]) correct++;
            }
        }
        return new Evaluation(data.count() == 0 ? 0 : (double) correct / data.count(), confusion);
    }
}
