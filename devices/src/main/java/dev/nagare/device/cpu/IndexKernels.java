package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.IndexOps;
import java.lang.reflect.Array;
import java.util.Arrays;

/** GatherNd and ScatterNd: slices moved by coordinate tuples, generic over dtypes through System.arraycopy. */
final class IndexKernels {
    private IndexKernels() {}

    static void register(KernelRegistry r) {
        r.addAllTypes(IndexOps.GATHER_ND, CpuKernel.of(IndexKernels::gatherNd));
        r.add(IndexOps.SCATTER_ND, CpuKernel.bind(node -> {
            int[] shape = node.attr(IndexOps.SHAPE);
            return (ctx, in) -> scatterNd(ctx, in[0], in[1], shape);
        }), ElementwiseKernels.NUMERIC);
    }

    private static Tensor gatherNd(KernelContext ctx, Tensor[] in) {
        Tensor params = in[0], indices = in[1];
        if (indices.rank() < 1) throw ctx.fail("indices must have rank >= 1, got a scalar");
        int[] p = params.shape().dims();
        int k = indices.shape().dim(-1);
        if (k > p.length) throw ctx.fail("index tuples of " + k + " coordinates into params of shape " + params.shape());
        int[] starts = starts(ctx, indices, p, "params");
        int slice = Shape.of(Arrays.copyOfRange(p, k, p.length)).size();
        int[] out = new int[indices.rank() - 1 + p.length - k];
        System.arraycopy(indices.shape().dims(), 0, out, 0, indices.rank() - 1);
        System.arraycopy(p, k, out, indices.rank() - 1, p.length - k);
        Object src = params.data(), dst = Array.newInstance(src.getClass().getComponentType(), starts.length * slice);
        for (int t = 0; slice > 0 && t < starts.length; t++) System.arraycopy(src, starts[t], dst, t * slice, slice);
        return Tensor.of(params.dtype(), Shape.of(out), dst);
    }

    private static Tensor scatterNd(KernelContext ctx, Tensor indices, Tensor updates, int[] shape) {
        if (indices.rank() < 1) throw ctx.fail("indices must have rank >= 1, got a scalar");
        int k = indices.shape().dim(-1);
        if (k > shape.length) throw ctx.fail("index tuples of " + k + " coordinates into shape " + Arrays.toString(shape));
        int[] starts = starts(ctx, indices, shape, "the output");
        int slice = Shape.of(Arrays.copyOfRange(shape, k, shape.length)).size();
        if (updates.size() != starts.length * slice) {
            throw ctx.fail("updates of shape " + updates.shape() + " do not fit " + starts.length + " tuples of slices of " + slice + " elements");
        }
        int n = Shape.of(shape).size();
        Object out = switch (updates.data()) {
            case float[] u -> { float[] o = new float[n]; for (int t = 0; t < starts.length; t++) for (int j = 0; j < slice; j++) o[starts[t] + j] += u[t * slice + j]; yield o; }
            case double[] u -> { double[] o = new double[n]; for (int t = 0; t < starts.length; t++) for (int j = 0; j < slice; j++) o[starts[t] + j] += u[t * slice + j]; yield o; }
            case int[] u -> { int[] o = new int[n]; for (int t = 0; t < starts.length; t++) for (int j = 0; j < slice; j++) o[starts[t] + j] += u[t * slice + j]; yield o; }
            case long[] u -> { long[] o = new long[n]; for (int t = 0; t < starts.length; t++) for (int j = 0; j < slice; j++) o[starts[t] + j] += u[t * slice + j]; yield o; }
            default -> throw ctx.fail("updates of " + updates.dtype() + " cannot be summed");
        };
        return Tensor.of(updates.dtype(), Shape.of(shape), out);
    }

    /** Each tuple's flat offset into a tensor of {@code shape}; a coordinate out of range fails naming it. */
    private static int[] starts(KernelContext ctx, Tensor indices, int[] shape, String what) {
        int k = indices.shape().dim(-1);
        int tuples = Shape.of(Arrays.copyOf(indices.shape().dims(), indices.rank() - 1)).size();
        int slice = Shape.of(Arrays.copyOfRange(shape, k, shape.length)).size();
        int[] starts = new int[tuples];
        for (int t = 0; t < tuples; t++) {
            long flat = 0;
            for (int j = 0; j < k; j++) {
                long c = indices.dtype() == dev.nagare.graph.DType.INT32 ? indices.intData()[t * k + j] : indices.longData()[t * k + j];
                if (c < 0 || c >= shape[j]) {
                    throw ctx.fail("index tuple " + t + " has coordinate " + c + " on axis " + j + ", outside [0, " + shape[j] + ") of " + what + " " + Arrays.toString(shape));
                }
                flat = flat * shape[j] + c;
            }
            starts[t] = (int) (flat * slice);
        }
        return starts;
    }
}
