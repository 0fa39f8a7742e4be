package dev.nagare.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A Sequential model's description as saved beside its weights: a header, the seed, the input shape and one
 * line per layer ({@link Layer#config}). Plain text, so that a person can read it and a bad file is easy to
 * report by line.
 */
record ModelConfig(long seed, Input input, List<Layer> layers) {
    static final String FILE = "nagare_sequential.txt";
    private static final String HEADER = "nagare-sequential 1";

    String write() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n').append("seed ").append(seed).append('\n').append("input");
        for (int d : input.shape()) sb.append(' ').append(d);
        sb.append('\n');
        for (Layer l : layers) sb.append(l.config()).append('\n');
        return sb.toString();
    }

    /** Reads a description; {@code source} names the file in errors. */
    static ModelConfig read(String text, String source) {
        String[] lines = text.split("\n");
        if (lines.length < 3 || !lines[0].equals(HEADER)) throw bad(source, 1, "does not start with '" + HEADER + "'");
        long seed = Long.parseLong(field(lines[1], "seed", 1, source, 2)[0]);
        String[] dims = field(lines[2], "input", -1, source, 3);
        Input input;
        try {
            input = new Input(Arrays.stream(dims).mapToInt(Integer::parseInt).toArray());
        } catch (IllegalArgumentException e) {
            throw bad(source, 3, e.getMessage());
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            if (lines[i].isBlank()) continue;
            try {
                layers.add(layer(lines[i].trim().split(" ")));
            } catch (IllegalArgumentException e) {
                throw bad(source, i + 1, e.getMessage());
            }
        }
        return new ModelConfig(seed, input, layers);
    }

    /** The layer one description line ({@link Layer#config}), split at its spaces, names. */
    static Layer layer(String[] f) {
        return switch (f[0]) {
            case "Dense" -> {
                need(f, 4);
                yield new Dense(Integer.parseInt(f[1]), Activation.named(f[2]), Boolean.parseBoolean(f[3]));
            }
            case "Dropout" -> { need(f, 2); yield new Dropout(Double.parseDouble(f[1])); }
            case "Flatten" -> { need(f, 1); yield new Flatten(); }
            case "Conv2D" -> {
                need(f, 6);
                yield new Conv2D(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), same(f[4]), Activation.named(f[5]));
            }
            case "MaxPooling2D", "AveragePooling2D" -> {
                need(f, 4);
                yield new Pooling2D(f[0].startsWith("Max"), Integer.parseInt(f[1]), Integer.parseInt(f[2]), same(f[3]));
            }
            case "BatchNormalization" -> { need(f, 3); yield new BatchNormalization(Double.parseDouble(f[1]), Double.parseDouble(f[2])); }
            case "GlobalAveragePooling2D" -> { need(f, 1); yield new GlobalAveragePooling2D(); }
            case "Embedding" -> { need(f, 3); yield new Embedding(Integer.parseInt(f[1]), Integer.parseInt(f[2])); }
            case "Reshape" -> new Reshape(Arrays.stream(f, 1, f.length).mapToInt(Integer::parseInt).toArray());
            case "Activation" -> { need(f, 2); yield new ActivationLayer(Activation.named(f[1])); }
            case "Concatenate" -> { need(f, 1); yield new Merge(Merge.Kind.CONCATENATE); }
            case "Add" -> { need(f, 1); yield new Merge(Merge.Kind.ADD); }
            default -> throw new IllegalArgumentException("unknown layer kind '" + f[0] + "'");
        };
    }

    private static boolean same(String padding) {
        if (!padding.equals("same") && !padding.equals("valid")) throw new IllegalArgumentException("padding is same or valid, got '" + padding + "'");
        return padding.equals("same");
    }

    private static void need(String[] fields, int n) {
        if (fields.length != n) throw new IllegalArgumentException(fields[0] + " takes " + (n - 1) + " values, got " + (fields.length - 1));
    }

    static String[] field(String line, String name, int count, String source, int lineNo) {
        String[] f = line.trim().split(" ");
        if (!f[0].equals(name) || f.length < 2 || (count > 0 && f.length != count + 1)) throw bad(source, lineNo, "expected '" + name + " ...'");
        return Arrays.copyOfRange(f, 1, f.length);
    }

    static IllegalArgumentException bad(String source, int line, String problem) {
        return new IllegalArgumentException(String.format(Locale.ROOT, "%s line %d: %s", source, line, problem));
    }
}
