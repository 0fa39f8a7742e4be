package dev.nagare.device.cuda;

import dev.nagare.graph.DType;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The elementwise ops of the GPU, each as one C expression of its element(s) {@code x} (and {@code y}) of C type
 * {@code T}. Which dtypes get a kernel, and whether the op is unary or binary, comes from the op's entry (its
 * declared inputs), not from here: an op whose entry takes float64 gets a float64 kernel as soon as its
 * expression is written for floats. NaN passes through max/min/relu as it does in the CPU kernels (Java's
 * Math.max); integer division by zero, which fails the run on the CPU, gives 0 here (a kernel cannot fail one
 * element), as the README says.
 */
final class ElementwiseTable {
    private ElementwiseTable() {}

    /** An elementwise op's GPU form: its entry's name, arity and result ("T", or "bool" for comparisons). */
    record Op(String name, int arity, boolean boolResult) {}

    /** Unary ops: the expression for floats ({@code F(name)} becomes expf / exp), and for integers where it differs or exists. */
    private static final Map<String, String[]> UNARY = Map.ofEntries(
            Map.entry("Neg", new String[] {"-x", "-x"}),
            Map.entry("Abs", new String[] {"F(fabs)(x)", "(x < 0 ? -x : x)"}),
            Map.entry("Sign", new String[] {"(x != x ? x : (T) ((x > 0) - (x < 0)))", "(T) ((x > 0) - (x < 0))"}),
            Map.entry("Square", new String[] {"x * x", "x * x"}),
            Map.entry("Sqrt", new String[] {"F(sqrt)(x)", null}),
            Map.entry("Rsqrt", new String[] {"(T) 1 / F(sqrt)(x)", null}),
            Map.entry("Reciprocal", new String[] {"(T) 1 / x", null}),
            Map.entry("Exp", new String[] {"F(exp)(x)", null}),
            Map.entry("Expm1", new String[] {"F(expm1)(x)", null}),
            Map.entry("Log", new String[] {"F(log)(x)", null}),
            Map.entry("Log1p", new String[] {"F(log1p)(x)", null}),
            Map.entry("Sin", new String[] {"F(sin)(x)", null}),
            Map.entry("Cos", new String[] {"F(cos)(x)", null}),
            Map.entry("Tanh", new String[] {"F(tanh)(x)", null}),
            Map.entry("Erf", new String[] {"F(erf)(x)", null}),
            Map.entry("Floor", new String[] {"F(floor)(x)", null}),
            Map.entry("Ceil", new String[] {"F(ceil)(x)", null}),
            Map.entry("Round", new String[] {"F(rint)(x)", "x"}),
            Map.entry("Sigmoid", new String[] {"(T) 1 / ((T) 1 + F(exp)(-x))", null}),
            Map.entry("Relu", new String[] {"(x > 0 || x != x ? x : (T) 0)", "(x > 0 ? x : (T) 0)"}),
            Map.entry("Relu6", new String[] {"(x != x ? x : x < 0 ? (T) 0 : x > 6 ? (T) 6 : x)", "(x < 0 ? (T) 0 : x > 6 ? (T) 6 : x)"}),
            Map.entry("Softplus", new String[] {"(x > (T) 20 ? x : F(log1p)(F(exp)(x)))", null}),
            Map.entry("Softsign", new String[] {"x / ((T) 1 + F(fabs)(x))", null}),
            Map.entry("Elu", new String[] {"(x > 0 ? x : F(expm1)(x))", null}),
            Map.entry("Selu", new String[] {"(T) 1.0507009873554804934193349852946 * (x > 0 ? x : (T) 1.6732632423543772848170429916717 * F(expm1)(x))", null}),
            Map.entry("IsNan", new String[] {"x != x", null}),
            Map.entry("IsInf", new String[] {"F(isinf)(x)", null}),
            Map.entry("IsFinite", new String[] {"F(isfinite)(x)", null}),
            Map.entry("LogicalNot", new String[] {null, null, "!x"}));

    /** Binary ops, as UNARY: floats, integers, bools. */
    private static final Map<String, String[]> BINARY = Map.ofEntries(
            Map.entry("AddV2", new String[] {"x + y", "x + y"}),
            Map.entry("Sub", new String[] {"x - y", "x - y"}),
            Map.entry("Mul", new String[] {"x * y", "x * y"}),
            Map.entry("Div", new String[] {"x / y", "(y == 0 ? (T) 0 : x / y)"}),
            Map.entry("DivNoNan", new String[] {"(y == 0 ? (T) 0 : x / y)", null}),
            Map.entry("Pow", new String[] {"F(pow)(x, y)", "ng_ipow(x, y)"}),
            Map.entry("Maximum", new String[] {"(x != x ? x : y != y ? y : x > y ? x : y)", "(x > y ? x : y)"}),
            Map.entry("Minimum", new String[] {"(x != x ? x : y != y ? y : x < y ? x : y)", "(x < y ? x : y)"}),
            Map.entry("SquaredDifference", new String[] {"(x - y) * (x - y)", "(x - y) * (x - y)"}),
            Map.entry("FloorDiv", new String[] {"F(floor)(x / y)", "(y == 0 ? (T) 0 : (x / y) - ((x % y != 0) && ((x < 0) != (y < 0))))"}),
            Map.entry("FloorMod", new String[] {"ng_fmod_floor(x, y)", "(y == 0 ? (T) 0 : ((x % y) + y) % y)"}),
            Map.entry("Mod", new String[] {"F(fmod)(x, y)", "(y == 0 ? (T) 0 : x % y)"}),
            Map.entry("ReluGrad", new String[] {"(y > 0 ? x : (T) 0)", null}),
            Map.entry("BiasAdd", new String[] {"x + y", "x + y"}),
            Map.entry("Equal", new String[] {"x == y", "x == y", "x == y"}),
            Map.entry("NotEqual", new String[] {"x != y", "x != y", "x != y"}),
            Map.entry("Less", new String[] {"x < y", "x < y"}),
            Map.entry("LessEqual", new String[] {"x <= y", "x <= y"}),
            Map.entry("Greater", new String[] {"x > y", "x > y"}),
            Map.entry("GreaterEqual", new String[] {"x >= y", "x >= y"}),
            Map.entry("LogicalAnd", new String[] {null, null, "x && y"}),
            Map.entry("LogicalOr", new String[] {null, null, "x || y"}));

    private static final Set<String> BOOL_RESULT = Set.of("Equal", "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual",
            "IsNan", "IsInf", "IsFinite");

    /** The C expression of {@code op} on elements of {@code t}, or null where the GPU has none. */
    static String expression(String op, DType t) {
        String[] forms = UNARY.containsKey(op) ? UNARY.get(op) : BINARY.get(op);
        if (forms == null) return null;
        int i = switch (t) {
            case FLOAT32, FLOAT64 -> 0;
            case INT32, INT64 -> 1;
            case BOOL -> 2;
            default -> -1;
        };
        if (i < 0 || i >= forms.length || forms[i] == null) return null;
        String e = forms[i];
        String suffix = t == DType.FLOAT32 ? "f" : "";
        // F(name): the float32 or float64 form of a C math function (expf / exp); isinf/isfinite are overloaded already.
        e = e.replace("F(isinf)", "isinf").replace("F(isfinite)", "isfinite");
        return e.replaceAll("F\\((\\w+)\\)", "$1" + suffix);
    }

    /**
     * The elementwise ops whose entries take {@code t} and that have an expression for it, with their arity
     * from the entry (1 or 2 inputs).
     */
    static List<Op> ops(DType t) {
        List<Op> out = new ArrayList<>();
        for (String name : names()) {
            OpDef def = OpRegistry.standard().find(name).orElse(null);
            if (def == null || def.inputs() == null || expression(name, t) == null) continue;
            int arity = def.inputs().size();
            if (arity < 1 || arity > 2) continue;
            boolean takes = def.inputs().stream().allMatch(in -> in.dtypes().contains(t));
            if (takes) out.add(new Op(name, arity, BOOL_RESULT.contains(name)));
        }
        return out;
    }

    /** Every op name of the table, sorted (so generated sources are the same on every run: their hash is the cache key). */
    static List<String> names() {
        List<String> all = new ArrayList<>(UNARY.keySet());
        all.addAll(BINARY.keySet());
        all.sort(null);
        return all;
    }
}
