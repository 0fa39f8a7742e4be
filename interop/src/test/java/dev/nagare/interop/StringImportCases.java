package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.tensorflow.Output;

/** Graphs TensorFlow Java builds with its string and summary ops, for the import tests. */
final class StringImportCases {
    private StringImportCases() {}

    static final DType[] DENSE_TYPES = {DType.FLOAT32, DType.INT64, DType.STRING};
    static final Shape[] DENSE_SHAPES = {Shape.of(3), Shape.of(2), Shape.of()};

    /** The dense defaults of {@link StringOpCases#features()}: xs and name have one, ids is required. */
    static Output<?>[] defaults(TfGraph t) {
        return new Output<?>[] {t.constant(Tensor.of(Shape.of(3), new float[] {-1, -2, -3})), t.constant(Tensor.of(Shape.of(0), new long[0])),
                t.constant(Tensor.scalar("nobody"))};
    }

    static Output<?> strings(TfGraph t, String... s) { return t.constant(Tensor.of(Shape.of(s.length), s)); }

    static List<TfImportCases.Case> all() {
        List<TfImportCases.Case> c = new ArrayList<>();
        c.add(values("ParseExample", (t, r) -> {
            var op = t.op("ParseExample").in(t.feed(StringOpCases.examples(), Shape.of(-1)), strings(t))
                    .list().list(t.constant(Tensor.scalar("xs")), t.constant(Tensor.scalar("ids")), t.constant(Tensor.scalar("name")))
                    .list(defaults(t)).attr("Nsparse", 0L).attr("Ndense", 3L).attr("sparse_types", new DType[0])
                    .attr("Tdense", DENSE_TYPES).attr("dense_shapes", DENSE_SHAPES).build();
            return List.of(op.output(0), op.output(1), op.output(2));
        }));
        c.add(values("ParseExampleV2", (t, r) -> {
            var op = t.op("ParseExampleV2").in(t.feed(StringOpCases.examples(), Shape.of(-1)), strings(t), strings(t), strings(t, "xs", "ids", "name"),
                    strings(t)).list(defaults(t)).attr("num_sparse", 0L).attr("sparse_types", new DType[0]).attr("ragged_value_types", new DType[0])
                    .attr("ragged_split_types", new DType[0]).attr("Tdense", DENSE_TYPES).attr("dense_shapes", DENSE_SHAPES).build();
            return List.of(op.output(0), op.output(1), op.output(2));
        }));
        c.add(values("StringToNumber", (t, r) -> List.of(
                t.op("StringToNumber").in(t.feed(StringOpCases.strings("2.5", "-1e3", "nan"))).attr("out_type", DType.FLOAT32).out(),
                t.op("StringToNumber").in(t.feed(StringOpCases.strings("-12", "99"))).attr("out_type", DType.INT64).out())));
        c.add(values("AsString", (t, r) -> List.of(
                t.op("AsString").in(t.feed(TfImportCases.f(r, 2, 3))).attr("T", DType.FLOAT32).attr("precision", 3L).out(),
                t.op("AsString").in(t.feed(TfImportCases.ints(r, -50, 50, 4))).attr("T", DType.INT32).attr("width", 5L).attr("fill", "0").out())));
        c.add(values("DecodeRaw", (t, r) -> List.of(t.op("DecodeRaw").in(t.feed(Tensor.of(Shape.of(2),
                new byte[][] {{1, 0, 0, 0, -1, -1, -1, -1}, {0, 1, 0, 0, 2, 0, 0, 0}}))).attr("out_type", DType.INT32).out())));
        c.add(values("StringJoin", (t, r) -> List.of(t.op("StringJoin").list(t.feed(StringOpCases.strings("a", "b")), t.constant(Tensor.scalar("+")),
                t.feed(StringOpCases.strings("c", "d"))).attr("separator", ", ").out())));
        c.add(values("ShardedFilename", (t, r) -> List.of(t.op("ShardedFilename").in(t.constant(Tensor.scalar("model")), t.scalar(3), t.scalar(10)).out())));
        c.add(values("StaticRegexFullMatch", (t, r) -> List.of(t.op("StaticRegexFullMatch").in(t.feed(StringOpCases.strings("s3://a", "gs://b")))
                .attr("pattern", "^s3://.*").out())));
        c.add(values("ScalarSummary", (t, r) -> List.of(t.op("ScalarSummary").in(t.feed(StringOpCases.strings("x", "y")), t.feed(TfImportCases.f(r, 2)))
                .attr("T", DType.FLOAT32).out())));
        c.add(values("HistogramSummary", (t, r) -> List.of(t.op("HistogramSummary").in(t.constant(Tensor.scalar("h")), t.feed(TfImportCases.f(r, 4, 5)))
                .attr("T", DType.FLOAT32).out())));
        c.add(values("MergeSummary", (t, r) -> {
            var a = t.op("ScalarSummary").in(t.constant(Tensor.scalar("a")), t.feed(TfImportCases.f(r))).attr("T", DType.FLOAT32).out();
            var h = t.op("HistogramSummary").in(t.constant(Tensor.scalar("h")), t.feed(TfImportCases.f(r, 6))).attr("T", DType.FLOAT32).out();
            return List.of(t.op("MergeSummary").list(a, h).out());
        }));
        // String tensors through the array ops that move elements: TensorFlow's string kernels against Nagare's.
        c.add(values("StringMovement", (t, r) -> {
            Tensor grid = Tensor.of(Shape.of(2, 3), new byte[][] {{0, (byte) 0xff}, {}, "naïve".getBytes(java.nio.charset.StandardCharsets.UTF_8), {'a'}, {'b'}, {'c'}});
            Output<?> x = t.feed(grid);
            Output<?> k = t.constant(grid);
            return List.of(k,
                    t.op("Reshape").in(x, t.ints(3, 2)).attr("T", DType.STRING).out(),
                    t.op("Transpose").in(x, t.ints(1, 0)).attr("T", DType.STRING).out(),
                    t.op("ConcatV2").list(x, k).in(t.scalar(1)).attr("T", DType.STRING).out(),
                    t.op("GatherV2").in(x, t.ints(2, 0, 2), t.scalar(1)).attr("Tparams", DType.STRING).attr("Tindices", DType.INT32).attr("Taxis", DType.INT32).out(),
                    t.op("Pack").list(x, k).attr("T", DType.STRING).attr("axis", 1L).out(),
                    t.op("Identity").in(x).attr("T", DType.STRING).out(),
                    t.op("SelectV2").in(t.feed(TfImportCases.bools(r, 2, 3)), x, k).attr("T", DType.STRING).out(),
                    t.op("Tile").in(x, t.ints(2, 1)).attr("T", DType.STRING).attr("Tmultiples", DType.INT32).out());
        }));
        return c;
    }

    private static TfImportCases.Case values(String op, BiFunction<TfGraph, Random, List<Output<?>>> b) { return new TfImportCases.Case(op, b, false); }
}
