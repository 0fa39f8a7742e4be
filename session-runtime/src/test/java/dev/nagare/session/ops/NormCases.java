package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import dev.nagare.ops.NormOps;
import dev.nagare.session.ops.Reference.Arr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Table rows for tf.nn.moments and tf.nn.batchNormalization, compositions of other ops (the fused batch norms
 * are tested from their entries).
 */
final class NormCases {
    private NormCases() {}

    /** epsilon and exponential_avg_factor are float attrs (as in TensorFlow): the references use their float values. */
    private static final double EPS = 1e-3f;

    static Stream<OpCase> all() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : new DType[] {FLOAT32, FLOAT64}) {
            rows.add(op("moments mean").in(t, s(2, 3, 4)).extra("axes [0,1]").sumBased()
                    .build((tf, in) -> tf.nn.moments(in[0], new int[] {0, 1}, false).get(0))
                    .ref(in -> stats(in[0], true)).done());
            rows.add(op("moments variance").in(t, s(2, 3, 4)).extra("axes [0,1]").sumBased()
                    .build((tf, in) -> tf.nn.moments(in[0], new int[] {0, 1}, false).get(1))
                    .ref(in -> stats(in[0], false)).done());
            rows.add(op("batchNormalization").in(t, s(2, 3, 4)).in(t, s(4)).in(t, s(4), RandomTensors.POSITIVE).in(t, s(4)).in(t, s(4)).sumBased()
                    .build((tf, in) -> tf.nn.batchNormalization(in[0], in[1], in[2], in[3], in[4], EPS))
                    .ref(in -> {
                        Arr y = Arr.zeros(in[0].shape());
                        for (int i = 0; i < y.size(); i++) {
                            int c = i % 4;
                            y.v()[i] = (in[0].v()[i] - in[1].v()[c]) / Math.sqrt(in[2].v()[c] + EPS) * in[4].v()[c] + in[3].v()[c];
                        }
                        return y;
                    }).done());
        }
        return rows.stream();
    }

    /** Mean (or biased variance) of [2,3,4] over axes 0 and 1. */
    private static Arr stats(Arr x, boolean mean) {
        Arr out = Arr.zeros(4);
        for (int c = 0; c < 4; c++) {
            double m = 0, v = 0;
            for (int r = 0; r < 6; r++) m += x.v()[r * 4 + c] / 6;
            for (int r = 0; r < 6; r++) v += Math.pow(x.v()[r * 4 + c] - m, 2) / 6;
            out.v()[c] = mean ? m : v;
        }
        return out;
    }
}
