package dev.nagare.ops;

import static dev.nagare.ops.OpDef.DTypes.INTEGER;
import static dev.nagare.ops.OpDef.DTypes.NUMERIC;
import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.ops.OpTests.Values;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Indexing by coordinate tuples: the last axis of {@code indices} holds K coordinates into the first K axes of
 * a tensor, and each tuple names a slice of the remaining axes.
 */
public final class IndexOps {
    private IndexOps() {}

    /** out[i...] = params[indices[i..., 0], ..., indices[i..., K-1], ...]; a tuple out of range fails the run. */
    // Each output slice came from one params slice (a slice picked twice gets both gradients): ScatterNd sums
    // g back into the params' shape, which must be known when the graph is built.
    public static final OpDef GATHER_ND = OpDef.op("GatherNd").takes(Input.of("params", OpDef.DTypes.ALL), Input.of("indices", INTEGER))
            .withAttrs().infer(IndexOps::inferGatherNd)
            .gradient((tf, op, g) -> Arrays.asList(tf.scatterNd(op.input(1), g.get(0), staticShape(op, 0)), null))
            .tf(TfMapping.untyped("GatherNd").type("Tparams", 0).type("Tindices", 1))
            .tests(() -> gatherNdTests());

    /** The shape of ScatterNd's output. */
    public static final Attr<int[]> SHAPE = Attr.ints("shape");

    /** Zeros of {@link #SHAPE} with each update added at its tuple's slice (repeated tuples add up). */
    // out[idx] += updates[i]: the gradient of updates[i] is g[idx], a GatherNd; indices get none.
    public static final OpDef SCATTER_ND = OpDef.op("ScatterNd").takes(Input.of("indices", INTEGER), Input.of("updates", NUMERIC))
            .withAttrs(SHAPE).kernelDtypeFrom(1).infer(IndexOps::inferScatterNd)
            .gradient((tf, op, g) -> Arrays.asList(null, tf.gatherNd(g.get(0), op.input(0))))
            .tf(TfMapping.untyped("ScatterNd").type("T", 1).type("Tindices", 0).input(SHAPE, 2, 0))
            .tests(() -> scatterNdTests());

    public static final List<OpDef> ALL = List.of(GATHER_ND, SCATTER_ND);

    private static List<TensorSpec> inferGatherNd(InferenceContext ctx) {
        Shape params = ctx.shape(0), indices = ctx.shape(1);
        if (indices.hasRank() && indices.rank() < 1) throw ctx.fail("indices must have rank >= 1, got a scalar");
        if (!params.hasRank() || !indices.hasRank() || indices.dim(-1) == Shape.UNKNOWN) return one(ctx.dtype(0), Shape.unknownRank());
        int k = indices.dim(-1);
        if (k > params.rank()) throw ctx.fail("index tuples of " + k + " coordinates into params of rank " + params.rank() + " " + params);
        int[] out = new int[indices.rank() - 1 + params.rank() - k];
        for (int i = 0; i < indices.rank() - 1; i++) out[i] = indices.dim(i);
        for (int i = k; i < params.rank(); i++) out[indices.rank() - 1 + i - k] = params.dim(i);
        return one(ctx.dtype(0), Shape.of(out));
    }

    private static List<TensorSpec> inferScatterNd(InferenceContext ctx) {
        int[] shape = ctx.attr(SHAPE);
        for (int d : shape) if (d < 0) throw ctx.fail("shape " + Arrays.toString(shape) + " has a negative size");
        Shape indices = ctx.shape(0), updates = ctx.shape(1);
        if (indices.hasRank() && indices.rank() < 1) throw ctx.fail("indices must have rank >= 1, got a scalar");
        if (indices.hasRank() && indices.dim(-1) != Shape.UNKNOWN) {
            int k = indices.dim(-1);
            if (k > shape.length) throw ctx.fail("index tuples of " + k + " coordinates into shape " + Arrays.toString(shape));
            int[] expected = new int[indices.rank() - 1 + shape.length - k];
            for (int i = 0; i < indices.rank() - 1; i++) expected[i] = indices.dim(i);
            for (int i = k; i < shape.length; i++) expected[indices.rank() - 1 + i - k] = shape[i];
            if (!updates.isCompatibleWith(Shape.of(expected))) {
                throw ctx.fail("updates of shape " + updates + " do not fit indices " + indices + " into shape " + Arrays.toString(shape) + ": expected " + Shape.of(expected));
            }
        }
        return one(ctx.dtype(1), Shape.of(shape));
    }

    private static int[] staticShape(Node op, int input) {
        Shape s = op.input(input).shape();
        if (!s.isFullyDefined()) throw GraphException.at(op.name(), op.opName(), "its gradient needs the full shape of input " + input + ", got " + s);
        return s.dims();
    }

    // ---- float64 references and samples ----

    /** For each index tuple: its flat offset into a tensor of {@code shape}, and the size of the slice it names. */
    private static int[] offsets(Values indices, int[] shape) {
        int k = indices.shape()[indices.shape().length - 1], tuples = count(Arrays.copyOf(indices.shape(), indices.shape().length - 1));
        int[] out = new int[tuples];
        int slice = count(Arrays.copyOfRange(shape, k, shape.length));
        for (int t = 0; t < tuples; t++) {
            int flat = 0;
            for (int j = 0; j < k; j++) flat = flat * shape[j] + (int) indices.v()[t * k + j];
            out[t] = flat * slice;
        }
        return out;
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) n *= d;
        return n;
    }

    private static OpTests gatherNdTests() {
        OpTests t = OpTests.of((node, in) -> {
            Values params = in.get(0), indices = in.get(1);
            int k = indices.shape()[indices.shape().length - 1];
            int[] shape = (int[]) inferredShape(indices.shape(), params.shape(), k);
            int slice = count(Arrays.copyOfRange(params.shape(), k, params.shape().length));
            int[] at = offsets(indices, params.shape());
            double[] out = new double[at.length * slice];
            for (int t2 = 0; t2 < at.length; t2++) for (int j = 0; j < slice; j++) out[t2 * slice + j] = params.v()[at[t2] + j];
            return new Values(shape, out);
        }, OpDef.DTypes.ALL);
        OpTests.Domain u = OpTests.U;
        return t.sample(Map.of(), OpTests.in(new int[] {4, 3}, u), OpTests.fixed(DType.INT32, new int[] {2, 2}, 1, 0, 3, 2))
                .sample(Map.of(), OpTests.in(new int[] {4, 3}, u), OpTests.fixed(DType.INT64, new int[] {3, 1}, 2, 0, 2))
                .sample(Map.of(), OpTests.in(new int[] {2, 3, 4}, u), OpTests.fixed(DType.INT32, new int[] {2, 2, 2}, 1, 2, 0, 0, 1, 1, 0, 2))
                .sample(Map.of(), OpTests.in(new int[] {3, 4}, u), OpTests.fixed(DType.INT32, new int[] {2}, 2, 3))
                .sample(Map.of(), OpTests.in(new int[] {3, 4}, u), OpTests.fixed(DType.INT32, new int[] {0, 2}));
    }

    private static Object inferredShape(int[] indices, int[] params, int k) {
        int[] out = new int[indices.length - 1 + params.length - k];
        System.arraycopy(indices, 0, out, 0, indices.length - 1);
        System.arraycopy(params, k, out, indices.length - 1, params.length - k);
        return out;
    }

    private static OpTests scatterNdTests() {
        OpTests t = OpTests.of((node, in) -> {
            Values indices = in.get(0), updates = in.get(1);
            int[] shape = node.attr(SHAPE);
            int k = indices.shape()[indices.shape().length - 1];
            int slice = count(Arrays.copyOfRange(shape, k, shape.length));
            int[] at = offsets(indices, shape);
            double[] out = new double[count(shape)];
            for (int t2 = 0; t2 < at.length; t2++) for (int j = 0; j < slice; j++) out[at[t2] + j] += updates.v()[t2 * slice + j];
            return new Values(shape, out);
        }, NUMERIC);
        OpTests.Domain u = OpTests.U;
        return t.sample(Map.of("shape", new int[] {5, 2}), OpTests.fixed(DType.INT32, new int[] {3, 1}, 1, 3, 1), OpTests.in(new int[] {3, 2}, u))
                .sample(Map.of("shape", new int[] {3, 2}), OpTests.fixed(DType.INT64, new int[] {2, 2}, 0, 1, 2, 0), OpTests.in(new int[] {2}, u))
                .sample(Map.of("shape", new int[] {4}), OpTests.fixed(DType.INT32, new int[] {1, 1}, 2), OpTests.in(new int[] {1}, u))
                .sample(Map.of("shape", new int[] {4, 2}), OpTests.fixed(DType.INT32, new int[] {0, 1}), OpTests.in(new int[] {0, 2}, u));
    }
}
