package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.List;

/** Test graphs of the array ops, a few dtypes and shapes each. */
final class ArrayOpCases {
    private ArrayOpCases() {}

    static List<OpCase> all() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(
                values("Const", v -> {
                    Tf tf = v.variant("every dtype");
                    v.out(tf.constant(v.floats(2, 3)), tf.constant(v.doubles(1)), tf.constant(v.ints(4)),
                            tf.constant(v.of(DType.INT64, 2, 2)), tf.constant(v.bools(3)), tf.constant(Tensor.scalar(2.5f)),
                            tf.constant(Tensor.zeros(DType.FLOAT32, Shape.of(0, 3))));
                }),
                values("Placeholder", v -> {
                    Tf tf = v.variant("f32 [?,3]");
                    v.out(tf.identity(v.feed(v.floats(2, 3), Shape.of(-1, 3))));
                    tf = v.variant("i64 unknown rank");
                    v.out(tf.identity(v.feed(v.of(DType.INT64, 2), Shape.unknownRank())));
                    tf = v.variant("bool scalar");
                    v.out(tf.identity(v.feed(Tensor.scalar(true))));
                }),
                values("Reshape", v -> {
                    Tf tf = v.variant("[2,3,4]->[6,-1]");
                    v.out(tf.reshape(v.feed(v.floats(2, 3, 4)), 6, -1));
                    tf = v.variant("[?,4]->[2,-1,2] i32");
                    v.out(tf.reshape(v.feed(v.ints(3, 4), Shape.of(-1, 4)), 2, -1, 2));
                    tf = v.variant("to a fed int64 shape");
                    v.out(tf.reshape(v.feed(v.floats(2, 6)), v.feed(Tensor.of(Shape.of(3), new long[] {3, -1, 2}))));
                }),
                values("ConcatV2", v -> {
                    Tf tf = v.variant("three along axis 1");
                    v.out(tf.concat(List.of(v.feed(v.floats(2, 1)), v.feed(v.floats(2, 3)), v.feed(v.floats(2, 2))), 1));
                    tf = v.variant("i32 axis -1");
                    v.out(tf.concat(List.of(v.feed(v.ints(2, 2, 1)), v.feed(v.ints(2, 2, 2))), -1));
                    tf = v.variant("one input axis 0");
                    v.out(tf.concat(List.of(v.feed(v.doubles(3))), 0));
                }),
                values("Slice", v -> {
                    Tf tf = v.variant("[4,5] begin [1,2] size [2,-1]");
                    v.out(tf.slice(v.feed(v.floats(4, 5)), new int[] {1, 2}, new int[] {2, -1}));
                    tf = v.variant("i64 rank 3");
                    v.out(tf.slice(v.feed(v.of(DType.INT64, 3, 3, 3)), new int[] {0, 1, 2}, new int[] {3, 1, 1}));
                }),
                values("Pad", v -> {
                    Tf tf = v.variant("[2,3] (1,0),(2,1)");
                    v.out(tf.pad(v.feed(v.floats(2, 3)), 1, 0, 2, 1));
                    tf = v.variant("i32 vector");
                    v.out(tf.pad(v.feed(v.ints(4)), 0, 3));
                    tf = v.variant("f32 with 1.5 (PadV2)");
                    v.out(tf.pad(v.feed(v.floats(2, 3)), v.feed(Tensor.scalar(1.5f)), 1, 0, 2, 1));
                }),
                values("GatherV2", v -> {
                    Tf tf = v.variant("axis 0 i32 indices");
                    v.out(tf.gather(v.feed(v.floats(5, 3)), v.feed(v.ints(Shape.of(4), 0, 5)), 0));
                    tf = v.variant("axis 1 i64 indices [2,2]");
                    v.out(tf.gather(v.feed(v.ints(2, 5)), v.feed(v.longs(Shape.of(2, 2), 0, 5)), 1));
                }),
                values("OneHot", v -> {
                    Tf tf = v.variant("f32 depth 5, indices out of range too");
                    v.out(tf.oneHot(v.feed(Tensor.of(Shape.of(5), new int[] {0, 4, -1, 7, 2})), 5, DType.FLOAT32));
                    tf = v.variant("f64 on 2.5 off -1, i64 [2,2]");
                    v.out(tf.oneHot(v.feed(v.longs(Shape.of(2, 2), 0, 3)), 3, DType.FLOAT64, 2.5, -1));
                    tf = v.variant("i32 output");
                    v.out(tf.oneHot(v.feed(v.ints(Shape.of(3), 0, 4)), 4, DType.INT32, 7, 1));
                }),
                values("Fill", v -> {
                    Tf tf = v.variant("f32 [2,3]");
                    v.out(tf.fill(Shape.of(2, 3), v.feed(Tensor.scalar(1.25f))));
                    tf = v.variant("i64 [4]");
                    v.out(tf.fill(Shape.of(4), v.feed(Tensor.scalar(-3L))));
                    tf = v.variant("f32 to the run-time shape of a fed [?,3]");
                    v.out(tf.fill(tf.shape(v.feed(v.ints(2, 3), Shape.of(-1, 3))), v.feed(Tensor.scalar(1.5f))));
                })), more().stream()).toList();
    }

    /** The array ops added for issue 11. */
    private static List<OpCase> more() {
        return List.of(
                values("Pack", v -> {
                    Tf tf = v.variant("3 x f32 [2,3] axis 1");
                    v.out(tf.stack(List.of(v.feed(v.floats(2, 3)), v.feed(v.floats(2, 3)), v.feed(v.floats(2, 3))), 1));
                    tf = v.variant("i32 scalars");
                    v.out(tf.stack(List.of(v.feed(Tensor.scalar(3)), v.feed(Tensor.scalar(-1)))));
                    tf = v.variant("bool axis -1");
                    v.out(tf.stack(List.of(v.feed(v.bools(2)), v.feed(v.bools(2))), -1));
                }),
                values("Unpack", v -> {
                    Tf tf = v.variant("f32 [3,2] axis 0");
                    v.out(tf.unstack(v.feed(v.floats(3, 2)), 3, 0).toArray(Output[]::new));
                    tf = v.variant("i64 [2,4] axis -1");
                    v.out(tf.unstack(v.feed(v.of(DType.INT64, 2, 4)), 4, -1).toArray(Output[]::new));
                }),
                values("Split", v -> {
                    Tf tf = v.variant("f32 [6,2] in 3");
                    v.out(tf.split(v.feed(v.floats(6, 2)), 3, 0).toArray(Output[]::new));
                    tf = v.variant("i32 [2,4] in 2 axis -1");
                    v.out(tf.split(v.feed(v.ints(2, 4)), 2, -1).toArray(Output[]::new));
                }),
                values("SplitV", v -> {
                    Tf tf = v.variant("f32 [2,6] sizes (1,-1,2) axis 1");
                    v.out(tf.split(v.feed(v.floats(2, 6)), new int[] {1, -1, 2}, 1).toArray(Output[]::new));
                    tf = v.variant("f64 [5] sizes (0,5)");
                    v.out(tf.split(v.feed(v.doubles(5)), new int[] {0, 5}, 0).toArray(Output[]::new));
                }),
                values("Range", v -> {
                    Tf tf = v.variant("i32 limit fed");
                    v.out(tf.range(tf.constant(0), v.feed(Tensor.scalar(7)), tf.constant(2)));
                    tf = v.variant("f32 0.5:3:0.3");
                    v.out(tf.range(v.feed(Tensor.scalar(0.5f)), v.feed(Tensor.scalar(3f)), v.feed(Tensor.scalar(0.3f))));
                    tf = v.variant("i64 10:-3:-4");
                    v.out(tf.range(v.feed(Tensor.scalar(10L)), v.feed(Tensor.scalar(-3L)), v.feed(Tensor.scalar(-4L))));
                    tf = v.variant("f64 constants");
                    v.out(tf.range(tf.constant(-1.0), tf.constant(1.0), tf.constant(0.25)));
                }),
                values("Tile", v -> {
                    Tf tf = v.variant("f32 [2,3] by (2,2)");
                    v.out(tf.tile(v.feed(v.floats(2, 3)), 2, 2));
                    tf = v.variant("i32 [3] by fed (4)");
                    v.out(tf.tile(v.feed(v.ints(3)), v.feed(Tensor.of(Shape.of(1), new int[] {4}))));
                    tf = v.variant("bool [2,1] by i64 (1,3)");
                    v.out(tf.tile(v.feed(v.bools(2, 1)), tf.constant(new long[] {1, 3})));
                }),
                values("BroadcastTo", v -> {
                    Tf tf = v.variant("f32 [3] -> [2,3]");
                    v.out(tf.broadcastTo(v.feed(v.floats(3)), Shape.of(2, 3)));
                    tf = v.variant("i64 [2,1] -> fed [2,2,4]");
                    v.out(tf.broadcastTo(v.feed(v.of(DType.INT64, 2, 1)), v.feed(Tensor.of(Shape.of(3), new int[] {2, 2, 4}))));
                }),
                values("StridedSlice", v -> {
                    Tf tf = v.variant("f32 x[1:-1, ::-2]");
                    v.out(tf.stridedSlice(v.feed(v.floats(4, 5)), new int[] {1, 0}, new int[] {-1, 0}, new int[] {1, -2}, 2, 2, 0, 0, 0));
                    tf = v.variant("i32 x[1, ..., None, 2]");
                    v.out(tf.stridedSlice(v.feed(v.ints(2, 3, 4)), new int[] {1, 0, 0, 2}, new int[] {2, 0, 0, 3}, new int[] {1, 1, 1, 1}, 0, 0, 2, 4, 9));
                    tf = v.variant("Keras flatten: shape, slice, stack, reshape");
                    Output x = v.feed(v.floats(3, 2, 4), Shape.of(-1, 2, 4));
                    Output batch = tf.stridedSlice(tf.shape(x), new int[] {0}, new int[] {1}, new int[] {1}, 0, 0, 0, 0, 1);
                    v.out(tf.reshape(x, tf.stack(List.of(batch, tf.constant(-1)))));
                    tf = v.variant("f64 x[4:-6:-1] clamped");
                    v.out(tf.stridedSlice(v.feed(v.doubles(5)), new int[] {4}, new int[] {-6}, new int[] {-1}));
                }),
                values("StridedSliceGrad", v -> {
                    Tf tf = v.variant("f32 gradient of x[::2, 1]");
                    Output x = v.feed(v.floats(5, 3));
                    Output y = tf.stridedSlice(x, new int[] {0, 1}, new int[] {0, 2}, new int[] {2, 1}, 1, 1, 0, 0, 2);
                    Output w = v.feed(v.floats(3));
                    v.out(tf.gradients(tf.reduceSum(tf.mul(y, w)), List.of(x)).get(0));
                }));
    }
}
