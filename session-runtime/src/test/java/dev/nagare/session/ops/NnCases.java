package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Table rows for bias add and the variable updates. */
final class NnCases {
    private NnCases() {}

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : OpCase.NUMERIC) {
            for (int[][] sh : new int[][][] {{s(2, 3), s(3)}, {s(2, 3, 4), s(4)}, {s(0, 3), s(3)}, {s(3), s(3)}, {s(2, 0), s(0)}}) {
                rows.add(op("biasAdd").in(t, sh[0]).in(t, sh[1])
                        .build((tf, in) -> tf.nn.biasAdd(in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], Double::sum)).done());
            }
        }
        rows.add(op("biasAdd").in(FLOAT64, s(2, 3)).in(FLOAT64, s(3)).constants()
                .build((tf, in) -> tf.nn.biasAdd(in[0], in[1]))
                .ref(in -> Reference.zip(in[0], in[1], Double::sum)).done());
        state(rows);
        return rows.stream();
    }

    /**
     * Input 0 initializes a variable, input 1 is the value or delta; the row's result is what the update
     * outputs, the variable's new value. The harness runs the initializer first.
     */
    private static void state(List<OpCase> rows) {
        for (DType t : OpCase.ALL) {
            for (int[] sh : new int[][] {s(2, 3), s(), s(0, 3)}) {
                rows.add(op("assign").in(t, sh).in(t, sh)
                        .build((tf, in) -> tf.assign(tf.variable(in[0]), in[1]))
                        .ref(in -> in[1]).done());
                if (t == DType.BOOL) continue;
                rows.add(op("assignAdd").in(t, sh).in(t, sh)
                        .build((tf, in) -> tf.assignAdd(tf.variable(in[0]), in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], Double::sum)).done());
                rows.add(op("assignSub").in(t, sh).in(t, sh)
                        .build((tf, in) -> tf.assignSub(tf.variable(in[0]), in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], (a, b) -> a - b)).done());
            }
        }
        rows.add(op("assignAdd").in(FLOAT32, s(2, 2)).in(FLOAT32, s(2, 2)).constants()
                .build((tf, in) -> tf.assignAdd(tf.variable(in[0]), in[1]))
                .ref(in -> Reference.zip(in[0], in[1], Double::sum)).done());
    }
}
