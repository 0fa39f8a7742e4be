package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.ops.NormOps;
import dev.nagare.ops.OpDef;

/**
 * Mapping rules that the entries of convolution and pooling cannot state as data: MaxPoolV2 and its gradients
 * (ksize and strides as inputs), and the fused batch norms.
 */
final class ConvRules {
    private ConvRules() {}

    /**
     * MaxPoolV2 and its gradients: {@code op} (MaxPool's family) on the first {@code arity} inputs, with ksize
     * and strides read from the two inputs after them, which must be constants (TensorFlow emits the V2 form
     * when a program passes them as tensors).
     */
    static Rules.Importer importerV2(OpDef op, int arity) {
        return cx -> {
            cx.expectInputs(arity + 2);
            Attrs a = cx.attrs();
            String padding = a.string("padding", null);
            if (padding == null) throw BadModel.bad("attr 'padding' is missing");
            int[] ksize = cx.ints(arity), strides = cx.ints(arity + 1);
            if (ksize.length != 4 || strides.length != 4) {
                throw BadModel.bad("ksize and strides must hold 4 values each, got " + java.util.Arrays.toString(ksize) + " and "
                        + java.util.Arrays.toString(strides));
            }
            return cx.node(op).inputs(cx.inputs(0, arity)).attr("ksize", ksize).attr("strides", strides).attr("padding", padding)
                    .attr("data_format", a.string("data_format", "NHWC")).build();
        };
    }

    /**
     * FusedBatchNormV3 and its gradient: T and U (both the input's dtype in Nagare), epsilon and
     * exponential_avg_factor (floats), data_format and is_training, each left out at TensorFlow's default.
     */
    static Rules.Exporter exportBatchNorm(OpDef op) {
        return (n, cx) -> {
            DType t = n.input(0).dtype();
            NormOps.Attrs a = NormOps.Attrs.of(n);
            ExportContext.Builder b = cx.emit(n, op.name()).inputs(n.inputs()).type("T", t).type("U", t);
            if ((float) a.epsilon() != 1e-4f) b.attr("epsilon", Attrs.f(a.epsilon()));
            if (op == NormOps.FUSED_BATCH_NORM && a.factor() != 1) b.attr("exponential_avg_factor", Attrs.f(a.factor()));
            if (a.nchw()) b.attr("data_format", Attrs.string("NCHW"));
            b.flag("is_training", a.training(), true).add();
        };
    }

    static Rules.Importer importBatchNorm(OpDef op, int arity) {
        return cx -> {
            cx.expectInputs(arity);
            Attrs a = cx.attrs();
            String format = a.string("data_format", "NHWC");
            if (!format.equals("NHWC") && !format.equals("NCHW")) throw BadModel.unsupported(op.name() + " with data_format " + format + " is not supported");
            var b = cx.node(op).inputs(cx.inputs(0, arity)).attr("epsilon", a.floating("epsilon", 1e-4))
                    .attr("data_format", format).attr("is_training", a.bool("is_training", true));
            if (op == NormOps.FUSED_BATCH_NORM) b.attr("exponential_avg_factor", a.floating("exponential_avg_factor", 1));
            return b.build();
        };
    }

}
