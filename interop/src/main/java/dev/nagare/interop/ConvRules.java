package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.ops.NormOps;
import dev.nagare.ops.OpDef;

/**
 * Mapping rules of convolution and pooling. Nagare keeps TensorFlow's attrs under TensorFlow's names and
 * layouts, and takes the shape inputs (input_sizes, filter_sizes, orig_input_shape) as inputs too, so both
 * directions copy the attrs: TensorFlow's defaults (NHWC, no dilation) are written out on export and filled
 * in on import.
 */
final class ConvRules {
    private ConvRules() {}

    private static final int[] ONES = {1, 1, 1, 1};

    /** {@code op} with its inputs, T the dtype of input {@code typedInput}, and its conv or pooling attrs. */
    static Rules.Exporter export(OpDef op, int typedInput, boolean pooling) {
        return (n, cx) -> {
            ExportContext.Builder b = cx.emit(n, op.name()).inputs(n.inputs())
                    .attr("strides", Attrs.ints(n.attr("strides"))).attr("padding", Attrs.string(n.attr("padding")));
            DType t = n.input(typedInput).dtype();
            // MaxPool and MaxPoolGrad default T to float32; written defaults are left out (older runtimes reject attrs they do not know).
            if (op.name().equals("MaxPool") || op.name().equals("MaxPoolGrad")) b.type("T", t, DType.FLOAT32);
            else b.type("T", t);
            String format = string(n, "data_format", "NHWC");
            if (!format.equals("NHWC")) b.attr("data_format", Attrs.string(format));
            if (pooling) {
                b.attr("ksize", Attrs.ints(n.attr("ksize")));
            } else {
                int[] dilations = n.attrs().containsKey("dilations") ? n.attr("dilations") : ONES;
                if (!java.util.Arrays.equals(dilations, ONES)) b.attr("dilations", Attrs.ints(dilations));
                if ("EXPLICIT".equals(n.attr("padding"))) b.attr("explicit_paddings", Attrs.ints(n.attr("explicit_paddings")));
            }
            b.add();
        };
    }

    /** {@code op} on all {@code arity} inputs, with the attrs read from the NodeDef. */
    static Rules.Importer importer(OpDef op, int arity, boolean pooling) {
        return cx -> {
            cx.expectInputs(arity);
            Attrs a = cx.attrs();
            int[] strides = a.ints("strides", null);
            if (strides == null) throw BadModel.bad("attr 'strides' is missing");
            String padding = a.string("padding", null);
            if (padding == null) throw BadModel.bad("attr 'padding' is missing");
            var b = cx.node(op).inputs(cx.inputs(0, arity)).attr("strides", strides).attr("padding", padding)
                    .attr("data_format", a.string("data_format", "NHWC"));
            if (pooling) {
                int[] ksize = a.ints("ksize", null);
                if (ksize == null) throw BadModel.bad("attr 'ksize' is missing");
                b.attr("ksize", ksize);
            } else {
                b.attr("dilations", a.ints("dilations", ONES));
                if (padding.equals("EXPLICIT")) b.attr("explicit_paddings", a.ints("explicit_paddings", new int[0]));
            }
            return b.build();
        };
    }

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

    private static String string(Node n, String attr, String absent) {
        return n.attrs().containsKey(attr) ? n.attr(attr) : absent;
    }

}
