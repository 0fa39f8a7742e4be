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
import dev.nagare.ops.Gradients;
import dev.nagare.ops.Optimizer;
import dev.nagare.ops.Tf;
import dev.nagare.ops.Variables;
import dev.nagare.session.Results;
import dev.nagare.session.Session;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Iterator;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A network of layers with its own graph and Session, trained and used as Keras's {@code Model}:
 * {@link #compile}, {@link #fit}, {@link #evaluate}, {@link #predict}, {@link #summary}, {@link #save}. Made
 * as a stack ({@link Sequential#of}) or, for several inputs and layers that merge, from symbolic tensors:
 * <pre>{@code
 * Symbol image = Symbol.input("image", 784), extra = Symbol.input("extra", 3);
 * Symbol h = Layers.dense(64, Activation.RELU).on(image);
 * Symbol out = Layers.dense(10, Activation.SOFTMAX).on(Layers.concatenate().on(h, extra));
 * try (Model model = Model.of(List.of(image, extra), out)) { ... model.fit(List.of(images, extras), labels, fit) ... }
 * }</pre>
 * The layers are added to the model's graph as soon as it is made (the input shapes are known), with a
 * Session holding the weights, so {@link #predict} and {@link #summary} work before {@link #compile};
 * compiling adds the loss, the metrics and the optimizer's update.
 */
public class Model implements AutoCloseable {
    /** The name of the model's input in its graph and in a saved model's signature. */
    public static final String INPUT = "input";
    /** The name of the model's output in a saved model's signature. */
    public static final String OUTPUT = "output";

    private final Graph graph = new Graph();
    private final Tf tf = Tf.of(graph);
    private final Session session;
    private final List<Output> inputs;
    private final Output training;
    private final Layer.Built last;
    private final List<String> summaryRows = new ArrayList<>();
    private final long parameters;
    private final long trainableParameters;
    /** Updates each training step runs besides the optimizer's, from layers such as BatchNormalization. */
    private final List<Node> updates = new ArrayList<>();
    private Compiled compiled;
    /** What {@link #trainingParts} gives, made by {@link #compile}. */
    private TrainingParts parts;
    /** The description {@link #save} writes beside the weights, for models {@link Sequential#load} can rebuild; or null. */
    private final ModelConfig config;
    /** What {@link #description} writes for a functional model; null for a Sequential one. */
    private final FunctionalConfig functional;

    /**
     * What compiling added: the labels and per-example weights fed with each batch, the loss (mean over the
     * batch) and the weighted loss that training minimizes (the same when every weight is 1), the metrics
     * computed in the graph and those counted on the host.
     */
    private record Compiled(Loss loss, Output labels, Output exampleWeights, Output lossValue, Output trainLoss,
                            Map<String, Output> metrics, List<Metric> counted, Node trainStep,
                            Output learningRate, Output newLearningRate, Node setLearningRate) {}

    /** Builds the layers from the named inputs; {@code body} adds them, given the input placeholders. */
    Model(Map<String, Input> inputShapes, long seed, ModelConfig config, FunctionalConfig functional, Body body) {
        this.config = config;
        this.functional = functional;
        graph.setRandomSeed(seed);
        List<Output> placeholders = new ArrayList<>();
        inputShapes.forEach((name, in) -> {
            int[] dims = in.shape();
            int[] batched = new int[dims.length + 1];
            batched[0] = Shape.UNKNOWN;
            System.arraycopy(dims, 0, batched, 1, dims.length);
            placeholders.add(tf.placeholder(DType.FLOAT32, Shape.of(batched), name));
        });
        inputs = List.copyOf(placeholders);
        training = tf.placeholderWithDefault(tf.constant(false), Shape.scalar(), "training");
        long[] seeds = {0};
        long[] params = {0, 0};
        Layer.BuildContext context = new Layer.BuildContext() {
            @Override public Output training() { return training; }
            @Override public long nextSeed() { return ++seeds[0]; }
        };
        // Each layer in its own name scope (dense, dense_1, ...), and one summary row for it.
        Builder builder = (layer, layerInputs) -> {
            Tf scoped = tf.withSubScope(snakeCase(layer.kind()));
            Layer.Built built = layer.build(scoped, layerInputs, context);
            long count = 0;
            for (Output w : built.weights()) {
                long n = w.shape().size();
                count += n;
                if (trainable(w)) params[1] += n;
            }
            params[0] += count;
            updates.addAll(built.updates());
            String name = scoped.scope().namePrefix();
            summaryRows.add(row(name.substring(0, name.length() - 1) + " (" + layer.kind() + ")", shapeText(built.output().shape()), count));
            return built;
        };
        last = body.build(inputs, builder);
        parameters = params[0];
        trainableParameters = params[1];
        session = new Session(graph);
        session.run(tf.globalVariablesInitializer());
    }

    /** Adds one layer to the model's graph, on the given inputs. */
    interface Builder {
        Layer.Built add(Layer layer, List<Output> inputs);
    }

    /** Adds a model's layers given its input placeholders; returns the last layer's result. */
    interface Body {
        Layer.Built build(List<Output> inputs, Builder builder);
    }

    /**
     * A model from symbolic inputs to a symbolic output: every layer the output depends on is built once, in
     * the order it was applied. Inputs are fed in the order listed.
     */
    public static Model of(List<Symbol> inputs, Symbol output) { return of(0, inputs, output); }

    /** As {@link #of(List, Symbol)}, with the weights drawn from {@code seed}. */
    public static Model of(long seed, List<Symbol> inputs, Symbol output) {
        Map<String, Input> shapes = new java.util.LinkedHashMap<>();
        for (Symbol in : inputs) {
            if (!in.isInput()) throw new IllegalArgumentException("model inputs must be Symbol.input(...)s, got the output of " + in.describe());
            if (shapes.put(in.name(), in.shape()) != null) throw new IllegalArgumentException("two inputs are named '" + in.name() + "'");
        }
        return new Model(shapes, seed, null, new FunctionalConfig(seed, List.copyOf(inputs), output), (placeholders, builder) -> {
            Map<Symbol, Layer.Built> done = new java.util.IdentityHashMap<>();
            for (int i = 0; i < inputs.size(); i++) done.put(inputs.get(i), Layer.Built.of(placeholders.get(i)));
            return output.build(done, builder);
        });
    }

    /**
     * Adds the loss, the metrics and the optimizer's update step to the model. Once per model: the
     * optimizer's state (Adam's moments, ...) lives in the model from then on.
     */
    public Model compile(Function<Tf, Optimizer> optimizer, Loss loss, Metric... metrics) {
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
        // The learning rate lives in a variable, so that a schedule can change it between steps.
        Optimizer opt = optimizer.apply(t);
        Output rate = t.variable(t.scalar(opt.learningRate(), DType.FLOAT32), "learning_rate", false);
        Output newRate = tf.placeholder(DType.FLOAT32, Shape.scalar(), "new_learning_rate");
        Node setRate = t.assign(rate, newRate).node();
        // What opt.minimize(trainLoss) does, with the gradients kept: trainingParts() lets them be fed instead.
        List<Output> trainableWeights = new ArrayList<>();
        for (Variables.Entry v : Variables.trainable(graph)) trainableWeights.add(v.value());
        Optimizer withRate = opt.withLearningRate(rate);
        Map<Output, Output> gradientOf = new HashMap<>();
        for (Optimizer.GradientAndVariable g : withRate.computeGradients(trainLoss)) gradientOf.put(g.variable(), g.gradient());
        List<Output> gradients = new ArrayList<>(), updated = new ArrayList<>(), withGradients = new ArrayList<>();
        for (Output w : trainableWeights) {
            Output g = gradientOf.get(w); // null: a weight the loss does not depend on
            gradients.add(g);
            if (g != null) {
                updated.add(w);
                withGradients.add(g);
            }
        }
        Node step = withRate.applyGradients(updated, withGradients);
        Node optimizerStep = step;
        if (!updates.isEmpty()) {
            List<Node> all = new ArrayList<>(updates);
            all.add(step);
            step = t.group(all.toArray(Node[]::new));
        }
        List<Variables.Entry> all = Variables.all(graph);
        var init = session.runner();
        for (Variables.Entry v : all.subList(before, all.size())) init.addTarget(v.initializer());
        init.run();
        compiled = new Compiled(loss, labels, weights, lossValue, trainLoss, metricOutputs, List.copyOf(counted), step, rate, newRate, setRate);
        parts = new TrainingParts(loss, List.of(metrics), inputs.size() == 1 ? inputs.getFirst() : null, labels, perExample, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metricOutputs)),
                training, List.copyOf(trainableWeights), java.util.Collections.unmodifiableList(new ArrayList<>(gradients)), optimizerStep, !updates.isEmpty());
        return this;
    }

    /** Trains on examples {@code x} (first axis: examples) with labels {@code y}; returns the per-epoch figures. */
    public History fit(Tensor x, Tensor y, Fit fit) { return fit(List.of(x), y, null, null, fit); }

    /** As {@link #fit(Tensor, Tensor, Fit)}, reporting {@code val_} figures on the given data after each epoch. */
    public History fit(Tensor x, Tensor y, Tensor validationX, Tensor validationY, Fit fit) {
        return fit(List.of(x), y, validationX == null ? null : List.of(validationX), validationY, fit);
    }

    /** Trains a model of several inputs: {@code xs} in the order of its inputs, each with the same examples. */
    public History fit(List<Tensor> xs, Tensor y, Fit fit) { return fit(xs, y, null, null, fit); }

    /** As {@link #fit(List, Tensor, Fit)}, with validation data. */
    public History fit(List<Tensor> xs, Tensor y, List<Tensor> validationXs, Tensor validationY, Fit fit) {
        Compiled c = requireCompiled("fit");
        checkData(xs, y);
        int n = Rows.count(y);
        if (fit.validationSplit() > 0) {
            if (validationXs != null) throw new IllegalArgumentException("give validation data or a validation split, not both");
            int held = (int) Math.round(n * fit.validationSplit());
            validationXs = xs.stream().map(x -> Rows.range(x, n - held, n)).toList();
            validationY = Rows.range(y, n - held, n);
            xs = xs.stream().map(x -> Rows.range(x, 0, n - held)).toList();
            y = Rows.range(y, 0, n - held);
        }
        int examples = Rows.count(y);
        if (examples == 0) throw new IllegalArgumentException("no examples left to fit on");
        List<Tensor> trainXs = xs, valXs = validationXs;
        Tensor trainY = y, valY = validationY;
        int[] order = new int[examples];
        for (int i = 0; i < examples; i++) order[i] = i;
        Random shuffler = new Random(fit.seed());
        // One pass: the examples in a new order (when shuffling), cut into batches.
        Supplier<Iterator<Batch>> passes = () -> {
            if (fit.shuffle()) shuffle(order, shuffler);
            return new Iterator<>() {
                private int from;
                @Override public boolean hasNext() { return from < examples; }
                @Override public Batch next() {
                    int start = from, to = Math.min(examples, from + fit.batchSize());
                    from = to;
                    return new Batch(trainXs.stream().map(x -> Rows.pick(x, order, start, to)).toList(), Rows.pick(trainY, order, start, to));
                }
            };
        };
        return train(c, passes, valXs == null ? null : () -> evaluate(valXs, valY), fit);
    }

    /**
     * Trains on a batched dataset: an epoch is one pass over it, or {@link Fit#stepsPerEpoch} batches going on
     * through it (starting it again as needed). {@code validation}, when given, is evaluated after each epoch.
     * The batch size, split and shuffling of {@code fit} are the dataset's own business and not used here.
     */
    public History fit(Dataset data, Dataset validation, Fit fit) {
        Compiled c = requireCompiled("fit");
        requireOneInput("a Dataset");
        if (!data.isBatched()) throw new IllegalArgumentException("fit takes batches: give it dataset.batch(size)");
        if (validation != null && !validation.isBatched()) throw new IllegalArgumentException("validation data must be batched too");
        return train(c, () -> batches(data), validation == null ? null : () -> evaluate(validation), fit);
    }

    /** Examples of one or more inputs and their labels. */
    private record Batch(List<Tensor> xs, Tensor y) {}

    private static Iterator<Batch> batches(Dataset data) {
        Iterator<Dataset.Example> it = data.iterator();
        return new Iterator<>() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public Batch next() {
                Dataset.Example e = it.next();
                return new Batch(List.of(e.x()), e.y());
            }
        };
    }

    /** The training loop over passes of batches, shared by arrays and datasets. */
    private History train(Compiled c, Supplier<Iterator<Batch>> passes, Supplier<Map<String, Double>> validate, Fit fit) {
        History history = new History();
        Iterator<Batch> pass = passes.get();
        for (int epoch = 0; epoch < fit.epochs(); epoch++) {
            long start = System.nanoTime();
            for (Callback cb : fit.callbacks()) cb.onEpochBegin(epoch);
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
                Batch b = pass.next();
                checkData(b.xs(), b.y());
                int size = Rows.count(b.y());
                var runner = feedInputs(session.runner(), b.xs()).feed(c.labels, b.y()).feed(c.exampleWeights, weights(b.y(), fit))
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
        requireOneInput("a Dataset");
        if (!data.isBatched()) throw new IllegalArgumentException("evaluate takes batches: give it dataset.batch(size)");
        return evaluate(batches(data));
    }

    /** The loss and metrics over {@code x} and {@code y}, averaged over the examples. */
    public Map<String, Double> evaluate(Tensor x, Tensor y) { return evaluate(List.of(x), y); }

    /** The loss and metrics of a model of several inputs. */
    public Map<String, Double> evaluate(List<Tensor> xs, Tensor y) {
        requireCompiled("evaluate");
        checkData(xs, y);
        int n = Rows.count(y), batch = 1024;
        List<Batch> batches = new ArrayList<>();
        for (int from = 0; from < n; from += batch) {
            int start = from, to = Math.min(n, from + batch);
            batches.add(new Batch(xs.stream().map(x -> Rows.range(x, start, to)).toList(), Rows.range(y, start, to)));
        }
        return evaluate(batches.iterator());
    }

    private Map<String, Double> evaluate(Iterator<Batch> data) {
        Compiled c = requireCompiled("evaluate");
        Map<String, Double> sums = new LinkedHashMap<>();
        BinaryCounts counts = c.counted.isEmpty() ? null : new BinaryCounts();
        int n = 0;
        while (data.hasNext()) {
            Batch b = data.next();
            checkData(b.xs(), b.y());
            int size = Rows.count(b.y());
            var runner = feedInputs(session.runner(), b.xs()).feed(c.labels, b.y()).fetch(c.lossValue);
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

    /** The model's outputs for examples {@code x} (class probabilities for a softmax model), in batches of 1,024. */
    public Tensor predict(Tensor x) { return predict(List.of(x)); }

    /** The outputs of a model of several inputs. */
    public Tensor predict(List<Tensor> xs) {
        checkInputs(xs);
        int n = Rows.count(xs.getFirst()), batch = 1024;
        if (n <= batch) return feedInputs(session.runner(), xs).fetch(last.output()).run().get(0);
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += batch) {
            int start = from, to = Math.min(n, from + batch);
            parts.add(feedInputs(session.runner(), xs.stream().map(x -> Rows.range(x, start, to)).toList()).fetch(last.output()).run().get(0));
        }
        return Rows.concat(parts);
    }

    /** The layer table Keras prints: each layer's name and kind, output shape and parameter count. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        String rule = "_".repeat(64) + "\n";
        sb.append("Model: \"").append(config != null ? "sequential" : "model").append("\"\n").append(rule).append(row("Layer (type)", "Output Shape", -1)).append("=".repeat(64)).append('\n');
        for (int i = 0; i < summaryRows.size(); i++) sb.append(summaryRows.get(i)).append(i + 1 < summaryRows.size() ? rule : "");
        sb.append("=".repeat(64)).append('\n');
        sb.append(String.format(Locale.ROOT, "Total params: %,d%nTrainable params: %,d%nNon-trainable params: %,d%n", parameters,
                trainableParameters, parameters - trainableParameters));
        return sb.toString();
    }

    /** The optimizer's learning rate now. */
    public double learningRate() { return session.run(requireCompiled("learningRate").learningRate).floatValue(); }

    /** Sets the optimizer's learning rate for the next steps, as a schedule does. */
    public void setLearningRate(double rate) {
        Compiled c = requireCompiled("setLearningRate");
        if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException("the learning rate must be positive and finite, got " + rate);
        session.runner().feed(c.newLearningRate, Tensor.scalar((float) rate)).addTarget(c.setLearningRate).run();
    }

    /** The number of weights. */
    public long parameterCount() { return parameters; }

    /**
     * Writes a SavedModel whose {@code serving_default} signature maps the inputs (by name: {@value #INPUT} for a
     * Sequential model) to {@value #OUTPUT}, with the current weights: TensorFlow loads and serves it.
     */
    public void save(Path dir) throws IOException {
        Map<String, Output> in = new LinkedHashMap<>();
        for (Output i : inputs) in.put(i.node().name(), i);
        Map<String, byte[]> extra = config == null ? Map.of() : Map.of(ModelConfig.FILE, config.write().getBytes(StandardCharsets.UTF_8));
        SavedModelExporter.exportWithExtraFiles(session, dir, Map.of(Signature.DEFAULT_KEY, new Signature(in, Map.of(OUTPUT, last.output()))), extra);
    }

    /** Restores the weights from a SavedModel's variables (for {@link Sequential#load}); closes the model on failure. */
    void restoreWeights(Path dir) throws IOException {
        try {
            Checkpoints.restore(session, dir.resolve("variables").resolve("variables"));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The parts of this compiled model that train it outside {@link #fit}, as data-parallel training on Spark
     * does: other copies of the model compute gradients, and this one applies them with its optimizer.
     */
    public TrainingParts trainingParts() {
        requireCompiled("trainingParts");
        return parts;
    }

    /**
     * A plain-text description of the model's layers, how they connect, its inputs and seed, from which
     * {@link #fromDescription} builds the same model (the same graph and, before training, the same weights), as
     * data-parallel training does on each worker. A Sequential model's is the one {@link #save} writes beside the
     * weights.
     *
     * @throws IllegalArgumentException when a layer is not one a description can hold (a class of the user's own)
     */
    public String description() { return config != null ? config.write() : functional.write(); }

    /**
     * The model {@code description} describes (see {@link #description}): a {@link Sequential} or a functional
     * model, its weights drawn afresh from the seed it names; compile it before training.
     *
     * @throws IllegalArgumentException when the text is no such description; the message names the bad line
     */
    public static Model fromDescription(String description) {
        if (description.startsWith(FunctionalConfig.HEADER)) {
            FunctionalConfig c = FunctionalConfig.read(description, "the model description");
            return of(c.seed(), c.inputs(), c.output());
        }
        return Sequential.fromDescription(description);
    }

    /** The description {@link #save} writes (Sequential models), or null. */
    ModelConfig config() { return config; }

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

    private void requireOneInput(String what) {
        if (inputs.size() != 1) throw new IllegalArgumentException(what + " feeds one input, and this model has " + inputs.size());
    }

    private void checkInputs(List<Tensor> xs) {
        if (xs.size() != inputs.size()) throw new IllegalArgumentException("the model has " + inputs.size() + " inputs, given " + xs.size());
        for (int i = 0; i < xs.size(); i++) {
            Shape want = inputs.get(i).shape();
            Tensor x = xs.get(i);
            if (x.dtype() != DType.FLOAT32 || !want.isCompatibleWith(x.shape())) {
                throw new IllegalArgumentException("input '" + inputs.get(i).node().name() + "' takes float32 inputs of shape " + shapeText(want)
                        + ", got " + x.dtype() + x.shape());
            }
            if (Rows.count(x) != Rows.count(xs.getFirst())) {
                throw new IllegalArgumentException("inputs hold " + Rows.count(xs.getFirst()) + " and " + Rows.count(x) + " examples");
            }
        }
    }

    private void checkData(List<Tensor> xs, Tensor y) {
        checkInputs(xs);
        Shape want = compiled.labels.shape();
        if (y.dtype() != compiled.labels.dtype() || !want.isCompatibleWith(y.shape())) {
            throw new IllegalArgumentException("loss " + compiled.loss.kerasName() + " takes " + compiled.labels.dtype() + " labels of shape "
                    + shapeText(want) + ", got " + y.dtype() + y.shape());
        }
        if (Rows.count(xs.getFirst()) != Rows.count(y)) {
            throw new IllegalArgumentException(Rows.count(xs.getFirst()) + " examples but " + Rows.count(y) + " labels");
        }
    }

    private dev.nagare.session.Runner feedInputs(dev.nagare.session.Runner r, List<Tensor> xs) {
        for (int i = 0; i < xs.size(); i++) r.feed(inputs.get(i), xs.get(i));
        return r;
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

    private boolean trainable(Output weight) {
        for (Variables.Entry v : Variables.trainable(graph)) if (v.variable() == weight.node()) return true;
        return false;
    }

    /** Keras's layer names: {@code MaxPooling2D} becomes {@code max_pooling2d}, {@code Dense} {@code dense}. */
    static String snakeCase(String kind) {
        return kind.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
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
