package dev.nagare.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output argument names of TensorFlow ops, from {@code tf-output-args.txt}: a FunctionDef names a body
 * node's output {@code node:argument:index}, so writing (and reading) function bodies needs them.
 */
final class TfOutputArgs {
    /** One output argument: its name, and whether it is a list of tensors (then the index counts within it). */
    record Arg(String name, boolean list) {}

    private static final Map<String, List<Arg>> BY_OP = load();

    private TfOutputArgs() {}

    static Optional<List<Arg>> of(String tfOp) { return Optional.ofNullable(BY_OP.get(tfOp)); }

    static Map<String, List<Arg>> all() { return BY_OP; }

    /** {@code argument:index} for output {@code index} of an op with these output arguments (each tensor or one list). */
    static String reference(List<Arg> args, int index) {
        if (args.size() == 1) return args.get(0).name() + ":" + index;
        if (index >= args.size()) throw new IllegalArgumentException("output " + index + " of " + args.size());
        return args.get(index).name() + ":0";
    }

    private static Map<String, List<Arg>> load() {
        Map<String, List<Arg>> m = new HashMap<>();
        try (var in = TfOutputArgs.class.getResourceAsStream("tf-output-args.txt")) {
            if (in == null) throw new IllegalStateException("tf-output-args.txt is missing from the interop jar");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] parts = line.trim().split(" ");
                m.put(parts[0], Arrays.stream(parts).skip(1).map(a -> new Arg(a.replace("*", ""), a.endsWith("*"))).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Collections.unmodifiableMap(m);
    }
}
