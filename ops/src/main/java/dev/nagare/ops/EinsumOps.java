package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.OpDef.Input;
import dev.nagare.ops.OpTests.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Einstein summation of one or two operands, as TensorFlow's Einsum: {@code "ij,jk->ik"} multiplies
 * matrices, {@code "bhqd,bhkd->bhqk"} is attention's scores, {@code "ij->ji"} transposes, {@code "ij->"} sums.
 *
 * <p>Accepted equations: one or two operands, each a string of distinct letters (a-z, A-Z; none for a
 * scalar), then {@code "->"} and the output's distinct letters, each of which appears in an operand. A letter
 * in both operands is multiplied along; one that is not in the output is summed over. Sizes of one letter must
 * be equal (no broadcasting). Rejected, with an error naming the node and the equation: ellipses
 * ({@code "..."}), a letter repeated within one operand (diagonals) or in the output, three or more operands,
 * and an equation without {@code "->"}.
 */
public final class EinsumOps {
    private EinsumOps() {}

    public static final Attr<String> EQUATION = new Attr<>("equation", String.class, null, true);

    /** A parsed equation: each operand's letters and the output's. */
    public record Equation(List<String> operands, String output) {
        /**
         * Parses {@code equation}; a form outside the accepted ones fails with an IllegalArgumentException that
         * says why (the callers name the node).
         */
        public static Equation parse(String equation) {
            if (equation.contains(".")) throw new IllegalArgumentException("ellipses ('...') are not supported");
            int arrow = equation.indexOf("->");
            if (arrow < 0 || equation.indexOf("->", arrow + 1) >= 0) throw new IllegalArgumentException("needs exactly one '->' before the output's letters");
            String lhs = equation.substring(0, arrow), out = equation.substring(arrow + 2);
            List<String> operands = List.of(lhs.split(",", -1));
            if (operands.size() > 2) throw new IllegalArgumentException("has " + operands.size() + " operands; at most 2 are supported");
            for (String op : operands) distinctLetters(op, "operand '" + op + "'");
            distinctLetters(out, "the output '" + out + "'");
            for (char c : out.toCharArray()) {
                if (operands.stream().noneMatch(op -> op.indexOf(c) >= 0)) throw new IllegalArgumentException("output letter '" + c + "' is in no operand");
            }
            return new Equation(operands, out);
        }

        private static void distinctLetters(String s, String what) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')) throw new IllegalArgumentException(what + " has '" + c + "', not a letter");
                if (s.indexOf(c) != i) throw new IllegalArgumentException(what + " repeats '" + c + "' (diagonals are not supported)");
            }
        }

        /** The equation as TensorFlow writes it. */
        public String text() { return String.join(",", operands) + "->" + output; }
    }

    /** The parsed equation of {@code node}; an unaccepted one fails naming the node and the equation. */
    public static Equation equation(Node node) { return parse(node.name(), node.attr(EQUATION)); }

    private static Equation parse(String node, String equation) {
        try {
            return Equation.parse(equation);
        } catch (IllegalArgumentException e) {
            throw GraphException.at(node, "Einsum", "equation '" + equation + "' " + e.getMessage());
        }
    }

    /**
     * The sum over the letters not in the output of the products of the operands' elements, indexed by the
     * letters of {@link #EQUATION}. Floats and integers, as TensorFlow's CPU kernels.
     */
    // For operand x with letters A (the other operand's B, the output's C, upstream g over C):
    // dx[A] = sum over the letters not in A of g[C] y[B], which is einsum("C,B->K") over K = the letters of A
    // that are in C or B, broadcast along the letters only A has (x was summed over them, so each of its
    // elements along them got the same gradient).
    public static final OpDef EINSUM = OpDef.op("Einsum").takes(Input.list("inputs", OpDef.DTypes.NUMERIC)).withAttrs(EQUATION)
            .infer(EinsumOps::infer).gradient(EinsumOps::gradient)
            .tf(TfMapping.same("Einsum").count("N").attr(EQUATION, "equation"))
            .tests(() -> samples());

    public static final List<OpDef> ALL = List.of(EINSUM);

    private static List<TensorSpec> infer(InferenceContext ctx) {
        Equation eq = parse(ctx.nodeName(), ctx.attr(EQUATION));
        if (ctx.inputCount() != eq.operands().size()) {
            throw ctx.fail("equation '" + eq.text() + "' has " + eq.operands().size() + " operand(s), got " + ctx.inputCount() + " input(s)");
        }
        DType t = ctx.inputCount() == 2 ? Shapes.sameDtype(ctx, 0, 1) : ctx.dtype(0);
        int[] sizes = new int[128];
        Arrays.fill(sizes, Shape.UNKNOWN);
        for (int i = 0; i < ctx.inputCount(); i++) {
            String letters = eq.operands().get(i);
            Shape s = ctx.shape(i);
            if (!s.hasRank()) continue;
            if (s.rank() != letters.length()) {
                throw ctx.fail("equation '" + eq.text() + "': operand " + i + " '" + letters + "' needs rank " + letters.length() + ", got shape " + s);
            }
            for (int k = 0; k < letters.length(); k++) {
                char c = letters.charAt(k);
                int d = s.dim(k);
                if (d == Shape.UNKNOWN) continue;
                if (sizes[c] != Shape.UNKNOWN && sizes[c] != d) {
                    throw ctx.fail("equation '" + eq.text() + "': letter '" + c + "' has size " + sizes[c] + " and " + d + " (shapes "
                            + ctx.inputs().stream().map(o -> o.shape().toString()).toList() + ")");
                }
                sizes[c] = d;
            }
        }
        int[] out = new int[eq.output().length()];
        for (int k = 0; k < out.length; k++) out[k] = sizes[eq.output().charAt(k)];
        return one(t, Shape.of(out));
    }

    private static List<Output> gradient(Tf tf, Node op, List<Output> up) {
        Equation eq = equation(op);
        List<Output> grads = new ArrayList<>();
        for (int i = 0; i < eq.operands().size(); i++) {
            String a = eq.operands().get(i), c = eq.output();
            String b = eq.operands().size() == 2 ? eq.operands().get(1 - i) : null;
            StringBuilder kept = new StringBuilder();
            for (char l : a.toCharArray()) if (c.indexOf(l) >= 0 || b != null && b.indexOf(l) >= 0) kept.append(l);
            Output partial = b == null ? tf.einsum(c + "->" + kept, up.get(0)) : tf.einsum(c + "," + b + "->" + kept, up.get(0), op.input(1 - i));
            if (kept.length() < a.length()) { // letters only this operand has: put them back as size 1, then broadcast
                for (int k = 0; k < a.length(); k++) if (kept.indexOf(String.valueOf(a.charAt(k))) < 0) partial = tf.expandDims(partial, k);
                partial = tf.add(tf.zerosLike(op.input(i)), partial);
            }
            grads.add(partial);
        }
        return grads;
    }

    // ---- float64 reference and samples ----

    /** The definition, a loop over every assignment of sizes to the letters. */
    private static Values reference(Node node, List<Values> in) {
        Equation eq = equation(node);
        StringBuilder all = new StringBuilder(eq.output());
        int[] size = new int[128];
        for (int i = 0; i < in.size(); i++) {
            String letters = eq.operands().get(i);
            for (int k = 0; k < letters.length(); k++) {
                size[letters.charAt(k)] = in.get(i).shape()[k];
                if (all.indexOf(String.valueOf(letters.charAt(k))) < 0) all.append(letters.charAt(k));
            }
        }
        int[] outShape = new int[eq.output().length()];
        for (int k = 0; k < outShape.length; k++) outShape[k] = size[eq.output().charAt(k)];
        double[] out = new double[Shape.of(outShape).size()];
        int[] value = new int[128];
        long combos = 1;
        for (char l : all.toString().toCharArray()) combos *= size[l];
        for (long n = 0; n < combos; n++) {
            long rem = n;
            for (int k = all.length() - 1; k >= 0; k--) { value[all.charAt(k)] = (int) (rem % size[all.charAt(k)]); rem /= size[all.charAt(k)]; }
            double product = 1;
            for (int i = 0; i < in.size(); i++) product *= in.get(i).v()[flat(eq.operands().get(i), in.get(i).shape(), value)];
            out[flat(eq.output(), outShape, value)] += product;
        }
        return new Values(outShape, out);
    }

    private static int flat(String letters, int[] shape, int[] value) {
        int f = 0;
        for (int k = 0; k < letters.length(); k++) f = f * shape[k] + value[letters.charAt(k)];
        return f;
    }

    private static OpTests samples() {
        OpTests t = OpTests.of(EinsumOps::reference, OpDef.DTypes.NUMERIC).float32Tolerance(1e-5);
        Object[][] rows = {
            {"ij,jk->ik", new int[] {2, 3}, new int[] {3, 4}},
            {"bij,bjk->bik", new int[] {2, 2, 3}, new int[] {2, 3, 2}},
            {"ij->ji", new int[] {2, 3}},
            {"ij,ij->", new int[] {2, 3}, new int[] {2, 3}},
            {"bi,bi->b", new int[] {3, 4}, new int[] {3, 4}},
            {"i,j->ij", new int[] {3}, new int[] {4}},
            {"bhqd,bhkd->bhqk", new int[] {1, 2, 3, 4}, new int[] {1, 2, 2, 4}},
            {"ij->i", new int[] {2, 3}},
            {"ij,jk->ki", new int[] {2, 3}, new int[] {3, 2}},
            {"ij,jk->k", new int[] {2, 3}, new int[] {3, 2}},
            {"i,i->i", new int[] {4}, new int[] {4}},
            {"ijk,jl->lik", new int[] {2, 3, 2}, new int[] {3, 2}},
            {"ij,jk->ik", new int[] {0, 3}, new int[] {3, 2}},
            {"ij,jk->ik", new int[] {2, 0}, new int[] {0, 3}},
        };
        for (Object[] r : rows) {
            OpTests.SampleInput[] in = new OpTests.SampleInput[r.length - 1];
            for (int i = 1; i < r.length; i++) in[i - 1] = OpTests.in((int[]) r[i], OpTests.U);
            t = t.sample(Map.of("equation", r[0]), in);
        }
        return t;
    }
}
