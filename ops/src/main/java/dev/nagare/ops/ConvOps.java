package dev.nagare.ops;

import static dev.nagare.ops.Shapes.one;

import dev.nagare.graph.Attr;
import dev.nagare.graph.DType;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import dev.nagare.ops.OpDef.Input;

/**
 * 2-D convolution and pooling, with TensorFlow's ops and attrs (see {@link ConvGeometry} for the attrs and
 * the window arithmetic). The gradients are ops of their own, as in TensorFlow, so that a graph that uses
 * them directly (a transposed convolution is a Conv2DBackpropInput) imports as it is. Ops that take a shape
 * ({@code input_sizes}, {@code filter_sizes}, {@code orig_input_shape}) take it as an int32 vector input,
 * a constant when the shape is known while building and the run-time {@code Shape} otherwise.
 */
public final class ConvOps {
    private ConvOps() {}

    /** The attrs a conv node carries; a gradient node copies them from its forward node. */
    static final List<String> CONV_ATTRS = List.of("strides", "padding", "explicit_paddings", "data_format", "dilations");
    static final List<String> POOL_ATTRS = List.of("ksize", "strides", "padding", "data_format");

    /** The attrs, as TensorFlow names and lays them out (see {@link ConvGeometry}). */
    public static final Attr<int[]> STRIDES = Attr.ints("strides");
    public static final Attr<String> PADDING = new Attr<>("padding", String.class, null, true);
    public static final Attr<int[]> EXPLICIT_PADDINGS = Attr.optionalInts("explicit_paddings");
    public static final Attr<String> DATA_FORMAT = Attr.string("data_format", "NHWC");
    public static final Attr<int[]> DILATIONS = new Attr<>("dilations", int[].class, new int[] {1, 1, 1, 1}, false);
    public static final Attr<int[]> KSIZE = Attr.ints("ksize");

    /** A convolution's entry parts: floating inputs but its sizes input (int32), attrs, mapping, samples. */
    private static OpDef conv(String name, Input[] inputs, ConvReferences.Part part, boolean depthwise, OpTests.Reference reference) {
        TfMapping m = (part == ConvReferences.Part.INPUT ? TfMapping.untyped(name).type("T", 1) : TfMapping.same(name)).attr(STRIDES, "strides")
                .attr(PADDING, "padding").attr(EXPLICIT_PADDINGS, "explicit_paddings").attr(DATA_FORMAT, "data_format").attr(DILATIONS, "dilations");
        java.util.function.Supplier<OpTests> t = () -> ConvReferences.convSamples(OpTests.of(reference, OpDef.DTypes.FLOATING).float32Tolerance(1e-4), part, depthwise);
        return OpDef.op(name).takes(inputs).withAttrs(STRIDES, PADDING, EXPLICIT_PADDINGS, DATA_FORMAT, DILATIONS).tf(m).tests(t);
    }

    /** A pooling op's entry parts. */
    private static OpDef pool(String name, Input[] inputs, TfMapping base, OpTests.Reference reference) {
        TfMapping m = base.attr(KSIZE, "ksize").attr(STRIDES, "strides").attr(PADDING, "padding").attr(DATA_FORMAT, "data_format");
        java.util.function.Supplier<OpTests> t = () -> ConvReferences.poolSamples(OpTests.of(reference, OpDef.DTypes.FLOATING).float32Tolerance(1e-4), name);
        return OpDef.op(name).takes(inputs).withAttrs(KSIZE, STRIDES, PADDING, DATA_FORMAT).tf(m).tests(t);
    }

    private static Input f(String name) { return Input.of(name, OpDef.DTypes.FLOATING); }

    private static Input sizes(String name) { return Input.of(name, java.util.EnumSet.of(DType.INT32)); }

    /**
     * Conv2D(input, filter): input [batch, height, width, in_channels] (NHWC) or [batch, in_channels,
     * height, width] (NCHW), filter [filter_height, filter_width, in_channels, out_channels].
     */
    // y = x * W (cross-correlation), linear in each: dx = Conv2DBackpropInput(shape(x), W, g),
    // dW = Conv2DBackpropFilter(x, shape(W), g), both with the forward node's attrs
    public static final OpDef CONV2D = conv("Conv2D", new Input[] {f("input"), f("filter")}, ConvReferences.Part.FORWARD, false,
            (node, in) -> ConvReferences.conv2d(node, in.get(0), in.get(1))).infer(ctx -> {
        DType t = floatingPair(ctx, 0, 1);
        return one(t, ConvGeometry.outputShape(conv(ctx), ctx.shape(0), ctx.shape(1), ctx::fail));
    }).gradient((tf, op, g) -> List.of(
            backpropInput(tf, op, sizes(tf, op.input(0)), op.input(1), g.get(0)),
            backpropFilter(tf, op, op.input(0), sizes(tf, op.input(1)), g.get(0))));

    /**
     * Conv2DBackpropInput(input_sizes, filter, out_backprop): the gradient of Conv2D with respect to its
     * input, of shape {@code input_sizes}; also the transposed convolution of out_backprop.
     */
    // linear in filter and out_backprop (dy): d(filter) = Conv2DBackpropFilter(g, shape(filter), dy),
    // d(dy) = Conv2D(g, filter)
    public static final OpDef CONV2D_BACKPROP_INPUT = conv("Conv2DBackpropInput", new Input[] {sizes("input_sizes"), f("filter"), f("out_backprop")},
            ConvReferences.Part.INPUT, false, (node, in) -> ConvReferences.conv2dInput(node, in.get(0), in.get(1), in.get(2))).infer(ctx -> {
        requireSizes(ctx, 0, "input_sizes");
        DType t = floatingPair(ctx, 1, 2);
        ConvGeometry.Attrs a = conv(ctx);
        Shape input = staticValueShape(ctx, 0);
        checkForward(ctx, a, input, ctx.shape(1), ctx.shape(2));
        return one(t, input.hasRank() ? input : Shape.unknownDims(4));
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> Arrays.asList(null,
            backpropFilter(tf, op, g.get(0), sizes(tf, op.input(1)), op.input(2)),
            conv2d(tf, op, g.get(0), op.input(1))));

    /**
     * Conv2DBackpropFilter(input, filter_sizes, out_backprop): the gradient of Conv2D with respect to its
     * filter, of shape {@code filter_sizes}.
     */
    // linear in input and out_backprop (dy): d(input) = Conv2DBackpropInput(shape(input), g, dy),
    // d(dy) = Conv2D(input, g)
    public static final OpDef CONV2D_BACKPROP_FILTER = conv("Conv2DBackpropFilter", new Input[] {f("input"), sizes("filter_sizes"), f("out_backprop")},
            ConvReferences.Part.FILTER, false, (node, in) -> ConvReferences.conv2dFilter(node, in.get(0), in.get(1), in.get(2))).infer(ctx -> {
        requireSizes(ctx, 1, "filter_sizes");
        DType t = floatingPair(ctx, 0, 2);
        ConvGeometry.Attrs a = conv(ctx);
        Shape filter = staticValueShape(ctx, 1);
        checkForward(ctx, a, ctx.shape(0), filter, ctx.shape(2));
        return one(t, filter.hasRank() ? filter : Shape.unknownDims(4));
    }).gradient((tf, op, g) -> Arrays.asList(
            backpropInput(tf, op, sizes(tf, op.input(0)), g.get(0), op.input(2)),
            null,
            conv2d(tf, op, op.input(0), g.get(0))));

    /**
     * DepthwiseConv2dNative(input, filter): filter [filter_height, filter_width, in_channels, multiplier];
     * each input channel c is convolved with its own multiplier filters into output channels c * multiplier + m.
     */
    // linear in each input: dx = DepthwiseConv2dNativeBackpropInput(shape(x), W, g),
    // dW = DepthwiseConv2dNativeBackpropFilter(x, shape(W), g)
    public static final OpDef DEPTHWISE_CONV2D = conv("DepthwiseConv2dNative", new Input[] {f("input"), f("filter")}, ConvReferences.Part.FORWARD, true,
            (node, in) -> ConvReferences.depthwise(node, in.get(0), in.get(1))).infer(ctx -> {
        DType t = floatingPair(ctx, 0, 1);
        return one(t, ConvGeometry.outputShape(conv(ctx), ctx.shape(0), ctx.shape(1), true, ctx::fail));
    }).gradient((tf, op, g) -> List.of(
            convLike(tf, op, ConvOps.DEPTHWISE_BACKPROP_INPUT, sizes(tf, op.input(0)), op.input(1), g.get(0)),
            convLike(tf, op, ConvOps.DEPTHWISE_BACKPROP_FILTER, op.input(0), sizes(tf, op.input(1)), g.get(0))));

    /** DepthwiseConv2dNativeBackpropInput(input_sizes, filter, out_backprop): the depthwise conv's input gradient. */
    // linear: d(filter) = DepthwiseConv2dNativeBackpropFilter(g, shape(filter), dy), d(dy) = DepthwiseConv2dNative(g, filter)
    public static final OpDef DEPTHWISE_BACKPROP_INPUT = conv("DepthwiseConv2dNativeBackpropInput",
            new Input[] {sizes("input_sizes"), f("filter"), f("out_backprop")}, ConvReferences.Part.INPUT, true,
            (node, in) -> ConvReferences.depthwiseInput(node, in.get(0), in.get(1), in.get(2))).infer(ctx -> {
        requireSizes(ctx, 0, "input_sizes");
        DType t = floatingPair(ctx, 1, 2);
        Shape input = staticValueShape(ctx, 0);
        checkForward(ctx, conv(ctx), input, ctx.shape(1), ctx.shape(2), true);
        return one(t, input.hasRank() ? input : Shape.unknownDims(4));
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> Arrays.asList(null,
            convLike(tf, op, ConvOps.DEPTHWISE_BACKPROP_FILTER, g.get(0), sizes(tf, op.input(1)), op.input(2)),
            convLike(tf, op, ConvOps.DEPTHWISE_CONV2D, g.get(0), op.input(1), null)));

    /** DepthwiseConv2dNativeBackpropFilter(input, filter_sizes, out_backprop): the depthwise conv's filter gradient. */
    // linear: d(input) = DepthwiseConv2dNativeBackpropInput(shape(input), g, dy), d(dy) = DepthwiseConv2dNative(input, g)
    public static final OpDef DEPTHWISE_BACKPROP_FILTER = conv("DepthwiseConv2dNativeBackpropFilter",
            new Input[] {f("input"), sizes("filter_sizes"), f("out_backprop")}, ConvReferences.Part.FILTER, true,
            (node, in) -> ConvReferences.depthwiseFilter(node, in.get(0), in.get(1), in.get(2))).infer(ctx -> {
        requireSizes(ctx, 1, "filter_sizes");
        DType t = floatingPair(ctx, 0, 2);
        Shape filter = staticValueShape(ctx, 1);
        checkForward(ctx, conv(ctx), ctx.shape(0), filter, ctx.shape(2), true);
        return one(t, filter.hasRank() ? filter : Shape.unknownDims(4));
    }).gradient((tf, op, g) -> Arrays.asList(
            convLike(tf, op, ConvOps.DEPTHWISE_BACKPROP_INPUT, sizes(tf, op.input(0)), g.get(0), op.input(2)),
            null,
            convLike(tf, op, ConvOps.DEPTHWISE_CONV2D, op.input(0), g.get(0), null)));

    /** MaxPool(input): the largest value of each window; SAME padding never wins (it is -infinity). */
    // the gradient goes to the first largest element of each window (MaxPoolGrad)
    public static final OpDef MAX_POOL = pool("MaxPool", new Input[] {f("input")}, TfMapping.same("MaxPool").typeDefault(DType.FLOAT32),
            (node, in) -> ConvReferences.pool(node, in.get(0), true)).infer(ctx -> {
        return one(ctx.dtype(0), ConvGeometry.outputShape(pool(ctx), ctx.shape(0), null, ctx::fail));
    }).gradient((tf, op, g) -> List.of(poolNode(tf, op, ConvOps.MAX_POOL_GRAD)
            .input(op.input(0)).input(op.output(0)).input(g.get(0)).build().output(0)));

    /**
     * MaxPoolGrad(orig_input, orig_output, grad): each window's gradient added to the first largest element
     * of its window in orig_input.
     */
    // linear in grad, the adjoint of MaxPoolGradGrad: d(grad) = MaxPoolGradGrad(orig_input, orig_output, g)
    public static final OpDef MAX_POOL_GRAD = maxPoolGradLike("MaxPoolGrad", false, TfMapping.same("MaxPoolGrad").typeDefault(DType.FLOAT32),
            (node, in) -> ConvReferences.maxPoolGrad(node, in.get(0), in.get(2))).gradient((tf, op, g) -> Arrays.asList(null, null,
            poolNode(tf, op, ConvOps.MAX_POOL_GRAD_GRAD).input(op.input(0)).input(op.input(1)).input(g.get(0)).build().output(0)));

    /**
     * MaxPoolGradGrad(orig_input, orig_output, grad): for each window, the element of grad (shaped like
     * orig_input) at the window's first largest element of orig_input; shaped like orig_output.
     */
    // linear in grad, the adjoint of MaxPoolGrad: d(grad) = MaxPoolGrad(orig_input, orig_output, g)
    public static final OpDef MAX_POOL_GRAD_GRAD = maxPoolGradLike("MaxPoolGradGrad", true, TfMapping.same("MaxPoolGradGrad"),
            (node, in) -> ConvReferences.maxPoolGradGrad(node, in.get(0), in.get(2))).gradient((tf, op, g) -> Arrays.asList(null, null,
            poolNode(tf, op, ConvOps.MAX_POOL_GRAD).input(op.input(0)).input(op.input(1)).input(g.get(0)).build().output(0)));

    private static OpDef maxPoolGradLike(String name, boolean gradOfGrad, TfMapping base, OpTests.Reference reference) {
        return pool(name, new Input[] {f("orig_input"), f("orig_output"), f("grad")}, base, reference).infer(ctx -> {
            DType t = Shapes.sameDtype(ctx, 0, 1, 2);
            ConvGeometry.Attrs a = pool(ctx);
            Shape out = ConvGeometry.outputShape(a, ctx.shape(0), null, ctx::fail);
            if (!out.isCompatibleWith(ctx.shape(1))) {
                throw ctx.fail("orig_output of shape " + ctx.shape(1) + " does not match the pooled shape " + out);
            }
            Shape gradShape = gradOfGrad ? ctx.shape(0) : out;
            if (!gradShape.isCompatibleWith(ctx.shape(2))) {
                throw ctx.fail("grad of shape " + ctx.shape(2) + " does not match " + (gradOfGrad ? "orig_input " : "the pooled shape ") + gradShape);
            }
            Shape in = ctx.shape(0).hasRank() ? ctx.shape(0) : Shape.unknownDims(4);
            return one(t, gradOfGrad ? out.mergeWith(ctx.shape(1)) : in);
        });
    }

    /** AvgPool(value): the mean of each window over the elements inside the input (SAME padding is not counted). */
    // each window's gradient spread evenly over the input elements it averaged (AvgPoolGrad)
    public static final OpDef AVG_POOL = pool("AvgPool", new Input[] {f("value")}, TfMapping.same("AvgPool"),
            (node, in) -> ConvReferences.pool(node, in.get(0), false)).infer(ctx -> {
        return one(ctx.dtype(0), ConvGeometry.outputShape(pool(ctx), ctx.shape(0), null, ctx::fail));
    }).gradient((tf, op, g) -> List.of(poolNode(tf, op, ConvOps.AVG_POOL_GRAD)
            .input(sizes(tf, op.input(0))).input(g.get(0)).build().output(0)));

    /** AvgPoolGrad(orig_input_shape, grad): the gradient of AvgPool, of shape {@code orig_input_shape}. */
    // linear in grad: d(grad) = AvgPool(g)
    public static final OpDef AVG_POOL_GRAD = pool("AvgPoolGrad", new Input[] {sizes("orig_input_shape"), f("grad")}, TfMapping.untyped("AvgPoolGrad").type("T", 1),
            (node, in) -> ConvReferences.avgPoolGrad(node, in.get(0), in.get(1))).infer(ctx -> {
        requireSizes(ctx, 0, "orig_input_shape");
        ConvGeometry.Attrs a = pool(ctx);
        Shape input = staticValueShape(ctx, 0);
        Shape out = ConvGeometry.outputShape(a, input, null, ctx::fail);
        if (!out.isCompatibleWith(ctx.shape(1))) throw ctx.fail("grad of shape " + ctx.shape(1) + " does not match the pooled shape " + out);
        return one(ctx.dtype(1), input.hasRank() ? input : Shape.unknownDims(4));
    }).kernelDtypeFrom(1).gradient((tf, op, g) -> Arrays.asList(null,
            poolNode(tf, op, ConvOps.AVG_POOL).input(g.get(0)).build().output(0)));

    public static final List<OpDef> ALL = List.of(CONV2D, CONV2D_BACKPROP_INPUT, CONV2D_BACKPROP_FILTER, DEPTHWISE_CONV2D,
            DEPTHWISE_BACKPROP_INPUT, DEPTHWISE_BACKPROP_FILTER, MAX_POOL, MAX_POOL_GRAD, MAX_POOL_GRAD_GRAD,
            AVG_POOL, AVG_POOL_GRAD);

    // ---- builders, used by the DSL and the gradient rules ----

    /** A conv-family node of {@code op} with the given attrs (null: TensorFlow's default). */
    static Scope.NodeBuilder convNode(Tf tf, OpDef op, int[] strides, String padding, int[] explicitPaddings, String dataFormat,
                                      int[] dilations) {
        Scope.NodeBuilder b = tf.scope().node(op, op.name()).attr("strides", strides.clone()).attr("padding", padding);
        if (explicitPaddings != null) b.attr("explicit_paddings", explicitPaddings.clone());
        if (dataFormat != null) b.attr("data_format", dataFormat);
        if (dilations != null) b.attr("dilations", dilations.clone());
        return b;
    }

    /** A pooling-family node of {@code op}. */
    static Scope.NodeBuilder poolNode(Tf tf, OpDef op, int[] ksize, int[] strides, String padding, String dataFormat) {
        Scope.NodeBuilder b = tf.scope().node(op, op.name()).attr("ksize", ksize.clone()).attr("strides", strides.clone())
                .attr("padding", padding);
        if (dataFormat != null) b.attr("data_format", dataFormat);
        return b;
    }

    private static Scope.NodeBuilder withAttrs(Scope.NodeBuilder b, Node from, List<String> names) {
        for (String name : names) if (from.attrs().containsKey(name)) b.attr(name, from.attrs().get(name));
        return b;
    }

    /** A conv-family node of {@code op} on two or three inputs (null: absent), with the attrs of {@code like}. */
    private static Output convLike(Tf tf, Node like, OpDef op, Output a, Output b, Output c) {
        Scope.NodeBuilder n = withAttrs(tf.scope().node(op, op.name()), like, CONV_ATTRS).input(a).input(b);
        if (c != null) n.input(c);
        return n.build().output(0);
    }

    private static Output conv2d(Tf tf, Node like, Output input, Output filter) {
        return withAttrs(tf.scope().node(CONV2D, "Conv2D"), like, CONV_ATTRS).input(input).input(filter).build().output(0);
    }

    private static Output backpropInput(Tf tf, Node like, Output sizes, Output filter, Output dy) {
        return withAttrs(tf.scope().node(CONV2D_BACKPROP_INPUT, "Conv2DBackpropInput"), like, CONV_ATTRS)
                .input(sizes).input(filter).input(dy).build().output(0);
    }

    private static Output backpropFilter(Tf tf, Node like, Output input, Output sizes, Output dy) {
        return withAttrs(tf.scope().node(CONV2D_BACKPROP_FILTER, "Conv2DBackpropFilter"), like, CONV_ATTRS)
                .input(input).input(sizes).input(dy).build().output(0);
    }

    static Scope.NodeBuilder poolNode(Tf tf, Node like, OpDef op) {
        return withAttrs(tf.scope().node(op, op.name()), like, POOL_ATTRS);
    }

    /** The shape of {@code x} as an int32 vector: a constant when it is fully known, else computed at run time. */
    static Output sizes(Tf tf, Output x) {
        return x.shape().isFullyDefined() ? tf.constant(x.shape().dims()) : tf.shape(x);
    }

    // ---- shape rules ----

    private static ConvGeometry.Attrs conv(InferenceContext ctx) { return ConvGeometry.parse(attrs(ctx, CONV_ATTRS), false, ctx::fail); }

    private static ConvGeometry.Attrs pool(InferenceContext ctx) { return ConvGeometry.parse(attrs(ctx, POOL_ATTRS), true, ctx::fail); }

    private static Map<String, Object> attrs(InferenceContext ctx, List<String> names) {
        Map<String, Object> m = new HashMap<>();
        for (String n : names) if (ctx.hasAttr(n)) m.put(n, ctx.attr(n, Object.class));
        return m;
    }

    private static DType floatingPair(InferenceContext ctx, int a, int b) {
        DType t = Shapes.sameDtype(ctx, a, b);
        Shapes.requireFloating(ctx, t);
        return t;
    }

    private static void requireSizes(InferenceContext ctx, int i, String what) {
        if (ctx.dtype(i) != DType.INT32) throw ctx.fail(what + " must be an int32 vector, got " + ctx.dtype(i));
        Shape s = ctx.shape(i);
        if (s.hasRank() && !s.isCompatibleWith(Shape.of(4))) throw ctx.fail(what + " must be a vector of 4 sizes, got shape " + s);
    }

    /** The forward convolution of {@code input} by {@code filter} must produce out_backprop's shape. */
    private static void checkForward(InferenceContext ctx, ConvGeometry.Attrs a, Shape input, Shape filter, Shape dy) {
        checkForward(ctx, a, input, filter, dy, false);
    }

    private static void checkForward(InferenceContext ctx, ConvGeometry.Attrs a, Shape input, Shape filter, Shape dy, boolean depthwise) {
        if (dy.hasRank() && dy.rank() != 4) throw ctx.fail("out_backprop must be 4-D, got shape " + dy);
        Shape out = ConvGeometry.outputShape(a, input, filter, depthwise, ctx::fail);
        if (!out.isCompatibleWith(dy)) {
            throw ctx.fail("out_backprop of shape " + dy + " does not match the convolution of " + input + " by " + filter + ", which gives " + out);
        }
    }

    /** What is known before running of the shape that an int32 vector will hold. */
    static Shape staticValueShape(InferenceContext ctx, int i) {
        Output shapeVector = ctx.input(i);
        Node n = shapeVector.node();
        if (n.op() == ArrayOps.CONST) {
            Tensor t = n.attr("value");
            if (t.dtype() != DType.INT32 || t.rank() != 1) return Shape.unknownRank();
            int[] dims = t.intData();
            for (int d : dims) if (d < 0) throw ctx.fail("input " + i + " holds negative sizes " + Arrays.toString(dims));
            return Shape.of(dims);
        }
        if (n.op() == ArrayOps.SHAPE) return n.input(0).shape();
        Shape s = shapeVector.shape();
        return s.hasRank() && s.dim(0) != Shape.UNKNOWN ? Shape.unknownDims(s.dim(0)) : Shape.unknownRank();
    }
}
