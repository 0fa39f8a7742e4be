package dev.nagare.session.entries;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.device.ResourceExhaustedException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.OpTests;
import dev.nagare.ops.OpTests.Sample;
import dev.nagare.ops.Tf;
import dev.nagare.session.Session;
import dev.nagare.session.SessionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every entry's samples run again with their inputs replaced by what an attacker would feed: integers at the
 * ends of their range (sizes, indices, axes, paddings and counts that overflow or point nowhere), a shape of
 * another rank or size, an empty tensor, non-finite floats. Each run must give a result or fail with a typed
 * error that names the node ({@link KernelException} with no internal cause, {@link ResourceExhaustedException}),
 * never with an index, array-size, arithmetic, cast or null-pointer exception from inside a kernel, and never
 * hang. The inputs are placeholders of unknown rank, so the kernels' own run-time checks are what is tried.
 */
class HostileInputsTest {
    private static final long[] INT_LIES = {-1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 20};
    private static final long[] LONG_LIES = {-1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40};

    /** How the runs ended, by outcome (printed: a lie that stops being refused shows up as a shift here). */
    private final Map<String, Integer> outcomes = new java.util.TreeMap<>();
    /** Each lie that was not met with a result or a typed error, and what happened instead. */
    private final Map<String, String> bugs = new LinkedHashMap<>();
    private int runs;

    @Test
    void hostileInputsGiveResultsOrTypedErrors() {
        assertTimeoutPreemptively(Duration.ofMinutes(6), () -> {
            for (OpDef op : OpRegistry.standard().all()) {
                if (op.tests() == null || op.tests().exemptBecause() != null || op.isStateful()) continue;
                List<Sample> samples = op.tests().samples();
                for (int si = 0; si < Math.min(3, samples.size()); si++) {
                    for (DType dtype : DType.values()) { // in a fixed order: the entry's set has none
                        if (op.tests().dtypes().contains(dtype)) lieTo(op, samples.get(si), OpTests.tensors(samples.get(si), dtype, new Random(op.name().hashCode() + si)));
                    }
                }
            }
        });
        System.out.println("HostileInputsTest: " + runs + " runs, " + bugs.size() + " failures; " + outcomes);
        StringBuilder sb = new StringBuilder();
        bugs.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
        assertTrue(bugs.isEmpty(), bugs.size() + " hostile inputs were not met with a result or a typed error:" + sb);
    }

    /** The random draws (entries without samples: their values are checked elsewhere) take their shape as an input. */
    @Test
    void randomDrawsOfHostileShapesGiveResultsOrTypedErrors() {
        int[][] shapes = {{-1}, {Integer.MAX_VALUE}, {65536, 65536}, {1 << 20, 1 << 20}, {0, Integer.MAX_VALUE}, {3, -2}};
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
            for (OpDef op : dev.nagare.ops.RandomOps.ALL) {
                for (int[] dims : shapes) {
                    Sample s = new Sample(List.of(OpTests.fixed(DType.INT32, new int[] {dims.length})), Map.of("dtype", DType.FLOAT32, "seed", 7L), false, false);
                    check(op.name() + " shape " + java.util.Arrays.toString(dims), op, s, List.of(Tensor.of(Shape.of(dims.length), dims.clone())));
                }
                Sample scalar = new Sample(List.of(OpTests.fixed(DType.INT32, new int[0])), Map.of("dtype", DType.FLOAT32), false, false);
                check(op.name() + " scalar shape", op, scalar, List.of(Tensor.scalar(5)));
            }
        });
        System.out.println("HostileInputsTest (random draws): " + runs + " runs, " + bugs.size() + " failures; " + outcomes);
        StringBuilder sb = new StringBuilder();
        bugs.forEach((k, v) -> sb.append("\n  ").append(k).append(": ").append(v));
        assertTrue(bugs.isEmpty(), bugs.size() + " hostile shapes were not met with a draw or a typed error:" + sb);
    }

    /** Runs {@code op}'s sample {@code s} with each attr, then each input, replaced by each of its lies. */
    private void lieTo(OpDef op, Sample s, List<Tensor> valid) {
        // Integer attrs (axes, sizes, strides, counts) told the lies, the inputs left valid.
        for (var attr : op.attrs()) {
            for (Object lie : attrLies(attr.type())) {
                Map<String, Object> attrs = new LinkedHashMap<>(s.attrs());
                attrs.put(attr.name(), lie);
                check(op.name() + " attr " + attr.name() + " = " + describeAttr(lie), op, new Sample(s.inputs(), attrs, s.gradient(), s.tensorFlow()), valid);
            }
        }
        for (int input = 0; input < valid.size(); input++) {
            if (s.inputs().get(input).constant()) continue;
            for (Tensor lie : lies(valid.get(input))) {
                List<Tensor> fed = new ArrayList<>(valid);
                fed.set(input, lie);
                check(op.name() + " input " + input + " = " + describe(lie), op, s, fed);
            }
        }
    }

    private void check(String what, OpDef op, Sample s, List<Tensor> fed) {
        runs++;
        String bug = tryRun(op, s, fed);
        if (bug != null) bugs.putIfAbsent(what, bug);
    }

    /** Null when the run gave a result or a typed error; else what went wrong. */
    private String tryRun(OpDef op, Sample s, List<Tensor> fed) {
        Graph g = new Graph();
        Tf tf = Tf.of(g);
        List<Output> in = new ArrayList<>();
        for (int i = 0; i < fed.size(); i++) {
            Tensor t = fed.get(i);
            in.add(s.inputs().get(i).constant() ? tf.constant(t) : tf.placeholder(t.dtype(), Shape.unknownRank(), "in" + i));
        }
        Node node;
        try {
            node = OpTests.build(tf, op, in, s);
        } catch (OutOfMemoryError | StackOverflowError e) {
            return "while building: " + e;
        } catch (RuntimeException e) {
            outcomes.merge("build: " + e.getClass().getSimpleName(), 1, Integer::sum);
            return null; // refused while building: a typed error of the graph API (checked elsewhere)
        }
        try (Session session = new Session(g)) {
            var runner = session.runner().timeout(Duration.ofSeconds(20));
            for (int i = 0; i < fed.size(); i++) if (!s.inputs().get(i).constant()) runner.feed(in.get(i), fed.get(i));
            for (int o = 0; o < node.outputCount(); o++) runner.fetch(node.output(o));
            runner.run();
            outcomes.merge("result", 1, Integer::sum);
            return null;
        } catch (ResourceExhaustedException e) {
            return null;
        } catch (KernelException e) {
            Throwable c = e.getCause();
            outcomes.merge(e.getClass().getSimpleName() + (c == null ? "" : " <- " + c.getClass().getSimpleName()), 1, Integer::sum);
            if (c == null || c instanceof KernelException || c instanceof IllegalArgumentException) return null;
            return e.getMessage();
        } catch (dev.nagare.session.DeadlineExceededException e) {
            return "still running after 20 s: " + e.getMessage();
        } catch (SessionException e) {
            outcomes.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            return null;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return e.toString();
        }
    }

    /** Lies for an attr of {@code type}: ends of the integer range, negatives; arrays of them, and arrays of other lengths. */
    private static List<Object> attrLies(Class<?> type) {
        List<Object> out = new ArrayList<>();
        if (type == Integer.class) for (long v : INT_LIES) out.add((int) v);
        else if (type == Long.class) for (long v : LONG_LIES) out.add(v);
        else if (type == int[].class) {
            for (long v : INT_LIES) out.add(new int[] {(int) v, (int) v, (int) v, (int) v});
            out.add(new int[0]);
            out.add(new int[] {1, 1, 1, 1, 1, 1, 1});
        } else if (type == long[].class) {
            for (long v : LONG_LIES) out.add(new long[] {v, v, v, v});
            out.add(new long[0]);
        }
        return out;
    }

    private static String describeAttr(Object v) {
        if (v instanceof int[] a) return java.util.Arrays.toString(a);
        if (v instanceof long[] a) return java.util.Arrays.toString(a);
        return String.valueOf(v);
    }

    /** The lies told in place of {@code t}: extreme integers, other shapes, emptiness, non-finite floats. */
    private static List<Tensor> lies(Tensor t) {
        List<Tensor> out = new ArrayList<>();
        int[] dims = t.shape().dims();
        int n = t.size();
        switch (t.dtype()) {
            case INT32 -> { for (long v : INT_LIES) out.add(fill(t, v)); }
            case INT64 -> { for (long v : LONG_LIES) out.add(fill(t, v)); }
            case FLOAT32, FLOAT64 -> { out.add(fill(t, Double.NaN)); out.add(fill(t, Double.POSITIVE_INFINITY)); }
            default -> { }
        }
        // Another rank: one more axis of 2, or a scalar; the same rank with the last axis one longer; empty.
        int[] more = java.util.Arrays.copyOf(dims, dims.length + 1);
        more[dims.length] = 2;
        out.add(reshaped(t, more));
        if (dims.length > 0) {
            out.add(reshaped(t, new int[0]));
            int[] longer = dims.clone();
            longer[longer.length - 1]++;
            out.add(reshaped(t, longer));
            int[] empty = dims.clone();
            empty[0] = 0;
            out.add(reshaped(t, empty));
        }
        return out;
    }

    /** {@code t}'s shape filled with the float {@code v} (NaN, infinity). */
    private static Tensor fill(Tensor t, double v) {
        double[] values = new double[t.size()];
        java.util.Arrays.fill(values, v);
        return OpTests.tensor(t.dtype(), t.shape().dims(), values);
    }

    private static Tensor fill(Tensor t, long v) {
        if (t.dtype() == DType.INT64) {
            long[] a = new long[t.size()];
            java.util.Arrays.fill(a, v);
            return Tensor.of(t.shape(), a);
        }
        int[] a = new int[t.size()];
        java.util.Arrays.fill(a, (int) v);
        return Tensor.of(t.shape(), a);
    }

    /** A tensor of {@code dims} whose elements repeat {@code t}'s (small values, valid for the dtype). */
    private static Tensor reshaped(Tensor t, int[] dims) {
        long size = 1;
        for (int d : dims) size *= d;
        double[] v = new double[(int) size];
        for (int i = 0; i < v.length; i++) v[i] = t.size() == 0 ? 1 : t.getDouble(i % t.size());
        if (t.dtype() == DType.STRING) return t;
        return OpTests.tensor(t.dtype(), dims, v);
    }

    private static String describe(Tensor t) {
        String values = t.size() == 0 ? "[]" : t.dtype().isInteger() || t.dtype().isFloating() ? String.valueOf(t.getDouble(0)) : "";
        return t.dtype() + java.util.Arrays.toString(t.shape().dims()) + " " + values + (t.size() > 1 ? "..." : "");
    }
}
