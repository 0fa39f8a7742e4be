package dev.nagare.device.cpu;

import dev.nagare.device.Fuser;
import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.device.ResourceKernelFactory;
import dev.nagare.device.VariableState;
import dev.nagare.device.Workers;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.NnOps;
import java.util.List;

/**
 * Groups of float32 elementwise steps run as one loop over the data: the output is cut into blocks of a few
 * thousand elements, and each block goes through every member's loop while it is in the cache, instead of each
 * member reading and writing the whole tensor in turn. A group may end with BiasAddGrad, whose column sums are
 * taken from each block as it is made (the bias-add and ReLU gradients of a dense layer in one pass).
 *
 * <p>Bits: each member runs its own float32 loop (the {@link ElementwiseKernels.Unary} and
 * {@link ElementwiseKernels.Binary} loops, ReLU's gradient from {@link FloatLoops}) on the same elements, and
 * every element is one IEEE operation of the same operands either way; BiasAddGrad adds each column's elements
 * in double in row order, as its own kernel does. So a fused step gives exactly the unfused steps' values. What
 * the blocks cannot cover (float64 or integers, empty tensors, broadcasting other than a scalar, a repeated row
 * or a stretched column, shapes that differ at run time, bad input) runs the members' own kernels one after the
 * other, whose errors name the member.
 */
final class FusedKernels {
    private FusedKernels() {}

    /** Elements per block: the members' arrays for one block stay in the L1 and L2 caches between their loops. */
    static final int BLOCK = Integer.getInteger("nagare.fusion.block", 4096);

    private enum Kind { UNARY, BINARY, BIAS_ADD, RELU_GRAD, BIAS_ADD_GRAD }

    /** The fuser of the CPU device whose kernels are {@code kernels}. */
    static Fuser fuser(KernelRegistry kernels) {
        return new Fuser() {
            @Override public boolean elementwise(Node node) {
                Kind k = kind(node, kernels);
                return k != null && k != Kind.BIAS_ADD_GRAD;
            }

            @Override public boolean reduction(Node node) { return kind(node, kernels) == Kind.BIAS_ADD_GRAD; }

            @Override public Kernel fuse(List<Node> members, List<Output> inputs, List<Output> outputs, List<Kernel> own) {
                return new Fused(members, inputs, outputs, own, kernels);
            }
        };
    }

    /** What the blocks can run {@code node} as, or null. */
    private static Kind kind(Node node, KernelRegistry kernels) {
        if (node.outputCount() != 1 || node.output(0).dtype() != DType.FLOAT32) return null;
        for (Output in : node.inputs()) if (in.dtype() != DType.FLOAT32) return null;
        switch (node.opName()) {
            case "BiasAdd" -> { return "NHWC".equals(node.attr(NnOps.DATA_FORMAT)) ? Kind.BIAS_ADD : null; }
            case "BiasAddGrad" -> { return "NHWC".equals(node.attr(NnOps.DATA_FORMAT)) ? Kind.BIAS_ADD_GRAD : null; }
            case "ReluGrad" -> { return Kind.RELU_GRAD; }
            default -> {
                var factory = kernels.find(node.opName(), DType.FLOAT32);
                int inputs = node.inputs().size();
                if (factory.isEmpty() || factory.get() instanceof ResourceKernelFactory || inputs < 1 || inputs > 2) return null;
                Kernel k;
                try {
                    k = factory.get().create(node);
                } catch (RuntimeException e) {
                    return null; // its own step will say what is wrong
                }
                CpuKernel cpu = k instanceof CpuKernel.Adapted a ? a.cpu() : null;
                if (cpu instanceof ElementwiseKernels.Unary && node.inputs().size() == 1) return Kind.UNARY;
                if (cpu instanceof ElementwiseKernels.Binary && node.inputs().size() == 2) return Kind.BINARY;
                return null;
            }
        }
    }

    /** How a binary member's operand maps onto the block: as it is, one scalar, a repeated row, or a stretched column. */
    private static final int SAME = 0, SCALAR = 1, ROW = 2, COLUMN = 3;

    private static final class Fused implements Kernel {
        private final Node[] nodes;
        private final Kind[] kinds;
        private final Object[] loops;
        /** sources[i][j]: input j of member i, as e >= 0 (the kernel's input e) or -1 - m (member m's value). */
        private final int[][] sources;
        /** outputOf[i]: where member i's value is among the kernel's outputs, or -1. */
        private final int[] outputOf;
        private final Kernel[] own;
        private final int outputCount;

        Fused(List<Node> members, List<Output> inputs, List<Output> outputs, List<Kernel> kernels, KernelRegistry registry) {
            int m = members.size();
            nodes = members.toArray(Node[]::new);
            kinds = new Kind[m];
            loops = new Object[m];
            sources = new int[m][];
            outputOf = new int[m];
            own = kernels.toArray(Kernel[]::new);
            outputCount = outputs.size();
            for (int i = 0; i < m; i++) {
                Node n = nodes[i];
                kinds[i] = kind(n, registry);
                if (kinds[i] == null) throw new IllegalArgumentException("node '" + n.name() + "' (" + n.opName() + ") cannot be fused");
                CpuKernel cpu = own[i] instanceof CpuKernel.Adapted a ? a.cpu() : null;
                if (kinds[i] == Kind.UNARY) loops[i] = ((ElementwiseKernels.Unary) cpu).f();
                if (kinds[i] == Kind.BINARY) loops[i] = ((ElementwiseKernels.Binary) cpu).f();
                if (kinds[i] == Kind.BIAS_ADD) loops[i] = ElementwiseKernels.ADD_F32;
                sources[i] = new int[n.inputs().size()];
                for (int j = 0; j < sources[i].length; j++) {
                    Output in = n.input(j);
                    int member = members.indexOf(in.node());
                    if (member >= 0 && member < i) {
                        sources[i][j] = -1 - member;
                    } else {
                        sources[i][j] = inputs.indexOf(in);
                        if (sources[i][j] < 0) throw new IllegalArgumentException("input " + in.name() + " of '" + n.name() + "' is neither a member's value nor an input");
                    }
                }
                outputOf[i] = outputs.indexOf(n.output(0));
            }
        }

        @Override
        public TensorValue[] compute(KernelContext ctx, TensorValue[] inputs) {
            Tensor[] in = new Tensor[inputs.length];
            for (int i = 0; i < in.length; i++) in[i] = (Tensor) inputs[i];
            Block b = plan(in);
            return b == null ? unfused(ctx, in) : b.run(ctx, in);
        }

        /** The block layout for these inputs, or null when the blocks cannot run them. */
        private Block plan(Tensor[] in) {
            for (Tensor t : in) if (t.dtype() != DType.FLOAT32) return null;
            int m = nodes.length;
            Shape[] shape = new Shape[m];
            Shape s = null;
            for (int i = 0; i < m; i++) {
                Shape a = shapeOf(sources[i][0], in, shape), b = sources[i].length > 1 ? shapeOf(sources[i][1], in, shape) : null;
                switch (kinds[i]) {
                    case UNARY -> shape[i] = a;
                    case BINARY -> shape[i] = Shape.broadcast(a, b);
                    case BIAS_ADD -> shape[i] = a.rank() >= 1 && b.rank() == 1 && b.dim(0) == a.dim(-1) ? a : null;
                    case RELU_GRAD -> shape[i] = a.equals(b) ? a : null;
                    case BIAS_ADD_GRAD -> shape[i] = a.rank() >= 2 ? Shape.of(a.dim(-1)) : null;
                }
                if (shape[i] == null) return null;
                if (kinds[i] == Kind.BIAS_ADD_GRAD) continue;
                if (s == null) s = shape[i];
                else if (!s.equals(shape[i])) return null;
            }
            if (s == null || Shape.elements(s.dims()) > Integer.MAX_VALUE || s.size() == 0) return null;
            int n = s.size(), unit = 1;
            int[][] modes = new int[m][], units = new int[m][];
            for (int i = 0; i < m; i++) {
                if (kinds[i] == Kind.BIAS_ADD_GRAD) {
                    unit = joinUnit(unit, s.dim(-1));
                    continue;
                }
                if (kinds[i] != Kind.BINARY && kinds[i] != Kind.BIAS_ADD) continue;
                modes[i] = new int[2];
                units[i] = new int[2];
                for (int j = 0; j < 2; j++) {
                    Shape a = shapeOf(sources[i][j], in, shape);
                    int p = Broadcast.period(a, s), q;
                    if (p == n) modes[i][j] = SAME;
                    else if (p == 1) modes[i][j] = SCALAR;
                    else if (p > 0) { modes[i][j] = ROW; units[i][j] = p; }
                    else if ((q = Broadcast.stretch(a, s)) > 0) { modes[i][j] = COLUMN; units[i][j] = q; }
                    else return null;
                }
                // As the unfused loop: a row or a column only against an operand of the output's shape.
                if (modes[i][0] >= ROW && modes[i][1] != SAME || modes[i][1] >= ROW && modes[i][0] != SAME) return null;
                for (int j = 0; j < 2; j++) if (modes[i][j] >= ROW) unit = joinUnit(unit, units[i][j]);
                if (unit < 0) return null;
            }
            if (unit < 0 || n % unit != 0) return null;
            return new Block(s, shape, modes, units, unit);
        }

        /** The smallest block size that holds whole rows of both units, if one divides the other; else -1. */
        private static int joinUnit(int a, int b) {
            if (a < 0) return -1;
            if (a % b == 0) return a;
            if (b % a == 0) return b;
            return -1;
        }

        private static Shape shapeOf(int source, Tensor[] in, Shape[] members) {
            return source >= 0 ? in[source].shape() : members[-1 - source];
        }

        /** One run's layout: the common shape, each member's shape, its operands' modes and row lengths, and the block unit. */
        private final class Block {
            final Shape s;
            final Shape[] shape;
            final int[][] modes, units;
            final int unit;

            Block(Shape s, Shape[] shape, int[][] modes, int[][] units, int unit) {
                this.s = s;
                this.shape = shape;
                this.modes = modes;
                this.units = units;
                this.unit = unit;
            }

            TensorValue[] run(KernelContext ctx, Tensor[] in) {
                int m = nodes.length, n = s.size();
                float[][] values = new float[m][];
                double[] sums = null;
                boolean reduces = false;
                for (int i = 0; i < m; i++) {
                    if (kinds[i] == Kind.BIAS_ADD_GRAD) {
                        reduces = true;
                        values[i] = ctx.floats(i, shape[i].size());
                        sums = ctx.doubles(m, shape[i].size());
                        java.util.Arrays.fill(sums, 0);
                    } else {
                        values[i] = ctx.floats(i, n);
                    }
                }
                float[][] inputs = new float[in.length][];
                for (int e = 0; e < in.length; e++) inputs[e] = in[e].floatData();
                int width = Math.max(unit, BLOCK / unit * unit), blocks = (n + width - 1) / width;
                double[] columnSums = sums;
                Workers.Range body = (b0, b1) -> {
                    for (int blk = b0; blk < b1; blk++) block(inputs, values, columnSums, blk * width, Math.min(n, (blk + 1) * width));
                };
                // Column sums are added in row order, so a group that reduces runs its blocks in order on one thread.
                if (reduces || n < ElementwiseKernels.PARALLEL_MIN) body.run(0, blocks);
                else Workers.forRange(blocks, Math.max(1, ElementwiseKernels.PARALLEL_MIN / 2 / width), body);
                TensorValue[] out = new TensorValue[outputCount];
                for (int i = 0; i < m; i++) {
                    if (kinds[i] == Kind.BIAS_ADD_GRAD) for (int c = 0; c < sums.length; c++) values[i][c] = (float) sums[c];
                    if (outputOf[i] >= 0) out[outputOf[i]] = Tensor.of(shape[i], values[i]);
                }
                return out;
            }

            /** Every member over elements [from, to) of the common shape, a whole number of units. */
            private void block(float[][] in, float[][] values, double[] sums, int from, int to) {
                for (int i = 0; i < nodes.length; i++) {
                    int[] src = sources[i];
                    float[] x = src[0] >= 0 ? in[src[0]] : values[-1 - src[0]];
                    float[] y = src.length < 2 ? null : src[1] >= 0 ? in[src[1]] : values[-1 - src[1]];
                    float[] o = values[i];
                    switch (kinds[i]) {
                        case UNARY -> ((ElementwiseKernels.FloatUnary) loops[i]).run(x, o, from, to);
                        case RELU_GRAD -> FloatLoops.reluGrad(x, y, from, o, to - from);
                        case BINARY, BIAS_ADD -> binary((ElementwiseKernels.FloatBinary) loops[i], modes[i], units[i], x, y, o, from, to);
                        case BIAS_ADD_GRAD -> FloatLoops.addRows(x, from, to, sums);
                    }
                }
            }
        }

        /** The unfused loop's calls for elements [from, to), in the same pattern (see ElementwiseKernels.floatBinary). */
        private static void binary(ElementwiseKernels.FloatBinary f, int[] mode, int[] unit, float[] x, float[] y, float[] o, int from, int to) {
            int mx = mode[0], my = mode[1], len = to - from;
            if (mx == SAME && my == SAME) f.run(x, from, 1, y, from, 1, o, from, len);
            else if (mx == SAME && my == SCALAR) f.run(x, from, 1, y, 0, 0, o, from, len);
            else if (mx == SCALAR && my == SAME) f.run(x, 0, 0, y, from, 1, o, from, len);
            else if (my == ROW) { int p = unit[1]; for (int r = from / p; r < to / p; r++) f.run(x, r * p, 1, y, 0, 1, o, r * p, p); }
            else if (mx == ROW) { int p = unit[0]; for (int r = from / p; r < to / p; r++) f.run(x, 0, 1, y, r * p, 1, o, r * p, p); }
            else if (my == COLUMN) { int q = unit[1]; for (int r = from / q; r < to / q; r++) f.run(x, r * q, 1, y, r, 0, o, r * q, q); }
            else { int q = unit[0]; for (int r = from / q; r < to / q; r++) f.run(x, r, 0, y, r * q, 1, o, r * q, q); }
        }

        /** The members' own kernels one after the other: the reference the blocks give the same bits as. */
        private TensorValue[] unfused(KernelContext ctx, Tensor[] in) {
            int m = nodes.length;
            Tensor[] values = new Tensor[m];
            for (int i = 0; i < m; i++) {
                Tensor[] args = new Tensor[sources[i].length];
                for (int j = 0; j < args.length; j++) args[j] = sources[i][j] >= 0 ? in[sources[i][j]] : values[-1 - sources[i][j]];
                values[i] = (Tensor) own[i].compute(new MemberContext(ctx, nodes[i], m + 1 + 8 * i), args)[0];
            }
            TensorValue[] out = new TensorValue[outputCount];
            for (int i = 0; i < m; i++) if (outputOf[i] >= 0) out[outputOf[i]] = values[i];
            return out;
        }
    }

    /** A member's view of the group step's context: its own node (for errors), its own buffer numbers. */
    private record MemberContext(KernelContext step, Node node, int first) implements KernelContext {
        @Override public VariableState variables() { return step.variables(); }
        @Override public Object buffer(int buffer, DType dtype, int length) { return step.buffer(first + buffer, dtype, length); }
        @Override public float[] floats(int buffer, int length) { return step.floats(first + buffer, length); }
        @Override public double[] doubles(int buffer, int length) { return step.doubles(first + buffer, length); }
    }
}
