package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelRegistry;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.device.cpu.CpuKernel;
import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpDef.DTypes;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.ops.OpRegistry;
import dev.nagare.ops.Tf;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user's own op: its entry, a graph built with the standard ops plus it, its kernel on the CPU, a Session. */
class UserOpTest {
    /** y = x * scale + 1, elementwise on float32. */
    static final Attr<Double> SCALE = Attr.real("scale", 2.0);
    static final OpDef SCALE_PLUS_ONE = OpDef.op("ScalePlusOne").takes(Input.of("x", DTypes.FLOATING)).withAttrs(SCALE)
            .infer(ctx -> List.of(new TensorSpec(ctx.dtype(0), ctx.shape(0)))).notDifferentiable();

    private static KernelRegistry kernels() {
        return new KernelRegistry().add(SCALE_PLUS_ONE, CpuKernel.bind(node -> {
            float scale = (float) (double) node.attr(SCALE);
            return (ctx, in) -> {
                float[] x = in[0].floatData(), y = ctx.floats(0, x.length);
                for (int i = 0; i < x.length; i++) y[i] = x[i] * scale + 1;
                return Tensor.of(in[0].shape(), y);
            };
        }), DType.FLOAT32);
    }

    @Test
    void userOpRunsWithItsOwnKernelInASession() {
        Graph g = new Graph(OpRegistry.standard().with(SCALE_PLUS_ONE));
        Tf tf = Tf.of(g);
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        Output y = tf.scope().node(SCALE_PLUS_ONE, "scaled").input(tf.neg(x)).attr("scale", 3.0).build().output(0);
        Output z = tf.scope().node(SCALE_PLUS_ONE, "defaulted").input(x).build().output(0);
        SessionOptions options = SessionOptions.defaults().withDevices(List.of(new CpuDevice(kernels())));
        try (Session s = new Session(g, options)) {
            List<Tensor> out = s.runner().feed(x, Tensor.of(Shape.of(3), new float[] {1, -2, 0.5f})).fetch(y).fetch(z).run();
            assertArrayEquals(new float[] {-2, 7, -0.5f}, out.get(0).floatData());   // -x * 3 + 1
            assertArrayEquals(new float[] {3, -3, 2}, out.get(1).floatData());       // x * 2 + 1, the default scale
        }
    }

    @Test
    void graphOfTheStandardOpsRefusesTheUserOpNamingTheNode() {
        Tf tf = Tf.of(new Graph());
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        GraphException e = assertThrows(GraphException.class, () -> tf.scope().node(SCALE_PLUS_ONE, "scaled").input(x).build());
        assertTrue(e.getMessage().contains("'scaled'") && e.getMessage().contains("not in this graph's op set"), e.getMessage());
    }

    @Test
    void declaredAttrsAreCheckedWhenTheNodeIsAdded() {
        Tf tf = Tf.of(new Graph(OpRegistry.standard().with(SCALE_PLUS_ONE)));
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(3), "x");
        GraphException typo = assertThrows(GraphException.class, () -> tf.scope().node(SCALE_PLUS_ONE, "a").input(x).attr("scael", 3.0).build());
        assertTrue(typo.getMessage().contains("'a'") && typo.getMessage().contains("no attribute 'scael'"), typo.getMessage());
        GraphException type = assertThrows(GraphException.class, () -> tf.scope().node(SCALE_PLUS_ONE, "b").input(x).attr("scale", 3).build());
        assertTrue(type.getMessage().contains("'b'") && type.getMessage().contains("must be a Double"), type.getMessage());
        GraphException dtype = assertThrows(GraphException.class,
                () -> tf.scope().node(SCALE_PLUS_ONE, "c").input(tf.placeholder(DType.INT32, Shape.of(3))).build());
        assertTrue(dtype.getMessage().contains("'c'") && dtype.getMessage().contains("input 0 'x' must be float32 or float64"), dtype.getMessage());
    }

    @Test
    void withoutItsKernelTheSessionNamesTheNode() {
        Graph g = new Graph(OpRegistry.standard().with(SCALE_PLUS_ONE));
        Tf tf = Tf.of(g);
        Output y = tf.scope().node(SCALE_PLUS_ONE, "scaled").input(tf.constant(new float[] {1})).build().output(0);
        try (Session s = new Session(g)) {
            PlacementException e = assertThrows(PlacementException.class, () -> s.run(y));
            assertTrue(e.getMessage().contains("'scaled'") && e.getMessage().contains("no kernel"), e.getMessage());
        }
    }
}
