package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.NormOps;

/**
 * Fused batch normalization and its gradient, in either data format, float32 or float64. Statistics are
 * summed in double per channel (two passes: mean, then squared deviations); results are written in the
 * input's dtype. Element (n, s, c) of a 4-D tensor with spatial size S and C channels sits at
 * {@code (n S + s) C + c} (NHWC) or {@code (n C + c) S + s} (NCHW).
 */
final class NormKernels {
    private NormKernels() {}

    // Buffer numbers: outputs first, then the per-channel double scratch.
    private static final int SUM = 10, SUM2 = 11, MEAN = 12, INV = 13;

    static void register(KernelRegistry r) {
        r.add(NormOps.FUSED_BATCH_NORM, node -> {
            NormOps.Attrs a = NormOps.Attrs.of(node);
            return (ctx, in) -> forward(ctx, a, (Tensor) in[0], (Tensor) in[1], (Tensor) in[2], (Tensor) in[3], (Tensor) in[4]);
        }, ElementwiseKernels.FLOATING);
        r.add(NormOps.FUSED_BATCH_NORM_GRAD, node -> {
            NormOps.Attrs a = NormOps.Attrs.of(node);
            return (ctx, in) -> backward(ctx, a, (Tensor) in[0], (Tensor) in[1], (Tensor) in[2], (Tensor) in[3], (Tensor) in[4]);
        }, ElementwiseKernels.FLOATING);
    }

    /** Sizes of a 4-D x: {n, spatial, channels}. */
    private static int[] sizes(KernelContext ctx, NormOps.Attrs a, Tensor x) {
        if (x.rank() != 4) throw ctx.fail("x must be 4-D (" + (a.nchw() ? "NCHW" : "NHWC") + "), got shape " + x.shape());
        Shape s = x.shape();
        int c = s.dim(a.nchw() ? 1 : 3);
        return new int[] {s.dim(0), Math.multiplyExact(s.dim(a.nchw() ? 2 : 1), s.dim(a.nchw() ? 3 : 2)), c};
    }

    private static void vector(KernelContext ctx, Tensor v, String what, int c, Tensor x) {
        if (v.rank() != 1 || v.size() != c) throw ctx.fail(what + " of shape " + v.shape() + " does not match the " + c + " channels of x " + x.shape());
    }

    private static TensorValue[] forward(KernelContext ctx, NormOps.Attrs a, Tensor x, Tensor scale, Tensor offset, Tensor mean, Tensor var) {
        int[] z = sizes(ctx, a, x);
        int n = z[0], sp = z[1], c = z[2];
        vector(ctx, scale, "scale", c, x);
        vector(ctx, offset, "offset", c, x);
        // In training with factor 1 the old statistics are not read, and TensorFlow lets them be empty.
        boolean readsOld = !a.training() || a.factor() != 1;
        if (readsOld || mean.size() != 0) vector(ctx, mean, "mean", c, x);
        if (readsOld || var.size() != 0) vector(ctx, var, "variance", c, x);
        long count = (long) n * sp;
        double[] mu = ctx.doubles(MEAN, c), inv = ctx.doubles(INV, c), batchVar = ctx.doubles(SUM2, c);
        if (a.training()) {
            double[] sum = ctx.doubles(SUM, c);
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(batchVar, 0);
            for (int b = 0; b < n; b++) for (int s = 0; s < sp; s++) for (int ch = 0; ch < c; ch++) sum[ch] += x.getDouble(at(a, b, s, ch, sp, c));
            for (int ch = 0; ch < c; ch++) mu[ch] = count == 0 ? Double.NaN : sum[ch] / count;
            for (int b = 0; b < n; b++) {
                for (int s = 0; s < sp; s++) {
                    for (int ch = 0; ch < c; ch++) {
                        double d = x.getDouble(at(a, b, s, ch, sp, c)) - mu[ch];
                        batchVar[ch] += d * d;
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) batchVar[ch] = count == 0 ? Double.NaN : batchVar[ch] / count;
        } else {
            for (int ch = 0; ch < c; ch++) {
                mu[ch] = mean.getDouble(ch);
                batchVar[ch] = var.getDouble(ch);
            }
        }
        for (int ch = 0; ch < c; ch++) inv[ch] = 1 / Math.sqrt(batchVar[ch] + a.epsilon());
        boolean single = x.dtype() == DType.FLOAT32;
        Tensor y = single ? Tensor.of(x.shape(), ctx.floats(0, x.size())) : Tensor.of(x.shape(), ctx.doubles(0, x.size()));
        float[] yf = single ? y.floatData() : null;
        double[] yd = single ? null : y.doubleData();
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < sp; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int i = at(a, b, s, ch, sp, c);
                    double v = (x.getDouble(i) - mu[ch]) * inv[ch] * scale.getDouble(ch) + offset.getDouble(ch);
                    if (single) yf[i] = (float) v;
                    else yd[i] = v;
                }
            }
        }
        // Running statistics: the variance unbiased by count / (count - 1), blended with the old by the factor.
        double unbias = count > 1 ? (double) count / (count - 1) : 1;
        double f = a.factor();
        Tensor runMean = vec(ctx, single, 1, c), runVar = vec(ctx, single, 2, c), saved1 = vec(ctx, single, 3, c), saved2 = vec(ctx, single, 4, c);
        for (int ch = 0; ch < c; ch++) {
            double m = mu[ch], v = batchVar[ch];
            if (a.training()) {
                set(runMean, ch, f == 1 ? m : (1 - f) * mean.getDouble(ch) + f * m);
                set(runVar, ch, f == 1 ? v * unbias : (1 - f) * var.getDouble(ch) + f * v * unbias);
            } else {
                set(runMean, ch, m);
                set(runVar, ch, v);
            }
            set(saved1, ch, m);
            set(saved2, ch, v);
        }
        Tensor reserve3 = single ? Tensor.of(Shape.scalar(), ctx.floats(5, 1)) : Tensor.of(Shape.scalar(), ctx.doubles(5, 1));
        set(reserve3, 0, 0);
        return new TensorValue[] {y, runMean, runVar, saved1, saved2, reserve3};
    }

    private static TensorValue[] backward(KernelContext ctx, NormOps.Attrs a, Tensor dy, Tensor x, Tensor scale, Tensor mean, Tensor var) {
        int[] z = sizes(ctx, a, x);
        if (!dy.shape().equals(x.shape())) throw ctx.fail("y_backprop of shape " + dy.shape() + " does not match x " + x.shape());
        int n = z[0], sp = z[1], c = z[2];
        vector(ctx, scale, "scale", c, x);
        vector(ctx, mean, "reserve_space_1", c, x);
        vector(ctx, var, "reserve_space_2", c, x);
        long count = (long) n * sp;
        double[] sumDy = ctx.doubles(SUM, c), sumDyXhat = ctx.doubles(SUM2, c), inv = ctx.doubles(INV, c);
        java.util.Arrays.fill(sumDy, 0);
        java.util.Arrays.fill(sumDyXhat, 0);
        for (int ch = 0; ch < c; ch++) inv[ch] = 1 / Math.sqrt(var.getDouble(ch) + a.epsilon());
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < sp; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int i = at(a, b, s, ch, sp, c);
                    double g = dy.getDouble(i);
                    sumDy[ch] += g;
                    sumDyXhat[ch] += g * (x.getDouble(i) - mean.getDouble(ch)) * inv[ch];
                }
            }
        }
        boolean single = x.dtype() == DType.FLOAT32;
        Tensor dx = single ? Tensor.of(x.shape(), ctx.floats(0, x.size())) : Tensor.of(x.shape(), ctx.doubles(0, x.size()));
        for (int b = 0; b < n; b++) {
            for (int s = 0; s < sp; s++) {
                for (int ch = 0; ch < c; ch++) {
                    int i = at(a, b, s, ch, sp, c);
                    double k = scale.getDouble(ch) * inv[ch], g = dy.getDouble(i);
                    double v;
                    if (a.training()) {
                        double xhat = (x.getDouble(i) - mean.getDouble(ch)) * inv[ch];
                        v = k * (g - sumDy[ch] / count - xhat * sumDyXhat[ch] / count);
                    } else {
                        v = k * g;
                    }
                    set(dx, i, v);
                }
            }
        }
        Tensor dScale = vec(ctx, single, 1, c), dOffset = vec(ctx, single, 2, c);
        for (int ch = 0; ch < c; ch++) {
            set(dScale, ch, sumDyXhat[ch]);
            set(dOffset, ch, sumDy[ch]);
        }
        Tensor empty1 = single ? Tensor.of(Shape.of(0), ctx.floats(3, 0)) : Tensor.of(Shape.of(0), ctx.doubles(3, 0));
        Tensor empty2 = single ? Tensor.of(Shape.of(0), ctx.floats(4, 0)) : Tensor.of(Shape.of(0), ctx.doubles(4, 0));
        return new TensorValue[] {dx, dScale, dOffset, empty1, empty2};
    }

    private static int at(NormOps.Attrs a, int b, int s, int ch, int sp, int c) {
        return a.nchw() ? (b * c + ch) * sp + s : (b * sp + s) * c + ch;
    }

    private static Tensor vec(KernelContext ctx, boolean single, int buffer, int c) {
        return single ? Tensor.of(Shape.of(c), ctx.floats(buffer, c)) : Tensor.of(Shape.of(c), ctx.doubles(buffer, c));
    }

    private static void set(Tensor t, int i, double v) {
        if (t.dtype() == DType.FLOAT32) t.floatData()[i] = (float) v;
        else t.doubleData()[i] = v;
    }
}
