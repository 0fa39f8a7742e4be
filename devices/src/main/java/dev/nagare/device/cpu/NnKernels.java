package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.NnOps;

/** Activation, softmax and bias kernels. */
final class NnKernels {
    private NnKernels() {}

    static void register(KernelRegistry r) {
        r.add(NnOps.RELU, CpuKernel.of(ElementwiseKernels.unary(
                (x, o, from, to) -> FloatLoops.relu(x, from, o, from, to - from), x -> x > 0 ? x : 0.0, x -> Math.max(x, 0), x -> Math.max(x, 0L))), ElementwiseKernels.NUMERIC);
        r.add(NnOps.SOFTMAX, CpuKernel.of((ctx, in) -> softmax(ctx, in[0], false)), ElementwiseKernels.FLOATING);
        r.add(NnOps.LOG_SOFTMAX, CpuKernel.of((ctx, in) -> softmax(ctx, in[0], true)), ElementwiseKernels.FLOATING);
        r.add(NnOps.BIAS_ADD, CpuKernel.bind(node -> {
            String format = node.attr(NnOps.DATA_FORMAT);
            return (ctx, in) -> {
                Shape v = in[0].shape(), b = in[1].shape();
                int c = NnOps.channelAxis(format, v, 1, ctx::fail);
                if (b.rank() != 1 || v.dim(c) != b.dim(0)) throw ctx.fail("bias of shape " + b + " does not match the channel axis " + c + " of " + v + " (" + format + ")");
                // A bias over the last axis is exactly a broadcast add; over axis 1 of NCHW, one of the bias as a column [C, 1, ..., 1].
                if (c == v.rank() - 1) return ElementwiseKernels.ADD.compute(ctx, in);
                int[] column = new int[v.rank() - 1];
                java.util.Arrays.fill(column, 1);
                column[0] = b.dim(0);
                return ElementwiseKernels.ADD.compute(ctx, new Tensor[] {in[0], Tensor.of(in[1].dtype(), Shape.of(column), in[1].data())});
            };
        }), ElementwiseKernels.NUMERIC);
        r.add(NnOps.BIAS_ADD_GRAD, CpuKernel.bind(node -> {
            String format = node.attr(NnOps.DATA_FORMAT);
            return (ctx, in) -> biasAddGrad(ctx, in[0], format);
        }), ElementwiseKernels.NUMERIC);
        r.add(NnOps.RELU_GRAD, CpuKernel.of((ctx, in) -> reluGrad(ctx, in[0], in[1])), ElementwiseKernels.FLOATING);
        r.add(NnOps.SOFTMAX_CROSS_ENTROPY, node -> (ctx, in) -> crossEntropy(ctx, (Tensor) in[0], (Tensor) in[1], false),
                ElementwiseKernels.FLOATING);
        r.add(NnOps.SPARSE_SOFTMAX_CROSS_ENTROPY, node -> (ctx, in) -> crossEntropy(ctx, (Tensor) in[0], (Tensor) in[1], true),
                ElementwiseKernels.FLOATING);
        // ---- added for issue 11 ----
        r.add(NnOps.RELU6, CpuKernel.of(ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = Math.min(Math.max(x[k], 0f), 6f); },
                x -> Math.min(Math.max(x, 0.0), 6.0), x -> Math.min(Math.max(x, 0), 6), x -> Math.min(Math.max(x, 0L), 6L))), ElementwiseKernels.NUMERIC);
        r.add(NnOps.LEAKY_RELU, CpuKernel.bind(node -> {
            // TensorFlow's alpha is a float attr: float64 kernels use its float value too.
            float alphaF = (float) (double) node.attr(NnOps.ALPHA);
            double alpha = alphaF;
            return ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = x[k] > 0 ? x[k] : x[k] * alphaF; },
                    x -> x > 0 ? x : x * alpha, null, null);
        }), ElementwiseKernels.FLOATING);
        r.add(NnOps.ELU, CpuKernel.of(ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = x[k] < 0 ? (float) Math.expm1(x[k]) : x[k]; },
                x -> x < 0 ? Math.expm1(x) : x, null, null)), ElementwiseKernels.FLOATING);
        r.add(NnOps.SOFTPLUS, CpuKernel.of(ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) softplus(x[k]); },
                NnKernels::softplus, null, null)), ElementwiseKernels.FLOATING);
        double scale = NnOps.SELU_SCALE, scaleAlpha = NnOps.SELU_SCALE * NnOps.SELU_ALPHA;
        r.add(NnOps.SELU, CpuKernel.of(ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = (float) (x[k] < 0 ? scaleAlpha * Math.expm1(x[k]) : scale * x[k]); },
                x -> x < 0 ? scaleAlpha * Math.expm1(x) : scale * x, null, null)), ElementwiseKernels.FLOATING);
        r.add(NnOps.SOFTSIGN, CpuKernel.of(ElementwiseKernels.unary((x, o, from, to) -> { for (int k = from; k < to; k++) o[k] = x[k] / (1 + Math.abs(x[k])); },
                x -> x / (1 + Math.abs(x)), null, null)), ElementwiseKernels.FLOATING);
        r.add(NnOps.TOP_K, node -> {
            int k = node.<Integer>attr("k");
            return (ctx, in) -> topK(ctx, (Tensor) in[0], k);
        }, ElementwiseKernels.NUMERIC);
        r.add(NnOps.IN_TOP_K, CpuKernel.bind(node -> {
            int k = node.<Integer>attr("k");
            return (ctx, in) -> inTopK(ctx, in[0], in[1], k);
        }), DType.FLOAT32);
        r.add(NnOps.L2_LOSS, CpuKernel.of((ctx, in) -> {
            double sum = 0;
            for (int i = 0; i < in[0].size(); i++) { double v = in[0].getDouble(i); sum += v * v; }
            return in[0].dtype() == DType.FLOAT32 ? Tensor.scalar((float) (sum / 2)) : Tensor.scalar(sum / 2);
        }), ElementwiseKernels.FLOATING);
    }

    /** The k largest of each row, largest first, ties by lower index (a stable sort of the row). */
    private static dev.nagare.graph.TensorValue[] topK(KernelContext ctx, Tensor x, int k) {
        int[] dims = x.shape().dims();
        if (dims.length == 0) throw ctx.fail("needs rank >= 1, got a scalar");
        int n = dims[dims.length - 1];
        if (k < 0 || k > n) throw ctx.fail("k = " + k + " is not in [0, " + n + "], the size of the last axis of " + x.shape());
        int[] out = dims.clone();
        out[out.length - 1] = k;
        Shape shape = Shape.of(out);
        int rows = n == 0 || k == 0 ? 0 : x.size() / n;
        int[] idx = new int[shape.size()];
        Integer[] order = new Integer[n];
        for (int r = 0; r < rows; r++) {
            int base = r * n;
            for (int j = 0; j < n; j++) order[j] = j;
            java.util.Arrays.sort(order, (p, q) -> {
                if (x.dtype() == DType.INT64) return Long.compare(x.longData()[base + q], x.longData()[base + p]);
                return Double.compare(x.getDouble(base + q), x.getDouble(base + p)); // descending; a stable sort keeps ties in index order
            });
            for (int j = 0; j < k; j++) idx[r * k + j] = order[j];
        }
        Object values = java.lang.reflect.Array.newInstance(x.data().getClass().getComponentType(), idx.length);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) System.arraycopy(x.data(), r * n + idx[r * k + j], values, r * k + j, 1);
        }
        return new dev.nagare.graph.TensorValue[] {Tensor.of(x.dtype(), shape, values), Tensor.of(shape, idx)};
    }

    /** TensorFlow's InTopKV2: fewer than k predictions of the row beat the target's; false for targets out of range or non-finite rows. */
    private static Tensor inTopK(KernelContext ctx, Tensor predictions, Tensor targets, int k) {
        if (predictions.rank() != 2 || targets.rank() != 1 || targets.shape().dim(0) != predictions.shape().dim(0)) {
            throw ctx.fail("predictions " + predictions.shape() + " and targets " + targets.shape() + " must be [batch, classes] and [batch]");
        }
        int batch = predictions.shape().dim(0), classes = predictions.shape().dim(1);
        float[] p = predictions.floatData();
        boolean[] out = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            long t = (long) targets.getDouble(b);
            if (t < 0 || t >= classes) continue;
            float target = p[b * classes + (int) t];
            boolean finite = true;
            int above = 0;
            for (int c = 0; c < classes; c++) {
                float v = p[b * classes + c];
                finite &= Float.isFinite(v);
                if (v > target) above++;
            }
            out[b] = finite && above < k;
        }
        return Tensor.of(Shape.of(batch), out);
    }

    /** log(1 + e^x) without overflow: x + log(1 + e^-x) for positive x. */
    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** The gradient where the ReLU's input was positive, zero elsewhere. */
    private static Tensor reluGrad(KernelContext ctx, Tensor g, Tensor x) {
        if (!g.shape().equals(x.shape())) throw ctx.fail("gradient " + g.shape() + " and features " + x.shape() + " differ in shape");
        int n = g.size();
        if (g.dtype() == DType.FLOAT32) {
            float[] gd = g.floatData(), xd = x.floatData(), o = ctx.floats(0, n);
            ElementwiseKernels.split(n, 1, (from, to) -> FloatLoops.reluGrad(gd, xd, from, o, to - from));
            return Tensor.of(g.shape(), o);
        }
        double[] gd = g.doubleData(), xd = x.doubleData(), o = new double[n];
        for (int k = 0; k < n; k++) o[k] = xd[k] > 0 ? gd[k] : 0;
        return Tensor.of(g.shape(), o);
    }

    /**
     * Cross-entropy per row of logits against a label distribution (dense) or class index (sparse), and its
     * gradient softmax - labels, from one pass that shifts by the row maximum: loss = logsumexp(x) - sum(z x).
     */
    private static Tensor[] crossEntropy(KernelContext ctx, Tensor logits, Tensor labels, boolean sparse) {
        if (logits.rank() != 2) throw ctx.fail("logits must be [batch, classes], got shape " + logits.shape());
        int rows = logits.shape().dim(0), cols = logits.shape().dim(1);
        if (sparse ? labels.rank() != 1 || labels.shape().dim(0) != rows : !labels.shape().equals(logits.shape())) {
            throw ctx.fail("labels of shape " + labels.shape() + " do not match logits " + logits.shape());
        }
        boolean single = logits.dtype() == DType.FLOAT32;
        // float64 results are written in place; float32 ones are rounded from double scratch at the end.
        double[] loss = ctx.doubles(single ? 2 : 0, rows);
        double[] grad = ctx.doubles(single ? 3 : 1, rows * cols);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, logits.getDouble(base + c));
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp(logits.getDouble(base + c) - max);
            double logSum = Math.log(sum) + max;
            long label = -1;
            if (sparse) {
                label = labels.dtype() == DType.INT32 ? labels.intData()[r] : labels.longData()[r];
                if (label < 0 || label >= cols) throw ctx.fail("label " + label + " of row " + r + " is outside [0, " + cols + ")");
            }
            double l = 0;
            for (int c = 0; c < cols; c++) {
                double x = logits.getDouble(base + c);
                double z = sparse ? (c == label ? 1 : 0) : labels.getDouble(base + c);
                if (z != 0) l += z * (logSum - x);
                grad[base + c] = Math.exp(x - logSum) - z;
            }
            loss[r] = l;
        }
        Shape batch = Shape.of(rows);
        if (!single) return new Tensor[] {Tensor.of(batch, loss), Tensor.of(logits.shape(), grad)};
        float[] fl = ctx.floats(0, rows), fg = ctx.floats(1, grad.length);
        for (int i = 0; i < rows; i++) fl[i] = (float) loss[i];
        for (int i = 0; i < grad.length; i++) fg[i] = (float) grad[i];
        return new Tensor[] {Tensor.of(batch, fl), Tensor.of(logits.shape(), fg)};
    }


    /**
     * Softmax over the last axis, shifted by each row's maximum so that exp never overflows:
     * softmax(x) = exp(x - max) / sum(exp(x - max)), log_softmax(x) = (x - max) - log(sum(exp(x - max))).
     */
    private static Tensor softmax(KernelContext ctx, Tensor x, boolean log) {
        if (x.rank() == 0) throw ctx.fail("needs rank >= 1, got a scalar");
        int cols = x.shape().dim(-1);
        int rows = cols == 0 ? 0 : x.size() / cols;
        boolean single = x.dtype() == DType.FLOAT32;
        float[] f = single ? x.floatData() : null;
        double[] d = single ? null : x.doubleData();
        float[] fo = single ? ctx.floats(0, x.size()) : null;
        double[] dout = single ? null : ctx.doubles(0, x.size());
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, single ? f[base + c] : d[base + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += Math.exp((single ? f[base + c] : d[base + c]) - max);
            double logSum = Math.log(sum);
            for (int c = 0; c < cols; c++) {
                double shifted = (single ? f[base + c] : d[base + c]) - max;
                double v = log ? shifted - logSum : Math.exp(shifted) / sum;
                if (single) fo[base + c] = (float) v;
                else dout[base + c] = v;
            }
        }
        return single ? Tensor.of(x.shape(), fo) : Tensor.of(x.shape(), dout);
    }

    /** BiasAddGrad: {@code g} seen as [outer, channels, inner], summed over outer and inner (in double, for floats). */
    private static Tensor biasAddGrad(KernelContext ctx, Tensor g, String format) {
        Shape shape = g.shape();
        if (shape.rank() < 2) throw ctx.fail("out_backprop must have rank >= 2, got shape " + shape);
        int c = NnOps.channelAxis(format, shape, 2, ctx::fail);
        int channels = shape.dim(c), inner = 1;
        for (int i = c + 1; i < shape.rank(); i++) inner *= shape.dim(i);
        int n = g.size();
        if (g.dtype().isInteger()) {
            long[] sums = new long[channels];
            for (int i = 0; i < n; i++) sums[i / inner % channels] += g.dtype() == DType.INT32 ? g.intData()[i] : g.longData()[i];
            if (g.dtype() == DType.INT64) return Tensor.of(Shape.of(channels), sums);
            int[] out = new int[channels];
            for (int k = 0; k < channels; k++) out[k] = (int) sums[k];
            return Tensor.of(Shape.of(channels), out);
        }
        double[] sums = new double[channels];
        if (g.dtype() == DType.FLOAT32 && inner == 1) FloatLoops.addRows(g.floatData(), 0, n, sums);
        else for (int i = 0; i < n; i++) sums[i / inner % channels] += g.getDouble(i);
        if (g.dtype() == DType.FLOAT64) return Tensor.of(Shape.of(channels), sums);
        float[] out = new float[channels];
        for (int k = 0; k < channels; k++) out[k] = (float) sums[k];
        return Tensor.of(Shape.of(channels), out);
    }
}
