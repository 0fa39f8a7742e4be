package dev.nagare.session.ops;

import static dev.nagare.graph.DType.BOOL;
import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;
import static dev.nagare.session.ops.OpCase.shape;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Table rows for the ops that make and rearrange tensors. */
final class ArrayCases {
    private ArrayCases() {}

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        gather(rows);
        oneHot(rows);
        zerosAndOnes(rows);
        shapesComputedInTheGraph(rows);
        return rows.stream();
    }

    private static String ints(int[] v) { return shape(v); }

    private static void gather(List<OpCase> rows) {
        Object[][] table = { // params shape, indices shape, axis
            {s(5, 3), s(4), 0}, {s(3, 5), s(2, 2), 1}, {s(3, 5), s(), 1}, {s(3, 5), s(3), -1}, {s(5), s(2, 3), 0},
            {s(2, 4, 3), s(5), 1}, {s(5, 3), s(0), 0}, {s(5), s(), 0}, {s(0, 3), s(2), 1},
        };
        for (DType t : new DType[] {FLOAT32, FLOAT64, INT32, INT64, BOOL}) {
            for (DType it : new DType[] {INT32, INT64}) {
                for (Object[] row : table) {
                    int[] params = (int[]) row[0];
                    int axis = (Integer) row[2];
                    int limit = params[axis < 0 ? axis + params.length : axis];
                    rows.add(op("gather").in(t, params).in(it, (int[]) row[1], RandomTensors.indices(0, limit))
                            .extra("axis=" + axis + " indices=" + it)
                            .build((tf, in) -> axis == 0 ? tf.gather(in[0], in[1]) : tf.gather(in[0], in[1], axis))
                            .ref(in -> Reference.gather(in[0], in[1], axis)).done());
                }
            }
        }
    }

    private static void oneHot(List<OpCase> rows) {
        Object[][] table = { // indices dtype, indices shape, depth, output dtype, on, off
            {INT32, s(4), 5, FLOAT32, 1.0, 0.0}, {INT64, s(2, 3), 4, FLOAT64, 2.0, -1.0}, {INT32, s(), 3, INT32, 7.0, 3.0},
            {INT64, s(6), 3, INT64, 1.0, 0.0}, {INT32, s(5), 2, BOOL, 1.0, 0.0}, {INT32, s(0), 4, FLOAT32, 1.0, 0.0},
            {INT64, s(3), 0, FLOAT32, 1.0, 0.0},
        };
        for (Object[] row : table) {
            DType it = (DType) row[0], out = (DType) row[3];
            int depth = (Integer) row[2];
            double on = (Double) row[4], off = (Double) row[5];
            // Indices run one past each end: those rows are all off.
            rows.add(op("oneHot").label(it + "->" + out).in(it, (int[]) row[1], RandomTensors.indices(-1, depth + 1)).out(out)
                    .extra("depth=" + depth + " on=" + on + " off=" + off)
                    .build((tf, in) -> tf.oneHot(in[0], depth, out, on, off))
                    .ref(in -> Reference.oneHot(in[0], depth, on, off)).done());
        }
        rows.add(op("oneHot").label("int32->float32").in(INT32, s(3), RandomTensors.fixed(2, 0, 1)).out(FLOAT32)
                .extra("depth=3 defaults")
                .build((tf, in) -> tf.oneHot(in[0], 3, FLOAT32))
                .ref(in -> Reference.oneHot(in[0], 3, 1, 0)).done());
    }

    /** The DSL's zeros and ones: Fill of a scalar constant. */
    private static void zerosAndOnes(List<OpCase> rows) {
        for (DType t : OpCase.ALL) {
            for (int[] sh : new int[][] {s(2, 3), s(), s(0, 2)}) {
                rows.add(op("zeros").out(t).extra("shape=" + ints(sh))
                        .build((tf, in) -> tf.zeros(Shape.of(sh), t))
                        .ref(in -> Reference.fill(sh, 0)).done());
                rows.add(op("ones").out(t).extra("shape=" + ints(sh))
                        .build((tf, in) -> tf.ones(Shape.of(sh), t))
                        .ref(in -> Reference.fill(sh, 1)).done());
            }
        }
    }

    /** Reshape to shapes computed at run time from another tensor's shape, as Keras graphs do. */
    private static void shapesComputedInTheGraph(List<OpCase> rows) {
        for (DType t : OpCase.ALL) {
            rows.add(op("reshape").in(t, s(2, 3, 4)).in(FLOAT32, s(4, 3, 2)).extra("to the shape of input 1")
                    .build((tf, in) -> tf.reshape(in[0], tf.shape(in[1])))
                    .ref(in -> Reference.reshape(in[0], 4, 3, 2)).done());
            // Keras' Flatten: Shape -> StridedSlice (the batch size) -> Pack with -1 -> Reshape.
            rows.add(op("reshape").in(t, s(2, 3, 4)).extra("flatten: shape, strided slice, stack")
                    .build((tf, in) -> tf.reshape(in[0], tf.stack(List.of(
                            tf.stridedSlice(tf.shape(in[0]), s(0), s(1), s(1), 0, 0, 0, 0, 1), tf.constant(-1)))))
                    .ref(in -> Reference.reshape(in[0], 2, 12)).done());
        }
    }
}
