package dev.nagare.session.ops;

import static dev.nagare.graph.DType.BOOL;
import static dev.nagare.graph.DType.FLOAT32;
import static dev.nagare.graph.DType.FLOAT64;
import static dev.nagare.graph.DType.INT32;
import static dev.nagare.graph.DType.INT64;
import static dev.nagare.session.ops.OpCase.op;
import static dev.nagare.session.ops.OpCase.s;
import static dev.nagare.session.ops.RandomTensors.HALVES;
import static dev.nagare.session.ops.RandomTensors.NON_ZERO;
import static dev.nagare.session.ops.RandomTensors.POSITIVE;
import static dev.nagare.session.ops.RandomTensors.POW_BASES;
import static dev.nagare.session.ops.RandomTensors.SMALL;
import static dev.nagare.session.ops.RandomTensors.UNIFORM;

import dev.nagare.graph.DType;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import dev.nagare.session.ops.RandomTensors.Gen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

/** Table rows for elementwise math, comparisons, logic, select and cast. */
final class ElementwiseCases {
    private ElementwiseCases() {}

    static final DType[] NUMERIC = {FLOAT32, FLOAT64, INT32, INT64};
    static final DType[] FLOATING = {FLOAT32, FLOAT64};
    static final DType[] ALL = {FLOAT32, FLOAT64, INT32, INT64, BOOL};

    /** Same shape, vector and matrix broadcasts, scalars, rank 0 and empty tensors. */
    static final int[][][] BINARY_SHAPES = {
        {s(2, 3), s(2, 3)}, {s(2, 3), s(3)}, {s(2, 1), s(1, 4)}, {s(), s(2, 3)}, {s(2, 3), s()},
        {s(4, 1, 3), s(2, 1)}, {s(), s()}, {s(0, 3), s(3)}, {s(3, 0), s(3, 1)},
    };

    static final int[][] UNARY_SHAPES = {s(2, 3), s(), s(0, 3), s(2, 3, 4)};

    interface TfBinary { Output apply(Tf tf, Output a, Output b); }
    interface TfUnary { Output apply(Tf tf, Output x); }

    private static final Gen POW_EXPONENTS = (t, s, r) -> (t.isFloating() ? UNIFORM : RandomTensors.EXPONENTS).make(t, s, r);

    static Stream<OpCase> all() {
        return Stream.of(
                // ---- arithmetic with broadcasting ----
                binary("add", Tf::add, Double::sum, Double::sum, UNIFORM, UNIFORM, NUMERIC),
                binary("sub", Tf::sub, (a, b) -> a - b, (a, b) -> a - b, UNIFORM, UNIFORM, NUMERIC),
                binary("mul", Tf::mul, (a, b) -> a * b, (a, b) -> a * b, UNIFORM, UNIFORM, NUMERIC),
                binary("div", Tf::div, (a, b) -> a / b, Reference::truncDiv, UNIFORM, NON_ZERO, NUMERIC),
                binary("pow", Tf::pow, Math::pow, Math::pow, POW_BASES, POW_EXPONENTS, NUMERIC),
                binary("maximum", Tf::maximum, Math::max, Math::max, SMALL, UNIFORM, NUMERIC),
                binary("minimum", Tf::minimum, Math::min, Math::min, SMALL, UNIFORM, NUMERIC),
                // ---- unary ----
                unary("neg", Tf::neg, x -> -x, UNIFORM, NUMERIC),
                unary("abs", Tf::abs, Math::abs, UNIFORM, NUMERIC),
                unary("square", Tf::square, x -> x * x, UNIFORM, NUMERIC),
                unary("sqrt", Tf::sqrt, Math::sqrt, POSITIVE, FLOATING),
                unary("exp", Tf::exp, Math::exp, UNIFORM, FLOATING),
                unary("log", Tf::log, Math::log, POSITIVE, FLOATING),
                unary("relu", (tf, x) -> tf.nn.relu(x), Reference::relu, UNIFORM, NUMERIC),
                unary("sigmoid", Tf::sigmoid, Reference::sigmoid, UNIFORM, FLOATING),
                unary("tanh", Tf::tanh, Math::tanh, UNIFORM, FLOATING),
                // ---- comparisons: ties come from small whole numbers ----
                compare("equal", Tf::equal, (a, b) -> a == b, ALL),
                compare("less", Tf::less, (a, b) -> a < b, NUMERIC),
                compare("greater", Tf::greater, (a, b) -> a > b, NUMERIC),
                // ---- logic ----
                binary("logicalAnd", Tf::logicalAnd, null, (a, b) -> a != 0 && b != 0 ? 1 : 0, UNIFORM, UNIFORM, BOOL),
                binary("logicalOr", Tf::logicalOr, null, (a, b) -> a != 0 || b != 0 ? 1 : 0, UNIFORM, UNIFORM, BOOL),
                unary("logicalNot", Tf::logicalNot, x -> x != 0 ? 0 : 1, UNIFORM, BOOL),
                fixedRows(),
                more()).flatMap(s -> s);
    }

    static Stream<OpCase> binary(String name, TfBinary f, DoubleBinaryOperator floatRef, DoubleBinaryOperator intRef,
                                 Gen genA, Gen genB, DType... dtypes) {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : dtypes) {
            DoubleBinaryOperator ref = t.isFloating() ? floatRef : intRef;
            for (int[][] sh : BINARY_SHAPES) {
                rows.add(op(name).in(t, sh[0], genA).in(t, sh[1], genB)
                        .build((tf, in) -> f.apply(tf, in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], ref)).done());
            }
        }
        return rows.stream();
    }

    static Stream<OpCase> unary(String name, TfUnary f, DoubleUnaryOperator ref, Gen gen, DType... dtypes) {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : dtypes) {
            for (int[] sh : UNARY_SHAPES) {
                rows.add(op(name).in(t, sh, gen).build((tf, in) -> f.apply(tf, in[0]))
                        .ref(in -> Reference.map(in[0], ref)).done());
            }
        }
        return rows.stream();
    }

    interface DoublePredicate2 { boolean test(double a, double b); }

    static Stream<OpCase> compare(String name, TfBinary f, DoublePredicate2 p, DType... dtypes) {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : dtypes) {
            for (int[][] sh : BINARY_SHAPES) {
                rows.add(op(name).in(t, sh[0], SMALL).in(t, sh[1], SMALL).out(BOOL)
                        .build((tf, in) -> f.apply(tf, in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], (a, b) -> Reference.bool(p.test(a, b)))).done());
            }
        }
        return rows.stream();
    }

    /**
     * Rows whose inputs are constants (kernels also run on values known when the graph was built), and rows
     * of fixed special values.
     */
    static Stream<OpCase> fixedRows() {
        return Stream.of(
                op("add").in(FLOAT32, s(2, 3)).in(FLOAT32, s(3)).constants()
                        .build((tf, in) -> tf.add(in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], Double::sum)).done(),
                op("div").in(INT32, s(4, 1, 3)).in(INT32, s(2, 1), NON_ZERO).constants()
                        .build((tf, in) -> tf.div(in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], Reference::truncDiv)).done(),
                // Special values: 0 * inf is NaN, and a NaN term makes the sum NaN.
                op("mul").in(FLOAT32, s(4), RandomTensors.fixed(0, Double.POSITIVE_INFINITY, Double.NaN, -2))
                        .in(FLOAT32, s(4), RandomTensors.fixed(Double.POSITIVE_INFINITY, 0, 1, Double.NEGATIVE_INFINITY))
                        .extra("special values")
                        .build((tf, in) -> tf.mul(in[0], in[1]))
                        .ref(in -> Reference.zip(in[0], in[1], (a, b) -> a * b)).done(),
                op("sqrt").in(FLOAT64, s(3), RandomTensors.fixed(-1, 0, Double.POSITIVE_INFINITY)).extra("special values")
                        .build((tf, in) -> tf.sqrt(in[0]))
                        .ref(in -> Reference.map(in[0], Math::sqrt)).done());
    }

    /** Rows of the elementwise ops added for issue 11. */
    static Stream<OpCase> more() {
        Gen wide = RandomTensors.scaled(8);
        double alpha = (float) 0.2; // a float attr in TensorFlow
        return Stream.of(
                unary("rsqrt", Tf::rsqrt, x -> 1 / Math.sqrt(x), POSITIVE, FLOATING),
                unary("reciprocal", Tf::reciprocal, x -> 1 / x, NON_ZERO, FLOATING),
                unary("floor", Tf::floor, Math::floor, HALVES, FLOATING),
                unary("ceil", Tf::ceil, Math::ceil, HALVES, FLOATING),
                unary("round", Tf::round, Math::rint, HALVES, NUMERIC),
                unary("log1p", Tf::log1p, Math::log1p, POSITIVE, FLOATING),
                unary("expm1", Tf::expm1, Math::expm1, UNIFORM, FLOATING),
                unary("sin", Tf::sin, Math::sin, UNIFORM, FLOATING),
                unary("cos", Tf::cos, Math::cos, UNIFORM, FLOATING),
                unary("relu6", (tf, x) -> tf.nn.relu6(x), x -> Math.min(Math.max(x, 0), 6), wide, NUMERIC),
                unary("leakyRelu", (tf, x) -> tf.nn.leakyRelu(x), x -> x > 0 ? x : alpha * x, UNIFORM, FLOATING),
                unary("leakyRelu alpha=0.5", (tf, x) -> tf.nn.leakyRelu(x, 0.5), x -> x > 0 ? x : 0.5 * x, UNIFORM, FLOATING),
                unary("elu", (tf, x) -> tf.nn.elu(x), x -> x < 0 ? Math.expm1(x) : x, UNIFORM, FLOATING),
                unary("softplus", (tf, x) -> tf.nn.softplus(x), Reference::softplus, wide, FLOATING),
                binary("floorDiv", Tf::floorDiv, (a, b) -> Math.floor(a / b), (a, b) -> Math.floor(a / b), UNIFORM, NON_ZERO, NUMERIC),
                binary("floorMod", Tf::floorMod, Reference::floorMod, Reference::floorMod, UNIFORM, NON_ZERO, NUMERIC),
                binary("squaredDifference", Tf::squaredDifference, (a, b) -> (a - b) * (a - b), (a, b) -> (a - b) * (a - b), UNIFORM, UNIFORM, NUMERIC),
                compare("greaterEqual", Tf::greaterEqual, (a, b) -> a >= b, NUMERIC),
                compare("lessEqual", Tf::lessEqual, (a, b) -> a <= b, NUMERIC),
                compare("notEqual", Tf::notEqual, (a, b) -> a != b, ALL),
                binary("mod", Tf::mod, (a, b) -> a % b, (a, b) -> a % b, UNIFORM, NON_ZERO, NUMERIC),
                binary("divNoNan", Tf::divNoNan, (a, b) -> b == 0 ? 0 : a / b, null, UNIFORM, SMALL, FLOATING),
                unary("isNan", Tf::isNan, x -> Reference.bool(Double.isNaN(x)), SPECIAL, FLOATING).map(ElementwiseCases::toBool),
                unary("isInf", Tf::isInf, x -> Reference.bool(Double.isInfinite(x)), SPECIAL, FLOATING).map(ElementwiseCases::toBool),
                unary("isFinite", Tf::isFinite, x -> Reference.bool(Double.isFinite(x)), SPECIAL, FLOATING).map(ElementwiseCases::toBool),
                unary("selu", (tf, x) -> tf.nn.selu(x), x -> x < 0 ? 1.6732632423543772848170429916717 * 1.0507009873554804934193349852946 * Math.expm1(x)
                        : 1.0507009873554804934193349852946 * x, UNIFORM, FLOATING),
                unary("softsign", (tf, x) -> tf.nn.softsign(x), x -> x / (1 + Math.abs(x)), UNIFORM, FLOATING),
                l2Loss()).flatMap(s -> s);
    }

    /** NaN, infinities and ordinary values, cycling. */
    private static final Gen SPECIAL = (t, sh, r) -> {
        double[] pool = {Double.NaN, 1.5, Double.POSITIVE_INFINITY, -0.0, Double.NEGATIVE_INFINITY, -2};
        double[] v = new double[Reference.count(sh)];
        for (int i = 0; i < v.length; i++) v[i] = pool[(i + r.nextInt(6)) % 6];
        return RandomTensors.tensor(t, sh, v);
    };

    /** The unary rows of a predicate: their result is bool. */
    private static OpCase toBool(OpCase c) { return c.withOut(BOOL); }

    private static Stream<OpCase> l2Loss() {
        List<OpCase> rows = new ArrayList<>();
        for (DType t : FLOATING) {
            for (int[] sh : UNARY_SHAPES) {
                rows.add(op("l2Loss").in(t, sh).sumBased().build((tf, in) -> tf.nn.l2Loss(in[0])).ref(in -> {
                    double sum = 0;
                    for (double v : in[0].v()) sum += v * v;
                    return new Reference.Arr(new int[0], new double[] {sum / 2});
                }).done());
            }
        }
        return rows.stream();
    }
}
