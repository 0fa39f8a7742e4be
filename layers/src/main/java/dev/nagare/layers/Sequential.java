package dev.nagare.layers;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.interop.Checkpoints;
import dev.nagare.interop.SavedModelExporter;
import dev.nagare.interop.Signature;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import dev.nagare.ops.Variables;
import dev.nagare.session.Results;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A stack of layers, each feeding the next, as Keras's {@code Sequential}:
 * <pre>{@code
 * try (Sequential model = Sequential.of(Layers.input(784), Layers.dense(10, Activation.SOFTMAX))) {
 *     model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
 *     History h = model.fit(images, labels, Fit.epochs(5).validationSplit(0.1));
 *     Tensor probabilities = model.predict(someImages);
 * }
 * }</pre>
 * The layers are added to a graph of the model's own as soon as it is made (the input shape is known), with
 * a Session holding the weights, so {@link #predict} and {@link #summary} work before {@link #compile};
 * compiling adds the loss, the metrics and the optimizer's update.
 */
public final class Sequential implements AutoCloseable {
    /** The name of the model's input in its graph and in a saved model's signature. */
    public static final String INPUT = "input";
    /** The name of the model's output in a saved model's signature. */
    public static final String OUTPUT = "output";

    private final Graph graph = new Graph();
    private final Tf tf = Tf.of(graph);
    private final Session session;
    private final Output input;
    private final Output training;
    private final Layer.Built last;
    private final List<String> summaryRows = new ArrayList<>();
    private final long parameters;
    private Compiled compiled;
    private final ModelConfig config;

    /**
     * What compiling added: the labels and per-example weights fed with each batch, the loss (mean over the
     * batch) and the weighted loss that training minimizes (the same when every weight is 1), the metrics
     * computed in the graph and those counted on the host.
     */
    private record Compiled(Loss loss, Output labels, Output exampleWeights, Output lossValue, Output trainLoss,
                            Map<String, Output> metrics, List<Metric> counted, Node trainStep) {}

    private Sequential(Input in, List<Layer> layers, long seed) {
        config = new ModelConfig(seed, in, List.copyOf(layers));
        graph.setRandomSeed(seed);
        int[] dims = in.shape();
        int[] batched = new int[dims.length + 1];
        batched[0] = Shape.UNKNOWN;
        System.arraycopy(dims, 0, batched, 1, dims.length);
        input = tf.placeholder(DType.FLOAT32, Shape.of(batched), INPUT);
        training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
        long[] seeds = {0};
        Layer.BuildContext context = new Layer.BuildContext() {
            @Override public Output training() { return training; }
            @Override public long nextSeed() { return ++seeds[0]; }
        };
        Output h = input;
        Layer.Built built = Layer.Built.of(input);
        long params = 0;
        for (Layer layer : layers) {
            Tf scoped = tf.withSubScope(layer.kind().toLowerCase(Locale.ROOT));
            built = layer.build(scoped, h, context);
            h = built.output();
            long count = 0;
            for (Output w : built.weights()) count += w.shape().size();
            params += count;
            String name = scoped.scope().namePrefix();
            summaryRows.add(row(name.substring(0, name.length() - 1) + " (" + layer.kind() + ")", shapeText(h.shape()), count));
        }
        if (layers.isEmpty()) throw new IllegalArgumentException("a Sequential model needs at least one layer after its input");
        last = built;
        parameters = params;
        session = new Session(graph);
        session.run(tf.globalVariablesInitializer());
    }

    /** A model of {@code layers} on inputs of shape {@code input}; its weights drawn from graph seed 0. */
    public static Sequential of(Input input, Layer... layers) { return new Sequential(input, List.of(layers), 0); }

    /** As {@link #of}, with the weights drawn from another seed. */
    public static Sequential of(long seed, Input input, Layer... layers) { return new Sequential(input, List.of(layers), seed); }

    /**
     * Adds the loss, the metrics and the optimizer's update step to the model. Once per model: the
     * optimizer's state (Adam's moments, ...) lives in the model from then on.
     */
    public Sequential compile(Function<Tf, Optimizer> optimizer, Loss loss, Metric... metrics) {
        if (compiled != null) throw new IllegalStateException("this model is already compiled");
        Tf t = tf.withSubScope("training");
        Output labels = loss.labelsPlaceholder(tf, last.output().shape());
        Output perExample = loss.perExample(t, labels, last);
        Output lossValue = t.reduceMean(perExample);
        Output weights = tf.placeholder(DType.FLOAT32, Shape.of(-1), "example_weights");
        Output trainLoss = t.reduceMean(t.mul(perExample, weights));
        Map<String, Output> metricOutputs = new LinkedHashMap<>();
        List<Metric> counted = new ArrayList<>();
        for (Metric m : metrics) {
            if (!m.counted()) {
                metricOutputs.put(m.kerasName(), m.build(t, loss, labels, last.output()));
            } else if (loss != Loss.BINARY_CROSSENTROPY || !last.output().shape().isCompatibleWith(Shape.of(-1, 1))) {
                throw new IllegalArgumentException(m.kerasName() + " is for binary classifiers: one sigmoid output and binary cross-entropy");
            } else {
                counted.add(m);
            }
        }
        int before = Variables.all(graph).size();
        Node step = optimizer.apply(t).minimize(trainLoss);
        List<Variables.Entry> all = Variables.all(graph);
        var init = session.runner();
        for (Variables.Entry v : all.subList(before, all.size())) init.addTarget(v.initializer());
        init.run();
        compiled = new Compiled(loss, labels, weights, lossValue, trainLoss, metricOutputs, List.copyOf(counted), step);
        return this;
    }

    /** Trains on examples {@code x} (first axis: examples) with labels {@code y}; returns the per-epoch figures. */
    public History fit(Tensor x, Tensor y, Fit fit) { return fit(x, y, null, null, fit); }

    /** As {@link #fit(Tensor, Tensor, Fit)}, reporting {@code val_} figures on the given data after each epoch. */
    public History fit(Tensor x, Tensor y, Tensor validationX, Tensor validationY, Fit fit) {
        Compiled c = requireCompiled("fit");
        checkData(x, y);
        int n = Rows.count(x);
        if (fit.validationSplit() > 0) {
            if (validationX != null) throw new IllegalArgumentException("give validation data or a validation split, not both");
            int held = (int) Math.round(n * fit.validationSplit());
            validationX = Rows.range(x, n - held, n);
            validationY = Rows.range(y, n - held, n);
            x = Rows.range(x, 0, n - held);
            y = Rows.range(y, 0, n - held);
            n -= held;
        }
        if (n == 0) throw new IllegalArgumentException("no examples left to fit on");
        Tensor trainX = x, trainY = y, valX = validationX, valY = validationY;
        int examples = n;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.Random shuffler = new java.util.Random(fit.seed());
        // One pass: the examples in a new order (when shuffling), cut into batches.
        java.util.function.Supplier<java.util.Iterator<Dataset.Example>> passes = () -> {
            if (fit.shuffle()) shuffle(order, shuffler);
            return new java.util.Iterator<>() {
                private int from;
                @Override public boolean hasNext() { return from < examples; }
                @Override public Dataset.Example next() {
                    int to = Math.min(examples, from + fit.batchSize());
                    Dataset.Example b = new Dataset.Example(Rows.pick(trainX, order, from, to), Rows.pick(trainY, order, from, to));
                    from = to;
                    return b;
                }
            };
        };
        return train(c, passes, valX == null ? null : () -> evaluate(valX, valY), fit);
    }

    /**
     * Trains on a batched dataset: an epoch is one pass over it, or {@link Fit#stepsPerEpoch} batches going on
     * through it (starting it again as needed). {@code validation}, when given, is evaluated after each epoch.
     * The batch size, split and shuffling of {@code fit} are the dataset's own business and not used here.
     */
    public History fit(Dataset data, Dataset validation, Fit fit) {
        Compiled c = requireCompiled("fit");
        if (!data.isBatched()) throw new IllegalArgumentException("fit takes batches: give it dataset.batch(size)");
        if (validation != null && !validation.isBatched()) throw new IllegalArgumentException("validation data must be batched too");
        return train(c, data::iterator, validation == null ? null : () -> evaluate(validation), fit);
    }

    /** The training loop over passes of batches, shared by arrays and datasets. */
    private History train(Compiled c, java.util.function.Supplier<java.util.Iterator<Dataset.Example>> passes,
                          java.util.function.Supplier<Map<String, Double>> validate, Fit fit) {
        History history = new History();
        java.util.Iterator<Dataset.Example> pass = passes.get();
        for (int epoch = 0; epoch < fit.epochs(); epoch++) {
            long start = System.nanoTime();
            Map<String, Double> sums = new LinkedHashMap<>();
            BinaryCounts counts = c.counted.isEmpty() ? null : new BinaryCounts();
            int examples = 0;
            for (int batch = 0; fit.stepsPerEpoch() == 0 || batch < fit.stepsPerEpoch(); batch++) {
                if (!pass.hasNext()) {
                    pass = passes.get();
                    // Without a step count an epoch is one pass; with one, the next pass goes on.
                    if (fit.stepsPerEpoch() == 0 && batch > 0) break;
                    if (!pass.hasNext()) throw new IllegalArgumentException("no examples to fit on");
                }
                Dataset.Example b = pass.next();
                checkData(b.x(), b.y());
                int size = Rows.count(b.x());
                var runner = session.runner().feed(input, b.x()).feed(c.labels, b.y()).feed(c.exampleWeights, weights(b.y(), fit))
                        .feed(training, Tensor.scalar(true)).fetch(c.trainLoss).addTarget(c.trainStep);
                c.metrics.values().forEach(runner::fetch);
                if (counts != null) runner.fetch(last.output());
                Results r = runner.run();
                Map<String, Double> logs = figures(c, r);
                for (var e : logs.entrySet()) sums.merge(e.getKey(), e.getValue() * size, Double::sum);
                examples += size;
                if (counts != null) {
                    counts.add(r.get(r.size() - 1).floatData(), b.y().floatData());
                    for (Metric m : c.counted) logs.put(m.kerasName(), counts.value(m));
                }
                for (Callback cb : fit.callbacks()) cb.onBatchEnd(batch, logs);
            }
            Map<String, Double> logs = new LinkedHashMap<>();
            final int seen = examples;
            sums.forEach((k, v) -> logs.put(k, v / seen));
            for (Metric m : c.counted) logs.put(m.kerasName(), counts.value(m));
            if (validate != null) validate.get().forEach((k, v) -> logs.put("val_" + k, v));
            history.add(logs);
            if (fit.progress() != null) printEpoch(fit.progress(), epoch, fit.epochs(), System.nanoTime() - start, logs);
            boolean stop = false;
            for (Callback cb : fit.callbacks()) stop |= cb.onEpochEnd(epoch, logs);
            if (stop) break;
        }
        return history;
    }

    /** The loss and metrics over a batched dataset, averaged over the examples. */
    public Map<String, Double> evaluate(Dataset data) {
        Compiled c = requireCompiled("evaluate");
        if (!data.isBatched()) throw new IllegalArgumentException("evaluate takes batches: give it dataset.batch(size)");
        Map<String, Double> sums = new LinkedHashMap<>();
        BinaryCounts counts = c.counted.isEmpty() ? null : new BinaryCounts();
        int n = 0;
        for (Dataset.Example b : data) {
            checkData(b.x(), b.y());
            int size = Rows.count(b.x());
            var runner = session.runner().feed(input, b.x()).feed(c.labels, b.y()).fetch(c.lossValue);
            c.metrics.values().forEach(runner::fetch);
            if (counts != null) runner.fetch(last.output());
            Results r = runner.run();
            figures(c, r).forEach((k, v) -> sums.merge(k, v * size, Double::sum));
            if (counts != null) counts.add(r.get(r.size() - 1).floatData(), b.y().floatData());
            n += size;
        }
        if (n == 0) throw new IllegalArgumentException("no examples to evaluate");
        Map<String, Double> out = new LinkedHashMap<>();
        final int count = n;
        sums.forEach((k, v) -> out.put(k, v / count));
        for (Metric m : c.counted) out.put(m.kerasName(), counts.value(m));
        return out;
    }

    /** The loss and metrics over {@code x} and {@code y}, averaged over the examples. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        requireCompiled("evaluate");
        checkData(x, y);
        int n = Rows.count(x), batch = 1024;
        List<Dataset.Example> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batch) batches.add(new Dataset.Example(Rows.range(x, from, Math.min(n, from + batch)), Rows.range(y, from, Math.min(n, from + batch))));
        return evaluate(Dataset.ofBatches(batches));
    }

    /** The model's outputs for examples {@code x} (class probabilities for a softmax model), in batches of 1,024. */
    public Tensor predict(Tensor x) {
        checkInput(x);
        int n = Rows.count(x), batch = 1024;
        if (n <= batch) return session.runner().feed(input, x).fetch(last.output()).run().get(0);
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += batch) {
            parts.add(session.runner().feed(input, Rows.range(x, from, Math.min(n, from + batch))).fetch(last.output()).run().get(0));
        }
        return Rows.concat(parts);
    }

    /** The layer table Keras prints: each layer's name and kind, output shape and parameter count. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String rule = "_".repeat(64) + "\n";
        sb.append("Model: \"sequential\"\n").append(rule).append(row("Layer (type)", "Output Shape", -1)).append("=".repeat(64)).append('\n');
        for (int i = 0; i < summaryRows.size(); i++) sb.append(summaryRows.get(i)).append(i + 1 < summaryRows.size() ? rule : "");
        sb.append("=".repeat(64)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: 0%n", parameters, parameters));
        return sb.toString();
    }

    /** The number of weights. */
    public long parameterCount() { return parameters; }

    /**
     * Writes a SavedModel whose {@code serving_default} signature maps {@value #INPUT} to {@value #OUTPUT}, with
     * the current weights: TensorFlow loads and serves it.
     */
    public void save(Path dir) throws IOException {
        SavedModelExporter.exportWithExtraFiles(session, dir, Map.of(Signature.DEFAULT_KEY, new Signature(Map.of(INPUT, input), Map.of(OUTPUT, last.output()))),
                Map.of(ModelConfig.FILE, config.write().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A model {@link #save}d before, with its layers and weights; compile it again to go on training (the
     * optimizer's state, such as Adam's moments, is not in a SavedModel and starts afresh).
     *
     * @throws IOException when {@code dir} holds no model saved by {@link #save}, or its files are damaged
     */
    public static Sequential load(Path dir) throws IOException {
        Path file = dir.resolve(SavedModelExporter.EXTRA_DIR).resolve(ModelConfig.FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a model saved by Sequential.save (its layer description is missing)");
        }
        ModelConfig c = ModelConfig.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        Sequential model = new Sequential(c.input(), c.layers(), c.seed());
        try {
            Checkpoints.restore(model.session, dir.resolve("variables").resolve("variables"));
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** The graph the model is built in, for users who want to add to it. */
    public Graph graph() { return graph; }

    /** The Session holding the model's weights. */
    public Session session() { return session; }

    @Override public void close() { session.close(); }

    // ---- helpers ----

    private Compiled requireCompiled(String what) {
        if (compiled == null) throw new IllegalStateException("compile the model before " + what + ": model.compile(optimizer, loss, metrics...)");
        return compiled;
    }

    private void checkInput(Tensor x) {
        Shape want = input.shape();
        if (x.dtype() != DType.FLOAT32 || !want.isCompatibleWith(x.shape())) {
            throw new IllegalArgumentException("the model takes float32 inputs of shape " + shapeText(want) + ", got " + x.dtype() + x.shape());
        }
    }

    private void checkData(Tensor x, Tensor y) {
        checkInput(x);
        Shape want = compiled.labels.shape();
        if (y.dtype() != compiled.labels.dtype() || !want.isCompatibleWith(y.shape())) {
            throw new IllegalArgumentException("loss " + compiled.loss.kerasName() + " takes " + compiled.labels.dtype() + " labels of shape "
                    + shapeText(want) + ", got " + y.dtype() + y.shape());
        }
        if (Rows.count(x) != Rows.count(y)) {
            throw new IllegalArgumentException(Rows.count(x) + " examples but " + Rows.count(y) + " labels");
        }
    }

    /**
     * Each example's weight: its class's weight from {@link Fit#classWeights} (1 for classes not listed), or
     * all 1. The class of a label is the integer itself, the argmax of a one-hot row, or 0/1 for binary labels.
     */
    private static Tensor weights(Tensor labels, Fit fit) {
        int n = Rows.count(labels);
        float[] w = new float[n];
        Map<Integer, Double> cw = fit.classWeights();
        if (cw.isEmpty()) {
            java.util.Arrays.fill(w, 1f);
            return Tensor.of(Shape.of(n), w);
        }
        int width = labels.size() / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            int cls;
            if (labels.dtype() == DType.INT32) {
                cls = labels.intData()[i];
            } else if (width == 1) {
                cls = labels.floatData()[i] > 0.5f ? 1 : 0;
            } else {
                cls = 0;
                float[] y = labels.floatData();
                for (int k = 1; k < width; k++) if (y[i * width + k] > y[i * width + cls]) cls = k;
            }
            w[i] = cw.getOrDefault(cls, 1.0).floatValue();
        }
        return Tensor.of(Shape.of(n), w);
    }

    private static Map<String, Double> figures(Compiled c, Results r) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", (double) r.get(0).floatValue());
        int i = 1;
        for (String name : c.metrics.keySet()) logs.put(name, (double) r.get(i++).floatValue());
        return logs;
    }

    private static void shuffle(int[] a, java.util.Random r) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void printEpoch(PrintStream out, int epoch, int epochs, long nanos, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Epoch %d/%d - %.1fs", epoch + 1, epochs, nanos / 1e9));
        logs.forEach((k, v) -> sb.append(String.format(Locale.ROOT, " - %s: %.4f", k, v)));
        out.println(sb);
    }

    private static String shapeText(Shape s) {
        if (!s.hasRank()) return "?";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < s.rank(); i++) sb.append(i > 0 ? ", " : "").append(s.dim(i) == Shape.UNKNOWN ? "None" : Integer.toString(s.dim(i)));
        return sb.append(s.rank() == 1 ? ",)" : ")").toString();
    }

    private static String row(String layer, String shape, long params) {
        return String.format(Locale.ROOT, "%-29s%-25s%s%n", layer, shape, params < 0 ? "Param #" : String.format(Locale.ROOT, "%,d", params));
    }
}
