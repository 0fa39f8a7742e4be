package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.session.ops.ErrorCases.bad;
import static dev.nagare.session.ops.ErrorCases.ph;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import dev.nagare.session.Runner;
import dev.nagare.session.Session;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution and pooling graphs that must be rejected: while building (GraphException) when the shapes
 * or attrs are known, and while running (KernelException) when only the fed values show the problem. Each
 * error names the node "bad" and the fragments listed.
 */
class ConvErrorsTest {
    private static final int[] S1 = {1, 1, 1, 1};

    private static Arguments row(String name, Consumer<Tf> build, String... fragments) {
        return Arguments.of(name, build, List.of(fragments));
    }

    static Stream<Arguments> buildErrors() {
        return Stream.of(
                row("conv2d of a rank-3 input", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "SAME"), "4-D", "[5, 5, 3]"),
                row("conv2d of a rank-2 filter", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 4), S1, "SAME"), "filter", "[3, 4]"),
                row("conv2d channels 3 vs filter 2", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 2, 4), S1, "SAME"), "3 channels", "takes 2"),
                row("conv2d NCHW channels 5 vs filter 3", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 4, 4), ph(tf, FLOAT32, 1, 1, 3, 2), S1, "VALID", null, "NCHW", null), "5 channels"),
                row("conv2d float32 by float64", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT64, 3, 3, 3, 4), S1, "SAME"), "float32", "float64"),
                row("conv2d int32", tf -> bad(tf).nn.conv2d(ph(tf, INT32, 1, 5, 5, 3), ph(tf, INT32, 3, 3, 3, 4), S1, "SAME"), "int32"),
                row("conv2d strides of 3 values", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), new int[] {1, 1, 1}, "SAME"), "strides", "4 ints"),
                row("conv2d batch stride 2", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), new int[] {2, 1, 1, 1}, "SAME"), "batch"),
                row("conv2d stride 0", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), new int[] {1, 0, 1, 1}, "SAME"), "at least 1"),
                row("conv2d dilation 0", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "SAME", null, null, new int[] {1, 0, 1, 1}), "dilations"),
                row("conv2d padding FULL", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "FULL"), "padding", "FULL"),
                row("conv2d data format NWHC", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "SAME", null, "NWHC", null), "NWHC"),
                row("conv2d EXPLICIT without paddings", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "EXPLICIT"), "explicit_paddings"),
                row("conv2d EXPLICIT padding the channels", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "EXPLICIT",
                        new int[] {0, 0, 1, 1, 1, 1, 1, 0}, null, null), "channel"),
                row("conv2d EXPLICIT negative padding", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "EXPLICIT",
                        new int[] {0, 0, -1, 1, 1, 1, 0, 0}, null, null), "negative"),
                row("conv2d VALID window larger than the input", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 2, 5, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "VALID"), "height", "empty"),
                row("conv2d VALID dilated window larger than the input", tf -> bad(tf).nn.conv2d(ph(tf, FLOAT32, 1, 5, 4, 3), ph(tf, FLOAT32, 3, 3, 3, 4), S1, "VALID",
                        null, null, new int[] {1, 1, 2, 1}), "width", "dilated"),
                row("conv2dBackpropInput out_backprop of the wrong shape", tf -> bad(tf).nn.conv2dBackpropInput(tf.constant(new int[] {1, 5, 5, 3}),
                        ph(tf, FLOAT32, 3, 3, 3, 4), ph(tf, FLOAT32, 1, 4, 4, 4), S1, "SAME", null, null, null), "out_backprop", "[1, 4, 4, 4]"),
                row("conv2dBackpropInput float input_sizes", tf -> bad(tf).nn.conv2dBackpropInput(tf.constant(new float[] {1, 5, 5, 3}),
                        ph(tf, FLOAT32, 3, 3, 3, 4), ph(tf, FLOAT32, 1, 5, 5, 4), S1, "SAME", null, null, null), "input_sizes", "int32"),
                row("conv2dBackpropInput negative input_sizes", tf -> bad(tf).nn.conv2dBackpropInput(tf.constant(new int[] {1, -5, 5, 3}),
                        ph(tf, FLOAT32, 3, 3, 3, 4), ph(tf, FLOAT32, 1, 5, 5, 4), S1, "SAME", null, null, null), "negative"),
                row("conv2dBackpropFilter input_sizes of 3 values", tf -> bad(tf).nn.conv2dBackpropFilter(ph(tf, FLOAT32, 1, 5, 5, 3),
                        tf.constant(new int[] {3, 3, 3}), ph(tf, FLOAT32, 1, 5, 5, 4), S1, "SAME", null, null, null), "filter_sizes", "4"),
                row("maxPool ksize of 2 values", tf -> bad(tf).nn.maxPool(ph(tf, FLOAT32, 1, 5, 5, 3), new int[] {2, 2}, S1, "SAME"), "ksize"),
                row("maxPool over channels", tf -> bad(tf).nn.maxPool(ph(tf, FLOAT32, 1, 5, 5, 3), new int[] {1, 2, 2, 2}, S1, "SAME"), "ksize", "channel"),
                row("avgPool EXPLICIT", tf -> bad(tf).nn.avgPool(ph(tf, FLOAT32, 1, 5, 5, 3), new int[] {1, 2, 2, 1}, S1, "EXPLICIT"), "EXPLICIT"),
                row("avgPool VALID window larger than the input", tf -> bad(tf).nn.avgPool(ph(tf, FLOAT64, 1, 5, 1, 3), new int[] {1, 2, 2, 1}, S1, "VALID"), "width", "empty"),
                row("maxPool int32", tf -> bad(tf).nn.maxPool(ph(tf, INT32, 1, 5, 5, 3), new int[] {1, 2, 2, 1}, S1, "SAME"), "int32"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("buildErrors")
    void rejectedWhileBuilding(String name, Consumer<Tf> build, List<String> fragments) {
        Tf tf = Tf.of(new Graph());
        GraphException e = assertThrows(GraphException.class, () -> build.accept(tf), name);
        assertTrue(e.getMessage().contains("'bad'"), () -> "the message should name node 'bad': " + e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "the message should contain '" + f + "': " + e.getMessage());
    }

    private static Arguments run(String name, List<Tensor> feeds, Function<Output[], Function<Tf, Output>> build, String... fragments) {
        return Arguments.of(name, feeds, build, List.of(fragments));
    }

    private static Tensor z(DType t, int... dims) { return Tensor.zeros(t, Shape.of(dims)); }

    static Stream<Arguments> runErrors() {
        return Stream.of(
                run("conv2d channels 3 vs filter 2", List.of(z(FLOAT32, 1, 5, 5, 3), z(FLOAT32, 3, 3, 2, 4)),
                        in -> tf -> bad(tf).nn.conv2d(in[0], in[1], S1, "SAME"), "3 channels", "takes 2"),
                run("conv2d of a rank-3 input", List.of(z(FLOAT64, 5, 5, 3), z(FLOAT64, 3, 3, 3, 4)),
                        in -> tf -> bad(tf).nn.conv2d(in[0], in[1], S1, "SAME"), "4-D"),
                run("conv2d VALID window larger than the input", List.of(z(FLOAT32, 1, 2, 5, 3), z(FLOAT32, 3, 3, 3, 4)),
                        in -> tf -> bad(tf).nn.conv2d(in[0], in[1], S1, "VALID"), "empty"),
                run("conv2dBackpropInput negative input_sizes", List.of(Tensor.of(Shape.of(4), new int[] {1, -5, 5, 3}), z(FLOAT32, 3, 3, 3, 4), z(FLOAT32, 1, 5, 5, 4)),
                        in -> tf -> bad(tf).nn.conv2dBackpropInput(in[0], in[1], in[2], S1, "SAME", null, null, null), "negative"),
                run("conv2dBackpropInput out_backprop of the wrong shape", List.of(Tensor.of(Shape.of(4), new int[] {1, 5, 5, 3}), z(FLOAT32, 3, 3, 3, 4), z(FLOAT32, 1, 4, 4, 4)),
                        in -> tf -> bad(tf).nn.conv2dBackpropInput(in[0], in[1], in[2], S1, "SAME", null, null, null), "out_backprop", "[1, 4, 4, 4]"),
                run("conv2dBackpropFilter filter_sizes of 3 values", List.of(z(FLOAT32, 1, 5, 5, 3), Tensor.of(Shape.of(3), new int[] {3, 3, 3}), z(FLOAT32, 1, 5, 5, 4)),
                        in -> tf -> bad(tf).nn.conv2dBackpropFilter(in[0], in[1], in[2], S1, "SAME", null, null, null), "filter_sizes"),
                run("maxPool of a rank-2 input", List.of(z(FLOAT32, 5, 5)),
                        in -> tf -> bad(tf).nn.maxPool(in[0], new int[] {1, 2, 2, 1}, S1, "SAME"), "4-D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runErrors")
    void rejectedWhileRunning(String name, List<Tensor> values, Function<Output[], Function<Tf, Output>> build, List<String> fragments) {
        Tf tf = Tf.of(new Graph());
        Output[] in = new Output[values.size()];
        for (int i = 0; i < in.length; i++) in[i] = tf.placeholder(values.get(i).dtype(), Shape.unknownRank(), "in" + i);
        Output out = build.apply(in).apply(tf);
        try (Session s = new Session(tf.graph())) {
            Runner r = s.runner();
            for (int i = 0; i < in.length; i++) r.feed(in[i], values.get(i));
            KernelException e = assertThrows(KernelException.class, () -> r.fetch(out).run(), name);
            assertEquals("bad", e.node().name());
            for (String f : fragments) assertTrue(e.getMessage().contains(f), () -> "the message should contain '" + f + "': " + e.getMessage());
        }
    }
}
