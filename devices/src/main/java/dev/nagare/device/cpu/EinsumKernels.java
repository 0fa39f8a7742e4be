package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.EinsumOps;
import dev.nagare.ops.EinsumOps.Equation;

/**
 * Einsum as a batched matrix product. The letters fall into groups: batch (in both operands and the output),
 * free in x (x and output), free in y (y and output), contracted (both operands, not the output) and summed
 * (one operand only, not the output). Each operand is summed over its own summed letters and laid out
 * [batch, free, contracted] (y: [batch, contracted, free]); a product of [M, K] by [K, N] matrices per batch
 * element gives [batch, free x, free y], which is laid out in the output's order. One operand: summed over the
 * letters the output lacks, then laid out. Float sums are taken in double, integer ones in long.
 */
final class EinsumKernels {
    private EinsumKernels() {}

    static void register(KernelRegistry r) {
        r.add(EinsumOps.EINSUM, CpuKernel.bind(node -> {
            Equation eq = EinsumOps.equation(node);
            return (ctx, in) -> einsum(ctx, eq, in);
        }), ElementwiseKernels.NUMERIC);
    }

    private static Tensor einsum(KernelContext ctx, Equation eq, Tensor[] in) {
        int[] size = new int[128];
        java.util.Arrays.fill(size, -1);
        for (int i = 0; i < in.length; i++) {
            String letters = eq.operands().get(i);
            if (in[i].rank() != letters.length()) throw ctx.fail("equation '" + eq.text() + "': operand " + i + " '" + letters + "' needs rank " + letters.length() + ", got shape " + in[i].shape());
            for (int k = 0; k < letters.length(); k++) {
                char c = letters.charAt(k);
                int d = in[i].shape().dim(k);
                if (size[c] >= 0 && size[c] != d) throw ctx.fail("equation '" + eq.text() + "': letter '" + c + "' has size " + size[c] + " and " + d);
                size[c] = d;
            }
        }
        String out = eq.output();
        int[] outDims = new int[out.length()];
        for (int k = 0; k < outDims.length; k++) outDims[k] = size[out.charAt(k)];
        Shape shape = Sizes.shape(ctx, outDims);
        boolean integer = in[0].dtype().isInteger(); // exact in long (int32 wraps as TensorFlow's does), else double
        Object result;
        if (in.length == 1) {
            result = sum(in[0], targets(eq.operands().get(0), out, size), Shape.of(outDims).size(), integer);
        } else {
            String x = eq.operands().get(0), y = eq.operands().get(1);
            StringBuilder batch = new StringBuilder(), freeX = new StringBuilder(), freeY = new StringBuilder(), contracted = new StringBuilder();
            for (char c : x.toCharArray()) {
                boolean inY = y.indexOf(c) >= 0, inOut = out.indexOf(c) >= 0;
                if (inY && inOut) batch.append(c);
                else if (inOut) freeX.append(c);
                else if (inY) contracted.append(c);
            }
            for (char c : y.toCharArray()) if (x.indexOf(c) < 0 && out.indexOf(c) >= 0) freeY.append(c);
            int b = count(batch, size), m = count(freeX, size), k = count(contracted, size), n = count(freeY, size);
            Object a = sum(in[0], targets(x, "" + batch + freeX + contracted, size), b * m * k, integer);
            Object bb = sum(in[1], targets(y, "" + batch + contracted + freeY, size), b * k * n, integer);
            Object c = integer ? product((long[]) a, (long[]) bb, b, m, k, n) : product((double[]) a, (double[]) bb, b, m, k, n);
            // c is [batch..., freeX..., freeY...] flattened: the letters in that order
            Tensor grouped = integer ? Tensor.of(Shape.of(b, m, n), (long[]) c) : Tensor.of(Shape.of(b, m, n), (double[]) c);
            result = sum(grouped, targets("" + batch + freeX + freeY, out, size), shape.size(), integer);
        }
        return switch (in[0].dtype()) {
            case FLOAT64 -> Tensor.of(shape, (double[]) result);
            case INT64 -> Tensor.of(shape, (long[]) result);
            case INT32 -> { long[] l = (long[]) result; int[] o = new int[l.length]; for (int i = 0; i < o.length; i++) o[i] = (int) l[i]; yield Tensor.of(shape, o); }
            default -> { double[] d = (double[]) result; float[] o = new float[d.length]; for (int i = 0; i < o.length; i++) o[i] = (float) d[i]; yield Tensor.of(shape, o); }
        };
    }

    /** One multiply-add of the product, c[ci] += a[ai] * b[bi], in the arrays of one element type. */
    private interface MulAdd {
        void apply(int ci, int ai, int bi);
    }

    /** Per batch element, [m, k] times [k, n], into c [batch, m, n] (which starts at zero). */
    private static void product(int batch, int m, int k, int n, MulAdd step) {
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < m; i++) {
                int row = (t * m + i) * n;
                for (int p = 0; p < k; p++) {
                    int ai = (t * m + i) * k + p, from = (t * k + p) * n;
                    for (int j = 0; j < n; j++) step.apply(row + j, ai, from + j);
                }
            }
        }
    }

    private static double[] product(double[] a, double[] b, int batch, int m, int k, int n) {
        double[] c = new double[batch * m * n];
        product(batch, m, k, n, (ci, ai, bi) -> c[ci] += a[ai] * b[bi]);
        return c;
    }

    private static long[] product(long[] a, long[] b, int batch, int m, int k, int n) {
        long[] c = new long[batch * m * n];
        product(batch, m, k, n, (ci, ai, bi) -> c[ci] += a[ai] * b[bi]);
        return c;
    }

    /** {@code x}'s elements added into {@code length} sums, element e into sum {@code to[e]}: long[] or double[]. */
    private static Object sum(Tensor x, int[] to, int length, boolean integer) {
        if (integer) {
            long[] out = new long[length];
            switch (x.data()) {
                case int[] a -> { for (int e = 0; e < a.length; e++) out[to[e]] += a[e]; }
                case long[] a -> { for (int e = 0; e < a.length; e++) out[to[e]] += a[e]; }
                default -> throw new IllegalStateException("not an integer tensor: " + x.dtype());
            }
            return out;
        }
        double[] out = new double[length];
        for (int e = 0; e < to.length; e++) out[to[e]] += x.getDouble(e);
        return out;
    }

    private static int count(CharSequence letters, int[] size) {
        int n = 1;
        for (int i = 0; i < letters.length(); i++) n *= size[letters.charAt(i)];
        return n;
    }

    /**
     * For each element of a tensor whose axes are {@code letters} (row-major), its position in a layout with the
     * axes of {@code target}; elements that differ only along letters {@code target} lacks share a position (they
     * are summed there).
     */
    private static int[] targets(String letters, String target, int[] size) {
        int[] dims = new int[letters.length()];
        for (int k = 0; k < dims.length; k++) dims[k] = size[letters.charAt(k)];
        int[] targetStride = new int[letters.length()]; // how far one step along each letter moves in the target
        int stride = 1;
        for (int k = target.length() - 1; k >= 0; k--) {
            targetStride[letters.indexOf(target.charAt(k))] = stride;
            stride *= size[target.charAt(k)];
        }
        int n = count(letters, size);
        int[] to = new int[n];
        int[] index = new int[dims.length];
        int at = 0;
        for (int e = 0; e < n; e++) {
            to[e] = at;
            for (int k = dims.length - 1; k >= 0; k--) { // odometer over the letters, moving the target offset along
                at += targetStride[k];
                if (++index[k] < dims[k]) break;
                at -= targetStride[k] * dims[k];
                index[k] = 0;
            }
        }
        return to;
    }
}
