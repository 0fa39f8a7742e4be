package dev.nagare.device.cuda;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The GPU's kernels: for each (op, dtype), what runs on the host when the node is called (checks, shapes,
 * launch plans, all plain Java) and the launches it enqueues. Ops missing here run on the CPU under soft
 * placement, with the copies the Session plans. The table is static: a test checks which ops of a graph would
 * run on the GPU without one.
 */
public final class CudaKernels {
    private CudaKernels() {}

    /** A node's kernel on the GPU, made from the node once per plan. */
    @FunctionalInterface
    interface Bound { TensorValue[] compute(CudaDevice dev, KernelContext ctx, TensorValue[] in); }

    @FunctionalInterface
    interface Binder { Bound bind(Node node); }

    private static final Map<String, Map<DType, Binder>> TABLE = new TreeMap<>();
    private static final List<DType> GPU_TYPES = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL);

    private static void add(String op, Binder b, List<DType> types) {
        Map<DType, Binder> m = TABLE.computeIfAbsent(op, k -> new EnumMap<>(DType.class));
        for (DType t : types) if (m.put(t, b) != null) throw new IllegalStateException("two GPU kernels for " + op + " on " + t);
    }

    static Optional<Binder> factory(String op, DType dtype) {
        Map<DType, Binder> m = TABLE.get(op);
        if (m == null) return Optional.empty();
        if (dtype == null) return Optional.ofNullable(m.get(DType.FLOAT32)).filter(b -> op.equals("NoOp"));
        return Optional.ofNullable(m.get(dtype));
    }

    /** Whether the GPU has a kernel for {@code op} on {@code dtype} (null: an op without inputs or outputs). */
    public static boolean has(String op, DType dtype) { return factory(op, dtype).isPresent(); }

    /** The ops with a GPU kernel on some dtype. */
    public static Set<String> ops() { return TABLE.keySet(); }

    static {
        elementwise();
        arrays();
        math();
        nn();
        state();
    }

    // ---- helpers ----

    private static CudaValue[] on(CudaDevice dev, Node node, TensorValue[] in) {
        CudaValue[] out = new CudaValue[in.length];
        for (int i = 0; i < in.length; i++) if (in[i] != null) out[i] = dev.adopt(in[i], node);
        return out;
    }

    private static TensorValue[] one(TensorValue v) { return new TensorValue[] {v}; }

    private static long n(Shape s) { return s.size(); }

    // ---- elementwise: generated from the op entries and the ElementwiseTable ----

    private static void elementwise() {
        for (DType t : GPU_TYPES) {
            String module = KernelSources.moduleName("elementwise", t);
            for (ElementwiseTable.Op op : ElementwiseTable.ops(t)) {
                String entry = KernelSources.entry(op.name(), t, "");
                DType result = op.boolResult() ? DType.BOOL : t;
                if (op.arity() == 1) {
                    add(op.name(), node -> (dev, ctx, in) -> {
                        CudaValue x = dev.adopt(in[0], node);
                        CudaValue o = dev.output(ctx, 0, result, x.shape());
                        if (x.size() > 0) dev.launch(module, entry, LaunchConfig.elementwise(x.size()), x, o, (long) x.size());
                        return one(o);
                    }, List.of(t));
                } else if (op.name().equals("BiasAdd")) {
                    add(op.name(), node -> {
                        boolean nchw = "NCHW".equals(node.attrs().get("data_format"));
                        return (dev, ctx, in) -> {
                            CudaValue[] v = on(dev, node, in);
                            int[] x = v[0].shape().dims();
                            int[] bias = v[1].shape().dims();
                            if (nchw) { // the channel axis is 1: the bias as [C, 1, ..., 1]
                                bias = new int[x.length - 1];
                                Arrays.fill(bias, 1);
                                bias[0] = v[1].shape().dim(0);
                            }
                            return one(binary(dev, ctx, node, module, entry, result, v[0], v[1], x, bias, v[0].shape()));
                        };
                    }, List.of(t));
                } else {
                    add(op.name(), node -> (dev, ctx, in) -> {
                        CudaValue[] v = on(dev, node, in);
                        Shape out = Shape.broadcast(v[0].shape(), v[1].shape());
                        return one(binary(dev, ctx, node, module, entry, result, v[0], v[1], v[0].shape().dims(), v[1].shape().dims(), out));
                    }, List.of(t));
                }
            }
        }
        // AddN: a chain of adds into the output (each add reads what the last wrote: the stream keeps them in order).
        for (DType t : KernelSources.NUMERIC) {
            String module = KernelSources.moduleName("elementwise", t), add = KernelSources.entry("AddV2", t, "");
            add("AddN", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                CudaValue o = dev.output(ctx, 0, t, v[0].shape());
                for (CudaValue x : v) if (!x.shape().equals(o.shape())) throw ctx.fail("AddN inputs differ in shape: " + x.shape() + " and " + o.shape());
                if (v.length == 1) { dev.copy(o, v[0], (long) o.size() * KernelSources.bytes(t)); return one(o); }
                LaunchConfig c = LaunchConfig.elementwise(o.size());
                if (o.size() == 0) return one(o);
                dev.launch(module, add, c, v[0], v[1], o, (long) o.size());
                for (int i = 2; i < v.length; i++) dev.launch(module, add, c, o, v[i], o, (long) o.size());
                return one(o);
            }, List.of(t));
        }
    }

    private static CudaValue binary(CudaDevice dev, KernelContext ctx, Node node, String module, String entry, DType result,
                                    CudaValue x, CudaValue y, int[] xDims, int[] yDims, Shape out) {
        BroadcastPlan p;
        try {
            p = BroadcastPlan.of(out.dims(), xDims, yDims);
        } catch (IllegalArgumentException e) {
            throw ctx.fail("cannot broadcast " + x.shape() + " and " + y.shape() + " on " + dev.spec() + ": " + e.getMessage());
        }
        CudaValue o = dev.output(ctx, 0, result, out);
        if (p.count() == 0) return o;
        LaunchConfig c = LaunchConfig.elementwise(p.count());
        if (p.same()) dev.launch(module, entry, c, x, y, o, p.count());
        else dev.launch(module, entry + "_b", c, x, y, o, p.count(), p.packed());
        return o;
    }

    // ---- moving and filling ----

    private static void arrays() {
        for (String op : List.of("Identity", "StopGradient", "PlaceholderWithDefault")) {
            add(op, node -> (dev, ctx, in) -> one(dev.adopt(in[0], node)), GPU_TYPES);
        }
        add("Reshape", node -> {
            int[] fixed = node.inputs().size() == 2 ? null : node.attr("shape");
            return (dev, ctx, in) -> {
                CudaValue x = dev.adopt(in[0], node);
                int[] target = fixed != null ? fixed : ints(dev.hostValue(in[1]));
                return one(dev.alias(x, Shape.of(resolve(ctx, target, x.size(), x.shape()))));
            };
        }, GPU_TYPES);
        add("ExpandDims", node -> {
            int axis = node.<Integer>attr("axis");
            return (dev, ctx, in) -> {
                CudaValue x = dev.adopt(in[0], node);
                int[] d = x.shape().dims();
                int a = axis < 0 ? axis + d.length + 1 : axis;
                if (a < 0 || a > d.length) throw ctx.fail("axis " + axis + " is out of range for rank " + d.length);
                int[] out = new int[d.length + 1];
                System.arraycopy(d, 0, out, 0, a);
                out[a] = 1;
                System.arraycopy(d, a, out, a + 1, d.length - a);
                return one(dev.alias(x, Shape.of(out)));
            };
        }, GPU_TYPES);
        add("Squeeze", node -> {
            int[] which = node.attrs().containsKey("squeeze_dims") ? node.attr("squeeze_dims") : new int[0];
            return (dev, ctx, in) -> {
                CudaValue x = dev.adopt(in[0], node);
                int[] d = x.shape().dims();
                boolean[] drop = new boolean[d.length];
                for (int w : which) {
                    int a = w < 0 ? w + d.length : w;
                    if (a < 0 || a >= d.length || d[a] != 1) throw ctx.fail("cannot squeeze axis " + w + " of shape " + x.shape());
                    drop[a] = true;
                }
                if (which.length == 0) for (int i = 0; i < d.length; i++) drop[i] = d[i] == 1;
                int[] out = java.util.stream.IntStream.range(0, d.length).filter(i -> !drop[i]).map(i -> d[i]).toArray();
                return one(dev.alias(x, Shape.of(out)));
            };
        }, GPU_TYPES);
        add("Const", node -> {
            Tensor value = node.attr("value");
            return (dev, ctx, in) -> one(dev.fromHost(value, ctx.buffer(0, value.dtype(), value.size())));
        }, GPU_TYPES);
        add("ZerosLike", node -> (dev, ctx, in) -> {
            CudaValue x = dev.adopt(in[0], node);
            CudaValue o = dev.output(ctx, 0, x.dtype(), x.shape());
            dev.zero(o);
            return one(o);
        }, GPU_TYPES);
        for (DType t : GPU_TYPES) {
            String module = KernelSources.moduleName("elementwise", t);
            add("OnesLike", node -> (dev, ctx, in) -> {
                CudaValue x = dev.adopt(in[0], node);
                CudaValue o = dev.output(ctx, 0, t, x.shape());
                if (o.size() > 0) dev.launch(module, KernelSources.entry("Fill", t, "_v"), LaunchConfig.elementwise(o.size()), one(t), o, (long) o.size());
                return one(o);
            }, List.of(t));
            add("Fill", node -> {
                int[] fixed = node.inputs().size() == 2 ? null : node.attr("shape");
                return (dev, ctx, in) -> {
                    CudaValue value = dev.adopt(in[0], node);
                    if (value.shape().rank() != 0) throw ctx.fail("the fill value must be a scalar, got shape " + value.shape());
                    Shape s = Shape.of(fixed != null ? fixed : ints(dev.hostValue(in[1])));
                    CudaValue o = dev.output(ctx, 0, t, s);
                    if (o.size() > 0) dev.launch(module, KernelSources.entry("Fill", t, ""), LaunchConfig.elementwise(o.size()), value, o, (long) o.size());
                    return one(o);
                };
            }, List.of(t));
            add("SelectV2", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                Shape out = Shape.broadcast(Shape.broadcast(v[0].shape(), v[1].shape()), v[2].shape());
                BroadcastPlan p = BroadcastPlan.of(out.dims(), v[0].shape().dims(), v[1].shape().dims(), v[2].shape().dims());
                CudaValue o = dev.output(ctx, 0, t, out);
                if (p.count() > 0) dev.launch(module, KernelSources.entry("Select", t, "_b"), LaunchConfig.elementwise(p.count()), v[0], v[1], v[2], o, p.count(), p.packed());
                return one(o);
            }, List.of(t));
            String castModule = KernelSources.moduleName("cast", t);
            add("Cast", node -> {
                DType to = node.attr("DstT");
                String entry = "ng_cast_" + KernelSources.suffix(t) + "_" + KernelSources.suffix(to);
                return (dev, ctx, in) -> {
                    CudaValue x = dev.adopt(in[0], node);
                    CudaValue o = dev.output(ctx, 0, to, x.shape());
                    if (o.size() > 0) dev.launch(castModule, entry, LaunchConfig.elementwise(o.size()), x, o, (long) o.size());
                    return one(o);
                };
            }, List.of(t));
        }
    }

    /** 1 as a kernel argument of C type {@code t}. */
    private static Object one(DType t) {
        return switch (t) {
            case FLOAT32 -> 1f;
            case FLOAT64 -> 1d;
            case INT32 -> 1;
            case INT64 -> 1L;
            default -> (int) 1; // bool: passed as a byte-sized value in a 4-byte slot, read as its low byte on little-endian
        };
    }

    private static int[] ints(Tensor t) {
        return switch (t.data()) {
            case int[] a -> a.clone();
            case long[] a -> Arrays.stream(a).mapToInt(Math::toIntExact).toArray();
            default -> throw new IllegalArgumentException("a shape must be int32 or int64, got " + t.dtype());
        };
    }

    /** A Reshape target with its one -1 resolved from the element count. */
    private static int[] resolve(KernelContext ctx, int[] target, int count, Shape from) {
        int[] out = target.clone();
        int unknown = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (unknown >= 0) throw ctx.fail("the shape " + Arrays.toString(target) + " has more than one -1");
                unknown = i;
            } else {
                known *= out[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || count % known != 0) throw ctx.fail("cannot reshape " + from + " to " + Arrays.toString(target));
            out[unknown] = (int) (count / known);
        } else if (known != count) {
            throw ctx.fail("cannot reshape " + from + " (" + count + " elements) to " + Arrays.toString(target));
        }
        return out;
    }

    // ---- matrix products and reductions ----

    private static void math() {
        for (DType t : KernelSources.FLOATING) {
            boolean f64 = t == DType.FLOAT64;
            add("MatMul", node -> {
                boolean ta = node.attr("transpose_a"), tb = node.attr("transpose_b");
                return (dev, ctx, in) -> {
                    CudaValue[] v = on(dev, node, in);
                    int[] a = v[0].shape().dims(), b = v[1].shape().dims();
                    if (a.length != 2 || b.length != 2) throw ctx.fail("MatMul takes matrices, got " + v[0].shape() + " and " + v[1].shape());
                    int m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], k2 = tb ? b[1] : b[0], nn = tb ? b[0] : b[1];
                    if (k != k2) throw ctx.fail("inner dimensions differ: " + v[0].shape() + (ta ? "^T" : "") + " x " + v[1].shape() + (tb ? "^T" : ""));
                    CudaValue o = dev.output(ctx, 0, t, Shape.of(m, nn));
                    if (m * (long) nn == 0) return one(o);
                    if (k == 0) { dev.zero(o); return one(o); }
                    dev.current();
                    dev.cublas().gemm(dev.cublasHandle(), f64, GemmPlan.of(m, nn, k, ta, tb, 1, 0, 0), v[0].pointer(), v[1].pointer(), o.pointer(), node.name());
                    return one(o);
                };
            }, List.of(t));
            add("BatchMatMulV2", node -> {
                boolean ta = node.attr("adj_x"), tb = node.attr("adj_y");
                return (dev, ctx, in) -> {
                    CudaValue[] v = on(dev, node, in);
                    int[] a = v[0].shape().dims(), b = v[1].shape().dims();
                    if (a.length < 2 || b.length < 2) throw ctx.fail("BatchMatMul takes rank >= 2, got " + v[0].shape() + " and " + v[1].shape());
                    int m = ta ? a[a.length - 1] : a[a.length - 2], k = ta ? a[a.length - 2] : a[a.length - 1];
                    int k2 = tb ? b[b.length - 1] : b[b.length - 2], nn = tb ? b[b.length - 2] : b[b.length - 1];
                    if (k != k2) throw ctx.fail("inner dimensions differ: " + v[0].shape() + " and " + v[1].shape());
                    int[] aBatch = Arrays.copyOf(a, a.length - 2), bBatch = Arrays.copyOf(b, b.length - 2);
                    long aCount = Shape.elements(aBatch), bCount = Shape.elements(bBatch);
                    int[] batch;
                    if (aCount == bCount && Arrays.equals(aBatch, bBatch) || bCount == 1) batch = aBatch;
                    else if (aCount == 1) batch = bBatch;
                    else throw ctx.fail("on " + dev.spec() + " the batch axes must be equal or one side unbatched: " + v[0].shape() + " and " + v[1].shape());
                    int count = (int) Shape.elements(batch);
                    int[] outDims = Arrays.copyOf(batch, batch.length + 2);
                    outDims[batch.length] = m;
                    outDims[batch.length + 1] = nn;
                    CudaValue o = dev.output(ctx, 0, t, Shape.of(outDims));
                    if (o.size() == 0) return one(o);
                    if (k == 0) { dev.zero(o); return one(o); }
                    GemmPlan p = GemmPlan.of(m, nn, k, ta, tb, count, aCount == 1 ? 0 : (long) m * k, bCount == 1 ? 0 : (long) k * nn);
                    dev.current();
                    dev.cublas().gemm(dev.cublasHandle(), f64, p, v[0].pointer(), v[1].pointer(), o.pointer(), node.name());
                    return one(o);
                };
            }, List.of(t));
        }
        for (DType t : KernelSources.NUMERIC) {
            String module = KernelSources.moduleName("reduce", t);
            for (String op : List.of("Sum", "Prod", "Max", "Min", "Mean")) {
                add(op, node -> {
                    int[] axes = node.attrs().containsKey("axes") ? node.attr("axes") : null;
                    boolean keep = node.attrs().containsKey("keep_dims") && node.<Boolean>attr("keep_dims");
                    return (dev, ctx, in) -> {
                        CudaValue x = dev.adopt(in[0], node);
                        int[] dims = x.shape().dims();
                        int[] ax = axes != null ? axes : java.util.stream.IntStream.range(0, dims.length).toArray();
                        return one(reduce(dev, ctx, module, op, t, x, dims, ax, keep));
                    };
                }, List.of(t));
            }
            add("BiasAddGrad", node -> {
                boolean nchw = "NCHW".equals(node.attrs().get("data_format"));
                return (dev, ctx, in) -> {
                    CudaValue x = dev.adopt(in[0], node);
                    int[] dims = x.shape().dims();
                    int channel = nchw ? 1 : dims.length - 1;
                    int[] ax = java.util.stream.IntStream.range(0, dims.length).filter(d -> d != channel).toArray();
                    return one(reduce(dev, ctx, module, "Sum", t, x, dims, ax, false));
                };
            }, List.of(t));
            for (String op : List.of("ArgMax", "ArgMin")) {
                add(op, node -> {
                    int axis = node.<Integer>attr("axis");
                    DType index = node.attrs().containsKey("output_type") ? node.attr("output_type") : DType.INT64;
                    String entry = KernelSources.entry(op, t, "_" + KernelSources.suffix(index));
                    return (dev, ctx, in) -> {
                        CudaValue x = dev.adopt(in[0], node);
                        int[] dims = x.shape().dims();
                        int a = axis < 0 ? axis + dims.length : axis;
                        if (a < 0 || a >= dims.length) throw ctx.fail("axis " + axis + " is out of range for shape " + x.shape());
                        if (dims[a] == 0) throw ctx.fail(op + " along an empty axis " + axis + " of shape " + x.shape());
                        ReductionPlan p = ReductionPlan.of(dims, new int[] {a});
                        int[] out = java.util.stream.IntStream.range(0, dims.length).filter(d -> d != a).map(d -> dims[d]).toArray();
                        CudaValue o = dev.output(ctx, 0, index, Shape.of(out));
                        if (p.outCount() > 0) dev.launch(module, entry, LaunchConfig.elementwise(p.outCount()), x, o, p.outCount(), p.reducedCount(), p.packed());
                        return one(o);
                    };
                }, List.of(t));
            }
        }
    }

    private static CudaValue reduce(CudaDevice dev, KernelContext ctx, String module, String op, DType t, CudaValue x, int[] dims, int[] axes, boolean keep) {
        ReductionPlan p;
        try {
            p = ReductionPlan.of(dims, axes);
        } catch (IllegalArgumentException e) {
            throw ctx.fail(e.getMessage());
        }
        boolean[] reduced = new boolean[dims.length];
        for (int a : axes) reduced[a < 0 ? a + dims.length : a] = true;
        int[] out = java.util.stream.IntStream.range(0, dims.length).filter(d -> keep || !reduced[d]).map(d -> reduced[d] ? 1 : dims[d]).toArray();
        if (op.equals("Mean") && t.isInteger() && p.reducedCount() == 0) throw ctx.fail("the integer mean of no elements");
        CudaValue o = dev.output(ctx, 0, t, Shape.of(out));
        if (p.outCount() == 0) return o;
        String entry = KernelSources.entry(op, t, p.blockPerOutput() ? "_k" : "_t");
        dev.launch(module, entry, p.launch(KernelSources.bytes(t)), x, o, p.outCount(), p.reducedCount(), p.packed(), 1.0 / p.reducedCount());
        return o;
    }

    // ---- softmax, cross-entropies, updates ----

    private static void nn() {
        for (DType t : KernelSources.FLOATING) {
            String module = KernelSources.moduleName("nn", t);
            int bytes = KernelSources.bytes(t);
            for (String op : List.of("Softmax", "LogSoftmax")) {
                String entry = KernelSources.entry(op, t, "");
                add(op, node -> (dev, ctx, in) -> {
                    CudaValue x = dev.adopt(in[0], node);
                    int[] d = x.shape().dims();
                    if (d.length < 1) throw ctx.fail(op + " needs rank >= 1, got a scalar");
                    long cols = d[d.length - 1], rows = cols == 0 ? 0 : x.size() / cols;
                    CudaValue o = dev.output(ctx, 0, t, x.shape());
                    if (rows > 0) dev.launch(module, entry, LaunchConfig.perRow(rows, cols, bytes), x, o, rows, cols);
                    return one(o);
                }, List.of(t));
            }
            add("SoftmaxCrossEntropyWithLogits", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                int[] d = v[0].shape().dims();
                if (d.length != 2 || !v[0].shape().equals(v[1].shape())) throw ctx.fail("logits " + v[0].shape() + " and labels " + v[1].shape() + " must be equal matrices");
                return xent(dev, ctx, module, KernelSources.entry("SoftmaxCrossEntropyWithLogits", t, ""), t, v[0], v[1], d);
            }, List.of(t));
            add("SparseSoftmaxCrossEntropyWithLogits", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                int[] d = v[0].shape().dims();
                if (d.length != 2 || v[1].shape().rank() != 1 || v[1].shape().dim(0) != d[0]) {
                    throw ctx.fail("logits " + v[0].shape() + " need a label vector of their batch, got " + v[1].shape());
                }
                String entry = KernelSources.entry("SparseSoftmaxCrossEntropyWithLogits", t, "_" + KernelSources.suffix(v[1].dtype()));
                return xent(dev, ctx, module, entry, t, v[0], v[1], d);
            }, List.of(t));
            add("ApplyGradientDescent", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                Node var = node.input(0).node();
                CudaValue w = variable(dev, ctx, node, var, v[2].shape());
                CudaValue o = dev.output(ctx, 0, t, w.shape());
                if (o.size() > 0) dev.launch(module, KernelSources.entry("ApplyGradientDescent", t, ""), LaunchConfig.elementwise(o.size()), w, v[1], v[2], o, (long) o.size());
                ctx.variables().write(var, o);
                return one(o);
            }, List.of(t));
            add("ApplyMomentum", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                Node var = node.input(0).node(), accum = node.input(1).node();
                CudaValue w = variable(dev, ctx, node, var, v[3].shape()), a = variable(dev, ctx, node, accum, v[3].shape());
                CudaValue o = dev.output(ctx, 0, t, w.shape()), ao = dev.output(ctx, 1, t, w.shape());
                if (o.size() > 0) dev.launch(module, KernelSources.entry("ApplyMomentum", t, ""), LaunchConfig.elementwise(o.size()), w, a, v[2], v[3], v[4], o, ao, (long) o.size());
                ctx.variables().write(accum, ao);
                ctx.variables().write(var, o);
                return one(o);
            }, List.of(t));
            add("ApplyAdam", node -> (dev, ctx, in) -> {
                CudaValue[] v = on(dev, node, in);
                Node var = node.input(0).node(), m = node.input(1).node(), vv = node.input(2).node();
                Shape s = v[9].shape();
                CudaValue w = variable(dev, ctx, node, var, s), mv = variable(dev, ctx, node, m, s), vs = variable(dev, ctx, node, vv, s);
                CudaValue o = dev.output(ctx, 0, t, s), mo = dev.output(ctx, 1, t, s), vo = dev.output(ctx, 2, t, s);
                if (o.size() > 0) {
                    dev.launch(module, KernelSources.entry("ApplyAdam", t, ""), LaunchConfig.elementwise(o.size()),
                            w, mv, vs, v[3], v[4], v[5], v[6], v[7], v[8], v[9], o, mo, vo, (long) o.size());
                }
                ctx.variables().write(m, mo);
                ctx.variables().write(vv, vo);
                ctx.variables().write(var, o);
                return one(o);
            }, List.of(t));
        }
    }

    private static TensorValue[] xent(CudaDevice dev, KernelContext ctx, String module, String entry, DType t, CudaValue logits, CudaValue labels, int[] d) {
        CudaValue loss = dev.output(ctx, 0, t, Shape.of(d[0])), back = dev.output(ctx, 1, t, logits.shape());
        if (d[0] > 0 && d[1] > 0) dev.launch(module, entry, LaunchConfig.perRow(d[0], d[1], KernelSources.bytes(t)), logits, labels, loss, back, (long) d[0], (long) d[1]);
        return new TensorValue[] {loss, back};
    }

    /** A variable's value on this GPU, of the update's shape. */
    private static CudaValue variable(CudaDevice dev, KernelContext ctx, Node node, Node var, Shape like) {
        CudaValue w = dev.adopt(ctx.variables().read(var), node);
        if (!w.shape().equals(like)) {
            throw ctx.fail("variable '" + var.name() + "' of shape " + w.shape() + " does not match the update's " + like);
        }
        return w;
    }

    // ---- variables ----

    private static void state() {
        add("VariableV2", node -> (dev, ctx, in) -> one(dev.adopt(ctx.variables().read(node), node)), GPU_TYPES);
        add("Assign", node -> (dev, ctx, in) -> {
            Node var = node.input(0).node();
            CudaValue value = dev.adopt(in[1], node);
            if (!var.output(0).shape().isCompatibleWith(value.shape())) {
                throw new KernelException(node, "cannot assign a value of shape " + value.shape() + " to variable '" + var.name()
                        + "' of shape " + var.output(0).shape());
            }
            ctx.variables().write(var, value);
            return one(value);
        }, GPU_TYPES);
        add("NoOp", node -> (dev, ctx, in) -> new TensorValue[0], List.of(DType.values()));
    }
}
