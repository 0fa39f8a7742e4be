package dev.nagare.session.ops;

import static dev.nagare.session.ops.OpCase.NUMERIC;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import dev.nagare.session.ops.Reference.Reduce;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Table rows for the DSL's reduction overloads: no axes (all of them, dropped) and a single axis. The
 * reduction ops themselves are tested from their entries (EntryOpTest).
 */
final class ReductionCases {
    private ReductionCases() {}

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : NUMERIC) {
            rows.add(op("reduceSum").in(t, s(2, 3, 4)).extra("all axes (no-axes overload)").sumBased()
                    .build((tf, in) -> tf.reduceSum(in[0])).ref(in -> Reference.reduce(in[0], null, false, Reduce.SUM, false)).done());
            rows.add(op("reduceMean").in(t, s(2, 3, 4)).extra("all axes (no-axes overload)").sumBased()
                    .build((tf, in) -> tf.reduceMean(in[0])).ref(in -> Reference.reduce(in[0], null, false, Reduce.MEAN, !t.isFloating())).done());
            rows.add(op("reduceSum").in(t, s(2, 3, 4)).extra("axis -1 (one-axis overload)").sumBased()
                    .build((tf, in) -> tf.reduceSum(in[0], -1)).ref(in -> Reference.reduce(in[0], s(-1), false, Reduce.SUM, false)).done());
            rows.add(op("reduceMax").in(t, s(2, 3, 4)).extra("axis 1 keepDims (one-axis overload)")
                    .build((tf, in) -> tf.reduceMax(in[0], 1, true)).ref(in -> Reference.reduce(in[0], s(1), true, Reduce.MAX, false)).done());
            rows.add(op("reduceProd").in(t, s(0, 3)).extra("axis 0 (one-axis overload), empty")
                    .build((tf, in) -> tf.reduceProd(in[0], 0)).ref(in -> Reference.reduce(in[0], s(0), false, Reduce.PROD, false)).done());
        }
        for (String name : new String[] {"reduceAny", "reduceAll"}) {
            Reduce kind = name.equals("reduceAny") ? Reduce.ANY : Reduce.ALL;
            rows.add(op(name).in(DType.BOOL, s(2, 3, 4)).extra("all axes (no-axes overload)")
                    .build((tf, in) -> kind == Reduce.ANY ? tf.reduceAny(in[0]) : tf.reduceAll(in[0]))
                    .ref(in -> Reference.reduce(in[0], null, false, kind, false)).done());
        }
        return rows.stream();
    }
}
