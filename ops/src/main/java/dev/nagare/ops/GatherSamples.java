package dev.nagare.ops;

import static dev.nagare.ops.OpTests.U;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.ops.OpTests.Domain;
import dev.nagare.ops.OpTests.SampleInput;
import dev.nagare.ops.OpTests.Values;
import java.util.Arrays;
import java.util.Map;

/** The float64 references and samples of GatherV2 (with batch dims) and OneHot (on any axis), for the generated tests. */
final class GatherSamples {
    private GatherSamples() {}

    /** Indices of {@code dtype} drawn from [lo, hi]. */
    private static SampleInput indices(DType dtype, int[] shape, int lo, int hi) {
        return new SampleInput(dtype, shape, Domain.whole(lo, hi), null, false);
    }

    static OpTests gather() {
        OpTests t = OpTests.of((node, in) -> {
            Values params = in.get(0), indices = in.get(1);
            int[] p = params.shape(), ix = indices.shape();
            int axis = node.<Integer>attr("axis") < 0 ? node.<Integer>attr("axis") + p.length : node.<Integer>attr("axis");
            int b = node.attr(ArrayOps.BATCH_DIMS) < 0 ? node.attr(ArrayOps.BATCH_DIMS) + ix.length : node.attr(ArrayOps.BATCH_DIMS);
            int batch = count(p, 0, b), outer = count(p, b, axis), n = p[axis], inner = count(p, axis + 1, p.length), m = count(ix, b, ix.length);
            int[] shape = new int[p.length - 1 + ix.length - b];
            System.arraycopy(p, 0, shape, 0, axis);
            System.arraycopy(ix, b, shape, axis, ix.length - b);
            System.arraycopy(p, axis + 1, shape, axis + ix.length - b, p.length - axis - 1);
            double[] out = new double[batch * outer * m * inner];
            int at = 0;
            for (int j = 0; j < batch; j++) {
                for (int o = 0; o < outer; o++) {
                    for (int i = 0; i < m; i++) {
                        int row = (int) indices.v()[j * m + i];
                        for (int k = 0; k < inner; k++) out[at++] = params.v()[((j * outer + o) * n + row) * inner + k];
                    }
                }
            }
            return new Values(shape, out);
        }, OpDef.DTypes.ALL);
        return t.sample(Map.of("axis", 0), OpTests.in(new int[] {5, 3}, U), indices(DType.INT32, new int[] {4}, 0, 4))
                .sample(Map.of("axis", 1), OpTests.in(new int[] {2, 5}, U), indices(DType.INT64, new int[] {2, 2}, 0, 4))
                .sample(Map.of("axis", -1), OpTests.in(new int[] {2, 3}, U), indices(DType.INT32, new int[] {2}, 0, 2))
                .sample(Map.of("axis", 0), OpTests.in(new int[] {4, 3}, U), indices(DType.INT32, new int[] {}, 0, 3))
                .sample(Map.of("axis", 2, "batch_dims", 1), OpTests.in(new int[] {2, 3, 4}, U), indices(DType.INT32, new int[] {2, 2}, 0, 3))
                .sample(Map.of("axis", 1, "batch_dims", 1), OpTests.in(new int[] {2, 3, 4}, U), indices(DType.INT64, new int[] {2, 3}, 0, 2))
                .sample(Map.of("axis", 2, "batch_dims", 2), OpTests.in(new int[] {2, 3, 4, 2}, U), indices(DType.INT32, new int[] {2, 3, 2}, 0, 3))
                .sample(Map.of("axis", 1, "batch_dims", -1), OpTests.in(new int[] {3, 4}, U), indices(DType.INT32, new int[] {3, 2}, 0, 3))
                .sample(Map.of("axis", 0), OpTests.in(new int[] {4, 3}, U), indices(DType.INT32, new int[] {0}, 0, 3))
                .sample(Map.of("axis", 1, "batch_dims", 1), OpTests.in(new int[] {0, 3}, U), indices(DType.INT32, new int[] {0, 2}, 0, 2));
    }

    static OpTests oneHot() {
        OpTests t = OpTests.of((node, in) -> {
            Values idx = in.get(0);
            int depth = node.attr(ArrayOps.DEPTH);
            int axis = ArrayOps.oneHotAxis(node.attr(ArrayOps.ONE_HOT_AXIS), idx.shape().length, IllegalArgumentException::new);
            boolean bool = node.attr(ArrayOps.ONE_HOT_DTYPE) == DType.BOOL;
            double on = bool ? 1 : node.attr(ArrayOps.ON_VALUE), off = bool ? 0 : node.attr(ArrayOps.OFF_VALUE);
            int[] shape = new int[idx.shape().length + 1];
            for (int i = 0, j = 0; i < shape.length; i++) shape[i] = i == axis ? depth : idx.shape()[j++];
            int before = count(idx.shape(), 0, axis), after = count(idx.shape(), axis, idx.shape().length);
            double[] out = new double[before * depth * after];
            Arrays.fill(out, off);
            for (int p = 0; p < before; p++) {
                for (int s = 0; s < after; s++) {
                    double c = idx.v()[p * after + s];
                    if (c >= 0 && c < depth) out[(p * depth + (int) c) * after + s] = on;
                }
            }
            return new Values(shape, out);
        }, OpDef.DTypes.INTEGER);
        Domain classes = Domain.whole(-1, 4); // -1 and 4 are outside the depth of 4: rows of all off
        return t.sample(Map.of("depth", 4), OpTests.in(new int[] {5}, classes))
                .sample(Map.of("depth", 3, "axis", 0, "dtype", DType.FLOAT64, "on_value", 2.5, "off_value", -1.0), OpTests.in(new int[] {2, 3}, classes))
                .sample(Map.of("depth", 4, "axis", 1, "dtype", DType.INT32, "on_value", 7.0, "off_value", 1.0), OpTests.in(new int[] {2, 3}, classes))
                .sample(Map.of("depth", 4, "axis", -1, "dtype", DType.INT64, "on_value", 5.0), OpTests.in(new int[] {2, 3}, classes))
                .sample(Map.of("depth", 4, "axis", 2, "dtype", DType.BOOL), OpTests.in(new int[] {2, 3}, classes))
                .sample(Map.of("depth", 4, "axis", 0, "dtype", DType.INT32), OpTests.in(new int[] {}, classes))
                .sample(Map.of("depth", 4, "axis", 1), OpTests.in(new int[] {0, 2}, classes))
                .sample(Map.of("depth", 0), OpTests.in(new int[] {3}, classes));
    }

    private static int count(int[] dims, int from, int to) {
        return (int) Shape.elements(Arrays.copyOfRange(dims, from, to));
    }
}
