package dev.nagare.ops;

import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Scope;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

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
    /** String ops: {@code tf.strings.parseExample(serialized, features)}. */
    public final Strings strings;
    /** Summaries as graph ops: {@code tf.summary.scalar("loss", loss)}. */
    public final GraphSummaries summary;

    private Tf(Scope scope) {
        this.scope = scope;
        this.nn = new Nn(this);
        this.random = new RandomDraws(this);
        this.losses = new Losses(this);
        this.init = new Initializers(this);
        this.train = new Train(this);
        this.strings = new Strings(this);
        this.summary = new GraphSummaries(this);
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
            case STRING -> throw new IllegalArgumentException("a number cannot be a string constant; use constant(String)");
        });
    }

    public Output placeholder(DType dtype, Shape shape, String name) {
        return scope.withName(name).node(ArrayOps.PLACEHOLDER, "Placeholder").attr("dtype", dtype).attr("shape", shape).build().output(0);
    }

    public Output placeholder(DType dtype, Shape shape) { return placeholder(dtype, shape, null); }

    /** A placeholder of any shape, as {@code tf.placeholder(tf.float32)}. */
    public Output placeholder(DType dtype) { return placeholder(dtype, Shape.unknownRank(), null); }

    /** {@code defaultValue}, unless a value is fed in its place (such as a "training" flag that defaults to false). */
    public Output placeholderWithDefault(Output defaultValue, Shape shape, String name) {
        return scope.withName(name).node(ArrayOps.PLACEHOLDER_WITH_DEFAULT, "PlaceholderWithDefault")
                .input(defaultValue).attr("shape", shape).build().output(0);
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

    /**
     * {@code pred ? trueFn() : falseFn()}, lazily: only the taken branch runs. The lambdas build their nodes
     * with any {@code Tf} of this graph and may use any value built before (it is captured, computed before the
     * cond runs) and read and assign variables (read when used, as everywhere). {@code pred} is a bool scalar;
     * both branches return the same dtype and compatible shapes.
     *
     * <pre>{@code
     * Output y = tf.cond(tf.greater(x, tf.constant(0f)), () -> tf.sqrt(x), () -> tf.neg(x));
     * }</pre>
     */
    public Output cond(Output pred, Supplier<Output> trueFn, Supplier<Output> falseFn) {
        return ControlFlow.cond(this, pred, () -> List.of(trueFn.get()), () -> List.of(falseFn.get())).get(0);
    }

    /** {@link #cond} of branches that return several values, matched by position. */
    public List<Output> condN(Output pred, Supplier<List<Output>> trueFn, Supplier<List<Output>> falseFn) {
        return ControlFlow.cond(this, pred, trueFn, falseFn);
    }

    /**
     * {@code while (cond(vars)) vars = body(vars)}, starting from {@code loopVars}; returns the final values. It
     * runs as many iterations as the condition says. The body must keep each loop variable's dtype and shape;
     * see {@link #whileLoop(Function, Function, List, List)} to let a shape vary.
     *
     * <pre>{@code
     * // sum of 1..10
     * List<Output> r = tf.whileLoop(v -> tf.less(v.get(0), tf.constant(10)),
     *         v -> List.of(tf.add(v.get(0), tf.constant(1)), tf.add(v.get(1), tf.add(v.get(0), tf.constant(1)))),
     *         List.of(tf.constant(0), tf.constant(0)));
     * }</pre>
     */
    public List<Output> whileLoop(Function<List<Output>, Output> cond, Function<List<Output>, List<Output>> body, List<Output> loopVars) {
        return ControlFlow.whileLoop(this, cond, body, loopVars, null);
    }

    /**
     * {@link #whileLoop(Function, Function, List)} where loop variable i may take any shape compatible with
     * {@code shapeInvariants.get(i)} (a dimension of -1 may change between iterations).
     */
    public List<Output> whileLoop(Function<List<Output>, Output> cond, Function<List<Output>, List<Output>> body, List<Output> loopVars,
                                  List<Shape> shapeInvariants) {
        return ControlFlow.whileLoop(this, cond, body, loopVars, shapeInvariants);
    }

    // ---- elementwise math ----

    public Output add(Output a, Output b) { return binary(MathOps.ADD, a, b); }
    public Output sub(Output a, Output b) { return binary(MathOps.SUB, a, b); }
    public Output mul(Output a, Output b) { return binary(MathOps.MUL, a, b); }
    public Output div(Output a, Output b) { return binary(MathOps.DIV, a, b); }
    public Output pow(Output a, Output b) { return binary(MathOps.POW, a, b); }
    // TensorFlow's own names for the four above, so that programs read as the tutorials write them.
    public Output multiply(Output a, Output b) { return mul(a, b); }
    public Output subtract(Output a, Output b) { return sub(a, b); }
    public Output divide(Output a, Output b) { return div(a, b); }
    public Output negative(Output x) { return neg(x); }
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
        return scope.node(ArrayOps.CAST, "Cast").input(x).attr("DstT", to).build().output(0);
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

    /** The values joined along {@code axis}; one value joined is itself. */
    public Output concat(List<Output> values, int axis) {
        if (values.size() == 1) return values.get(0);
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

    /** The slices of {@code params} named by the coordinate tuples on the last axis of {@code indices}, as {@code tf.gather_nd}. */
    public Output gatherNd(Output params, Output indices) { return binary(IndexOps.GATHER_ND, params, indices); }

    /** Zeros of {@code shape} with each of {@code updates} added at its tuple of {@code indices}, as {@code tf.scatter_nd}. */
    public Output scatterNd(Output indices, Output updates, int... shape) {
        return scope.node(IndexOps.SCATTER_ND, "ScatterNd").input(indices).input(updates).attr("shape", shape.clone()).build().output(0);
    }

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
    /** Float32 zeros, TensorFlow's default dtype for {@code tf.zeros(shape)}. */
    public Output zeros(Shape shape) { return zeros(shape, DType.FLOAT32); }
    /** Float32 ones, TensorFlow's default dtype for {@code tf.ones(shape)}. */
    public Output ones(Shape shape) { return ones(shape, DType.FLOAT32); }

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
        public Output relu6(Output x) { return tf.unary(NnOps.RELU6, x); }
        /** x where x > 0, else 0.2 x (TensorFlow's default alpha). */
        public Output leakyRelu(Output x) { return leakyRelu(x, 0.2); }
        public Output leakyRelu(Output x, double alpha) {
            return tf.scope.node(NnOps.LEAKY_RELU, "LeakyRelu").input(x).attr("alpha", alpha).build().output(0);
        }
        public Output elu(Output x) { return tf.unary(NnOps.ELU, x); }
        public Output softplus(Output x) { return tf.unary(NnOps.SOFTPLUS, x); }
        public Output selu(Output x) { return tf.unary(NnOps.SELU, x); }
        /** The k largest entries of each row and their indices (int32), largest first. */
        public List<Output> topK(Output x, int k) {
            return tf.scope.node(NnOps.TOP_K, "TopKV2").input(x).attr("k", k).attr("sorted", true).build().outputs();
        }
        /** Whether each target is among the k largest predictions of its row. */
        public Output inTopK(Output predictions, Output targets, int k) {
            return tf.scope.node(NnOps.IN_TOP_K, "InTopKV2").input(predictions).input(targets).attr("k", k).build().output(0);
        }
        public Output softsign(Output x) { return tf.unary(NnOps.SOFTSIGN, x); }
        /** sum(x^2) / 2. */
        public Output l2Loss(Output x) { return tf.unary(NnOps.L2_LOSS, x); }
        public Output sigmoid(Output x) { return tf.sigmoid(x); }
        public Output tanh(Output x) { return tf.tanh(x); }
        public Output softmax(Output logits) { return tf.unary(NnOps.SOFTMAX, logits); }
        public Output logSoftmax(Output logits) { return tf.unary(NnOps.LOG_SOFTMAX, logits); }
        public Output biasAdd(Output value, Output bias) { return biasAdd(value, bias, "NHWC"); }
        /**
         * The bias added to the channel axis of {@code dataFormat}: "NHWC" (the last) or "NCHW" (axis 1). A bias
         * added to a vector is an elementwise AddV2, as TensorFlow's BiasAdd takes values of rank 2 and more.
         */
        public Output biasAdd(Output value, Output bias, String dataFormat) {
            if (dataFormat.equals("NHWC") && value.shape().hasRank() && value.shape().rank() == 1) return tf.add(value, bias);
            return tf.scope.node(NnOps.BIAS_ADD, "BiasAdd").input(value).input(bias).attr("data_format", dataFormat).build().output(0);
        }
        /** BiasAdd's gradient with respect to its bias: {@code g} summed over every axis but the channels'. */
        public Output biasAddGrad(Output g, String dataFormat) {
            return tf.scope.node(NnOps.BIAS_ADD_GRAD, "BiasAddGrad").input(g).attr("data_format", dataFormat).build().output(0);
        }

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
        /** TensorFlow's graph-level seed when an op has a seed of its own and the graph none. */
        public static final long DEFAULT_GRAPH_SEED = 87654321L;

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

        // Draws without an op seed take the next of the graph's op seeds (Graph.nextRandomOpSeed: 0, 1, 2, ...
        // over the random ops that asked), as TensorFlow 1.x does when the graph seed is set. Where it is not,
        // TensorFlow draws different numbers in every run of the program; Nagare takes the default graph seed,
        // so that a program gives the same numbers every time.

        /** {@link #normal(Shape, DType, double, double, long)} with the graph's next op seed. */
        public Output normal(Shape shape, DType dtype, double mean, double stddev) {
            return normal(shape, dtype, mean, stddev, tf.graph().nextRandomOpSeed());
        }

        /** {@link #truncatedNormal(Shape, DType, double, double, long)} with the graph's next op seed. */
        public Output truncatedNormal(Shape shape, DType dtype, double mean, double stddev) {
            return truncatedNormal(shape, dtype, mean, stddev, tf.graph().nextRandomOpSeed());
        }

        /** {@link #uniform(Shape, DType, double, double, long)} with the graph's next op seed. */
        public Output uniform(Shape shape, DType dtype, double min, double max) {
            return uniform(shape, dtype, min, max, tf.graph().nextRandomOpSeed());
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

        /**
         * A random op seeded as TensorFlow 1.x seeds it: attr {@code seed} is the graph-level seed (TensorFlow's
         * default 87654321 when none was set) and {@code seed2} the op-level seed, so that the numbers depend on
         * the two seeds only, not on where the op sits in the graph.
         */
        private Output draw(OpDef op, Output shape, DType dtype, long seed) {
            long graphSeed = truncated(tf.graph().randomSeed().orElse(DEFAULT_GRAPH_SEED)), opSeed = truncated(seed);
            if (graphSeed == 0 && opSeed == 0) opSeed = MAX_INT32; // (0, 0) means "not seeded" to TensorFlow's kernels
            return tf.scope.node(op, op.name()).input(shape).attr("dtype", dtype)
                    .attr("seed", graphSeed).attr("seed2", opSeed).build().output(0);
        }

        private static final long MAX_INT32 = Integer.MAX_VALUE;

        /** A seed brought into [0, 2^31 - 1), as TensorFlow's {@code _truncate_seed} (Python's modulo: never negative). */
        private static long truncated(long seed) { return Math.floorMod(seed, MAX_INT32); }

        private Output scaled(Output x, double shift, double scale) {
            DType t = x.dtype();
            Output y = scale == 1 ? x : tf.mul(x, tf.scalar(scale, t));
            return shift == 0 ? y : tf.add(y, tf.scalar(shift, t));
        }
    }

    // ---- math added for issue 11 ----

    public Output rsqrt(Output x) { return unary(MathOps.RSQRT, x); }
    public Output reciprocal(Output x) { return unary(MathOps.RECIPROCAL, x); }
    public Output floor(Output x) { return unary(MathOps.FLOOR, x); }
    public Output ceil(Output x) { return unary(MathOps.CEIL, x); }
    /** Rounds half to even, as TensorFlow's Round. */
    public Output round(Output x) { return unary(MathOps.ROUND, x); }
    public Output log1p(Output x) { return unary(MathOps.LOG1P, x); }
    public Output expm1(Output x) { return unary(MathOps.EXPM1, x); }
    public Output sin(Output x) { return unary(MathOps.SIN, x); }
    public Output cos(Output x) { return unary(MathOps.COS, x); }
    /** The error function, as {@code tf.math.erf}. */
    public Output erf(Output x) { return unary(MathOps.ERF, x); }
    public Output floorDiv(Output a, Output b) { return binary(MathOps.FLOOR_DIV, a, b); }
    public Output floorMod(Output a, Output b) { return binary(MathOps.FLOOR_MOD, a, b); }
    public Output squaredDifference(Output a, Output b) { return binary(MathOps.SQUARED_DIFFERENCE, a, b); }
    public Output greaterEqual(Output a, Output b) { return binary(MathOps.GREATER_EQUAL, a, b); }
    public Output lessEqual(Output a, Output b) { return binary(MathOps.LESS_EQUAL, a, b); }
    public Output notEqual(Output a, Output b) { return binary(MathOps.NOT_EQUAL, a, b); }

    /** The sum of tensors of one shape. */
    public Output addN(List<Output> values) {
        return scope.node(MathOps.ADD_N, "AddN").inputs(values).build().output(0);
    }

    /** min(max(x, lo), hi), as TensorFlow's clip_by_value. */
    /** x clipped to [lo, hi] as TensorFlow's Python builds it: the minimum with hi, then the maximum with lo. */
    public Output clipByValue(Output x, Output lo, Output hi) { return maximum(minimum(x, hi), lo); }

    public Output reduceProd(Output x) { return reduce(MathOps.PROD, x, null, false); }
    public Output reduceProd(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.PROD, x, axes, keepDims); }
    public Output reduceAny(Output x) { return reduce(MathOps.ANY, x, null, false); }
    public Output reduceAny(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.ANY, x, axes, keepDims); }
    public Output reduceAll(Output x) { return reduce(MathOps.ALL_OF, x, null, false); }
    public Output reduceAll(Output x, int[] axes, boolean keepDims) { return reduce(MathOps.ALL_OF, x, axes, keepDims); }

    // Single-axis reductions: reduceSum(x, -1) as TensorFlow's reduce_sum(x, -1).
    public Output reduceSum(Output x, int axis) { return reduce(MathOps.SUM, x, new int[] {axis}, false); }
    public Output reduceSum(Output x, int axis, boolean keepDims) { return reduce(MathOps.SUM, x, new int[] {axis}, keepDims); }
    public Output reduceMean(Output x, int axis) { return reduce(MathOps.MEAN, x, new int[] {axis}, false); }
    public Output reduceMean(Output x, int axis, boolean keepDims) { return reduce(MathOps.MEAN, x, new int[] {axis}, keepDims); }
    public Output reduceMax(Output x, int axis) { return reduce(MathOps.MAX, x, new int[] {axis}, false); }
    public Output reduceMax(Output x, int axis, boolean keepDims) { return reduce(MathOps.MAX, x, new int[] {axis}, keepDims); }
    public Output reduceMin(Output x, int axis) { return reduce(MathOps.MIN, x, new int[] {axis}, false); }
    public Output reduceMin(Output x, int axis, boolean keepDims) { return reduce(MathOps.MIN, x, new int[] {axis}, keepDims); }
    public Output reduceProd(Output x, int axis) { return reduce(MathOps.PROD, x, new int[] {axis}, false); }
    public Output reduceAny(Output x, int axis) { return reduce(MathOps.ANY, x, new int[] {axis}, false); }
    public Output reduceAll(Output x, int axis) { return reduce(MathOps.ALL_OF, x, new int[] {axis}, false); }

    /** Index of the smallest element along {@code axis}, as int64 like TensorFlow. */
    public Output argmin(Output x, int axis) { return argmin(x, axis, DType.INT64); }

    public Output argmin(Output x, int axis, DType outputType) {
        return scope.node(MathOps.ARGMIN, "ArgMin").input(x).attr("axis", axis).attr("output_type", outputType).build().output(0);
    }

    // ---- shapes and arrays added for issue 11 ----

    /** Pads with {@code value} (a scalar of x's dtype); {@code paddings} holds (before, after) per axis. */
    public Output pad(Output x, Output value, int... paddings) {
        return scope.node(ArrayOps.PAD_V2, "PadV2").input(x).input(value).attr("paddings", paddings.clone()).build().output(0);
    }

    /** Its inputs passed through, as one node. */
    public List<Output> identityN(List<Output> values) {
        return scope.node(ArrayOps.IDENTITY_N, "IdentityN").inputs(values).build().outputs();
    }

    /** Reshape to a shape computed at run time (an int32 or int64 vector; one entry may be -1). */
    public Output reshape(Output x, Output shape) {
        return scope.node(ArrayOps.RESHAPE, "Reshape").input(x).input(shape).build().output(0);
    }

    /** A tensor of the shape {@code dims} holds at run time, filled with the scalar {@code value}. */
    public Output fill(Output dims, Output value) {
        return scope.node(ArrayOps.FILL, "Fill").input(value).input(dims).build().output(0);
    }

    /** Its input, with no gradient flowing back through it. */
    public Output stopGradient(Output x) { return unary(ArrayOps.STOP_GRADIENT, x); }

    /** The rank of {@code x} as an int32 scalar. */
    public Output rank(Output x) { return unary(ArrayOps.RANK, x); }

    /** The element count of {@code x} as an int32 scalar. */
    public Output size(Output x) { return size(x, DType.INT32); }

    public Output size(Output x, DType outType) {
        return scope.node(ArrayOps.SIZE, "Size").input(x).attr("out_type", outType).build().output(0);
    }

    /** TensorFlow 1's select: {@code cond} of t's shape, a scalar, or a vector that picks rows. */
    public Output selectV1(Output cond, Output t, Output e) {
        return scope.node(ArrayOps.SELECT_V1, "Select").input(cond).input(t).input(e).build().output(0);
    }

    /** Stacks tensors of one shape along a new axis {@code axis}. */
    public Output stack(List<Output> values, int axis) {
        return scope.node(ArrayOps.PACK, "stack").inputs(values).attr("axis", axis).build().output(0);
    }

    public Output stack(List<Output> values) { return stack(values, 0); }

    /** The {@code num} slices of {@code x} along {@code axis}, that axis removed. */
    public List<Output> unstack(Output x, int num, int axis) {
        return scope.node(ArrayOps.UNPACK, "unstack").input(x).attr("num", num).attr("axis", axis).build().outputs();
    }

    /** {@code num} equal pieces of {@code x} along {@code axis}. */
    public List<Output> split(Output x, int num, int axis) {
        return scope.node(ArrayOps.SPLIT, "split").input(x).attr("num_split", num).attr("axis", axis).build().outputs();
    }

    /** Pieces of {@code x} along {@code axis} of the given sizes (one may be -1: the rest). */
    public List<Output> split(Output x, int[] sizes, int axis) {
        return scope.node(ArrayOps.SPLIT_V, "split").input(x).attr("size_splits", sizes.clone()).attr("axis", axis)
                .attr("num_split", sizes.length).build().outputs();
    }

    /** start, start + delta, ... below limit (above it for a negative delta); scalars of one dtype. */
    public Output range(Output start, Output limit, Output delta) {
        return scope.node(ArrayOps.RANGE, "range").input(start).input(limit).input(delta).build().output(0);
    }

    /** 0, 1, ..., limit - 1 as int32. */
    public Output range(int limit) { return range(constant(0), constant(limit), constant(1)); }

    public Output range(int start, int limit, int delta) { return range(constant(start), constant(limit), constant(delta)); }

    /** {@code x} repeated {@code multiples[i]} times along axis i. */
    public Output tile(Output x, Output multiples) {
        return scope.node(ArrayOps.TILE, "Tile").input(x).input(multiples).build().output(0);
    }

    public Output tile(Output x, int... multiples) { return tile(x, constant(multiples.clone())); }

    /** {@code x} broadcast to {@code shape} (an int32/int64 vector). */
    public Output broadcastTo(Output x, Output shape) {
        return scope.node(ArrayOps.BROADCAST_TO, "BroadcastTo").input(x).input(shape).build().output(0);
    }

    public Output broadcastTo(Output x, Shape shape) { return broadcastTo(x, constant(shape.dims())); }

    /** {@code x[begin:end:strides]} over the leading axes, as NumPy's basic slicing. */
    public Output stridedSlice(Output x, int[] begin, int[] end, int[] strides) {
        return stridedSlice(x, begin, end, strides, 0, 0, 0, 0, 0);
    }

    /** TensorFlow's strided_slice with its five masks (bit i applies to entry i). */
    public Output stridedSlice(Output x, int[] begin, int[] end, int[] strides, int beginMask, int endMask,
                               int ellipsisMask, int newAxisMask, int shrinkAxisMask) {
        return scope.node(ArrayOps.STRIDED_SLICE, "StridedSlice").input(x).attr("begin", begin.clone()).attr("end", end.clone())
                .attr("strides", strides.clone()).attr("begin_mask", beginMask).attr("end_mask", endMask)
                .attr("ellipsis_mask", ellipsisMask).attr("new_axis_mask", newAxisMask).attr("shrink_axis_mask", shrinkAxisMask)
                .build().output(0);
    }

    /** The gradient of strided slice {@code like}: {@code dy} written into zeros of the shape {@code shape} holds. */
    Output stridedSliceGrad(Output shape, Output dy, Node like) {
        Scope.NodeBuilder b = scope.node(ArrayOps.STRIDED_SLICE_GRAD, "StridedSliceGrad").input(shape).input(dy);
        for (String a : STRIDED_SLICE_ATTRS) if (like.attrs().containsKey(a)) b.attr(a, like.attrs().get(a));
        return b.build().output(0);
    }

    /** The strided slice that {@code grad} (a StridedSliceGrad node) scattered from. */
    Output stridedSliceLike(Output x, Node grad) {
        Scope.NodeBuilder b = scope.node(ArrayOps.STRIDED_SLICE, "StridedSlice").input(x);
        for (String a : STRIDED_SLICE_ATTRS) if (grad.attrs().containsKey(a)) b.attr(a, grad.attrs().get(a));
        return b.build().output(0);
    }

    private static final List<String> STRIDED_SLICE_ATTRS = List.of("begin", "end", "strides", "begin_mask", "end_mask",
            "ellipsis_mask", "new_axis_mask", "shrink_axis_mask");

    /** The remainder of truncating division (sign of the dividend), TensorFlow's Mod / truncatemod. */
    public Output mod(Output a, Output b) { return binary(MathOps.MOD, a, b); }
    /** a / b, or 0 where b is 0. */
    public Output divNoNan(Output a, Output b) { return binary(MathOps.DIV_NO_NAN, a, b); }
    public Output isNan(Output x) { return unary(MathOps.IS_NAN, x); }
    public Output isInf(Output x) { return unary(MathOps.IS_INF, x); }
    public Output isFinite(Output x) { return unary(MathOps.IS_FINITE, x); }

    public Output cumsum(Output x, int axis) { return cumsum(x, axis, false, false); }

    /** Running sums along {@code axis}; exclusive sums leave out their own element, reversed ones run from the end. */
    public Output cumsum(Output x, int axis, boolean exclusive, boolean reverse) {
        return scope.node(MathOps.CUMSUM, "Cumsum").input(x).attr("axis", axis).attr("exclusive", exclusive).attr("reverse", reverse)
                .build().output(0);
    }

    /** {@code x} with the listed axes reversed. */
    public Output reverse(Output x, int... axes) {
        return scope.node(ArrayOps.REVERSE, "ReverseV2").input(x).attr("axis", axes.clone()).build().output(0);
    }

    /** The coordinates of the true elements of {@code cond} as an int64 [count, rank] matrix (tf.where with one argument). */
    public Output where(Output cond) { return unary(ArrayOps.WHERE, cond); }

    /** Matrix products over the last two axes, leading axes broadcast (tf.matmul of rank > 2). */
    public Output batchMatmul(Output a, Output b) { return batchMatmul(a, b, false, false); }

    public Output batchMatmul(Output a, Output b, boolean adjointA, boolean adjointB) {
        return scope.node(MathOps.BATCH_MATMUL, "MatMul").input(a).input(b).attr("adj_x", adjointA).attr("adj_y", adjointB).build().output(0);
    }

    // ---- ops added for issue 11, part 2 ----

    /**
     * {@code x} with each axis extended by mirror images of its edges, as {@code tf.pad(x, paddings, mode)}:
     * {@code paddings} holds (before, after) per axis; {@code mode} "REFLECT" (edges not repeated) or "SYMMETRIC".
     */
    public Output mirrorPad(Output x, int[] paddings, String mode) {
        return scope.node(PadOps.MIRROR_PAD, "MirrorPad").input(x).attr("paddings", paddings.clone()).attr("mode", mode).build().output(0);
    }

    /** The gradient of {@link #mirrorPad}: the padded borders of {@code g} folded back onto what they mirror. */
    public Output mirrorPadGrad(Output g, int[] paddings, String mode) {
        return scope.node(PadOps.MIRROR_PAD_GRAD, "MirrorPadGrad").input(g).attr("paddings", paddings.clone()).attr("mode", mode).build().output(0);
    }

    /**
     * {@code params[indices]} along {@code axis}, the first {@code batchDims} axes shared by params and indices
     * (each batch element gathers from its own params), as {@code tf.gather(params, indices, axis=, batch_dims=)}.
     */
    public Output gather(Output params, Output indices, int axis, int batchDims) {
        return scope.node(ArrayOps.GATHER, "GatherV2").input(params).input(indices).attr("axis", axis).attr("batch_dims", batchDims).build().output(0);
    }

    /** One-hot rows with the new axis of {@code depth} at {@code axis} (-1: last), as {@code tf.one_hot(..., axis=)}. */
    public Output oneHot(Output indices, int depth, DType dtype, double onValue, double offValue, int axis) {
        return scope.node(ArrayOps.ONE_HOT, "OneHot").input(indices).attr("depth", depth).attr("dtype", dtype)
                .attr("on_value", onValue).attr("off_value", offValue).attr("axis", axis).build().output(0);
    }

    /** {@code x}, unless it holds a NaN or an infinity: then the run fails naming this node and {@code message}. */
    public Output checkNumerics(Output x, String message) {
        return scope.node(DebugOps.CHECK_NUMERICS, "CheckNumerics").input(x).attr("message", message).build().output(0);
    }

    /** {@code x}; a gradient asked through it fails with a GradientDisabledException naming this node and {@code message}. */
    public Output preventGradient(Output x, String message) {
        return scope.node(DebugOps.PREVENT_GRADIENT, "PreventGradient").input(x).attr("message", message).build().output(0);
    }

    /**
     * Fails the run, naming this node, when the bool scalar {@code condition} is false, with TensorFlow's message
     * "assertion failed: [data 0] [data 1] ..." (each data tensor's first 3 elements), as {@code tf.Assert}. It
     * has no outputs: make the nodes it guards wait for it with {@link #withControlDependencies}.
     */
    public Node assertThat(Output condition, Output... data) { return assertThat(condition, 3, data); }

    /** As {@link #assertThat(Output, Output...)}, writing {@code summarize} elements of each data tensor (negative: all). */
    public Node assertThat(Output condition, int summarize, Output... data) {
        return scope.node(DebugOps.ASSERT, "Assert").input(condition).inputs(List.of(data)).attr("summarize", summarize).build();
    }

    /**
     * {@code input}, after writing {@code message} and each of {@code data} (its first {@code summarize} elements,
     * in brackets) as one line to {@code dev.nagare.device.PrintOutput} (standard error unless set), on the first
     * {@code firstN} runs (negative: every run): TensorFlow 1's {@code tf.Print}.
     */
    public Output print(Output input, List<Output> data, String message, int firstN, int summarize) {
        return scope.node(DebugOps.PRINT, "Print").input(input).inputs(data).attr("message", message).attr("first_n", firstN)
                .attr("summarize", summarize).build().output(0);
    }

    /** As {@link #print(Output, List, String, int, int)} on every run, 3 elements of each data tensor. */
    public Output print(Output input, List<Output> data, String message) { return print(input, data, message, -1, 3); }

    /**
     * TensorFlow 2's {@code tf.print}: on every run writes {@code inputs} joined by spaces, then a newline, to
     * standard error ({@code dev.nagare.device.PrintOutput}). An {@link Output} is written as
     * {@link Strings#format} summarizes it (3 entries at each end of every axis), anything else as its text. It
     * builds a StringFormat node and a PrintV2 node, which it returns: it has no outputs, so make the nodes it should
     * run before wait for it ({@link #withControlDependencies}) or run it as a target.
     */
    public Node printV2(Object... inputs) { return printV2("stderr", 3, " ", "\n", List.of(inputs)); }

    /**
     * As {@link #printV2(Object...)} of {@code inputs}, to {@code outputStream} ("stdout", "stderr", "log(info)", "log(warning)",
     * "log(error)", or "file://" and a path to append to), {@code summarize} entries of each axis end (negative:
     * all), {@code sep} between inputs and {@code end} after them. A lone string scalar is written as it is.
     */
    public Node printV2(String outputStream, int summarize, String sep, String end, List<?> inputs) {
        Output text;
        if (inputs.size() == 1 && inputs.get(0) instanceof Output o && o.dtype() == DType.STRING && o.shape().hasRank() && o.shape().rank() == 0) {
            text = o;
        } else {
            List<Output> tensors = new java.util.ArrayList<>();
            for (Object in : inputs) if (in instanceof Output o) tensors.add(o);
            // "{}" unless the texts make more of it, as Python's tf.print picks a placeholder that no text holds.
            String placeholder = "{}", template = template(inputs, sep, placeholder);
            for (int i = 0; DebugOps.templateParts(template, placeholder).size() - 1 != tensors.size(); i++) {
                placeholder = "{" + i + "}";
                template = template(inputs, sep, placeholder);
            }
            text = strings.format(template, tensors, placeholder, summarize);
        }
        return scope.node(DebugOps.PRINT_V2, "PrintV2").input(text).attr("output_stream", outputStream).attr("end", end).build();
    }

    private static String template(List<?> inputs, String sep, String placeholder) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < inputs.size(); i++) sb.append(i > 0 ? sep : "").append(inputs.get(i) instanceof Output ? placeholder : String.valueOf(inputs.get(i)));
        return sb.toString();
    }

    /**
     * Einstein summation of one or two operands, as {@code tf.einsum}: {@code einsum("ij,jk->ik", a, b)}. The
     * equations accepted are listed in {@link EinsumOps}.
     */
    public Output einsum(String equation, Output... inputs) {
        return scope.node(EinsumOps.EINSUM, "Einsum").inputs(List.of(inputs)).attr("equation", equation).build().output(0);
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
