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
                })), more().stream()).toList();
    }

    /** Graphs of several ops, as TensorFlow's own graphs hold them (each op alone is judged by EntryTfTest). */
    private static List<OpCase> more() {
        return List.of(
                values("Keras Flatten: Shape, StridedSlice, Pack, Reshape", v -> {
                    Tf tf = v.variant("[?,2,4] fed [3,2,4]");
                    Output x = v.feed(v.floats(3, 2, 4), Shape.of(-1, 2, 4));
                    Output batch = tf.stridedSlice(tf.shape(x), new int[] {0}, new int[] {1}, new int[] {1}, 0, 0, 0, 0, 1);
                    v.out(tf.reshape(x, tf.stack(List.of(batch, tf.constant(-1)))));
                }),
                // Assert and Print guard and show a value; what they write when they fire is judged by AssertPrintTfTest.
                values("Assert", v -> {
                    Tf tf = v.variant("passing, string and float data");
                    Output x = v.feed(v.floats(3));
                    var check = tf.assertThat(tf.reduceAll(tf.isFinite(x)), tf.constant("x is not finite"), x);
                    v.out(tf.withControlDependencies(check).identity(x));
                }),
                values("Print", v -> {
                    Tf tf = v.variant("f64 [2,2], printed on the first run only");
                    Output x = v.feed(v.doubles(2, 2));
                    v.out(tf.print(x, List.of(x, tf.constant(7)), "x and 7: ", 1, 2));
                }),
                // TensorFlow 2's printing; PrintV2TfTest judges the texts in full and what PrintV2 writes.
                values("StringFormat", v -> {
                    Tf tf = v.variant("f32 [2,3], i64 [5], string, summarize 2");
                    v.out(tf.strings.format("a {} b {} c {}", List.of(v.feed(v.floats(2, 3)), v.feed(v.longs(Shape.of(5), -9, 9)), tf.constant("s")), "{}", 2));
                }),
                values("PrintV2", v -> {
                    Tf tf = v.variant("x printed before its Identity");
                    Output x = v.feed(v.doubles(3));
                    v.out(tf.withControlDependencies(tf.printV2("stderr", 3, " ", " (PrintV2 of ArrayOpCases)\n", List.of("x:", x))).identity(x));
                }));
    }
}
