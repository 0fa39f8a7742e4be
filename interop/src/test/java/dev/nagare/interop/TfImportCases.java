package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.tensorflow.Output;

/**
 * Graphs TensorFlow Java builds with each TensorFlow op the importer reads (the stateless ones; variables
 * and updates go through SavedModels in {@link TfSavedModelImportTest}), with the outputs to compare.
 */
final class TfImportCases {
    private TfImportCases() {}

    record Case(String tfOp, BiFunction<TfGraph, Random, List<Output<?>>> build, boolean distribution) {}

    static Tensor floats(Random r, double lo, double hi, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return Tensor.of(s, a);
    }

    static Tensor f(Random r, int... dims) { return floats(r, -3, 3, dims); }

    static Tensor ints(Random r, int lo, int hi, int... dims) {
        Shape s = Shape.of(dims);
        int[] a = new int[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = lo + r.nextInt(hi - lo);
        return Tensor.of(s, a);
    }

    static Tensor bools(Random r, int... dims) {
        Shape s = Shape.of(dims);
        boolean[] a = new boolean[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = r.nextBoolean();
        return Tensor.of(s, a);
    }

    static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(values("Const", (t, r) -> List.of(t.constant(f(r, 2, 3)), t.constant(Tensor.scalar(7L)), t.constant(bools(r, 3)))));
        c.add(values("Placeholder", (t, r) -> List.of(t.op("Identity").in(t.feed(f(r, 2, 2), Shape.of(-1, 2))).attr("T", DType.FLOAT32).out())));
        // Older names and dtype-specific forms the importer reads (each op's own name is judged by EntryTfTest).
        for (String op : new String[] {"Add", "Div", "RealDiv"}) {
            c.add(values(op, (t, r) -> List.of(t.op(op).in(t.feed(f(r, 2, 3)), t.feed(floats(r, 0.5, 2, 3))).attr("T", DType.FLOAT32).out())));
        }
        // TensorFlow's Div on integers truncates toward zero, as Nagare's Div does: negatives tell floor from trunc.
        c.add(values("Div", (t, r) -> List.of(t.op("Div").in(t.feed(ints(r, -50, 50, 8)), t.feed(ints(r, -7, 0, 8)))
                .attr("T", DType.INT32).out())));
        c.add(values("TruncateDiv", (t, r) -> List.of(t.op("TruncateDiv").in(t.feed(ints(r, -50, 50, 8)), t.feed(ints(r, 1, 7, 8)))
                .attr("T", DType.INT32).out())));
        c.add(values("GatherV2", (t, r) -> List.of(t.op("GatherV2").in(t.feed(f(r, 5, 2)), t.feed(ints(r, 0, 5, 3)), t.scalar(0))
                .attr("Tparams", DType.FLOAT32).attr("Tindices", DType.INT32).attr("Taxis", DType.INT32).out())));
        c.add(values("OneHot", (t, r) -> List.of(t.op("OneHot").in(t.feed(ints(r, -1, 5, 4)), t.scalar(4),
                t.constant(Tensor.scalar(1f)), t.constant(Tensor.scalar(0f))).attr("T", DType.FLOAT32).attr("TI", DType.INT32).out())));
        c.add(values("BiasAdd", (t, r) -> List.of(t.op("BiasAdd").in(t.feed(f(r, 4, 3)), t.feed(f(r, 3))).attr("T", DType.FLOAT32).out())));
        // Convolution and pooling, with TensorFlow's default attrs left out where it has them.
        // The V2 forms take ksize and strides as (constant) inputs.
        c.add(values("MaxPoolV2", (t, r) -> List.of(t.op("MaxPoolV2").in(t.feed(f(r, 2, 7, 5, 3)), t.ints(1, 3, 2, 1), t.ints(1, 2, 2, 1))
                .attr("T", DType.FLOAT32).attr("padding", "SAME").out())));
        c.add(values("MaxPoolGradV2", (t, r) -> {
            Output<?> x = t.feed(distinct(r, 2, 6, 5, 3));
            Output<?> y = t.op("MaxPoolV2").in(x, t.ints(1, 2, 2, 1), t.ints(1, 2, 2, 1)).attr("T", DType.FLOAT32).attr("padding", "VALID").out();
            return List.of(t.op("MaxPoolGradV2").in(x, y, t.feed(f(r, 2, 3, 2, 3)), t.ints(1, 2, 2, 1), t.ints(1, 2, 2, 1))
                    .attr("T", DType.FLOAT32).attr("padding", "VALID").out());
        }));
        c.add(values("MaxPoolGradGradV2", (t, r) -> {
            Output<?> x = t.feed(distinct(r, 2, 6, 5, 3));
            Output<?> y = t.op("MaxPoolV2").in(x, t.ints(1, 2, 2, 1), t.ints(1, 2, 2, 1)).attr("T", DType.FLOAT32).attr("padding", "SAME").out();
            return List.of(t.op("MaxPoolGradGradV2").in(x, y, t.feed(f(r, 2, 6, 5, 3)), t.ints(1, 2, 2, 1), t.ints(1, 2, 2, 1))
                    .attr("T", DType.FLOAT32).attr("padding", "SAME").out());
        }));
        c.add(values("NoOp", (t, r) -> {
            var noop = t.op("NoOp").build();
            return List.of(t.op("Identity").in(t.feed(f(r, 2))).attr("T", DType.FLOAT32).control(noop).out());
        }));
        for (String op : new String[] {"RandomStandardNormal", "TruncatedNormal", "RandomUniform"}) {
            c.add(new Case(op, (t, r) -> List.of(t.op(op).in(t.ints(500)).attr("dtype", DType.FLOAT32).attr("T", DType.INT32)
                    .attr("seed", 5L).out()), true));
        }
        more(c);
        c.addAll(StringImportCases.all());
        c.addAll(SummaryWriterImportCases.all());
        return c;
    }

    /** Graphs of several ops, and older forms (each op's own name is judged by EntryTfTest). */
    private static void more(List<Case> c) {
        // Keras' Flatten as TensorFlow builds it: Reshape(x, Pack(StridedSlice(Shape(x)), -1)), and Fill of a computed shape.
        c.add(values("Reshape (shape computed in the graph)", (t, r) -> {
            var x = t.feed(f(r, 3, 2, 4), Shape.of(-1, 2, 4));
            var shape = t.op("Shape").in(x).attr("T", DType.FLOAT32).out();
            var batch = t.op("StridedSlice").in(shape, t.ints(0), t.ints(1), t.ints(1)).attr("T", DType.INT32).attr("Index", DType.INT32)
                    .attr("shrink_axis_mask", 1).out();
            var dims = t.op("Pack").list(batch, t.scalar(-1)).attr("N", 2).attr("T", DType.INT32).out();
            return List.of(t.op("Reshape").in(x, dims).attr("T", DType.FLOAT32).out(),
                    t.op("Fill").in(shape, t.constant(Tensor.scalar(2f))).attr("T", DType.FLOAT32).out());
        }));
        // Squeeze without axes of sizes TensorFlow learns at run time: axes 0 and 2 go or stay by the fed shape.
        c.add(values("Squeeze (size-1 axes known at run time)", (t, r) -> List.of(
                t.op("Squeeze").in(t.feed(f(r, 1, 3, 1), Shape.of(-1, 3, -1))).attr("T", DType.FLOAT32).out(),
                t.op("Squeeze").in(t.feed(f(r, 2, 3, 1), Shape.of(-1, 3, -1))).attr("T", DType.FLOAT32).out(),
                t.op("Squeeze").in(t.feed(f(r, 1, 3, 4), Shape.unknownRank())).attr("T", DType.FLOAT32).out())));
        // Assert (passing: its Identity runs after it) and TensorFlow 1's Print (its input passed through).
        c.add(values("Assert", (t, r) -> {
            var x = t.feed(f(r, 3));
            var check = t.op("Assert").in(t.constant(Tensor.scalar(true))).list(x, t.scalar(7)).attr("T", new DType[] {DType.FLOAT32, DType.INT32})
                    .attr("summarize", 2).build();
            return List.of(t.op("Identity").in(x).attr("T", DType.FLOAT32).control(check).out());
        }));
        c.add(values("Print", (t, r) -> List.of(t.op("Print").in(t.feed(f(r, 2, 3))).list(t.scalar(7)).attr("T", DType.FLOAT32)
                .attr("U", new DType[] {DType.INT32}).attr("message", "seven: ").attr("summarize", 1).out())));
        // TensorFlow 2's tf.print: StringFormat's text (judged in full by PrintV2TfTest), PrintV2 before an Identity.
        c.add(values("StringFormat", (t, r) -> List.of(t.op("StringFormat").list(t.feed(f(r, 2, 3)), t.scalar(7))
                .attr("T", new DType[] {DType.FLOAT32, DType.INT32}).attr("template", "{} and {}").attr("placeholder", "{}").attr("summarize", 1).out())));
        c.add(values("PrintV2", (t, r) -> {
            var x = t.feed(f(r, 3));
            var text = t.op("StringFormat").list(x).attr("T", new DType[] {DType.FLOAT32}).out();
            var print = t.op("PrintV2").in(text).attr("output_stream", "stderr").attr("end", " (PrintV2 of TfImportCases)\n").build();
            return List.of(t.op("Identity").in(x).attr("T", DType.FLOAT32).control(print).out());
        }));
        c.add(values("BatchMatMul", (t, r) -> List.of(t.op("BatchMatMul").in(t.feed(f(r, 2, 3, 4)), t.feed(f(r, 2, 5, 4))).attr("T", DType.FLOAT32)
                .attr("adj_y", true).out())));
    }

    private static Case values(String op, BiFunction<TfGraph, Random, List<Output<?>>> b) { return new Case(op, b, false); }

    /** Distinct float32 values (no ties in any max-pool window), shuffled. */
    private static Tensor distinct(Random r, int... dims) {
        Shape s = Shape.of(dims);
        float[] a = new float[s.size()];
        for (int i = 0; i < a.length; i++) a[i] = (i - a.length / 2) * 0.01f;
        for (int i = a.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Tensor.of(s, a);
    }
}
