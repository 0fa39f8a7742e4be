package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.device.Workers;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.NormOps;

/**
 * Fused batch normalization and its gradient, in either data format, float32 or float64. Statistics are
 * summed in double per channel (two passes: mean, then squared deviations); results are written in the
 * input's dtype. float32 runs over fixed blocks of positions split over the threads ({@link Blocks}). Element (n, s, c) of a 4-D tensor with spatial size S and C channels sits at
 * {@code (n S + s) C + c} (NHWC) or {@code (n C + c) S + s} (NCHW).
 */
final class NormKernels {
    private NormKernels() {}

    // Buffer numbers: outputs first, then the per-channel double scratch.
    private static final int SUM = 10, SUM2 = 11, MEAN = 12, INV = 13, PARTIAL = 14, SCALE = 15, SHIFT = 16, SHIFT2 = 17;

    /** Positions (n, s) per block of the float32 loops: blocks are fixed, so sums do not depend on the threads. */
    static final int BLOCK = 1024;

    /**
     * The float32 loops, over blocks of positions of one image ({@link #BLOCK} at most), split over threads.
     * Per-channel sums are summed per block in double, then the blocks' sums in block order: the same
     * result whatever the number of threads.
     */
    private static final class Blocks {
        final boolean nchw;
        final int n, sp, c, perImage, count;

        Blocks(boolean nchw, int n, int sp, int c) {
            this.nchw = nchw;
            this.n = n;
            this.sp = sp;
            this.c = c;
            perImage = Math.max(1, (sp + BLOCK - 1) / BLOCK);
            count = n * perImage;
        }

        private void run(Workers.Range body) {
            ElementwiseKernels.split(count, Math.min(sp, BLOCK) * c, body);
        }

        /**
         * out[ch] = sum over positions of f(x): x itself; with {@code mu}, (x - mu)^2; with {@code dy}, mu and
         * {@code inv}, dy (x - mu) inv. {@code partial} holds count x c doubles.
         */
        void sums(float[] x, float[] dy, double[] mu, double[] inv, double[] partial, double[] out) {
            run((from, to) -> {
                for (int blk = from; blk < to; blk++) {
                    int b = blk / perImage, s0 = blk % perImage * BLOCK, s1 = Math.min(sp, s0 + BLOCK), row = blk * c;
                    java.util.Arrays.fill(partial, row, row + c, 0);
                    if (!nchw) { // channels inner: contiguous rows of c (each channel still sums in position order)
                        for (int s = s0; s < s1; s++) {
                            int i = (b * sp + s) * c;
                            if (dy != null) for (int ch = 0; ch < c; ch++) partial[row + ch] += dy[i + ch] * ((x[i + ch] - mu[ch]) * inv[ch]);
                            else if (mu != null) for (int ch = 0; ch < c; ch++) partial[row + ch] += (x[i + ch] - mu[ch]) * (x[i + ch] - mu[ch]);
                            else for (int ch = 0; ch < c; ch++) partial[row + ch] += x[i + ch];
                        }
                        continue;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        double m = mu == null ? 0 : mu[ch], iv = inv == null ? 0 : inv[ch], sum = 0;
                        int start = nchw ? (b * c + ch) * sp : b * sp * c + ch, step = nchw ? 1 : c;
                        for (int s = s0, i = start + s0 * step; s < s1; s++, i += step) {
                            if (dy != null) sum += dy[i] * ((x[i] - m) * iv);
                            else if (mu != null) sum += (x[i] - m) * (x[i] - m);
                            else sum += x[i];
                        }
                        partial[row + ch] = sum;
                    }
                }
            });
            java.util.Arrays.fill(out, 0, c, 0);
            for (int blk = 0; blk < count; blk++) for (int ch = 0; ch < c; ch++) out[ch] += partial[blk * c + ch];
        }

        /** o = (float) (x k + b), plus {@code z u} where z is given, per channel. */
        void affine(float[] x, float[] z, double[] k, double[] b, double[] u, float[] o) {
            run((from, to) -> {
                for (int blk = from; blk < to; blk++) {
                    int img = blk / perImage, s0 = blk % perImage * BLOCK, s1 = Math.min(sp, s0 + BLOCK);
                    if (!nchw) {
                        for (int s = s0; s < s1; s++) {
                            int i = (img * sp + s) * c;
                            if (z == null) for (int ch = 0; ch < c; ch++) o[i + ch] = (float) (x[i + ch] * k[ch] + b[ch]);
                            else for (int ch = 0; ch < c; ch++) o[i + ch] = (float) (x[i + ch] * k[ch] + z[i + ch] * u[ch] + b[ch]);
                        }
                        continue;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        double kc = k[ch], bc = b[ch], uc = u == null ? 0 : u[ch];
                        int start = nchw ? (img * c + ch) * sp : img * sp * c + ch, step = nchw ? 1 : c;
                        for (int s = s0, i = start + s0 * step; s < s1; s++, i += step) {
                            o[i] = (float) (z == null ? x[i] * kc + bc : x[i] * kc + z[i] * uc + bc);
                        }
                    }
                }
            });
        }
    }

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
        boolean single = x.dtype() == DType.FLOAT32;
        if (a.training() && single) {
            Blocks blocks = new Blocks(a.nchw(), n, sp, c);
            double[] partial = ctx.doubles(PARTIAL, blocks.count * c);
            blocks.sums(x.floatData(), null, null, null, partial, mu);
            for (int ch = 0; ch < c; ch++) mu[ch] = count == 0 ? Double.NaN : mu[ch] / count;
            blocks.sums(x.floatData(), null, mu, null, partial, batchVar);
            for (int ch = 0; ch < c; ch++) batchVar[ch] = count == 0 ? Double.NaN : batchVar[ch] / count;
        } else if (a.training()) {
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
        Tensor y = single ? Tensor.of(x.shape(), ctx.floats(0, x.size())) : Tensor.of(x.shape(), ctx.doubles(0, x.size()));
        float[] yf = single ? y.floatData() : null;
        double[] yd = single ? null : y.doubleData();
        if (single) {
            // y = x k + b per channel: k = scale / sqrt(var + eps), b = offset - mean k
            double[] k = ctx.doubles(SCALE, c), b = ctx.doubles(SHIFT, c);
            for (int ch = 0; ch < c; ch++) {
                k[ch] = inv[ch] * scale.getDouble(ch);
                b[ch] = offset.getDouble(ch) - mu[ch] * k[ch];
            }
            new Blocks(a.nchw(), n, sp, c).affine(x.floatData(), null, k, b, null, yf);
        } else for (int b = 0; b < n; b++) {
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
        boolean single = x.dtype() == DType.FLOAT32;
        if (single) {
            Blocks blocks = new Blocks(a.nchw(), n, sp, c);
            double[] partial = ctx.doubles(PARTIAL, blocks.count * c), mu = ctx.doubles(MEAN, c);
            for (int ch = 0; ch < c; ch++) mu[ch] = mean.getDouble(ch);
            blocks.sums(dy.floatData(), null, null, null, partial, sumDy);
            blocks.sums(x.floatData(), dy.floatData(), mu, inv, partial, sumDyXhat);
            // dx = k (dy - sum dy / count - xhat sum(dy xhat) / count) with xhat = (x - mean) inv, k = scale inv:
            // per channel dx = dy k + x u + v, u = -k inv sum(dy xhat) / count, v = -k sum dy / count - mean u.
            double[] k = ctx.doubles(SCALE, c), u = ctx.doubles(SHIFT, c), v = ctx.doubles(SHIFT2, c);
            for (int ch = 0; ch < c; ch++) {
                k[ch] = scale.getDouble(ch) * inv[ch];
                u[ch] = a.training() ? -k[ch] * inv[ch] * sumDyXhat[ch] / count : 0;
                v[ch] = a.training() ? -k[ch] * sumDy[ch] / count - mu[ch] * u[ch] : 0;
            }
            Tensor dx = Tensor.of(x.shape(), ctx.floats(0, x.size()));
            blocks.affine(dy.floatData(), x.floatData(), k, v, u, dx.floatData());
            return gradients(ctx, single, c, dx, sumDy, sumDyXhat);
        }
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
        return gradients(ctx, single, c, dx, sumDy, sumDyXhat);
    }

    /** FusedBatchNormGradV3's outputs: dx, d scale = sum(dy xhat), d offset = sum dy, two empty reserves. */
    private static TensorValue[] gradients(KernelContext ctx, boolean single, int c, Tensor dx, double[] sumDy, double[] sumDyXhat) {
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
