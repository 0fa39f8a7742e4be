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
        reshape(rows);
        transpose(rows);
        concat(rows);
        slice(rows);
        gather(rows);
        oneHot(rows);
        fill(rows);
        shapeOps(rows);
        return rows.stream();
    }

    private static String ints(int[] v) { return shape(v); }

    private static void reshape(List<OpCase> rows) {
        int[][][] table = { // input shape, target
            {s(2, 3, 4), s(4, 6)}, {s(2, 3, 4), s(-1, 4)}, {s(2, 3, 4), s(2, -1, 2)}, {s(2, 3, 4), s(-1)},
            {s(), s(1, 1)}, {s(1), s()}, {s(1, 1), s(-1)}, {s(0, 3), s(3, 0)}, {s(0, 3), s(-1, 3)}, {s(6), s(3, 2)},
        };
        for (DType t : ElementwiseCases.ALL) {
            for (int[][] row : table) {
                int[] target = row[1];
                rows.add(op("reshape").in(t, row[0]).extra("to " + ints(target))
                        .build((tf, in) -> tf.reshape(in[0], target))
                        .ref(in -> Reference.reshape(in[0], target)).done());
            }
        }
    }

    private static void transpose(List<OpCase> rows) {
        int[][][] table = { // input shape, perm
            {s(2, 3), s(1, 0)}, {s(2, 3), s(0, 1)}, {s(0, 3), s(1, 0)}, {s(), s()}, {s(1, 5), s(1, 0)},
            {s(2, 3, 4), s(0, 1, 2)}, {s(2, 3, 4), s(0, 2, 1)}, {s(2, 3, 4), s(1, 0, 2)},
            {s(2, 3, 4), s(1, 2, 0)}, {s(2, 3, 4), s(2, 0, 1)}, {s(2, 3, 4), s(2, 1, 0)}, {s(2, 0, 4), s(2, 1, 0)},
        };
        for (DType t : ElementwiseCases.ALL) {
            for (int[][] row : table) {
                int[] perm = row[1];
                rows.add(op("transpose").in(t, row[0]).extra("perm=" + ints(perm))
                        .build((tf, in) -> tf.transpose(in[0], perm))
                        .ref(in -> Reference.transpose(in[0], perm)).done());
            }
        }
        rows.add(op("transpose").in(FLOAT64, s(3, 5)).extra("reversed axes").needsRank()
                .build((tf, in) -> tf.transpose(in[0]))
                .ref(in -> Reference.transpose(in[0], 1, 0)).done());
    }

    private static void concat(List<OpCase> rows) {
        Object[][] table = { // three shapes, axis
            {s(2, 3), s(1, 3), s(4, 3), 0}, {s(2, 1), s(2, 3), s(2, 2), 1}, {s(2, 1), s(2, 3), s(2, 2), -1},
            {s(2, 3), s(0, 3), s(1, 3), 0}, {s(2, 3, 2), s(2, 1, 2), s(2, 2, 2), 1}, {s(3), s(0), s(2), 0},
            {s(0, 2), s(0, 1), s(0, 3), 1},
        };
        for (DType t : ElementwiseCases.ALL) {
            for (Object[] row : table) {
                int axis = (Integer) row[3];
                rows.add(op("concat").in(t, (int[]) row[0]).in(t, (int[]) row[1]).in(t, (int[]) row[2]).extra("axis=" + axis)
                        .build((tf, in) -> tf.concat(List.of(in[0], in[1], in[2]), axis))
                        .ref(in -> Reference.concat(axis, in[0], in[1], in[2])).done());
            }
        }
        rows.add(op("concat").in(INT32, s(2, 2)).in(INT32, s(2, 1)).extra("axis=1").constants()
                .build((tf, in) -> tf.concat(List.of(in[0], in[1]), 1))
                .ref(in -> Reference.concat(1, in[0], in[1])).done());
    }

    private static void slice(List<OpCase> rows) {
        int[][][] table = { // input shape, begin, size
            {s(4, 5), s(1, 2), s(2, 3)}, {s(4, 5), s(1, 0), s(-1, 2)}, {s(4, 5), s(0, 0), s(4, 5)}, {s(4, 5), s(2, 3), s(-1, -1)},
            {s(4, 5), s(1, 1), s(0, 2)}, {s(4, 5), s(4, 5), s(0, 0)}, {s(6), s(2), s(3)}, {s(6), s(5), s(-1)},
            {s(2, 3, 4), s(0, 1, 1), s(2, -1, 2)}, {s(2, 3, 4), s(1, 0, 3), s(1, 3, 1)}, {s(0, 3), s(0, 1), s(-1, 2)},
        };
        for (DType t : ElementwiseCases.ALL) {
            for (int[][] row : table) {
                int[] begin = row[1], size = row[2];
                rows.add(op("slice").in(t, row[0]).extra("begin=" + ints(begin) + " size=" + ints(size))
                        .build((tf, in) -> tf.slice(in[0], begin, size))
                        .ref(in -> Reference.slice(in[0], begin, size)).done());
            }
        }
    }

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

    private static void fill(List<OpCase> rows) {
        int[][] shapes = {s(2, 3), s(), s(0, 3), s(4)};
        for (DType t : ElementwiseCases.ALL) {
            for (int[] sh : shapes) {
                rows.add(op("fill").in(t, s()).extra("shape=" + ints(sh))
                        .build((tf, in) -> tf.fill(Shape.of(sh), in[0]))
                        .ref(in -> Reference.fill(sh, in[0].v()[0])).done());
            }
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

    private static void shapeOps(List<OpCase> rows) {
        for (DType t : ElementwiseCases.ALL) {
            for (int[] sh : new int[][] {s(2, 3), s(), s(0, 3, 1)}) {
                rows.add(op("shape").in(t, sh).out(INT32)
                        .build((tf, in) -> tf.shape(in[0]))
                        .ref(in -> Reference.shapeOf(in[0])).done());
                rows.add(op("identity").in(t, sh)
                        .build((tf, in) -> tf.identity(in[0]))
                        .ref(in -> in[0]).done());
            }
            Object[][] expand = {{s(2, 3), 0}, {s(2, 3), 1}, {s(2, 3), 2}, {s(2, 3), -1}, {s(2, 3), -3}, {s(), 0}, {s(0, 3), 1}};
            for (Object[] row : expand) {
                int axis = (Integer) row[1];
                rows.add(op("expandDims").in(t, (int[]) row[0]).extra("axis=" + axis)
                        .build((tf, in) -> tf.expandDims(in[0], axis))
                        .ref(in -> Reference.expandDims(in[0], axis)).done());
            }
            int[][][] squeeze = {{s(1, 3, 1), s()}, {s(1, 3, 1), s(0)}, {s(1, 3, 1), s(-1)}, {s(1, 3, 1), s(0, 2)},
                {s(1, 1), s()}, {s(2, 1, 0), s(1)}, {s(3), s()}};
            for (int[][] row : squeeze) {
                int[] axes = row[1];
                rows.add(op("squeeze").in(t, row[0]).extra("axes=" + ints(axes))
                        .build((tf, in) -> tf.squeeze(in[0], axes))
                        .ref(in -> Reference.squeeze(in[0], axes)).done());
            }
        }
    }
}
