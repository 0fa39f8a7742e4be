package dev.nagare.session.ops;

import static dev.nagare.graph.DType.BOOL;
import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.RandomOps;
import dev.nagare.ops.Tf;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Graphs that must be rejected while they are built. Each row builds its bad node under the name
 * {@code "bad"}; the GraphException must name that node and contain the listed fragments.
 */
final class ErrorCases {
    private ErrorCases() {}

    static Output ph(Tf tf, DType t, int... dims) { return tf.placeholder(t, Shape.of(dims)); }

    private static Arguments row(String name, Consumer<Tf> build, String... fragments) {
        return Arguments.of(name, build, List.of(fragments));
    }

    static Stream<Arguments> buildErrors() {
        return Stream.of(
                // dtypes
                row("add float32 + int32", tf -> bad(tf).add(ph(tf, FLOAT32, 2, 3), ph(tf, INT32, 2, 3)), "float32", "int32"),
                row("mul int64 + float64", tf -> bad(tf).mul(ph(tf, INT64, 2), ph(tf, FLOAT64, 2)), "int64", "float64"),
                row("add bool + bool", tf -> bad(tf).add(ph(tf, BOOL, 2), ph(tf, BOOL, 2)), "bool"),
                row("sqrt int32", tf -> bad(tf).sqrt(ph(tf, INT32, 2, 3)), "int32"),
                row("exp int64", tf -> bad(tf).exp(ph(tf, INT64, 2)), "int64"),
                row("log int32", tf -> bad(tf).log(ph(tf, INT32, 2)), "int32"),
                row("sigmoid int32", tf -> bad(tf).sigmoid(ph(tf, INT32, 2)), "int32"),
                row("tanh int64", tf -> bad(tf).tanh(ph(tf, INT64, 2)), "int64"),
                row("softmax int32", tf -> bad(tf).nn.softmax(ph(tf, INT32, 2, 3)), "int32"),
                row("neg bool", tf -> bad(tf).neg(ph(tf, BOOL, 2)), "bool"),
                row("relu bool", tf -> bad(tf).nn.relu(ph(tf, BOOL, 2)), "bool"),
                row("reduceSum bool", tf -> bad(tf).reduceSum(ph(tf, BOOL, 2)), "bool"),
                row("logicalAnd float32", tf -> bad(tf).logicalAnd(ph(tf, FLOAT32, 2), ph(tf, FLOAT32, 2)), "float32"),
                row("logicalNot int32", tf -> bad(tf).logicalNot(ph(tf, INT32, 2)), "int32"),
                row("less bool", tf -> bad(tf).less(ph(tf, BOOL, 2), ph(tf, BOOL, 2)), "bool"),
                row("equal float32 + float64", tf -> bad(tf).equal(ph(tf, FLOAT32, 2), ph(tf, FLOAT64, 2)), "float32", "float64"),
                row("where float32 condition", tf -> bad(tf).where(ph(tf, FLOAT32, 2), ph(tf, FLOAT32, 2), ph(tf, FLOAT32, 2)), "float32"),
                row("where branches float32 + int32", tf -> bad(tf).where(ph(tf, BOOL, 2), ph(tf, FLOAT32, 2), ph(tf, INT32, 2)), "float32", "int32"),
                row("matmul float32 x float64", tf -> bad(tf).matmul(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT64, 3, 2)), "float32", "float64"),
                row("gather float32 indices", tf -> bad(tf).gather(ph(tf, FLOAT32, 5), ph(tf, FLOAT32, 2)), "float32"),
                row("oneHot float32 indices", tf -> bad(tf).oneHot(ph(tf, FLOAT32, 3), 4, FLOAT32), "float32"),
                row("argmax output float32", tf -> bad(tf).argmax(ph(tf, FLOAT32, 3), 0, FLOAT32), "float32"),
                row("concat float32 + int32", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32, 2), ph(tf, INT32, 2)), 0), "float32", "int32"),
                row("biasAdd float32 + float64", tf -> bad(tf).nn.biasAdd(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT64, 3)), "float32", "float64"),
                // shapes
                row("add [2,3]+[4]", tf -> bad(tf).add(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 4)), "[2, 3]", "[4]"),
                row("mul [4,1,3]+[2,2]", tf -> bad(tf).mul(ph(tf, FLOAT64, 4, 1, 3), ph(tf, FLOAT64, 2, 2)), "[4, 1, 3]", "[2, 2]"),
                row("where [2]+[3]+[]", tf -> bad(tf).where(ph(tf, BOOL, 2), ph(tf, INT32, 3), ph(tf, INT32)), "[2]", "[3]"),
                row("matmul [2,3] x [4,5]", tf -> bad(tf).matmul(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 4, 5)), "[2, 3]", "[4, 5]", "3 vs 4"),
                row("matmul [3,2]^T x [3,2]^T", tf -> bad(tf).matmul(ph(tf, FLOAT32, 3, 2), ph(tf, FLOAT32, 3, 2), true, true), "[3, 2]", "3 vs 2"),
                row("matmul rank 3", tf -> bad(tf).matmul(ph(tf, FLOAT32, 2, 2, 2), ph(tf, FLOAT32, 2, 2)), "[2, 2, 2]"),
                row("reshape [2,3] to [4,2]", tf -> bad(tf).reshape(ph(tf, FLOAT32, 2, 3), 4, 2), "[2, 3]", "[4, 2]"),
                row("reshape [2,3] to [-1,4]", tf -> bad(tf).reshape(ph(tf, FLOAT32, 2, 3), -1, 4), "[2, 3]", "[-1, 4]"),
                row("reshape two -1", tf -> bad(tf).reshape(ph(tf, FLOAT32, 2, 3), -1, -1), "-1"),
                row("transpose perm [0,0]", tf -> bad(tf).transpose(ph(tf, FLOAT32, 2, 3), 0, 0), "[0, 0]"),
                row("transpose perm [0,2]", tf -> bad(tf).transpose(ph(tf, FLOAT32, 2, 3), 0, 2), "[0, 2]"),
                row("transpose perm too long", tf -> bad(tf).transpose(ph(tf, FLOAT32, 2, 3), 1, 0, 2), "[1, 0, 2]", "[2, 3]"),
                row("concat rank [2,3] and [3]", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 3)), 0), "[2, 3]", "[3]"),
                row("concat [2,3] and [2,4] on axis 0", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 2, 4)), 0), "[2, 4]"),
                row("concat axis 2 of rank 2", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 2, 3)), 2), "axis 2"),
                row("concat scalars", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32), ph(tf, FLOAT32)), 0), "scalar"),
                row("reduceSum axis 3 of rank 3", tf -> bad(tf).reduceSum(ph(tf, FLOAT32, 2, 3, 4), new int[] {3}, false), "axis 3"),
                row("reduceMax axis -4 of rank 3", tf -> bad(tf).reduceMax(ph(tf, FLOAT32, 2, 3, 4), new int[] {-4}, true), "axis -4"),
                row("reduceMean axes [0,-2] of rank 2", tf -> bad(tf).reduceMean(ph(tf, FLOAT32, 2, 3), new int[] {0, -2}, false), "twice"),
                row("argmax of a scalar", tf -> bad(tf).argmax(ph(tf, FLOAT32), 0), "scalar"),
                row("argmax axis 2 of rank 2", tf -> bad(tf).argmax(ph(tf, FLOAT32, 2, 3), 2), "axis 2"),
                row("gather axis 2 of rank 2", tf -> bad(tf).gather(ph(tf, FLOAT32, 2, 3), ph(tf, INT32, 2), 2), "axis 2"),
                row("gather from a scalar", tf -> bad(tf).gather(ph(tf, FLOAT32), ph(tf, INT32, 2)), "scalar"),
                row("slice past the end", tf -> bad(tf).slice(ph(tf, FLOAT32, 4, 5), new int[] {2, 0}, new int[] {3, 5}), "[4, 5]"),
                row("slice begin/size lengths", tf -> bad(tf).slice(ph(tf, FLOAT32, 4, 5), new int[] {0}, new int[] {1, 1}), "[0]", "[1, 1]"),
                row("slice rank", tf -> bad(tf).slice(ph(tf, FLOAT32, 4, 5), new int[] {0}, new int[] {1}), "[4, 5]"),
                row("squeeze axis of size 3", tf -> bad(tf).squeeze(ph(tf, FLOAT32, 1, 3), 1), "size 3"),
                row("expandDims axis 3 of rank 1", tf -> bad(tf).expandDims(ph(tf, FLOAT32, 2), 3), "axis 3"),
                row("oneHot depth -1", tf -> bad(tf).oneHot(ph(tf, INT32, 3), -1, FLOAT32), "-1"),
                row("fill with a vector", tf -> bad(tf).fill(Shape.of(2, 2), ph(tf, FLOAT32, 2)), "[2]"),
                row("biasAdd [2,3] + [4]", tf -> bad(tf).nn.biasAdd(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 4)), "[4]", "[2, 3]"),
                row("biasAdd matrix bias", tf -> bad(tf).nn.biasAdd(ph(tf, FLOAT32, 2, 3), ph(tf, FLOAT32, 1, 3)), "[1, 3]"),
                row("softmax of a scalar", tf -> bad(tf).nn.softmax(ph(tf, FLOAT32)), "scalar"),
                // sizes: a dimension or element count past 2^31-1 never wraps into a wrong one
                row("slice begin + size past 2^31-1", tf -> bad(tf).slice(ph(tf, FLOAT32, 3), new int[] {1}, new int[] {Integer.MAX_VALUE}), "[3]"),
                row("pad past 2^31-1", tf -> bad(tf).pad(ph(tf, FLOAT32, Integer.MAX_VALUE - 1), 1, 1), "2147483648"),
                row("concat past 2^31-1", tf -> bad(tf).concat(List.of(ph(tf, FLOAT32, 1 << 30), ph(tf, FLOAT32, 1 << 30)), 0), "2147483648"),
                row("placeholder of 2^32 elements", tf -> tf.placeholder(FLOAT32, Shape.of(65536, 65536), "bad"), "[65536, 65536]", "2^31-1"),
                row("fill of 2^32 elements", tf -> bad(tf).fill(Shape.of(65536, 65536), tf.scalar(0, FLOAT32)), "[65536, 65536]"),
                row("oneHot of 2^32 elements", tf -> bad(tf).oneHot(ph(tf, INT32, 65536), 65536, FLOAT32), "[65536, 65536]"),
                row("matmul of 2^32 elements", tf -> bad(tf).matmul(ph(tf, FLOAT32, 65536, 1), ph(tf, FLOAT32, 1, 65536)), "[65536, 65536]"),
                row("add broadcast to 2^32 elements", tf -> bad(tf).add(ph(tf, FLOAT32, 65536, 1), ph(tf, FLOAT32, 1, 65536)), "[65536, 65536]"),
                row("gather of 2^32 elements", tf -> bad(tf).gather(ph(tf, FLOAT32, 1, 65536), ph(tf, INT32, 65536)), "[65536, 65536]"),
                row("reshape [0] to 2^64 elements", tf -> bad(tf).reshape(ph(tf, FLOAT32, 0), 65536, 65536, 65536, 65536), "[65536, 65536, 65536, 65536]"),
                row("segment sum of 2^32 elements", tf -> bad(tf).unsortedSegmentSum(ph(tf, FLOAT32, 1, 65536), ph(tf, INT32, 1), 65536), "[65536, 65536]"),
                row("segment sum num_segments -1", tf -> bad(tf).unsortedSegmentSum(ph(tf, FLOAT32, 4), ph(tf, INT32, 4), -1), "-1"),
                row("segment sum num_segments -2", tf -> bad(tf).unsortedSegmentSum(ph(tf, FLOAT32, 4), ph(tf, INT32, 4), -2), "-2"),
                // attrs checked without the rank
                row("segment sum num_segments -2, unknown ranks", tf -> bad(tf).unsortedSegmentSum(any(tf, FLOAT32), any(tf, INT32), -2), "-2"),
                row("pad negative, unknown rank", tf -> bad(tf).pad(any(tf, FLOAT32), 1, 0, -1, 1), "negative", "[1, 0, -1, 1]"),
                row("pad odd paddings, unknown rank", tf -> bad(tf).pad(any(tf, FLOAT32), 1, 0, 1), "[1, 0, 1]"),
                row("reduceSum axes [1,1], unknown rank", tf -> bad(tf).reduceSum(any(tf, FLOAT32), new int[] {1, 1}, false), "twice"),
                row("transpose perm [0,0], unknown rank", tf -> bad(tf).transpose(any(tf, FLOAT32), 0, 0), "[0, 0]"),
                row("slice negative begin, unknown rank", tf -> bad(tf).slice(any(tf, FLOAT32), new int[] {-1}, new int[] {1}), "[-1]"),
                row("softmax of a scalar, logSoftmax", tf -> bad(tf).nn.logSoftmax(ph(tf, FLOAT64)), "scalar"),
                // variables
                row("assign [2,3] to [3]", tf -> bad(tf).assign(tf.variable(tf.constant(new float[3])), ph(tf, FLOAT32, 2, 3)), "[2, 3]", "[3]"),
                row("assign float64 to float32", tf -> bad(tf).assign(tf.variable(tf.constant(new float[3])), ph(tf, FLOAT64, 3)), "float32", "float64"),
                row("assignAdd bool", tf -> bad(tf).assignAdd(tf.variable(tf.constant(new boolean[2])), ph(tf, BOOL, 2)), "bool"),
                row("assign to a placeholder", tf -> bad(tf).assign(ph(tf, FLOAT32, 3), ph(tf, FLOAT32, 3)), "variable"));
    }

    // ---- run-time errors: placeholders of unknown rank hide the problem from inference ----

    /** Builds the bad node from placeholders fed with the row's values. */
    interface RunBuild { Output apply(Tf tf, Output[] in); }

    private static Arguments run(String name, List<Tensor> feeds, RunBuild build, String... fragments) {
        return Arguments.of(name, feeds, build, List.of(fragments));
    }

    private static Tensor f32(int... dims) { return Tensor.zeros(FLOAT32, Shape.of(dims)); }

    private static Tensor of(DType t, int... dims) { return Tensor.zeros(t, Shape.of(dims)); }

    static Stream<Arguments> runErrors() {
        return Stream.of(
                run("add [2]+[3]", List.of(f32(2), f32(3)), (tf, in) -> bad(tf).add(in[0], in[1]), "[2]", "[3]"),
                run("less [2,3]+[2]", List.of(of(INT32, 2, 3), of(INT32, 2)), (tf, in) -> bad(tf).less(in[0], in[1]), "[2, 3]", "[2]"),
                run("logicalOr [4]+[2]", List.of(of(BOOL, 4), of(BOOL, 2)), (tf, in) -> bad(tf).logicalOr(in[0], in[1]), "[4]", "[2]"),
                run("where [2]+[3]+[]", List.of(of(BOOL, 2), f32(3), f32()), (tf, in) -> bad(tf).where(in[0], in[1], in[2]), "[2]", "[3]"),
                run("matmul [2,3] x [4,2]", List.of(of(FLOAT64, 2, 3), of(FLOAT64, 4, 2)), (tf, in) -> bad(tf).matmul(in[0], in[1]), "[2, 3]", "[4, 2]"),
                run("matmul of vectors", List.of(f32(3), f32(3)), (tf, in) -> bad(tf).matmul(in[0], in[1]), "[3]"),
                run("reshape [5] to [2,-1]", List.of(of(INT64, 5)), (tf, in) -> bad(tf).reshape(in[0], 2, -1), "[5]"),
                run("reshape [6] to [4,2]", List.of(f32(6)), (tf, in) -> bad(tf).reshape(in[0], 4, 2), "[6]"),
                run("concat [1,2] and [1,3] on axis 0", List.of(of(INT32, 1, 2), of(INT32, 1, 3)),
                        (tf, in) -> bad(tf).concat(List.of(in[0], in[1]), 0), "[1, 3]"),
                run("concat [2] and [1,2]", List.of(f32(2), f32(1, 2)), (tf, in) -> bad(tf).concat(List.of(in[0], in[1]), 0), "[1, 2]"),
                run("transpose [2,3,4] with perm [1,0]", List.of(f32(2, 3, 4)), (tf, in) -> bad(tf).transpose(in[0], 1, 0), "[1, 0]"),
                run("slice past the end of [3]", List.of(f32(3)), (tf, in) -> bad(tf).slice(in[0], new int[] {2}, new int[] {2}), "[3]"),
                run("squeeze axis of size 2", List.of(f32(2, 1)), (tf, in) -> bad(tf).squeeze(in[0], 0), "size 2"),
                run("expandDims axis 3 of rank 1", List.of(f32(2)), (tf, in) -> bad(tf).expandDims(in[0], 3), "3"),
                run("gather axis 1 of rank 1", List.of(f32(4), of(INT32, 1)), (tf, in) -> bad(tf).gather(in[0], in[1], 1), "axis 1"),
                run("reduceSum axis 2 of rank 2", List.of(f32(2, 3)), (tf, in) -> bad(tf).reduceSum(in[0], new int[] {2}, false), "axis 2"),
                run("argmax of a scalar", List.of(f32()), (tf, in) -> bad(tf).argmax(in[0], 0), "axis 0"),
                run("argmax over an empty axis", List.of(f32(0, 3)), (tf, in) -> bad(tf).argmax(in[0], 0), "empty"),
                run("reduceMean int32 over nothing", List.of(of(INT32, 0, 3)), (tf, in) -> bad(tf).reduceMean(in[0], new int[] {0}, false), "zero"),
                run("pow int32 to a negative power", List.of(of(INT32, 2)), (tf, in) -> bad(tf).pow(in[0], tf.constant(new int[] {2, -1})), "negative"),
                run("fill with a vector", List.of(f32(2)), (tf, in) -> bad(tf).fill(Shape.of(2), in[0]), "[2]"),
                run("biasAdd [2,3] + [4]", List.of(f32(2, 3), f32(4)), (tf, in) -> bad(tf).nn.biasAdd(in[0], in[1]), "[4]", "[2, 3]"),
                run("softmax of a scalar", List.of(f32()), (tf, in) -> bad(tf).nn.softmax(in[0])),
                run("logSoftmax of a scalar", List.of(of(FLOAT64)), (tf, in) -> bad(tf).nn.logSoftmax(in[0]), "scalar"),
                run("reduceSum axes [0,-2] of rank 2", List.of(f32(2, 3)), (tf, in) -> bad(tf).reduceSum(in[0], new int[] {0, -2}, false), "twice"),
                run("reduceMax axes [1,1] of rank 2", List.of(f32(2, 3)), (tf, in) -> bad(tf).reduceMax(in[0], new int[] {-1, 1}, true), "twice"),
                // sizes past 2^31-1, from small or empty inputs
                run("slice 2^31-1 from [3]", List.of(f32(3)), (tf, in) -> bad(tf).slice(in[0], new int[] {1}, new int[] {Integer.MAX_VALUE}), "[3]"),
                run("pad [0, 2^31-2] past 2^31-1", List.of(f32(0, Integer.MAX_VALUE - 1)), (tf, in) -> bad(tf).pad(in[0], 0, 0, 1, 1), "2147483648"),
                run("concat [0, 2^30] twice on axis 1", List.of(f32(0, 1 << 30), f32(0, 1 << 30)),
                        (tf, in) -> bad(tf).concat(List.of(in[0], in[1]), 1), "2147483648"),
                run("matmul into 2^32 elements", List.of(f32(65536, 1), f32(1, 65536)), (tf, in) -> bad(tf).matmul(in[0], in[1]), "[65536, 65536]"),
                run("int32 matmul into 2^32 elements", List.of(of(INT32, 65536, 1), of(INT32, 1, 65537)), (tf, in) -> bad(tf).matmul(in[0], in[1]), "[65536, 65537]"),
                run("add broadcast into 2^32 elements", List.of(f32(65536, 1), f32(1, 65536)), (tf, in) -> bad(tf).add(in[0], in[1]), "[65536, 65536]"),
                run("where broadcast into 2^32 elements", List.of(of(BOOL, 65536, 1), f32(1, 65536), f32()),
                        (tf, in) -> bad(tf).where(in[0], in[1], in[2]), "[65536, 65536]"),
                run("gather into 2^32 elements", List.of(f32(1, 65536), of(INT32, 65536)), (tf, in) -> bad(tf).gather(in[0], in[1]), "[65536, 65536]"),
                run("oneHot into 2^32 elements", List.of(of(INT32, 65536)), (tf, in) -> bad(tf).oneHot(in[0], 65536, FLOAT32), "[65536, 65536]"),
                run("segment sum into 2^32 elements", List.of(f32(1, 65536), of(INT32, 1)),
                        (tf, in) -> bad(tf).unsortedSegmentSum(in[0], in[1], 65536), "[65536, 65536]"),
                run("random draw of 2^32 elements", List.of(Tensor.fromJava(new int[] {65536, 65536})), (tf, in) -> draw(bad(tf), in[0]), "[65536, 65536]"),
                run("random draw shaped by a matrix", List.of(Tensor.fromJava(new int[][] {{2}})), (tf, in) -> draw(bad(tf), in[0]), "[1, 1]"),
                run("assign [3] to a [2] variable", List.of(f32(3)), (tf, in) -> bad(tf).assign(tf.variable(tf.constant(new float[2])), in[0]), "[3]", "[2]"),
                run("assignAdd [3] to a [2] variable", List.of(f32(3)), (tf, in) -> bad(tf).assignAdd(tf.variable(tf.constant(new float[2])), in[0]), "[3]", "[2]"));
    }

    /** A placeholder of unknown rank. */
    static Output any(Tf tf, DType t) { return tf.placeholder(t, Shape.unknownRank()); }

    /** A float32 normal draw shaped by the int32 vector {@code shape}, as tf.random builds it. */
    static Output draw(Tf tf, Output shape) {
        return tf.scope().node(RandomOps.NORMAL, "RandomStandardNormal").input(shape).attr("dtype", FLOAT32)
                .attr("seed", 1L).attr("seed2", 2L).build().output(0);
    }

    /** The DSL that names the next node "bad". */
    static Tf bad(Tf tf) { return tf.withName("bad"); }
}
