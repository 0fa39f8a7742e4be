package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/**
 * Graphs TensorFlow Java builds with its summary writer ops, for the import tests: each op runs before a fetched
 * Identity (a control input), after the CreateSummaryFileWriter that opens its writer. TensorFlow and Nagare both
 * write into {@link #LOGDIR}; the events themselves are compared in the board module's SummaryWriterOpsTest.
 */
final class SummaryWriterImportCases {
    private SummaryWriterImportCases() {}

    /** Under the module's build directory, which a clean removes. */
    static final Path LOGDIR = Path.of("target", "summary-writer-import-logs").toAbsolutePath();

    /** Builds the op under test on the writer's handle, after {@code open}. */
    @FunctionalInterface
    private interface Make {
        GraphOperation make(TfGraph t, Output<?> writer, GraphOperation open);
    }

    static List<TfImportCases.Case> all() {
        List<TfImportCases.Case> c = new ArrayList<>();
        c.add(new TfImportCases.Case("SummaryWriter", (t, r) -> {
            GraphOperation w = t.op("SummaryWriter").attr("shared_name", "import-handle").attr("container", "box").build();
            return List.of(fetched(t, r, w));
        }, false));
        c.add(opened("CreateSummaryFileWriter", (t, w, open) -> open));
        c.add(opened("WriteScalarSummary", (t, w, open) -> t.op("WriteScalarSummary").in(w, t.constant(Tensor.scalar(3L)), t.constant(Tensor.scalar("loss")),
                t.constant(Tensor.scalar(0.5f))).attr("T", DType.FLOAT32).control(open).build()));
        c.add(opened("WriteHistogramSummary", (t, w, open) -> t.op("WriteHistogramSummary").in(w, t.constant(Tensor.scalar(4L)),
                t.constant(Tensor.scalar("w")), t.constant(Tensor.of(Shape.of(3), new double[] {1, -2, 0}))).attr("T", DType.FLOAT64).control(open).build()));
        c.add(opened("WriteSummary", (t, w, open) -> t.op("WriteSummary").in(w, t.constant(Tensor.scalar(5L)), t.constant(Tensor.of(Shape.of(2), new int[] {1, 2})),
                t.constant(Tensor.scalar("t")), t.constant(Tensor.scalar(""))).attr("T", DType.INT32).control(open).build()));
        c.add(opened("WriteGraphSummary", (t, w, open) -> t.op("WriteGraphSummary").in(w, t.constant(Tensor.scalar(6L)),
                t.constant(Tensor.scalar(new byte[0]))).control(open).build()));
        c.add(opened("WriteRawProtoSummary", (t, w, open) -> t.op("WriteRawProtoSummary").in(w, t.constant(Tensor.scalar(7L)),
                t.constant(Tensor.of(Shape.of(2), new byte[][] {new byte[0], new byte[0]}))).control(open).build()));
        c.add(opened("FlushSummaryWriter", (t, w, open) -> t.op("FlushSummaryWriter").in(w).control(open).build()));
        c.add(opened("CloseSummaryWriter", (t, w, open) -> t.op("CloseSummaryWriter").in(w).control(open).build()));
        return c;
    }

    private static TfImportCases.Case opened(String op, Make make) {
        return new TfImportCases.Case(op, (t, r) -> {
            GraphOperation w = t.op("SummaryWriter").attr("shared_name", "import-" + op).build();
            GraphOperation open = t.op("CreateSummaryFileWriter").in(w.output(0), t.constant(Tensor.scalar(LOGDIR.toString())),
                    t.constant(Tensor.scalar(10)), t.constant(Tensor.scalar(1000)), t.constant(Tensor.scalar("import"))).build();
            return List.of(fetched(t, r, make.make(t, w.output(0), open)));
        }, false);
    }

    /** A fed value through an Identity that waits for {@code after}. */
    private static Output<?> fetched(TfGraph t, Random r, GraphOperation after) {
        return t.op("Identity").in(t.feed(TfImportCases.f(r, 2))).attr("T", DType.FLOAT32).control(after).out();
    }
}
