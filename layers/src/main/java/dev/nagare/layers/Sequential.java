package dev.nagare.layers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A stack of layers, each feeding the next, as Keras's {@code Sequential}:
 * <pre>{@code
 * try (Sequential model = Sequential.of(Layers.input(784), Layers.dense(10, Activation.SOFTMAX))) {
 *     model.compile(Optimizers.adam(0.001), Loss.SPARSE_CATEGORICAL_CROSSENTROPY, Metric.ACCURACY);
 *     History h = model.fit(images, labels, Fit.epochs(5).validationSplit(0.1));
 *     Tensor probabilities = model.predict(someImages);
 * }
 * }</pre>
 * Its one input is named {@value Model#INPUT}. It saves a description of its layers beside the weights,
 * so {@link #load} gives it back.
 */
public final class Sequential extends Model {
    private Sequential(Input input, List<Layer> layers, long seed) {
        super(Map.of(INPUT, input), seed, new ModelConfig(seed, input, List.copyOf(layers)), null, (inputs, builder) -> {
            if (layers.isEmpty()) throw new IllegalArgumentException("a Sequential model needs at least one layer after its input");
            Layer.Built built = null;
            List<dev.nagare.graph.Output> h = inputs;
            for (Layer layer : layers) {
                built = builder.add(layer, h);
                h = List.of(built.output());
            }
            return built;
        });
    }

    /** A model of {@code layers} on inputs of shape {@code input}; its weights drawn from graph seed 0. */
    public static Sequential of(Input input, Layer... layers) { return new Sequential(input, List.of(layers), 0); }

    /** As {@link #of}, with the weights drawn from another seed. */
    public static Sequential of(long seed, Input input, Layer... layers) { return new Sequential(input, List.of(layers), seed); }

    @Override
    public Sequential compile(java.util.function.Function<dev.nagare.ops.Tf, dev.nagare.ops.Optimizer> optimizer, Loss loss, Metric... metrics) {
        super.compile(optimizer, loss, metrics);
        return this;
    }

    /**
     * A model of the layers {@code description} lists (see {@link Model#description}), its weights drawn afresh from
     * the seed it names.
     *
     * @throws IllegalArgumentException when the text is no such description; the message names the bad line
     */
    public static Sequential fromDescription(String description) {
        ModelConfig c = ModelConfig.read(description, "the model description");
        return new Sequential(c.input(), c.layers(), c.seed());
    }

    /**
     * A model {@link #save}d before, with its layers and weights; compile it again to go on training (the
     * optimizer's state, such as Adam's moments, is not in a SavedModel and starts afresh).
     *
     * @throws IOException when {@code dir} holds no model saved by {@link #save}, or its files are damaged
     */
    public static Sequential load(Path dir) throws IOException {
        Path file = dir.resolve(dev.nagare.interop.SavedModelExporter.EXTRA_DIR).resolve(ModelConfig.FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not a model saved by Sequential.save (its layer description is missing)");
        }
        ModelConfig c = ModelConfig.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        Sequential model = new Sequential(c.input(), c.layers(), c.seed());
        model.restoreWeights(dir);
        return model;
    }
}
