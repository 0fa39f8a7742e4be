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
        concat(rows);
        slice(rows);
        gather(rows);
        oneHot(rows);
        fill(rows);
        more(rows);
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

    // ---- added for issue 11 ----

    private static void more(List<OpCase> rows) {
        for (DType t : ElementwiseCases.ALL) {
            for (int axis : new int[] {0, 1, 2, -1, -3}) {
                rows.add(op("stack").in(t, s(2, 3)).in(t, s(2, 3)).in(t, s(2, 3)).extra("axis=" + axis)
                        .build((tf, in) -> tf.stack(List.of(in[0], in[1], in[2]), axis))
                        .ref(in -> Reference.stack(axis, in[0], in[1], in[2])).done());
            }
            rows.add(op("stack").in(t, s()).in(t, s()).extra("axis=0").build((tf, in) -> tf.stack(List.of(in[0], in[1])))
                    .ref(in -> Reference.stack(0, in[0], in[1])).done());
            rows.add(op("stack").in(t, s(0, 3)).in(t, s(0, 3)).extra("axis=1").build((tf, in) -> tf.stack(List.of(in[0], in[1]), 1))
                    .ref(in -> Reference.stack(1, in[0], in[1])).done());
            Object[][] unstack = {{s(3, 2, 4), 0, 2}, {s(3, 2, 4), 1, 1}, {s(3, 2, 4), -1, 3}, {s(2), 0, 1}, {s(2, 0), 0, 1}};
            for (Object[] row : unstack) {
                int[] sh = (int[]) row[0];
                int axis = (Integer) row[1], k = (Integer) row[2], num = sh[axis < 0 ? axis + sh.length : axis];
                rows.add(op("unstack").in(t, sh).extra("axis=" + axis + " piece " + k)
                        .build((tf, in) -> tf.unstack(in[0], num, axis).get(k))
                        .ref(in -> Reference.unstack(in[0], axis, k)).done());
            }
            for (int k = 0; k < 3; k++) {
                int piece = k;
                rows.add(op("split").in(t, s(6, 4)).extra("3 along axis 0, piece " + k)
                        .build((tf, in) -> tf.split(in[0], 3, 0).get(piece))
                        .ref(in -> Reference.slice(in[0], s(2 * piece, 0), s(2, 4))).done());
                int[] begins = {0, 1, 3};
                int[] sizes = {1, 2, 2};
                rows.add(op("splitV").in(t, s(2, 5)).extra("sizes [1,-1,2] along axis -1, piece " + k)
                        .build((tf, in) -> tf.split(in[0], new int[] {1, -1, 2}, -1).get(piece))
                        .ref(in -> Reference.slice(in[0], s(0, begins[piece]), s(2, sizes[piece]))).done());
            }
            rows.add(op("splitV").in(t, s(3, 2)).extra("sizes [0,3] piece 0 (empty)")
                    .build((tf, in) -> tf.split(in[0], new int[] {0, 3}, 0).get(0))
                    .ref(in -> Reference.slice(in[0], s(0, 0), s(0, 2))).done());
            int[][][] tiles = {{s(2, 3), s(2, 1)}, {s(2, 3), s(1, 3)}, {s(2, 3), s(2, 2)}, {s(2, 3), s(0, 2)}, {s(), s()}, {s(3), s(4)},
                {s(2, 1, 2), s(1, 3, 2)}, {s(0, 2), s(3, 1)}};
            for (int[][] row : tiles) {
                int[] m = row[1];
                rows.add(op("tile").in(t, row[0]).extra("multiples=" + ints(m))
                        .build((tf, in) -> tf.tile(in[0], m)).ref(in -> Reference.tile(in[0], m)).done());
            }
            int[][][] broadcasts = {{s(3), s(2, 3)}, {s(2, 1), s(2, 4)}, {s(), s(3, 2)}, {s(1, 3), s(2, 2, 3)}, {s(0, 3), s(0, 3)}, {s(2, 3), s(2, 3)}};
            for (int[][] row : broadcasts) {
                int[] to = row[1];
                rows.add(op("broadcastTo").in(t, row[0]).extra("to " + ints(to))
                        .build((tf, in) -> tf.broadcastTo(in[0], Shape.of(to))).ref(in -> Reference.broadcastTo(in[0], to)).done());
            }
            stridedSlices(rows, t);
            for (int[][] row : new int[][][] {{s(2, 3), s(1, 0, 2, 1)}, {s(0, 2), s(1, 1, 0, 0)}, {s(3), s(0, 0)}}) {
                int[] pads = row[1];
                rows.add(op("padV2").in(t, row[0]).in(t, s()).extra("paddings=" + ints(pads)).build((tf, in) -> tf.pad(in[0], in[1], pads))
                        .ref(in -> Reference.padWith(in[0], pads, in[1].v()[0])).done());
            }
            // Shapes computed in the graph: Reshape and Fill taking them as tensors.
            int[][][] reshapes = {{s(2, 3, 4), s(4, 6)}, {s(2, 3, 4), s(-1, 4)}, {s(), s(1, 1)}, {s(0, 3), s(3, 0)}, {s(6), s(3, -1)}};
            for (int[][] row : reshapes) {
                int[] target = row[1];
                rows.add(op("reshape").in(t, row[0]).extra("to constant tensor " + ints(target))
                        .build((tf, in) -> tf.reshape(in[0], tf.constant(target.clone())))
                        .ref(in -> Reference.reshape(in[0], target)).done());
            }
            rows.add(op("reshape").in(t, s(2, 3, 4)).in(FLOAT32, s(4, 3, 2)).extra("to the shape of input 1")
                    .build((tf, in) -> tf.reshape(in[0], tf.shape(in[1])))
                    .ref(in -> Reference.reshape(in[0], 4, 3, 2)).done());
            // Keras' Flatten: Shape -> StridedSlice (the batch size) -> Pack with -1 -> Reshape.
            rows.add(op("reshape").in(t, s(2, 3, 4)).extra("flatten: shape, strided slice, stack")
                    .build((tf, in) -> tf.reshape(in[0], tf.stack(List.of(
                            tf.stridedSlice(tf.shape(in[0]), s(0), s(1), s(1), 0, 0, 0, 0, 1), tf.constant(-1)))))
                    .ref(in -> Reference.reshape(in[0], 2, 12)).done());
            rows.add(op("reshape").in(t, s(2, 3, 4)).in(INT64, s(2), RandomTensors.fixed(6, 4)).extra("to an int64 shape tensor").constants()
                    .build((tf, in) -> tf.reshape(in[0], in[1]))
                    .ref(in -> Reference.reshape(in[0], 6, 4)).done());
            for (int[] sh : new int[][] {s(2, 3), s(), s(0, 3)}) {
                rows.add(op("fill").in(t, s()).extra("to constant tensor " + ints(sh))
                        .build((tf, in) -> tf.fill(tf.constant(sh.clone()), in[0]))
                        .ref(in -> Reference.fill(sh, in[0].v()[0])).done());
            }
        }
        ranges(rows);
    }

    private static void ranges(List<OpCase> rows) {
        double[][] table = {{0, 5, 1}, {5, 0, -2}, {3, 3, 1}, {-4, 7, 3}, {0.5, 3, 0.7}, {-1, 1, 0.25}, {2, -1.5, -0.5}};
        for (DType t : ElementwiseCases.NUMERIC) {
            for (double[] r : table) {
                if (t.isInteger() && (r[0] != Math.rint(r[0]) || r[1] != Math.rint(r[1]) || r[2] != Math.rint(r[2]))) continue;
                rows.add(op("range").in(t, s(), RandomTensors.fixed(r[0])).in(t, s(), RandomTensors.fixed(r[1])).in(t, s(), RandomTensors.fixed(r[2]))
                        .extra(r[0] + ":" + r[1] + ":" + r[2]).constants()
                        .build((tf, in) -> tf.range(in[0], in[1], in[2])).ref(in -> Reference.range(r[0], r[1], r[2])).done());
            }
        }
    }

    /** begin, end, strides, then the masks: begin, end, ellipsis, new axis, shrink. */
    private static void stridedSlices(List<OpCase> rows, DType t) {
        Object[][] table = {
            {s(4, 5), s(1, 0), s(3, 5), s(1, 2), s(0, 0, 0, 0, 0), "x[1:3, 0:5:2]"},
            {s(4, 5), s(0), s(0), s(-1), s(1, 1, 0, 0, 0), "x[::-1]"},
            {s(4, 5), s(1, 0), s(-1, 0), s(1, -2), s(2, 2, 0, 0, 0), "x[1:-1, ::-2]"},
            {s(4, 5), s(2), s(3), s(1), s(0, 0, 0, 0, 1), "x[2]"},
            {s(4, 5), s(-1), s(0), s(1), s(0, 0, 0, 0, 1), "x[-1]"},
            {s(4, 5), s(0, 1), s(0, 2), s(1, 1), s(0, 0, 1, 0, 2), "x[..., 1]"},
            {s(4, 5), s(0, 0, 1), s(0, 0, 3), s(1, 1, 1), s(1, 1, 0, 2, 0), "x[:, None, 1:3]"},
            {s(4, 5), s(-10, 3), s(10, 100), s(1, 1), s(0, 0, 0, 0, 0), "x[-10:10, 3:100] (clamped)"},
            {s(4, 5), s(3), s(1), s(1), s(0, 0, 0, 0, 0), "x[3:1] (empty)"},
            {s(4, 5), s(3, 4), s(0, 0), s(-1, -3), s(0, 0, 0, 0, 0), "x[3:0:-1, 4:0:-3]"},
            {s(2, 3, 4), s(1, 0, 2), s(2, 0, 4), s(1, -1, 1), s(0, 2, 0, 0, 1), "x[1, ::-1, 2:4]"},
            {s(2, 3, 4), s(0, 1), s(0, 0), s(1, 2), s(0, 2, 1, 0, 0), "x[..., 1::2]"},
            {s(2, 3, 4), s(0, 0), s(1, 0), s(1, 1), s(0, 0, 2, 0, 1), "x[0, ...]"},
            {s(2, 3, 4), s(0, 0, 0), s(0, 0, 0), s(1, 1, 1), s(0, 0, 2, 5, 0), "x[None, ..., None]"},
            {s(5), s(4), s(-6), s(-1), s(0, 0, 0, 0, 0), "x[4:-6:-1] (to the start)"},
            {s(), s(0), s(0), s(1), s(0, 0, 0, 1, 0), "scalar[None]"},
            {s(0, 3), s(0, 1), s(0, 3), s(1, 1), s(1, 0, 0, 0, 0), "empty[:, 1:3]"},
        };
        for (Object[] row : table) {
            int[] b = (int[]) row[1], e = (int[]) row[2], st = (int[]) row[3], m = (int[]) row[4];
            rows.add(op("stridedSlice").in(t, (int[]) row[0]).extra((String) row[5])
                    .build((tf, in) -> tf.stridedSlice(in[0], b, e, st, m[0], m[1], m[2], m[3], m[4]))
                    .ref(in -> Reference.stridedSlice(in[0], b, e, st, m[0], m[1], m[2], m[3], m[4])).done());
        }
    }
}
