package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.List;

/**
 * The DSL: builds constants, placeholders, variables and ops into a graph. Like a {@link Scope} it is
 * immutable; {@code withSubScope}, {@code withName}, {@code withDevice} and {@code withControlDependencies}
 * return a new {@code Tf}.
 *
 * <pre>{@code
 * Tf tf = Tf.of(graph);
 * Output x = tf.placeholder(DType.FLOAT32, Shape.of(-1, 3), "x");
 * Output y = tf.nn.relu(tf.matmul(x, w));
 * }</pre>
 */
public final class Tf {
    private final Scope scope;
    /** Neural-network ops: {@code tf.nn.relu(x)}. */
    public final Nn nn;
    /** Random draws: {@code tf.random.normal(shape, dtype, seed)}. */
    public final RandomDraws random;
    /** Batch-averaged losses: {@code tf.losses.meanSquaredError(labels, predictions)}. */
    public final Losses losses;
    /** Initial values for variables: {@code tf.init.heNormal(shape, FLOAT32, seed)}. */
    public final Initializers init;
    /** Optimizers: {@code tf.train.adam(0.001).minimize(loss)}. */
    public final Train train;

    private Tf(Scope scope) {
        this.scope = scope;
        this.nn = new Nn(this);
        this.random = new RandomDraws(this);
        this.losses = new Losses(this);
        this.init = new Initializers(this);
        this.train = new Train(this);
    }

    public static Tf of(Graph graph) { return new Tf(graph.scope()); }

    public static Tf of(Scope scope) { return new Tf(scope); }

    public Scope scope() { return scope; }
    public Graph graph() { return scope.graph(); }

    public Tf withSubScope(String name) { return new Tf(scope.withSubScope(name)); }
    /** Nodes that belong to an existing node or scope: {@code name/...}, see {@link Scope#withOpScope}. */
    public Tf withOpScope(String name) { return new Tf(scope.withOpScope(name)); }
    public Tf withName(String name) { return new Tf(scope.withName(name)); }
    public Tf withDevice(String device) { return new Tf(scope.withDevice(device)); }
    public Tf withControlDependencies(Node... nodes) { return new Tf(scope.withControlDependencies(List.of(nodes))); }

    // ---- sources ----

    /** A constant from a Java scalar, a nested primitive array or a {@link Tensor}. */
    public Output constant(Object value) {
        Tensor t = Tensor.fromJava(value);
        return scope.node(ArrayOps.CONST, "Const").attr("value", t).attr("dtype", t.dtype()).build().output(0);
    }

    public Output constant(Object value, String name) { return withName(name).constant(value); }

    /** A scalar constant of the given dtype, for literals beside a tensor of that dtype. */
    public Output scalar(double value, DType dtype) {
        return constant(switch (dtype) {
            case FLOAT32 -> Tensor.scalar((float) value);
            case FLOAT64 -> Tensor.scalar(value);
            case INT32 -> Tensor.scalar((int) value);
            case INT64 -> Tensor.scalar((long) value);
            case BOOL -> Tensor.scalar(value != 0);
        });
    }

    public Output placeholder(DType dtype, Shape shape, String name) {
        return scope.withName(name).node(ArrayOps.PLACEHOLDER, "Placeholder").attr("dtype", dtype).attr("shape", shape).build().output(0);
    }

    public Output placeholder(DType dtype, Shape shape) { return placeholder(dtype, shape, null); }

    /** {@code defaultValue}, unless a value is fed in its place (such as a "training" flag that defaults to false). */
    public Output placeholderWithDefault(Output defaultValue, Shape shape, String name) {
        return scope.withName(name).node(ArrayOps.PLACEHOLDER_WITH_DEFAULT, "PlaceholderWithDefault")
                .input(defaultValue).attr("dtype", defaultValue.dtype()).attr("shape", shape).build().output(0);
    }

    /** A trainable variable whose initializer assigns {@code initialValue}; its shape and dtype are the initial value's. */
    public Output variable(Output initialValue, String name) { return variable(initialValue, name, true); }

    public Output variable(Output initialValue) { return variable(initialValue, null, true); }

    /** A variable; {@code trainable} says whether optimizers update it. */
    public Output variable(Output initialValue, String name, boolean trainable) {
        Node var = scope.withName(name).node(StateOps.VARIABLE, "Variable")
                .attr("dtype", initialValue.dtype()).attr("shape", initialValue.shape()).build();
        // The initializer ignores this scope's control dependencies: it must be runnable on its own.
        Node init = graph().scope().withOpScope(var.name()).node(StateOps.ASSIGN, "Assign")
                .input(var.output(0)).input(initialValue).build();
        graph().addToCollection(Variables.COLLECTION, new Variables.Entry(var, init, trainable));
        return var.output(0);
    }

    /** Assigns every variable of the graph its initial value. */
    public Node globalVariablesInitializer() {
        Scope.NodeBuilder b = scope.withName("init").node(StateOps.NO_OP, "init");
        for (Variables.Entry v : Variables.all(graph())) b.controlInput(v.initializer());
        return b.build();
    }

    // ---- state ----

    public Output assign(Output variable, Output value) { return binary(StateOps.ASSIGN, variable, value); }
    public Output assignAdd(Output variable, Output delta) { return binary(StateOps.ASSIGN_ADD, variable, delta); }
    public Output assignSub(Output variable, Output delta) { return binary(StateOps.ASSIGN_SUB, variable, delta); }

    // ---- control ----

    public Output identity(Output x) { return unary(ArrayOps.IDENTITY, x); }

    public Node noOp() { return scope.node(StateOps.NO_OP, "NoOp").build(); }

    /** A no-op that runs after all {@code nodes}: running it runs them all. */
    public Node group(Node... nodes) {
        Scope.NodeBuilder b = scope.node(StateOps.NO_OP, "group_deps");
        for (Node n : nodes) b.controlInput(n);
        return b.build();
    }

    // ---- elementwise math ----

    public Output add(Output a, Output b) { return binary(MathOps.ADD, a, b); }
    public Output sub(Output a, Output b) { return binary(MathOps.SUB, a, b); }
    public Output mul(Output a, Output b) { return binary(MathOps.MUL, a, b); }
    public Output div(Output a, Output b) { return binary(MathOps.DIV, a, b); }
    public Output pow(Output a, Output b) { return binary(MathOps.POW, a, b); }
    public Output maximum(Output a, Output b) { return binary(MathOps.MAXIMUM, a, b); }
    public Output minimum(Output a, Output b) { return binary(MathOps.MINIMUM, a, b); }
    public Output neg(Output x) { return unary(MathOps.NEG, x); }
    public Output abs(Output x) { return unary(MathOps.ABS, x); }
    public Output square(Output x) { return unary(MathOps.SQUARE, x); }
    public Output sqrt(Output x) { return unary(MathOps.SQRT, x); }
    public Output exp(Output x) { return unary(MathOps.EXP, x); }
    public Output log(Output x) { return unary(MathOps.LOG, x); }
    public Output sigmoid(Output x) { return unary(MathOps.SIGMOID, x); }
    public Output tanh(Output x) { return unary(MathOps.TANH, x); }
    public Output sign(Output x) { return unary(MathOps.SIGN, x); }
    /** Zeros of {@code x}'s run-time shape and dtype. */
    public Output zerosLike(Output x) { return unary(ArrayOps.ZEROS_LIKE, x); }
    /** Ones of {@code x}'s run-time shape and dtype. */
    public Output onesLike(Output x) { return unary(ArrayOps.ONES_LIKE, x); }

    public Output equal(Output a, Output b) { return binary(MathOps.EQUAL, a, b); }
    public Output less(Output a, Output b) { return binary(MathOps.LESS, a, b); }
    public Output greater(Output a, Output b) { return binary(MathOps.GREATER, a, b); }
    public Output logicalAnd(Output a, Output b) { return binary(MathOps.LOGICAL_AND, a, b); }
    public Output logicalOr(Output a, Output b) { return binary(MathOps.LOGICAL_OR, a, b); }
    public Output logicalNot(Output x) { return unary(MathOps.LOGICAL_NOT, x); }

    /** {@code cond ? t : e} elementwise, with broadcasting. */
    public Output where(Output cond, Output t, Output e) {
        return scope.node(ArrayOps.SELECT, "SelectV2").input(cond).input(t).input(e).build().output(0);
    }

    public Output cast(Output x, DType to) {
        return scope.node(ArrayOps.CAST, "Cast").input(x).attr("SrcT", x.dtype()).attr("DstT", to).build().output(0);
    }

    // ---- linear algebra and reductions ----

    public Output matmul(Output a, Output b) { return matmul(a, b, false, false); }

    public Output matmul(Output a, Output b, boolean transposeA, boolean transposeB) {
        return scope.node(MathOps.MATMUL, "MatMul").input(a).input(b)
                .attr("transpose_a", transposeA).attr("transpose_b", transposeB).build().output(0);
    }

    /** Sum over all axes. */
    public Output reduceSum(Output x) { return reduce(MathOps.SUM, x, null, false); }
    public Output reduceSum(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.SUM, x, axes, keepDims); }
    public Output reduceMean(Output x) { return reduce(MathOps.MEAN, x, null, false); }
    public Output reduceMean(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.MEAN, x, axes, keepDims); }
    public Output reduceMax(Output x) { return reduce(MathOps.MAX, x, null, false); }
    public Output reduceMax(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.MAX, x, axes, keepDims); }
    public Output reduceMin(Output x) { return reduce(MathOps.MIN, x, null, false); }
    public Output reduceMin(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.MIN, x, axes, keepDims); }

    /** Sums the rows of {@code data} into {@code numSegments} buckets given by {@code segmentIds}. */
    public Output unsortedSegmentSum(Output data, Output segmentIds, int numSegments) {
        return scope.node(MathOps.UNSORTED_SEGMENT_SUM, "UnsortedSegmentSum").input(data).input(segmentIds)
                .attr("num_segments", numSegments).build().output(0);
    }

    /** Index of the largest element along {@code axis}, as int64 like TensorFlow. */
    public Output argmax(Output x, int axis) { return argmax(x, axis, DType.INT64); }

    public Output argmax(Output x, int axis, DType outputType) {
        return scope.node(MathOps.ARGMAX, "ArgMax").input(x).attr("axis", axis).attr("output_type", outputType).build().output(0);
    }

    // ---- shapes and rearrangement ----

    public Output reshape(Output x, int... shape) {
        return scope.node(ArrayOps.RESHAPE, "Reshape").input(x).attr("shape", shape.clone()).build().output(0);
    }

    public Output transpose(Output x, int... perm) {
        return scope.node(ArrayOps.TRANSPOSE, "Transpose").input(x).attr("perm", perm.clone()).build().output(0);
    }

    /** Transpose that reverses the axes (a matrix transpose for rank 2). */
    public Output transpose(Output x) {
        if (!x.shape().hasRank()) throw new IllegalArgumentException("transpose of '" + x.name() + "' needs a known rank; pass perm");
        int r = x.shape().rank();
        int[] perm = new int[r];
        for (int i = 0; i < r; i++) perm[i] = r - 1 - i;
        return transpose(x, perm);
    }

    public Output concat(List<Output> values, int axis) {
        return scope.node(ArrayOps.CONCAT, "concat").inputs(values).attr("axis", axis).build().output(0);
    }

    public Output slice(Output x, int[] begin, int[] size) {
        return scope.node(ArrayOps.SLICE, "Slice").input(x).attr("begin", begin.clone()).attr("size", size.clone()).build().output(0);
    }

    /** Pads with zeros; {@code paddings} holds (before, after) for each axis in turn. */
    public Output pad(Output x, int... paddings) {
        return scope.node(ArrayOps.PAD, "Pad").input(x).attr("paddings", paddings.clone()).build().output(0);
    }

    public Output gather(Output params, Output indices, int axis) {
        return scope.node(ArrayOps.GATHER, "GatherV2").input(params).input(indices).attr("axis", axis).build().output(0);
    }

    public Output gather(Output params, Output indices) { return gather(params, indices, 0); }

    public Output oneHot(Output indices, int depth, DType dtype) { return oneHot(indices, depth, dtype, 1, 0); }

    public Output oneHot(Output indices, int depth, DType dtype, double onValue, double offValue) {
        return scope.node(ArrayOps.ONE_HOT, "OneHot").input(indices).attr("depth", depth).attr("dtype", dtype)
                .attr("on_value", onValue).attr("off_value", offValue).build().output(0);
    }

    /** A tensor of {@code shape} whose every element is the scalar {@code value}. */
    public Output fill(Shape shape, Output value) {
        return scope.node(ArrayOps.FILL, "Fill").input(value).attr("shape", shape.dims()).build().output(0);
    }

    public Output zeros(Shape shape, DType dtype) { return fill(shape, scalar(0, dtype)); }

    public Output ones(Shape shape, DType dtype) { return fill(shape, scalar(1, dtype)); }

    /** The run-time shape of {@code x}, an int32 vector. */
    public Output shape(Output x) { return unary(ArrayOps.SHAPE, x); }

    public Output expandDims(Output x, int axis) {
        return scope.node(ArrayOps.EXPAND_DIMS, "ExpandDims").input(x).attr("axis", axis).build().output(0);
    }

    /** Removes the given size-1 axes, or all size-1 axes when none are given. */
    public Output squeeze(Output x, int... axes) {
        return scope.node(ArrayOps.SQUEEZE, "Squeeze").input(x).attr("squeeze_dims", axes.clone()).build().output(0);
    }

    /** The gradients of {@code y} with respect to each x; null where none flows. See {@link Gradients}. */
    public List<Output> gradients(Output y, List<Output> xs) { return Gradients.of(this, y, xs); }

    /** Neural-network ops. */
    public static final class Nn {
        private final Tf tf;

        private Nn(Tf tf) { this.tf = tf; }

        public Output relu(Output x) { return tf.unary(NnOps.RELU, x); }
        public Output sigmoid(Output x) { return tf.sigmoid(x); }
        public Output tanh(Output x) { return tf.tanh(x); }
        public Output softmax(Output logits) { return tf.unary(NnOps.SOFTMAX, logits); }
        public Output logSoftmax(Output logits) { return tf.unary(NnOps.LOG_SOFTMAX, logits); }
        public Output biasAdd(Output value, Output bias) { return tf.binary(NnOps.BIAS_ADD, value, bias); }

        /** 2-D convolution of NHWC {@code input} by {@code filter} [h, w, in, out]; strides of 4 values, padding "SAME" or "VALID". */
        public Output conv2d(Output input, Output filter, int[] strides, String padding) {
            return conv2d(input, filter, strides, padding, null, null, null);
        }

        /**
         * 2-D convolution with TensorFlow's attrs ({@link ConvGeometry}); {@code explicitPaddings} (8 values,
         * with padding "EXPLICIT"), {@code dataFormat} ("NHWC", "NCHW") and {@code dilations} (4 values) may be null.
         */
        public Output conv2d(Output input, Output filter, int[] strides, String padding, int[] explicitPaddings, String dataFormat, int[] dilations) {
            return ConvOps.convNode(tf, ConvOps.CONV2D, strides, padding, explicitPaddings, dataFormat, dilations)
                    .input(input).input(filter).build().output(0);
        }

        /** The gradient of conv2d with respect to its input of shape {@code inputSizes} (int32 [4]); a transposed convolution. */
        public Output conv2dBackpropInput(Output inputSizes, Output filter, Output outBackprop, int[] strides, String padding,
                                          int[] explicitPaddings, String dataFormat, int[] dilations) {
            return ConvOps.convNode(tf, ConvOps.CONV2D_BACKPROP_INPUT, strides, padding, explicitPaddings, dataFormat, dilations)
                    .input(inputSizes).input(filter).input(outBackprop).build().output(0);
        }

        /** The gradient of conv2d with respect to its filter of shape {@code filterSizes} (int32 [4]). */
        public Output conv2dBackpropFilter(Output input, Output filterSizes, Output outBackprop, int[] strides, String padding,
                                           int[] explicitPaddings, String dataFormat, int[] dilations) {
            return ConvOps.convNode(tf, ConvOps.CONV2D_BACKPROP_FILTER, strides, padding, explicitPaddings, dataFormat, dilations)
                    .input(input).input(filterSizes).input(outBackprop).build().output(0);
        }

        /** Depthwise 2-D convolution by {@code filter} [h, w, in, multiplier]; attrs as {@link #conv2d}, null for defaults. */
        public Output depthwiseConv2d(Output input, Output filter, int[] strides, String padding, int[] explicitPaddings, String dataFormat,
                                      int[] dilations) {
            return ConvOps.convNode(tf, ConvOps.DEPTHWISE_CONV2D, strides, padding, explicitPaddings, dataFormat, dilations)
                    .input(input).input(filter).build().output(0);
        }

        /** Max pooling of NHWC {@code x}: window {@code ksize} and {@code strides} of 4 values, padding "SAME" or "VALID". */
        public Output maxPool(Output x, int[] ksize, int[] strides, String padding) { return maxPool(x, ksize, strides, padding, null); }

        public Output maxPool(Output x, int[] ksize, int[] strides, String padding, String dataFormat) {
            return ConvOps.poolNode(tf, ConvOps.MAX_POOL, ksize, strides, padding, dataFormat).input(x).build().output(0);
        }

        /**
         * TensorFlow's FusedBatchNormV3 over the channels of 4-D {@code x} ({@link NormOps#FUSED_BATCH_NORM}): its
         * outputs are y, the mean and variance (in training, the running ones updated by {@code exponentialAvgFactor}
         * from the given ones), and three reserve spaces.
         */
        public Node fusedBatchNorm(Output x, Output scale, Output offset, Output mean, Output variance, double epsilon,
                                   double exponentialAvgFactor, String dataFormat, boolean training) {
            return NormOps.fusedBatchNorm(tf, x, scale, offset, mean, variance, epsilon, exponentialAvgFactor, dataFormat, training);
        }

        /** The mean and (biased) variance of {@code x} over {@code axes}: {@code [mean, variance]}. */
        public List<Output> moments(Output x, int[] axes, boolean keepDims) {
            Tf s = tf.withSubScope("moments");
            Output mean = s.reduceMean(x, axes, true);
            Output variance = s.reduceMean(s.square(s.sub(x, mean)), axes, keepDims);
            return List.of(keepDims ? mean : s.squeeze(mean, axes), variance);
        }

        /** {@code (x - mean) / sqrt(variance + epsilon) * scale + offset}, broadcasting; {@code offset} and {@code scale} may be null. */
        public Output batchNormalization(Output x, Output mean, Output variance, Output offset, Output scale, double epsilon) {
            Tf s = tf.withSubScope("batchnorm");
            DType t = x.dtype();
            Output inv = s.div(s.scalar(1, t), s.sqrt(s.add(variance, s.scalar(epsilon, t))));
            if (scale != null) inv = s.mul(inv, scale);
            Output shift = s.neg(s.mul(mean, inv));
            if (offset != null) shift = s.add(offset, shift);
            return s.add(s.mul(x, inv), shift);
        }

        /** Average pooling; SAME padding is left out of each window's count. */
        public Output avgPool(Output x, int[] ksize, int[] strides, String padding) { return avgPool(x, ksize, strides, padding, null); }

        public Output avgPool(Output x, int[] ksize, int[] strides, String padding, String dataFormat) {
            return ConvOps.poolNode(tf, ConvOps.AVG_POOL, ksize, strides, padding, dataFormat).input(x).build().output(0);
        }

        /** Per-example cross-entropy of {@code logits} [batch, classes] against label distributions (one-hot rows). */
        public Output softmaxCrossEntropyWithLogits(Output labels, Output logits) {
            return tf.scope.node(NnOps.SOFTMAX_CROSS_ENTROPY, "SoftmaxCrossEntropyWithLogits")
                    .input(logits).input(labels).build().output(0);
        }

        /** Per-example cross-entropy of {@code logits} [batch, classes] against integer class labels [batch]. */
        public Output sparseSoftmaxCrossEntropyWithLogits(Output labels, Output logits) {
            return tf.scope.node(NnOps.SPARSE_SOFTMAX_CROSS_ENTROPY, "SparseSoftmaxCrossEntropyWithLogits")
                    .input(logits).input(labels).build().output(0);
        }

        /**
         * Elementwise logistic loss of {@code logits} against targets in [0, 1], written so that it neither
         * overflows nor loses precision for large |x|, and so that its gradient at x = 0 is sigmoid(0) - z:
         * (x >= 0 ? x : 0) - x z + log(1 + exp(x >= 0 ? -x : x)).
         */
        public Output sigmoidCrossEntropyWithLogits(Output labels, Output logits) {
            Tf s = tf.withSubScope("logistic_loss");
            DType t = logits.dtype();
            Output zero = s.scalar(0, t);
            Output nonNegative = s.logicalNot(s.less(logits, zero));
            Output relu = s.where(nonNegative, logits, zero);
            Output negAbs = s.where(nonNegative, s.neg(logits), logits);
            Output softplus = s.log(s.add(s.scalar(1, t), s.exp(negAbs)));
            return s.add(s.sub(relu, s.mul(logits, labels)), softplus);
        }

        /**
         * Inverted dropout: while {@code training} is true, zeroes each element with probability {@code rate}
         * and scales the rest by 1 / (1 - rate); otherwise passes {@code x} through unchanged.
         */
        public Output dropout(Output x, double rate, Output training, long seed) {
            if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
            Tf s = tf.withSubScope("dropout");
            DType t = x.dtype();
            Output keep = s.less(s.random.uniformLike(x, t, seed), s.scalar(1 - rate, t));
            Output dropped = s.mul(s.mul(x, s.cast(keep, t)), s.scalar(1 / (1 - rate), t));
            return s.where(training, dropped, x);
        }
    }

    /** Random draws; the same seed gives the same numbers in every Session on every machine. */
    public static final class RandomDraws {
        private final Tf tf;

        private RandomDraws(Tf tf) { this.tf = tf; }

        /** Standard normal scaled by {@code stddev} and shifted by {@code mean}. */
        public Output normal(Shape shape, DType dtype, double mean, double stddev, long seed) {
            return scaled(draw(RandomOps.NORMAL, constantShape(shape), dtype, seed), mean, stddev);
        }

        /** Normal within two standard deviations of the mean. */
        public Output truncatedNormal(Shape shape, DType dtype, double mean, double stddev, long seed) {
            return scaled(draw(RandomOps.TRUNCATED_NORMAL, constantShape(shape), dtype, seed), mean, stddev);
        }

        /** Uniform on [min, max). */
        public Output uniform(Shape shape, DType dtype, double min, double max, long seed) {
            return scaled(draw(RandomOps.UNIFORM, constantShape(shape), dtype, seed), min, max - min);
        }

        /** Uniform on [0, 1). */
        public Output uniform(Shape shape, DType dtype, long seed) {
            return draw(RandomOps.UNIFORM, constantShape(shape), dtype, seed);
        }

        /** Uniform on [0, 1), of {@code x}'s run-time shape. */
        public Output uniformLike(Output x, DType dtype, long seed) {
            return draw(RandomOps.UNIFORM, tf.shape(x), dtype, seed);
        }

        private Output constantShape(Shape shape) {
            if (!shape.isFullyDefined()) throw new IllegalArgumentException("random draws need a fully known shape, got " + shape);
            return tf.constant(shape.dims());
        }

        private Output draw(OpDef op, Output shape, DType dtype, long seed) {
            return tf.scope.node(op, op.name()).input(shape).attr("dtype", dtype)
                    .attr("seed", seed).attr("seed2", (long) tf.graph().size()).build().output(0);
        }

        private Output scaled(Output x, double shift, double scale) {
            DType t = x.dtype();
            Output y = scale == 1 ? x : tf.mul(x, tf.scalar(scale, t));
            return shift == 0 ? y : tf.add(y, tf.scalar(shift, t));
        }
    }

    // ---- builders shared by the methods above ----

    Output unary(OpDef op, Output x) {
        return scope.node(op, op.name()).input(x).build().output(0);
    }

    Output binary(OpDef op, Output a, Output b) {
        return scope.node(op, op.name()).input(a).input(b).build().output(0);
    }

    private Output reduce(OpDef op, Output x, int[] axes, boolean keepDims) {
        Scope.NodeBuilder b = scope.node(op, op.name()).input(x).attr("keep_dims", keepDims);
        if (axes != null) b.attr("axes", axes.clone());
        return b.build().output(0);
    }
}
