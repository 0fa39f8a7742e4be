package dev.nagare.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A functional model's description: a header, the seed, one line per input ({@code input NAME d1 d2 ...}) and
 * one per layer in the order {@link Model#of} builds them ({@code layer 0,2 Concatenate}: the numbers of the
 * symbols it is applied to, the inputs first, then the layers above it, and its {@link Layer#config}). The last
 * layer is the output. Built again from this text, the model has the same graph: the same layers in the same
 * order, so the same variables and seeds.
 */
record FunctionalConfig(long seed, List<Symbol> inputs, Symbol output) {
    static final String HEADER = "nagare-functional 1";

    /** The text of the model; fails naming a layer that no description can hold (one not made by {@link Layers}). */
    String write() {
        Map<Symbol, Integer> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append("seed ").append(seed).append('\n');
        for (Symbol in : inputs) {
            ids.put(in, ids.size());
            sb.append("input ").append(in.name());
            for (int d : in.shape().shape()) sb.append(' ').append(d);
            sb.append('\n');
        }
        List<Symbol> layers = new ArrayList<>();
        output.collect(ids, layers);
        for (Symbol s : layers) {
            String config = s.layer().config();
            try {
                ModelConfig.layer(config.split(" "));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the model cannot be described: its " + s.describe() + " layer's configuration '" + config
                        + "' is not one the description reads back (" + e.getMessage() + ")");
            }
            sb.append("layer ");
            List<Symbol> from = s.inputs();
            for (int i = 0; i < from.size(); i++) sb.append(i == 0 ? "" : ",").append(ids.get(from.get(i)));
            sb.append(' ').append(config).append('\n');
        }
        return sb.toString();
    }

    /** Reads a description; {@code source} names it in errors. */
    static FunctionalConfig read(String text, String source) {
        String[] lines = text.split("\n");
        if (lines.length < 4 || !lines[0].equals(HEADER)) throw ModelConfig.bad(source, 1, "does not start with '" + HEADER + "'");
        long seed;
        try {
            seed = Long.parseLong(ModelConfig.field(lines[1], "seed", 1, source, 2)[0]);
        } catch (NumberFormatException e) {
            throw ModelConfig.bad(source, 2, e.getMessage());
        }
        List<Symbol> symbols = new ArrayList<>(), inputs = new ArrayList<>();
        int i = 2;
        for (; i < lines.length && lines[i].startsWith("input "); i++) {
            String[] f = ModelConfig.field(lines[i], "input", -1, source, i + 1);
            try {
                Symbol in = Symbol.input(f[0], Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray());
                inputs.add(in);
                symbols.add(in);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ModelConfig.bad(source, i + 1, e.getMessage());
            }
        }
        if (inputs.isEmpty()) throw ModelConfig.bad(source, 3, "expected 'input NAME ...'");
        for (; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            String[] f = ModelConfig.field(lines[i], "layer", -1, source, i + 1);
            try {
                List<Symbol> from = new ArrayList<>();
                for (String id : f[0].split(",")) {
                    int k = Integer.parseInt(id);
                    if (k < 0 || k >= symbols.size()) throw new IllegalArgumentException("symbol " + k + " is not defined above");
                    from.add(symbols.get(k));
                }
                symbols.add(ModelConfig.layer(Arrays.copyOfRange(f, 1, f.length)).on(from.toArray(Symbol[]::new)));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ModelConfig.bad(source, i + 1, e.getMessage());
            }
        }
        if (symbols.size() == inputs.size()) throw ModelConfig.bad(source, lines.length, "the model has no layers");
        return new FunctionalConfig(seed, inputs, symbols.getLast());
    }
}
