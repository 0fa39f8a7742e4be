package dev.nagare.session;

import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * What a run fetched: a list in the order the fetches were asked for, also readable by the fetched output
 * or its name ({@code "y"} or {@code "y:0"}), as TensorFlow's {@code Result} is. Each tensor is the
 * caller's alone.
 */
public final class Results extends AbstractList<Tensor> implements RandomAccess {
    private final List<Output> fetches;
    private final List<Tensor> values;

    Results(List<Output> fetches, List<Tensor> values) {
        this.fetches = List.copyOf(fetches);
        this.values = values;
    }

    @Override public Tensor get(int index) { return values.get(index); }

    @Override public int size() { return values.size(); }

    /** The value fetched for {@code output}; fails when it was not fetched. */
    public Tensor get(Output output) {
        int i = fetches.indexOf(output);
        if (i < 0) throw new IllegalArgumentException("'" + output.name() + "' was not fetched; fetched: " + names());
        return values.get(i);
    }

    /** The value fetched for the output named {@code name} ({@code "y"} means {@code "y:0"}). */
    public Tensor get(String name) {
        String full = name.indexOf(':') < 0 ? name + ":0" : name;
        for (int i = 0; i < fetches.size(); i++) if (fetches.get(i).name().equals(full)) return values.get(i);
        throw new IllegalArgumentException("'" + name + "' was not fetched; fetched: " + names());
    }

    private String names() { return fetches.stream().map(Output::name).toList().toString(); }
}
