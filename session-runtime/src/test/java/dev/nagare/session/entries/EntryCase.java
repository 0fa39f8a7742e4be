package dev.nagare.session.entries;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.OpTests.Sample;
import dev.nagare.ops.OpTests.Values;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One generated op test: an op's entry, one of its samples and one dtype. The inputs are drawn once, from a
 * {@link Random} seeded with the case's name, so every run sees the same values.
 */
record EntryCase(OpDef op, Sample sample, DType dtype, List<Tensor> inputs) {
    static EntryCase of(OpDef op, Sample sample, DType dtype) {
        String name = name(op, sample, dtype);
        return new EntryCase(op, sample, dtype, OpTests.tensors(sample, dtype, new Random(name.hashCode())));
    }

    /** Every sample of every entry that declares its tests, in every dtype the entry runs them in. */
    static Stream<EntryCase> all() {
        List<EntryCase> out = new ArrayList<>();
        for (OpDef op : OpRegistry.standard().all()) {
            if (op.tests() == null || !selected(op)) continue;
            for (Sample s : op.tests().samples()) {
                for (DType t : DType.values()) if (op.tests().dtypes().contains(t)) out.add(of(op, s, t));
            }
        }
        return out.stream();
    }

    /** False for an op left out by {@code -Dnagare.entries.only=Op1,Op2} (to run the tests of a few entries while working on them). */
    static boolean selected(OpDef op) {
        String only = System.getProperty("nagare.entries.only", "");
        return only.isBlank() || java.util.Arrays.asList(only.split(",")).contains(op.name());
    }

    OpTests tests() { return op.tests(); }

    /** The reference's results on these inputs (output 0 first, then as many as it computes), for the node as built. */
    List<Values> expected(dev.nagare.graph.Node node) {
        return tests().reference().apply(node, inputs.stream().map(OpTests::values).toList());
    }

    /** Builds the op on {@code in}. */
    dev.nagare.graph.Node build(Tf tf, List<Output> in) { return OpTests.build(tf, op, in, sample); }

    double tolerance(DType out) {
        return switch (out) {
            case FLOAT32 -> tests().float32Tolerance();
            case FLOAT64 -> 1e-12;
            default -> 0;
        };
    }

    private static String name(OpDef op, Sample s, DType t) { return op.name() + " " + t + " " + s.describe(); }

    @Override
    public String toString() { return name(op, sample, dtype); }
}
