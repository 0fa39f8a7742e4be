package dev.nagare.ops;

import static dev.nagare.ops.OpTests.U;

import dev.nagare.ops.OpTests.Values;
import java.util.Map;

/**
 * The float64 references and samples of BiasAdd and BiasAddGrad in both data formats. A value is seen as
 * [outer, channels, inner]: NHWC has inner 1, NCHW outer = the batch and inner = the spatial axes.
 */
final class BiasSamples {
    private BiasSamples() {}

    /** {outer, channels, inner} of a value of {@code shape} in {@code format}. */
    private static int[] split(int[] shape, String format) {
        int c = format.equals("NCHW") ? 1 : shape.length - 1;
        int outer = 1, inner = 1;
        for (int i = 0; i < c; i++) outer *= shape[i];
        for (int i = c + 1; i < shape.length; i++) inner *= shape[i];
        return new int[] {outer, shape[c], inner};
    }

    static OpTests biasAdd() {
        OpTests t = OpTests.of((node, in) -> {
            Values v = in.get(0), b = in.get(1);
            int[] s = split(v.shape(), node.attr(NnOps.DATA_FORMAT));
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) out[i] = v.v()[i] + b.v()[i / s[2] % s[1]];
            return new Values(v.shape(), out);
        }, OpDef.DTypes.NUMERIC);
        int[][][] shapes = {{{4, 3}, {3}}, {{2, 2, 3}, {3}}, {{0, 3}, {3}}};
        for (int[][] sh : shapes) t = t.sample(Map.of(), OpTests.in(sh[0], U), OpTests.in(sh[1], U));
        int[][][] nchw = {{{2, 3, 4}, {3}}, {{2, 3, 2, 2}, {3}}, {{1, 2, 2, 1, 3}, {2}}, {{0, 3, 2}, {3}}};
        for (int[][] sh : nchw) t = t.sample(Map.of("data_format", "NCHW"), OpTests.in(sh[0], U), OpTests.in(sh[1], U));
        return t.sample(Map.of("data_format", "NHWC"), OpTests.in(new int[] {2, 3, 2, 2}, U), OpTests.in(new int[] {2}, U));
    }

    static OpTests biasAddGrad() {
        OpTests t = OpTests.of((node, in) -> {
            Values g = in.get(0);
            int[] s = split(g.shape(), node.attr(NnOps.DATA_FORMAT));
            double[] out = new double[s[1]];
            for (int i = 0; i < g.size(); i++) out[i / s[2] % s[1]] += g.v()[i];
            return new Values(new int[] {s[1]}, out);
        }, OpDef.DTypes.NUMERIC).float32Tolerance(1e-5);
        int[][] shapes = {{4, 3}, {2, 2, 3}, {0, 3}, {2, 3, 2, 2}};
        for (int[] sh : shapes) t = t.sample(Map.of(), OpTests.in(sh, U));
        for (int[] sh : new int[][] {{2, 3, 4}, {2, 3, 2, 2}, {3, 0, 2}, {1, 2, 1, 3, 2}}) t = t.sample(Map.of("data_format", "NCHW"), OpTests.in(sh, U));
        return t;
    }

}
