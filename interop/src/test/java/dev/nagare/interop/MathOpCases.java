package dev.nagare.interop;

import static dev.nagare.interop.OpCase.values;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.Tf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Test graphs of the math ops: elementwise over dtypes and broadcast shapes, matmul, reductions. */
final class MathOpCases {
    private MathOpCases() {}

    static List<OpCase> all() {
        List<OpCase> cases = new ArrayList<>();
        cases.add(unary("Neg", Tf::neg, -3, 3, true));
        cases.add(unary("Abs", Tf::abs, -3, 3, true));
        cases.add(unary("Sign", Tf::sign, -3, 3, true));
        cases.add(unary("Square", Tf::square, -3, 3, true));
        cases.add(unary("Sqrt", Tf::sqrt, 0.01, 9, false));
        cases.add(unary("Exp", Tf::exp, -5, 5, false));
        cases.add(unary("Log", Tf::log, 0.01, 9, false));
        cases.add(unary("Sigmoid", Tf::sigmoid, -8, 8, false));
        cases.add(unary("Tanh", Tf::tanh, -4, 4, false));
        cases.add(binary("AddV2", Tf::add));
        cases.add(binary("Sub", Tf::sub));
        cases.add(binary("Mul", Tf::mul));
        cases.add(binary("Maximum", Tf::maximum));
        cases.add(binary("Minimum", Tf::minimum));
        cases.add(values("Div", v -> {
            Tf tf = v.variant("f32 broadcast");
            v.out(tf.div(v.feed(v.floats(2, 3)), v.feed(v.floats(Shape.of(3), 0.5, 4))));
            tf = v.variant("i32 truncating, negatives");
            v.out(tf.div(v.feed(Tensor.of(Shape.of(6), new int[] {7, -7, 7, -7, 0, 9})),
                    v.feed(Tensor.of(Shape.of(6), new int[] {2, 2, -2, -2, 5, 10}))));
            tf = v.variant("i64");
            v.out(tf.div(v.feed(v.longs(Shape.of(4), -100, 100)), v.feed(v.longs(Shape.of(4), 1, 9))));
            tf = v.variant("f64");
            v.out(tf.div(v.feed(v.doubles(3)), v.feed(v.doubles(Shape.of(3), 1, 2))));
        }));
        cases.add(values("Pow", v -> {
            Tf tf = v.variant("f32 positive base");
            v.out(tf.pow(v.feed(v.floats(Shape.of(2, 3), 0.1, 3)), v.feed(v.floats(2, 3))));
            tf = v.variant("i32");
            v.out(tf.pow(v.feed(v.ints(Shape.of(5), -4, 5)), v.feed(v.ints(Shape.of(5), 0, 4))));
        }));
        cases.add(comparison("Equal", Tf::equal, true));
        cases.add(comparison("Less", Tf::less, false));
        cases.add(comparison("Greater", Tf::greater, false));
        cases.add(values("LogicalAnd", v -> { Tf tf = v.variant("[2,3] & [3]"); v.out(tf.logicalAnd(v.feed(v.bools(2, 3)), v.feed(v.bools(3)))); }));
        cases.add(values("LogicalOr", v -> { Tf tf = v.variant("[4] or [4]"); v.out(tf.logicalOr(v.feed(v.bools(4)), v.feed(v.bools(4)))); }));
        cases.add(values("LogicalNot", v -> { Tf tf = v.variant("[2,2]"); v.out(tf.logicalNot(v.feed(v.bools(2, 2)))); }));
        for (String op : new String[] {"Sum", "Mean", "Max", "Min"}) cases.add(reduction(op));
        more(cases);
        return cases;
    }

    /** The ops added for issue 11. */
    private static void more(List<OpCase> cases) {
        cases.add(unary("Rsqrt", Tf::rsqrt, 0.01, 9, false));
        cases.add(unary("Reciprocal", Tf::reciprocal, 0.25, 4, false));
        cases.add(unary("Floor", Tf::floor, -3, 3, false));
        cases.add(unary("Ceil", Tf::ceil, -3, 3, false));
        cases.add(values("Round", v -> {
            Tf tf = v.variant("f32 halves (ties to even)");
            v.out(tf.round(v.feed(Tensor.of(Shape.of(8), new float[] {-2.5f, -1.5f, -0.5f, 0.5f, 1.5f, 2.5f, 0.4f, -0.6f}))));
            tf = v.variant("f64 [2,3]");
            v.out(tf.round(v.feed(v.doubles(2, 3))));
            // No integer variants: TensorFlow Java 1.1.0's Round on int32 returns 0 for 3 (Nagare returns the integer itself).
        }));
        cases.add(unary("Log1p", Tf::log1p, -0.9, 9, false));
        cases.add(unary("Expm1", Tf::expm1, -5, 5, false));
        cases.add(unary("Sin", Tf::sin, -6, 6, false));
        cases.add(unary("Cos", Tf::cos, -6, 6, false));
        cases.add(binary("SquaredDifference", Tf::squaredDifference));
        for (String op : new String[] {"FloorDiv", "FloorMod"}) {
            Binary f = op.equals("FloorDiv") ? Tf::floorDiv : Tf::floorMod;
            cases.add(values(op, v -> {
                Tf tf = v.variant("f32 [2,3] by [3], negatives");
                v.out(f.apply(tf, v.feed(v.floats(2, 3)), v.feed(Tensor.of(Shape.of(3), new float[] {0.7f, -1.3f, 2.5f}))));
                tf = v.variant("i32 negatives");
                v.out(f.apply(tf, v.feed(Tensor.of(Shape.of(6), new int[] {7, -7, 7, -7, 0, 9})), v.feed(Tensor.of(Shape.of(6), new int[] {2, 2, -2, -2, 5, 10}))));
                tf = v.variant("i64 scalar by [4]");
                v.out(f.apply(tf, v.feed(Tensor.scalar(-17L)), v.feed(Tensor.of(Shape.of(4), new long[] {3, -3, 5, -5}))));
                tf = v.variant("f64 [4]");
                v.out(f.apply(tf, v.feed(v.doubles(4)), v.feed(v.doubles(Shape.of(4), 0.5, 2))));
            }));
        }
        cases.add(comparison("GreaterEqual", Tf::greaterEqual, false));
        cases.add(comparison("LessEqual", Tf::lessEqual, false));
        cases.add(comparison("NotEqual", Tf::notEqual, true));
        cases.add(values("Prod", v -> {
            Tf tf = v.variant("f32 [2,3,4] axis 1");
            v.out(tf.reduceProd(v.feed(v.floats(Shape.of(2, 3, 4), -1.5, 1.5)), new int[] {1}, false));
            tf = v.variant("f64 all axes");
            v.out(tf.reduceProd(v.feed(v.doubles(Shape.of(3, 4), -1.5, 1.5))));
            tf = v.variant("i32 axis -1 keep_dims");
            v.out(tf.reduceProd(v.feed(v.ints(Shape.of(3, 4), -3, 4)), new int[] {-1}, true));
            tf = v.variant("i64 axis 0");
            v.out(tf.reduceProd(v.feed(v.longs(Shape.of(3, 2), -5, 6)), 0));
        }));
        for (String op : new String[] {"Any", "All"}) {
            cases.add(values(op, v -> {
                Tf tf = v.variant("[3,4] axis 1");
                Output x = v.feed(v.bools(3, 4));
                v.out(op.equals("Any") ? tf.reduceAny(x, 1) : tf.reduceAll(x, 1));
                tf = v.variant("[2,3] all axes keep_dims");
                x = v.feed(v.bools(2, 3));
                v.out(op.equals("Any") ? tf.reduceAny(x, new int[] {0, 1}, true) : tf.reduceAll(x, new int[] {0, 1}, true));
                tf = v.variant("[0,3] axis 0 (empty)");
                x = v.feed(v.bools(0, 3));
                v.out(op.equals("Any") ? tf.reduceAny(x, 0) : tf.reduceAll(x, 0));
            }));
        }
        cases.add(values("Relu6", v -> {
            Tf tf = v.variant("f32 [2,5]");
            v.out(tf.nn.relu6(v.feed(v.floats(Shape.of(2, 5), -4, 9))));
            tf = v.variant("f64 [6]");
            v.out(tf.nn.relu6(v.feed(v.doubles(Shape.of(6), -4, 9))));
            tf = v.variant("i32 [6]");
            v.out(tf.nn.relu6(v.feed(v.ints(6))));
            tf = v.variant("i64 [3]");
            v.out(tf.nn.relu6(v.feed(v.longs(Shape.of(3), -9, 10))));
        }));
        cases.add(values("LeakyRelu", v -> {
            Tf tf = v.variant("f32 default alpha");
            v.out(tf.nn.leakyRelu(v.feed(v.floats(2, 3))));
            tf = v.variant("f64 alpha 0.1");
            v.out(tf.nn.leakyRelu(v.feed(v.doubles(5)), 0.1));
        }));
        cases.add(unary("Elu", tf -> tf.nn::elu, -4, 4));
        cases.add(unary("Softplus", tf -> tf.nn::softplus, -30, 30));
        cases.add(values("Mod", v -> {
            Tf tf = v.variant("f32 [2,3] by [3], negatives");
            v.out(tf.mod(v.feed(v.floats(2, 3)), v.feed(Tensor.of(Shape.of(3), new float[] {0.7f, -1.3f, 2.5f}))));
            tf = v.variant("i32 negatives");
            v.out(tf.mod(v.feed(Tensor.of(Shape.of(6), new int[] {7, -7, 7, -7, 0, 9})), v.feed(Tensor.of(Shape.of(6), new int[] {2, 2, -2, -2, 5, 10}))));
            tf = v.variant("i64 scalar by [4]");
            v.out(tf.mod(v.feed(Tensor.scalar(-17L)), v.feed(Tensor.of(Shape.of(4), new long[] {3, -3, 5, -5}))));
            tf = v.variant("f64 [4]");
            v.out(tf.mod(v.feed(v.doubles(4)), v.feed(v.doubles(Shape.of(4), 0.5, 2))));
        }));
        cases.add(values("DivNoNan", v -> {
            Tf tf = v.variant("f32 by zeros too");
            v.out(tf.divNoNan(v.feed(v.floats(2, 3)), v.feed(Tensor.of(Shape.of(3), new float[] {0f, -1.5f, 2f}))));
            tf = v.variant("f64 0/0");
            v.out(tf.divNoNan(v.feed(Tensor.of(Shape.of(2), new double[] {0, 3})), v.feed(Tensor.of(Shape.of(2), new double[] {0, 0}))));
        }));
        for (String op : new String[] {"IsNan", "IsInf", "IsFinite"}) {
            Function<Tf, Function<Output, Output>> f = tf -> switch (op) {
                case "IsNan" -> tf::isNan;
                case "IsInf" -> tf::isInf;
                default -> tf::isFinite;
            };
            cases.add(values(op, v -> {
                Tf tf = v.variant("f32 special values");
                v.out(f.apply(tf).apply(v.feed(Tensor.of(Shape.of(5), new float[] {Float.NaN, 1.5f, Float.POSITIVE_INFINITY, -0f, Float.NEGATIVE_INFINITY}))));
                tf = v.variant("f64 [2,2]");
                v.out(f.apply(tf).apply(v.feed(Tensor.of(Shape.of(2, 2), new double[] {Double.NaN, -2, Double.NEGATIVE_INFINITY, 3}))));
            }));
        }
        cases.add(unary("Selu", tf -> tf.nn::selu, -4, 4));
        cases.add(unary("Softsign", tf -> tf.nn::softsign, -4, 4));
        cases.add(values("L2Loss", v -> {
            Tf tf = v.variant("f32 [3,4]");
            v.out(tf.nn.l2Loss(v.feed(v.floats(3, 4))));
            tf = v.variant("f64 [5]");
            v.out(tf.nn.l2Loss(v.feed(v.doubles(5))));
            tf = v.variant("f32 scalar");
            v.out(tf.nn.l2Loss(v.feed(v.floats(Shape.scalar(), -3, 3))));
        }));
    }

    private static OpCase unary(String op, Function<Tf, Function<Output, Output>> f, double lo, double hi) {
        return unary(op, (tf, x) -> f.apply(tf).apply(x), lo, hi, false);
    }

    /** Float values in [lo, hi) for float32 and float64, and integers when {@code ints}. */
    private static OpCase unary(String op, BiFunction<Tf, Output, Output> f, double lo, double hi, boolean ints) {
        return values(op, v -> {
            Tf tf = v.variant("f32 [2,3]");
            v.out(f.apply(tf, v.feed(v.floats(Shape.of(2, 3), lo, hi))));
            tf = v.variant("f64 [5]");
            v.out(f.apply(tf, v.feed(v.doubles(Shape.of(5), lo, hi))));
            tf = v.variant("f32 scalar");
            v.out(f.apply(tf, v.feed(v.floats(Shape.scalar(), lo, hi))));
            if (ints) {
                tf = v.variant("i32 [4]");
                v.out(f.apply(tf, v.feed(v.ints(4))));
                tf = v.variant("i64 [2,2]");
                v.out(f.apply(tf, v.feed(v.of(DType.INT64, 2, 2))));
            }
        });
    }

    private interface Binary {
        Output apply(Tf tf, Output a, Output b);
    }

    private static OpCase binary(String op, Binary f) {
        return values(op, v -> {
            Tf tf = v.variant("f32 [2,3]+[3]");
            v.out(f.apply(tf, v.feed(v.floats(2, 3)), v.feed(v.floats(3))));
            tf = v.variant("f32 [4,1]+[1,5]");
            v.out(f.apply(tf, v.feed(v.floats(4, 1)), v.feed(v.floats(1, 5))));
            tf = v.variant("i32 [4]+[4]");
            v.out(f.apply(tf, v.feed(v.ints(4)), v.feed(v.ints(4))));
            tf = v.variant("i64 scalar+[2]");
            v.out(f.apply(tf, v.feed(v.of(DType.INT64)), v.feed(v.of(DType.INT64, 2))));
            tf = v.variant("f64 [?,2]+[2]");
            v.out(f.apply(tf, v.feed(v.doubles(3, 2), Shape.of(-1, 2)), v.feed(v.doubles(2))));
        });
    }

    private static OpCase comparison(String op, Binary f, boolean bools) {
        return values(op, v -> {
            Tf tf = v.variant("f32 [2,3] vs [3]");
            v.out(f.apply(tf, v.feed(rounded(v, 2, 3)), v.feed(rounded(v, 3))));
            tf = v.variant("i32 [6]");
            v.out(f.apply(tf, v.feed(v.ints(Shape.of(6), 0, 3)), v.feed(v.ints(Shape.of(6), 0, 3))));
            tf = v.variant("i64 scalar vs [3]");
            v.out(f.apply(tf, v.feed(Tensor.scalar(1L)), v.feed(v.longs(Shape.of(3), 0, 3))));
            if (bools) {
                tf = v.variant("bool");
                v.out(f.apply(tf, v.feed(v.bools(4)), v.feed(v.bools(4))));
            }
        });
    }

    /** Floats in {-1, -0.5, ..., 1.5}, so that comparisons see equal values too. */
    private static Tensor rounded(OpCase.Variants v, int... dims) {
        Tensor t = v.ints(Shape.of(dims), -2, 4);
        float[] f = new float[t.size()];
        for (int i = 0; i < f.length; i++) f[i] = t.intData()[i] * 0.5f;
        return Tensor.of(t.shape(), f);
    }

    private static OpCase reduction(String op) {
        Function<Tf, Reduce> pick = tf -> switch (op) {
            case "Sum" -> tf::reduceSum;
            case "Mean" -> tf::reduceMean;
            case "Max" -> tf::reduceMax;
            default -> tf::reduceMin;
        };
        return values(op, v -> {
            Tf tf = v.variant("f32 [2,3,4] axis 1");
            v.out(pick.apply(tf).reduce(v.feed(v.floats(2, 3, 4)), new int[] {1}, false));
            tf = v.variant("f32 all axes");
            v.out(pick.apply(tf).reduce(v.feed(v.floats(3, 5)), null, false));
            tf = v.variant("f64 axes [0,-1] keep_dims");
            v.out(pick.apply(tf).reduce(v.feed(v.doubles(2, 3, 4)), new int[] {0, -1}, true));
            tf = v.variant("i32 axis 0");
            v.out(pick.apply(tf).reduce(v.feed(v.ints(4, 3)), new int[] {0}, false));
            tf = v.variant("i64 no axes");
            v.out(pick.apply(tf).reduce(v.feed(v.of(DType.INT64, 3, 2)), new int[0], false));
        });
    }

    private interface Reduce {
        Output reduce(Output x, int[] axes, boolean keepDims);
    }
}
