package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Fuser;
import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.VariableState;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.NnOps;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The fused kernel on its own: its blocks (not the members' kernels it falls back to) compute the group, and give
 * what the members' own kernels give one after the other, bit for bit, over one block, many, and many split over
 * the cores.
 */
class FusedKernelsTest {
    private final Graph g = new Graph();
    private final Tf tf = Tf.of(g);
    private final dev.nagare.device.KernelRegistry registry = CpuKernels.registry();
    private final Fuser fuser = FusedKernels.fuser(registry);

    /** A context that records which buffer numbers a kernel asks for. */
    private static final class Recording implements KernelContext {
        final Node node;
        final TreeSet<Integer> numbers = new TreeSet<>();

        Recording(Node node) { this.node = node; }

        @Override public Node node() { return node; }
        @Override public VariableState variables() { throw new UnsupportedOperationException(); }
        @Override public Object buffer(int b, DType t, int n) { numbers.add(b); return KernelContext.super.buffer(b, t, n); }
        @Override public float[] floats(int b, int n) { numbers.add(b); return new float[n]; }
        @Override public double[] doubles(int b, int n) { numbers.add(b); return new double[n]; }
    }

    private Kernel own(Node n) { return registry.find(n.opName(), DType.FLOAT32).orElseThrow().create(n); }

    private static Tensor random(SplittableRandom r, int... dims) {
        float[] f = new float[Shape.of(dims).size()];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextDouble(-2, 2);
        return Tensor.of(Shape.of(dims), f);
    }

    /** Runs the group fused and member by member; checks the bits and that the blocks ran (buffers 0..members only). */
    private void check(List<Output> chain, List<Output> inputs, List<Output> outputs, Tensor[] values, boolean blocks) {
        List<Node> members = new ArrayList<>();
        List<Kernel> kernels = new ArrayList<>();
        for (Output o : chain) {
            members.add(o.node());
            kernels.add(own(o.node()));
        }
        Recording ctx = new Recording(members.get(members.size() - 1));
        TensorValue[] fused = fuser.fuse(members, inputs, outputs, kernels).compute(ctx, values);
        if (blocks) assertTrue(ctx.numbers.last() <= members.size(), "the members' own kernels ran: buffers " + ctx.numbers);
        else assertTrue(ctx.numbers.isEmpty() || ctx.numbers.last() > members.size(), "the blocks ran: buffers " + ctx.numbers);

        java.util.Map<Output, Tensor> value = new java.util.HashMap<>();
        for (int i = 0; i < inputs.size(); i++) value.put(inputs.get(i), values[i]);
        for (int m = 0; m < members.size(); m++) {
            Node n = members.get(m);
            Tensor[] args = new Tensor[n.inputs().size()];
            for (int j = 0; j < args.length; j++) args[j] = value.get(n.input(j));
            value.put(n.output(0), (Tensor) kernels.get(m).compute(new Recording(n), args)[0]);
        }
        assertEquals(outputs.size(), fused.length);
        for (int i = 0; i < outputs.size(); i++) {
            Tensor e = value.get(outputs.get(i)), a = (Tensor) fused[i];
            assertEquals(e.shape(), a.shape());
            for (int k = 0; k < e.size(); k++) {
                assertEquals(Float.floatToRawIntBits(e.floatData()[k]), Float.floatToRawIntBits(a.floatData()[k]),
                        "output " + i + " element " + k + ": " + e.floatData()[k] + " member by member, " + a.floatData()[k] + " fused");
            }
        }
    }

    @Test
    void aDenseLayerAndItsGradientsInBlocks() {
        SplittableRandom r = new SplittableRandom(11);
        int cols = 37;
        Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, cols), "x");
        Output b = tf.placeholder(DType.FLOAT32, Shape.of(cols), "b");
        Output column = tf.placeholder(DType.FLOAT32, Shape.of(-1, 1), "column");
        Output scalar = tf.placeholder(DType.FLOAT32, Shape.of(), "scalar");
        Output z = tf.nn.biasAdd(x, b);
        Output h = tf.nn.relu(z);
        Output m = tf.mul(column, h);
        Output t = tf.sub(scalar, tf.tanh(m));
        Output grad = tf.scope().node(NnOps.RELU_GRAD, "ReluGrad").input(t).input(z).build().output(0);
        Output sums = tf.nn.biasAddGrad(grad, "NHWC");
        List<Output> chain = List.of(z, h, m, t.node().input(1), t, grad, sums);
        List<Output> inputs = List.of(x, b, column, scalar);
        for (int rows : new int[] {1, 3, 300}) { // one block; 11,100 elements: three blocks
            Tensor[] values = {random(r, rows, cols), random(r, cols), random(r, rows, 1), random(r)};
            check(chain, inputs, List.of(sums, z, grad), values, true);
        }
        // Without the column sums, 2,000 rows (74,000 elements) are split over the cores.
        List<Output> forward = List.of(z, h, m, t.node().input(1), t);
        Tensor[] big = {random(r, 2000, cols), random(r, cols), random(r, 2000, 1), random(r)};
        check(forward, inputs, List.of(t, h), big, true);
        // Empty: the members' own kernels.
        check(forward, inputs, List.of(t), new Tensor[] {random(r, 0, cols), random(r, cols), random(r, 0, 1), random(r)}, false);
    }
}
