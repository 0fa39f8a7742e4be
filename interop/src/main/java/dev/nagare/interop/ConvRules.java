package dev.nagare.interop;

import dev.nagare.ops.OpDef;

/**
 * Mapping rules that the entries of pooling cannot state as data: MaxPoolV2 and its gradients (ksize and
 * strides as inputs).
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

}
