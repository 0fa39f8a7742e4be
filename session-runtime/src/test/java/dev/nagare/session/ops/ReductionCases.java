package dev.nagare.session.ops;

import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;
import static dev.nagare.session.ops.ElementwiseCases.NUMERIC;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import dev.nagare.session.ops.Reference.Reduce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Table rows for the reductions. */
final class ReductionCases {
    private ReductionCases() {}

    /** Reduction axes ({@code null}: all) over a [2,3,4] input. */
    static final int[][] AXES = {null, {0}, {1}, {2}, {-1}, {-3}, {0, 2}, {-1, 0}, {0, 1, 2}, {}};

    static Stream<OpCase> all() {
        return reductions();
    }

    interface TfReduce { Output apply(Tf tf, Output x, int[] axes, boolean keepDims); }

    static Stream<OpCase> reductions() {
        List<OpCase> rows = new ArrayList<>();
        reduction(rows, "reduceSum", Reduce.SUM, Tf::reduceSum);
        reduction(rows, "reduceMean", Reduce.MEAN, Tf::reduceMean);
        reduction(rows, "reduceMax", Reduce.MAX, Tf::reduceMax);
        reduction(rows, "reduceMin", Reduce.MIN, Tf::reduceMin);
        more(rows);
        return rows.stream();
    }

    private static void reduction(List<OpCase> rows, String name, Reduce kind, TfReduce f) {
        for (DType t : NUMERIC) {
            for (int[] axes : AXES) {
                for (boolean keep : new boolean[] {false, true}) rows.add(reduceRow(name, kind, f, t, s(2, 3, 4), axes, keep));
            }
            rows.add(reduceRow(name, kind, f, t, s(), null, false));
            rows.add(reduceRow(name, kind, f, t, s(), new int[0], true));
            rows.add(reduceRow(name, kind, f, t, s(5), s(0), false));
            rows.add(reduceRow(name, kind, f, t, s(0, 3), s(1), false));
            rows.add(reduceRow(name, kind, f, t, s(0, 3), s(1), true));
        }
        // Sums over nothing are 0 and float means over nothing are 0/0 = NaN, as in TensorFlow.
        if (kind == Reduce.SUM || kind == Reduce.MEAN) {
            for (DType t : kind == Reduce.SUM ? NUMERIC : new DType[] {FLOAT32, FLOAT64}) {
                rows.add(reduceRow(name, kind, f, t, s(0, 3), s(0), false));
                rows.add(reduceRow(name, kind, f, t, s(0, 3), null, true));
            }
        }
    }

    private static OpCase reduceRow(String name, Reduce kind, TfReduce f, DType t, int[] shape, int[] axes, boolean keep) {
        String extra = (axes == null ? "all axes" : "axes=" + Arrays.toString(axes).replace(" ", "")) + (keep ? " keepDims" : "");
        boolean integer = !t.isFloating();
        return op(name).in(t, shape).extra(extra).sumBased()
                .build((tf, in) -> axes == null && !keep ? allAxes(tf, name, in[0]) : f.apply(tf, in[0], axes, keep))
                .ref(in -> Reference.reduce(in[0], axes, keep, kind, integer)).done();
    }

    /** The no-axes overloads, which reduce everything and drop the axes. */
    private static Output allAxes(Tf tf, String name, Output x) {
        return switch (name) {
            case "reduceSum" -> tf.reduceSum(x);
            case "reduceMean" -> tf.reduceMean(x);
            case "reduceMax" -> tf.reduceMax(x);
            case "reduceMin" -> tf.reduceMin(x);
            case "reduceProd" -> tf.reduceProd(x);
            case "reduceAny" -> tf.reduceAny(x);
            case "reduceAll" -> tf.reduceAll(x);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Factors whose products stay exact in every dtype: +-1, +-2 for integers, [-1.5, 1.5) for floats. */
    private static final RandomTensors.Gen FACTORS = (t, sh, r) -> {
        double[] v = new double[Reference.count(sh)];
        for (int i = 0; i < v.length; i++) v[i] = t.isFloating() ? r.nextDouble(-1.5, 1.5) : (r.nextBoolean() ? 1 : -1) * r.nextInt(1, 3);
        return RandomTensors.tensor(t, sh, v);
    };

    /** Rows of the reductions added for issue 11, and the single-axis overloads. */
    private static void more(List<OpCase> rows) {
        for (DType t : NUMERIC) {
            for (int[] axes : AXES) {
                for (boolean keep : new boolean[] {false, true}) {
                    String extra = (axes == null ? "all axes" : "axes=" + Arrays.toString(axes).replace(" ", "")) + (keep ? " keepDims" : "");
                    rows.add(op("reduceProd").in(t, s(2, 3, 4), FACTORS).extra(extra).sumBased()
                            .build((tf, in) -> axes == null && !keep ? tf.reduceProd(in[0]) : tf.reduceProd(in[0], axes, keep))
                            .ref(in -> Reference.reduce(in[0], axes, keep, Reduce.PROD, false)).done());
                }
            }
            rows.add(op("reduceProd").in(t, s(0, 3), FACTORS).extra("axes=[0] (empty)")
                    .build((tf, in) -> tf.reduceProd(in[0], 0)).ref(in -> Reference.reduce(in[0], s(0), false, Reduce.PROD, false)).done());
            rows.add(op("reduceSum").in(t, s(2, 3, 4)).extra("axis -1 (one-axis overload)").sumBased()
                    .build((tf, in) -> tf.reduceSum(in[0], -1)).ref(in -> Reference.reduce(in[0], s(-1), false, Reduce.SUM, false)).done());
            rows.add(op("reduceMax").in(t, s(2, 3, 4)).extra("axis 1 keepDims (one-axis overload)")
                    .build((tf, in) -> tf.reduceMax(in[0], 1, true)).ref(in -> Reference.reduce(in[0], s(1), true, Reduce.MAX, false)).done());
        }
        for (String name : new String[] {"reduceAny", "reduceAll"}) {
            Reduce kind = name.equals("reduceAny") ? Reduce.ANY : Reduce.ALL;
            TfReduce f = name.equals("reduceAny") ? Tf::reduceAny : Tf::reduceAll;
            for (int[] axes : AXES) {
                for (boolean keep : new boolean[] {false, true}) rows.add(reduceRow(name, kind, f, DType.BOOL, s(2, 3, 4), axes, keep));
            }
            rows.add(reduceRow(name, kind, f, DType.BOOL, s(0, 3), s(0), false));
            rows.add(reduceRow(name, kind, f, DType.BOOL, s(), null, false));
        }
    }
}
