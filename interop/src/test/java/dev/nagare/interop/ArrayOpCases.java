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
                values("PlaceholderWithDefault", v -> {
                    Tf tf = v.variant("default used");
                    v.out(tf.placeholderWithDefault(tf.constant(v.floats(2, 2)), Shape.of(-1, 2), "pwd"));
                    tf = v.variant("fed");
                    Output p = tf.placeholderWithDefault(tf.constant(v.ints(3)), Shape.of(3), "pwd");
                    v.input(p, v.ints(3));
                    v.out(tf.mul(p, tf.constant(2)));
                }),
                values("Identity", v -> {
                    for (DType t : new DType[] {DType.FLOAT32, DType.INT32, DType.BOOL}) {
                        Tf tf = v.variant(t.toString());
                        v.out(tf.identity(v.feed(v.of(t, 2, 3))));
                    }
                }),
                values("Cast", v -> {
                    Object[][] pairs = {{DType.FLOAT32, DType.INT32}, {DType.INT32, DType.FLOAT32}, {DType.BOOL, DType.FLOAT32},
                            {DType.FLOAT64, DType.FLOAT32}, {DType.FLOAT32, DType.BOOL}, {DType.INT64, DType.INT32}, {DType.INT32, DType.INT64}};
                    for (Object[] p : pairs) {
                        Tf tf = v.variant(p[0] + "->" + p[1]);
                        v.out(tf.cast(v.feed(v.of((DType) p[0], 3, 4)), (DType) p[1]));
                    }
                }),
                values("Reshape", v -> {
                    Tf tf = v.variant("[2,3,4]->[6,-1]");
                    v.out(tf.reshape(v.feed(v.floats(2, 3, 4)), 6, -1));
                    tf = v.variant("[?,4]->[2,-1,2] i32");
                    v.out(tf.reshape(v.feed(v.ints(3, 4), Shape.of(-1, 4)), 2, -1, 2));
                    tf = v.variant("to a fed int64 shape");
                    v.out(tf.reshape(v.feed(v.floats(2, 6)), v.feed(Tensor.of(Shape.of(3), new long[] {3, -1, 2}))));
                }),
                values("Transpose", v -> {
                    Tf tf = v.variant("[2,3,4] perm [2,0,1]");
                    v.out(tf.transpose(v.feed(v.floats(2, 3, 4)), 2, 0, 1));
                    tf = v.variant("i32 matrix");
                    v.out(tf.transpose(v.feed(v.ints(3, 2))));
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
                }),
                values("Shape", v -> {
                    Tf tf = v.variant("of [?,3] fed [4,3]");
                    v.out(tf.shape(v.feed(v.floats(4, 3), Shape.of(-1, 3))));
                    tf = v.variant("of a scalar");
                    v.out(tf.shape(v.feed(Tensor.scalar(true))));
                }),
                values("ExpandDims", v -> {
                    Tf tf = v.variant("axis 0");
                    v.out(tf.expandDims(v.feed(v.floats(2, 3)), 0));
                    tf = v.variant("axis -1 i32");
                    v.out(tf.expandDims(v.feed(v.ints(2, 3)), -1));
                }),
                values("Squeeze", v -> {
                    Tf tf = v.variant("all");
                    v.out(tf.squeeze(v.feed(v.floats(1, 3, 1))));
                    tf = v.variant("axis 1 of [2,1,3]");
                    v.out(tf.squeeze(v.feed(v.ints(2, 1, 3)), 1));
                }),
                values("SelectV2", v -> {
                    Tf tf = v.variant("broadcast [2,3],[2,3],[3]");
                    v.out(tf.where(v.feed(v.bools(2, 3)), v.feed(v.floats(2, 3)), v.feed(v.floats(3))));
                    tf = v.variant("i32 scalar cond");
                    v.out(tf.where(v.feed(Tensor.scalar(false)), v.feed(v.ints(4)), v.feed(v.ints(4))));
                }),
                values("ZerosLike", v -> {
                    Tf tf = v.variant("f32");
                    v.out(tf.zerosLike(v.feed(v.floats(2, 3))));
                    tf = v.variant("bool");
                    v.out(tf.zerosLike(v.feed(v.bools(3))));
                }),
                values("OnesLike", v -> {
                    Tf tf = v.variant("f64");
                    v.out(tf.onesLike(v.feed(v.doubles(2, 3))));
                    tf = v.variant("i32");
                    v.out(tf.onesLike(v.feed(v.ints(3))));
                })), more().stream()).toList();
    }

    /** The array ops added for issue 11. */
    private static List<OpCase> more() {
        return List.of(
                values("IdentityN", v -> {
                    Tf tf = v.variant("f32 [2,3] and i64 [4] and bool");
                    v.out(tf.identityN(List.of(v.feed(v.floats(2, 3)), v.feed(v.of(DType.INT64, 4)), v.feed(v.bools(2)))).toArray(Output[]::new));
                }),
                values("ReverseV2", v -> {
                    Tf tf = v.variant("f32 [2,3,4] axes (0,2)");
                    v.out(tf.reverse(v.feed(v.floats(2, 3, 4)), 0, 2));
                    tf = v.variant("bool [5] axis -1");
                    v.out(tf.reverse(v.feed(v.bools(5)), -1));
                }),
                values("Where", v -> {
                    Tf tf = v.variant("bool [3,4]");
                    v.out(tf.where(v.feed(v.bools(3, 4))));
                    tf = v.variant("f32 [5] with zeros");
                    v.out(tf.where(v.feed(Tensor.of(Shape.of(5), new float[] {0, 1.5f, 0, -2, Float.NaN}))));
                }),
                values("StopGradient", v -> {
                    Tf tf = v.variant("f32");
                    v.out(tf.stopGradient(v.feed(v.floats(2, 3))));
                    tf = v.variant("i64");
                    v.out(tf.stopGradient(v.feed(v.of(DType.INT64, 3))));
                }),
                values("Rank", v -> {
                    Tf tf = v.variant("of [?,3] fed [4,3]");
                    v.out(tf.rank(v.feed(v.floats(4, 3), Shape.of(-1, 3))));
                    tf = v.variant("of a bool scalar");
                    v.out(tf.rank(v.feed(Tensor.scalar(true))));
                }),
                values("Size", v -> {
                    Tf tf = v.variant("int32 of [?,3] fed [4,3]");
                    v.out(tf.size(v.feed(v.floats(4, 3), Shape.of(-1, 3))));
                    tf = v.variant("int64 of i32 [2,0]");
                    v.out(tf.size(v.feed(v.of(DType.INT32, 2, 0)), DType.INT64));
                }),
                values("Select", v -> {
                    Tf tf = v.variant("rows: [3] ? [3,2] : [3,2]");
                    v.out(tf.selectV1(v.feed(v.bools(3)), v.feed(v.floats(3, 2)), v.feed(v.floats(3, 2))));
                    tf = v.variant("same shape i32");
                    v.out(tf.selectV1(v.feed(v.bools(2, 2)), v.feed(v.ints(2, 2)), v.feed(v.ints(2, 2))));
                    tf = v.variant("scalar cond f64");
                    v.out(tf.selectV1(v.feed(Tensor.scalar(true)), v.feed(v.doubles(3)), v.feed(v.doubles(3))));
                }),
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
