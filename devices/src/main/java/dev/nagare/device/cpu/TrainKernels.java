package dev.nagare.device.cpu;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelRegistry;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.ops.TrainOps;

/**
 * Fused optimizer updates. Each reads its variables through the run's state, computes the new values in
 * one pass and writes them back; the write becomes visible when the run commits. float32 variables are
 * updated in float arithmetic, as TensorFlow does; float64 ones in double.
 *
 * <p>Variables and placeholders of unknown shape get past inference, so each kernel checks, before it
 * writes anything, that every slot and the gradient have the variable's shape and every hyper-parameter is
 * a scalar: the loops below index them all by the variable's elements.
 */
final class TrainKernels {
    private TrainKernels() {}

    static void register(KernelRegistry r) {
        r.add(TrainOps.APPLY_GRADIENT_DESCENT, CpuKernel.of(TrainKernels::gradientDescent), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_MOMENTUM, CpuKernel.of(TrainKernels::momentum), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_ADAM, CpuKernel.of(TrainKernels::adam), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_ADAGRAD, CpuKernel.of((ctx, in) -> adagrad(ctx, in, false)), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_ADAGRAD_V2, CpuKernel.of((ctx, in) -> adagrad(ctx, in, true)), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_RMS_PROP, CpuKernel.of((ctx, in) -> rmsProp(ctx, in, false)), ElementwiseKernels.FLOATING);
        r.add(TrainOps.APPLY_CENTERED_RMS_PROP, CpuKernel.of((ctx, in) -> rmsProp(ctx, in, true)), ElementwiseKernels.FLOATING);
    }

    private static Tensor read(KernelContext ctx, int input) {
        return (Tensor) ctx.variables().read(ctx.node().input(input).node());
    }

    /** The slot variable of input {@code input}, which must have the shape of {@code var}. */
    private static Tensor slot(KernelContext ctx, Tensor var, int input) {
        return like(ctx, var, read(ctx, input), "slot '" + ctx.node().input(input).node().name() + "'");
    }

    private static Tensor like(KernelContext ctx, Tensor var, Tensor t, String what) {
        if (!t.shape().equals(var.shape())) {
            throw ctx.fail(what + " of shape " + t.shape() + " does not match variable '" + ctx.node().input(0).node().name()
                    + "' of shape " + var.shape());
        }
        return t;
    }

    /** Hyper-parameter input {@code input}; one value, not the first of many. */
    private static double scalar(KernelContext ctx, Tensor[] in, int input) {
        Tensor t = in[input];
        if (t.rank() != 0) {
            throw ctx.fail("input " + input + " ('" + ctx.node().input(input).name() + "') must be a scalar, got shape " + t.shape());
        }
        return t.getDouble(0);
    }

    private static Tensor write(KernelContext ctx, int input, Tensor like, double[] values) {
        if (like.dtype() == DType.FLOAT64) return write(ctx, input, Tensor.of(like.shape(), values));
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return write(ctx, input, Tensor.of(like.shape(), f));
    }

    private static Tensor write(KernelContext ctx, int input, Tensor value) {
        Node var = ctx.node().input(input).node();
        ctx.variables().write(var, value);
        return value;
    }

    // var -= alpha * delta
    private static Tensor gradientDescent(KernelContext ctx, Tensor[] in) {
        Tensor var = read(ctx, 0), g = like(ctx, var, in[2], "gradient");
        double alpha = scalar(ctx, in, 1);
        if (var.dtype() == DType.FLOAT32) { // the hot case, without a double round trip
            float[] w = var.floatData(), gd = g.floatData(), out = ctx.floats(0, w.length);
            float a = (float) alpha;
            ElementwiseKernels.split(out.length, 1, (from, to) -> FloatLoops.descend(w, a, gd, out, from, to - from));
            return write(ctx, 0, Tensor.of(var.shape(), out));
        }
        double[] out = new double[var.size()];
        for (int i = 0; i < out.length; i++) out[i] = var.getDouble(i) - alpha * g.getDouble(i);
        return write(ctx, 0, var, out);
    }

    // accum = accum * momentum + grad; var -= lr * accum
    private static Tensor momentum(KernelContext ctx, Tensor[] in) {
        Tensor var = read(ctx, 0), accum = slot(ctx, var, 1), g = like(ctx, var, in[3], "gradient");
        double lr = scalar(ctx, in, 2), mu = scalar(ctx, in, 4);
        int n = var.size();
        if (var.dtype() == DType.FLOAT32) {
            float[] w = var.floatData(), ad = accum.floatData(), gd = g.floatData(), ao = ctx.floats(1, n), out = ctx.floats(0, n);
            float l = (float) lr, m = (float) mu;
            for (int i = 0; i < n; i++) {
                ao[i] = ad[i] * m + gd[i];
                out[i] = w[i] - l * ao[i];
            }
            write(ctx, 1, Tensor.of(var.shape(), ao));
            return write(ctx, 0, Tensor.of(var.shape(), out));
        }
        double[] a = new double[n], v = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = accum.getDouble(i) * mu + g.getDouble(i);
            v[i] = var.getDouble(i) - lr * a[i];
        }
        write(ctx, 1, accum, a);
        return write(ctx, 0, var, v);
    }

    // lr_t = lr sqrt(1 - beta2^t) / (1 - beta1^t); m += (g - m)(1 - beta1); v += (g^2 - v)(1 - beta2);
    // var -= lr_t m / (sqrt(v) + epsilon)
    private static Tensor adam(KernelContext ctx, Tensor[] in) {
        Tensor var = read(ctx, 0), m = slot(ctx, var, 1), v = slot(ctx, var, 2), g = like(ctx, var, in[9], "gradient");
        double b1p = scalar(ctx, in, 3), b2p = scalar(ctx, in, 4), lr = scalar(ctx, in, 5);
        double b1 = scalar(ctx, in, 6), b2 = scalar(ctx, in, 7), eps = scalar(ctx, in, 8);
        double lrT = lr * Math.sqrt(1 - b2p) / (1 - b1p);
        int n = var.size();
        if (var.dtype() == DType.FLOAT32) { // the hot case: float arithmetic, one pass
            float[] w = var.floatData(), md = m.floatData(), vd = v.floatData(), gd = g.floatData();
            float[] mo = ctx.floats(1, n), vo = ctx.floats(2, n), out = ctx.floats(0, n);
            float c1 = (float) (1 - b1), c2 = (float) (1 - b2), step = (float) lrT, e = (float) eps;
            for (int i = 0; i < n; i++) {
                float gi = gd[i];
                mo[i] = md[i] + (gi - md[i]) * c1;
                vo[i] = vd[i] + (gi * gi - vd[i]) * c2;
                out[i] = w[i] - step * mo[i] / ((float) Math.sqrt(vo[i]) + e);
            }
            write(ctx, 1, Tensor.of(var.shape(), mo));
            write(ctx, 2, Tensor.of(var.shape(), vo));
            return write(ctx, 0, Tensor.of(var.shape(), out));
        }
        double[] mo = new double[n], vo = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g.getDouble(i);
            mo[i] = m.getDouble(i) + (gi - m.getDouble(i)) * (1 - b1);
            vo[i] = v.getDouble(i) + (gi * gi - v.getDouble(i)) * (1 - b2);
            out[i] = var.getDouble(i) - lrT * mo[i] / (Math.sqrt(vo[i]) + eps);
        }
        write(ctx, 1, m, mo);
        write(ctx, 2, v, vo);
        return write(ctx, 0, var, out);
    }

    // ---- added for issue 11, part 2: fresh arrays per run, computed in the variable's precision ----

    // accum += g^2; var -= lr g / sqrt(accum) (V1), or lr g / (sqrt(accum) + epsilon) (V2)
    private static Tensor adagrad(KernelContext ctx, Tensor[] in, boolean withEpsilon) {
        int gradInput = withEpsilon ? 4 : 3;
        Tensor var = read(ctx, 0), accum = slot(ctx, var, 1), g = like(ctx, var, in[gradInput], "gradient");
        double lr = scalar(ctx, in, 2), eps = withEpsilon ? scalar(ctx, in, 3) : 0;
        int n = var.size();
        if (var.dtype() == DType.FLOAT32) {
            float[] w = var.floatData(), a = accum.floatData(), gd = g.floatData(), ao = new float[n], out = new float[n];
            float l = (float) lr, e = (float) eps;
            for (int i = 0; i < n; i++) {
                ao[i] = a[i] + gd[i] * gd[i];
                out[i] = w[i] - gd[i] * l / ((float) Math.sqrt(ao[i]) + e);
            }
            write(ctx, 1, Tensor.of(var.shape(), ao));
            return write(ctx, 0, Tensor.of(var.shape(), out));
        }
        double[] ao = new double[n], out = new double[n];
        for (int i = 0; i < n; i++) {
            double gi = g.getDouble(i);
            ao[i] = accum.getDouble(i) + gi * gi;
            out[i] = var.getDouble(i) - lr * gi / (Math.sqrt(ao[i]) + eps);
        }
        write(ctx, 1, accum, ao);
        return write(ctx, 0, var, out);
    }

    // [mg = rho mg + (1 - rho) g;] ms = rho ms + (1 - rho) g^2; mom = momentum mom + lr g / sqrt(ms [- mg^2] + epsilon); var -= mom
    private static Tensor rmsProp(KernelContext ctx, Tensor[] in, boolean centered) {
        int s = centered ? 1 : 0; // the centered op has mg before ms, and every later input one place on
        Tensor var = read(ctx, 0), mg = centered ? slot(ctx, var, 1) : null, ms = slot(ctx, var, 1 + s), mom = slot(ctx, var, 2 + s);
        double lr = scalar(ctx, in, 3 + s), rho = scalar(ctx, in, 4 + s), momentum = scalar(ctx, in, 5 + s), eps = scalar(ctx, in, 6 + s);
        Tensor g = like(ctx, var, in[7 + s], "gradient");
        int n = var.size();
        if (var.dtype() == DType.FLOAT32) {
            float[] w = var.floatData(), msd = ms.floatData(), momd = mom.floatData(), gd = g.floatData(), mgd = centered ? mg.floatData() : null;
            float[] mso = new float[n], momo = new float[n], out = new float[n], mgo = centered ? new float[n] : null;
            float l = (float) lr, c = 1 - (float) rho, m = (float) momentum, e = (float) eps;
            for (int i = 0; i < n; i++) { // in float, in TensorFlow's order of operations
                float gi = gd[i];
                mso[i] = msd[i] + (gi * gi - msd[i]) * c;
                float denominator = mso[i];
                if (centered) {
                    mgo[i] = mgd[i] + (gi - mgd[i]) * c;
                    denominator -= mgo[i] * mgo[i];
                }
                momo[i] = momd[i] * m + gi * l / (float) Math.sqrt(denominator + e);
                out[i] = w[i] - momo[i];
            }
            if (centered) write(ctx, 1, Tensor.of(var.shape(), mgo));
            write(ctx, 1 + s, Tensor.of(var.shape(), mso));
            write(ctx, 2 + s, Tensor.of(var.shape(), momo));
            return write(ctx, 0, Tensor.of(var.shape(), out));
        }
        double[] mso = new double[n], momo = new double[n], out = new double[n], mgo = centered ? new double[n] : null;
        for (int i = 0; i < n; i++) {
            double gi = g.getDouble(i);
            mso[i] = rho * ms.getDouble(i) + (1 - rho) * gi * gi;
            double denominator = mso[i] + eps;
            if (centered) {
                mgo[i] = rho * mg.getDouble(i) + (1 - rho) * gi;
                denominator -= mgo[i] * mgo[i];
            }
            momo[i] = momentum * mom.getDouble(i) + lr * gi / Math.sqrt(denominator);
            out[i] = var.getDouble(i) - momo[i];
        }
        if (centered) write(ctx, 1, mg, mgo);
        write(ctx, 1 + s, ms, mso);
        write(ctx, 2 + s, mom, momo);
        return write(ctx, 0, var, out);
    }
}
