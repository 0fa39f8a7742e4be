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

/** Table rows for matmul, the reductions and argmax. */
final class ReductionCases {
    private ReductionCases() {}

    /** (m, k, n): the product of an m x k and a k x n matrix, including empty ones and sizes past a kernel's blocks. */
    static final int[][] MATMUL_SIZES = {{2, 3, 4}, {1, 5, 1}, {3, 1, 2}, {0, 3, 2}, {2, 0, 3}, {2, 3, 0}, {17, 33, 9}, {64, 40, 70}};

    /** Reduction axes ({@code null}: all) over a [2,3,4] input. */
    static final int[][] AXES = {null, {0}, {1}, {2}, {-1}, {-3}, {0, 2}, {-1, 0}, {0, 1, 2}, {}};

    static Stream<OpCase> all() {
        return Stream.of(matmul(), reductions(), argmax()).flatMap(s -> s);
    }

    static Stream<OpCase> matmul() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : NUMERIC) {
            // float32 also gets a product larger than the packed kernel's k- and m-blocks (256 and 96).
            int[][] sizes = t == FLOAT32 ? Stream.concat(Arrays.stream(MATMUL_SIZES), Stream.of(new int[] {100, 300, 37})).toArray(int[][]::new) : MATMUL_SIZES;
            for (int[] mkn : sizes) {
                for (int combo = 0; combo < 4; combo++) {
                    boolean ta = (combo & 2) != 0, tb = (combo & 1) != 0;
                    int m = mkn[0], k = mkn[1], n = mkn[2];
                    rows.add(op("matmul").in(t, ta ? s(k, m) : s(m, k)).in(t, tb ? s(n, k) : s(k, n))
                            .extra((ta ? "A^T" : "A") + " x " + (tb ? "B^T" : "B")).sumBased()
                            .build((tf, in) -> tf.matmul(in[0], in[1], ta, tb))
                            .ref(in -> Reference.matmul(in[0], in[1], ta, tb)).done());
                }
            }
        }
        rows.add(op("matmul").in(FLOAT64, s(3, 2)).in(FLOAT64, s(4, 2)).extra("A x B^T").constants()
                .build((tf, in) -> tf.matmul(in[0], in[1], false, true))
                .ref(in -> Reference.matmul(in[0], in[1], false, true)).done());
        // 0 * inf and 0 * NaN are NaN, so the whole dot product is NaN.
        rows.add(op("matmul").in(FLOAT32, s(1, 2), RandomTensors.fixed(0, 1))
                .in(FLOAT32, s(2, 1), RandomTensors.fixed(Double.POSITIVE_INFINITY, 1)).extra("A x B 0*inf")
                .build((tf, in) -> tf.matmul(in[0], in[1]))
                .ref(in -> Reference.matmul(in[0], in[1], false, false)).done());
        rows.add(op("matmul").in(FLOAT64, s(1, 2), RandomTensors.fixed(0, 1))
                .in(FLOAT64, s(2, 1), RandomTensors.fixed(Double.NaN, 1)).extra("A x B 0*NaN")
                .build((tf, in) -> tf.matmul(in[0], in[1]))
                .ref(in -> Reference.matmul(in[0], in[1], false, false)).done());
        return rows.stream();
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

    static Stream<OpCase> argmax() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : NUMERIC) {
            for (int axis : new int[] {0, 1, 2, -1}) rows.add(argmaxRow(t, s(2, 3, 4), axis, INT64));
            rows.add(argmaxRow(t, s(5), 0, INT32));
            rows.add(argmaxRow(t, s(3, 4), -2, INT32));
        }
        rows.add(argmaxRow(FLOAT32, s(0, 3), 1, INT64));
        rows.add(argmaxRow(FLOAT64, s(3, 0), 0, INT64));
        rows.add(argmaxRow(INT32, s(2, 0, 3), 2, INT32));
        return rows.stream();
    }

    private static OpCase argmaxRow(DType t, int[] shape, int axis, DType outType) {
        return op("argmax").in(t, shape, RandomTensors.DISTINCT).out(outType).extra("axis=" + axis + " ->" + outType)
                .build((tf, in) -> outType == INT64 ? tf.argmax(in[0], axis) : tf.argmax(in[0], axis, outType))
                .ref(in -> Reference.argmax(in[0], axis)).done();
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[t.length - 1] = s[s.length - 2];
        t[t.length - 2] = s[s.length - 1];
        return t;
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
            for (int axis : new int[] {0, 2, -1}) {
                rows.add(op("argmin").in(t, s(2, 3, 4), RandomTensors.DISTINCT).out(INT64).extra("axis=" + axis)
                        .build((tf, in) -> tf.argmin(in[0], axis)).ref(in -> Reference.argmin(in[0], axis)).done());
            }
            rows.add(op("argmin").in(t, s(5), RandomTensors.DISTINCT).out(INT32).extra("axis=0 ->int32")
                    .build((tf, in) -> tf.argmin(in[0], 0, INT32)).ref(in -> Reference.argmin(in[0], 0)).done());
        }
        for (DType t : NUMERIC) {
            for (int axis : new int[] {0, 1, -1}) {
                for (int flags = 0; flags < 4; flags++) {
                    boolean exclusive = (flags & 1) != 0, reverse = (flags & 2) != 0;
                    rows.add(op("cumsum").in(t, s(2, 3, 4)).extra("axis=" + axis + (exclusive ? " exclusive" : "") + (reverse ? " reverse" : "")).sumBased()
                            .build((tf, in) -> tf.cumsum(in[0], axis, exclusive, reverse))
                            .ref(in -> Reference.cumsum(in[0], axis, exclusive, reverse)).done());
                }
            }
            rows.add(op("cumsum").in(t, s(0, 3)).extra("axis=1 (empty)").build((tf, in) -> tf.cumsum(in[0], 1))
                    .ref(in -> Reference.cumsum(in[0], 1, false, false)).done());
        }
        int[][][] batched = { // a, b: batch axes broadcast
            {s(2, 3, 4), s(2, 4, 5)}, {s(2, 1, 3, 4), s(3, 4, 2)}, {s(3, 4), s(2, 4, 2)}, {s(2, 3, 4), s(4, 5)}, {s(0, 2, 3), s(3, 2)},
            {s(2, 3, 0), s(2, 0, 4)},
        };
        for (DType t : NUMERIC) {
            for (int[][] ab : batched) {
                for (int combo = 0; combo < 4; combo++) {
                    boolean ta = (combo & 2) != 0, tb = (combo & 1) != 0;
                    int[] a = ta ? swapLast(ab[0]) : ab[0], b = tb ? swapLast(ab[1]) : ab[1];
                    rows.add(op("batchMatmul").in(t, a).in(t, b).extra((ta ? "A^T" : "A") + " x " + (tb ? "B^T" : "B")).sumBased()
                            .build((tf, in) -> tf.batchMatmul(in[0], in[1], ta, tb))
                            .ref(in -> Reference.batchMatmul(in[0], in[1], ta, tb)).done());
                }
            }
        }
        for (DType t : NUMERIC) {
            for (int[] sh : new int[][] {s(3, 6), s(7), s(2, 2, 4)}) {
                for (int k : new int[] {1, 3}) {
                    for (int out = 0; out < 2; out++) {
                        int which = out;
                        rows.add(op("topK").in(t, sh, RandomTensors.SMALL).out(which == 0 ? t : INT32).extra("k=" + k + (which == 0 ? " values" : " indices"))
                                .build((tf, in) -> tf.nn.topK(in[0], k).get(which)).ref(in -> Reference.topK(in[0], k, which == 1)).done());
                    }
                }
            }
        }
        rows.add(op("inTopK").in(FLOAT32, s(5, 4), RandomTensors.SMALL).in(INT32, s(5), RandomTensors.indices(-1, 5)).out(DType.BOOL).extra("k=2, ties, targets out of range")
                .build((tf, in) -> tf.nn.inTopK(in[0], in[1], 2)).ref(in -> Reference.inTopK(in[0], in[1], 2)).done());
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
