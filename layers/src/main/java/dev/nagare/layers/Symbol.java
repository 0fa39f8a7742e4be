package dev.nagare.layers;

import dev.nagare.graph.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tensor of a functional model before the model exists: a named input, or a layer applied to symbols.
 * {@link Model#of} builds each layer the output depends on once, so a symbol used twice shares its result.
 */
public final class Symbol {
    private final String name;
    private final Input shape;
    private final Layer layer;
    private final List<Symbol> inputs;

    private Symbol(String name, Input shape, Layer layer, List<Symbol> inputs) {
        this.name = name;
        this.shape = shape;
        this.layer = layer;
        this.inputs = inputs;
    }

    /** A model input named {@code name} (the placeholder's and the saved signature's name) of one example's shape. */
    public static Symbol input(String name, int... shape) {
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) throw new IllegalArgumentException("input name '" + name + "' must be a plain identifier");
        return new Symbol(name, new Input(shape), null, List.of());
    }

    static Symbol of(Layer layer, List<Symbol> inputs) {
        if (inputs.isEmpty()) throw new IllegalArgumentException(layer.kind() + " needs at least one input");
        return new Symbol(null, null, layer, List.copyOf(inputs));
    }

    boolean isInput() { return layer == null; }

    String name() { return name; }

    Input shape() { return shape; }

    /** The layer this symbol applies, or null for an input. */
    Layer layer() { return layer; }

    /** The symbols the layer is applied to. */
    List<Symbol> inputs() { return inputs; }

    String describe() { return isInput() ? "input '" + name + "'" : layer.kind(); }

    /**
     * Numbers the layers this symbol needs, then itself, in the order {@link #build} adds them, appending them to
     * {@code order}; {@code ids} holds the inputs' numbers to start with.
     */
    void collect(Map<Symbol, Integer> ids, List<Symbol> order) {
        if (ids.containsKey(this)) return;
        if (isInput()) throw new IllegalArgumentException("input '" + name + "' is used by the output but not among the model's inputs");
        for (Symbol in : inputs) in.collect(ids, order);
        ids.put(this, ids.size());
        order.add(this);
    }

    /** Builds what this symbol needs, then itself, remembering each result in {@code done}. */
    Layer.Built build(Map<Symbol, Layer.Built> done, Model.Builder builder) {
        Layer.Built b = done.get(this);
        if (b != null) return b;
        if (isInput()) throw new IllegalArgumentException("input '" + name + "' is used by the output but not among the model's inputs");
        List<Output> outs = new ArrayList<>();
        for (Symbol in : inputs) outs.add(in.build(done, builder).output());
        b = builder.add(layer, outs);
        done.put(this, b);
        return b;
    }
}
