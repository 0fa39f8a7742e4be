package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.device.VariableState;
import dev.nagare.graph.DType;
import dev.nagare.graph.Graph;
import dev.nagare.graph.GraphException;
import dev.nagare.graph.InferenceContext;
import dev.nagare.graph.Node;
import dev.nagare.graph.OpType;
import dev.nagare.graph.Output;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorSpec;
import dev.nagare.ops.ArrayOps;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.Tf;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** Runs the array kernels directly on small graphs and checks them against plain index loops. */
class ArrayKernelsTest {
    private final CpuDevice device = new CpuDevice();
    /** An open op set: {@link #lenient} stands in for standard ops with rules that check nothing. */
    private final Tf tf = Tf.of(new Graph(new dev.nagare.graph.OpSet.Open()));
    private final Map<Node, Tensor> feeds = new HashMap<>();

    // ---- a tiny evaluator: each node's kernel on its inputs' values ----

    private Tensor eval(Output out) {
        Node node = out.node();
        if (feeds.containsKey(node)) return feeds.get(node);
        Tensor[] in = node.inputs().stream().map(this::eval).toArray(Tensor[]::new);
        DType key = !(node.op() instanceof OpDef op) ? in[0].dtype()
                : op.kernelDtypeInput() == OpDef.BY_OUTPUT ? node.outputSpec(0).dtype() : in[op.kernelDtypeInput()].dtype();
        KernelContext ctx = new KernelContext() {
            @Override public Node node() { return node; }
            @Override public VariableState variables() { throw new UnsupportedOperationException("no variables here"); }
        };
        Tensor result = (Tensor) device.kernel(node.opName(), key).orElseThrow().create(node).compute(ctx, in)[0];
        assertEquals(node.outputSpec(0).dtype(), result.dtype());
        assertTrue(node.outputSpec(0).shape().isCompatibleWith(result.shape()), () -> result.shape() + " vs " + node.outputSpec(0).shape());
        return result;
    }

    private Output fed(Tensor value) {
        Output p = tf.placeholder(value.dtype(), Shape.unknownRank());
        feeds.put(p.node(), value);
        return p;
    }

    private KernelException fails(Output out) { return assertThrows(KernelException.class, () -> eval(out)); }

    /**
     * A node of op {@code name} whose shape rule checks nothing (as a graph from elsewhere might have), so
     * that the kernel alone must reject bad attributes. Its output is of unknown shape.
     */
    private Output lenient(String name, Map<String, Object> attrs, Output... inputs) {
        OpType op = new OpType() {
            @Override public String name() { return name; }
            @Override public List<TensorSpec> infer(InferenceContext ctx) { return List.of(new TensorSpec(ctx.dtype(0), Shape.unknownRank())); }
        };
        var b = tf.scope().node(op, name);
        attrs.forEach(b::attr);
        for (Output in : inputs) b.input(in);
        return b.build().output(0);
    }

    // ---- independent references ----

    /** A tensor whose element i is i + 1 (bool: i % 3 == 0), so that every element is told apart. */
    private static Tensor iota(DType t, int... dims) {
        int n = Shape.of(dims).size();
        Object a = switch (t) {
            case FLOAT32 -> { float[] v = new float[n]; for (int i = 0; i < n; i++) v[i] = i + 1; yield v; }
            case FLOAT64 -> { double[] v = new double[n]; for (int i = 0; i < n; i++) v[i] = i + 1; yield v; }
            case INT32 -> { int[] v = new int[n]; for (int i = 0; i < n; i++) v[i] = i + 1; yield v; }
            case INT64 -> { long[] v = new long[n]; for (int i = 0; i < n; i++) v[i] = i + 1; yield v; }
            case BOOL -> { boolean[] v = new boolean[n]; for (int i = 0; i < n; i++) v[i] = i % 3 == 0; yield v; }
            case STRING -> throw new IllegalArgumentException("string kernels are tested in StringKernelsTest");
        };
        return Tensor.of(t, Shape.of(dims), a);
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = dims.length - 1; d >= 0; d--) { idx[d] = flat % dims[d]; flat /= dims[d]; }
        return idx;
    }

    private static int ravel(int[] idx, int[] dims) {
        int flat = 0;
        for (int d = 0; d < dims.length; d++) flat = flat * dims[d] + idx[d];
        return flat;
    }

    /** Checks dtype, shape and every element of {@code actual}: element i must be {@code source[map(i)]}. */
    private static void assertMapped(Tensor source, int[] dims, IntUnaryOperator map, Tensor actual) {
        assertEquals(source.dtype(), actual.dtype());
        assertEquals(Shape.of(dims), actual.shape());
        for (int i = 0; i < actual.size(); i++) assertEquals(source.getDouble(map.applyAsInt(i)), actual.getDouble(i), "element " + i);
    }

    private static void assertValues(DType t, int[] dims, double[] expected, Tensor actual) {
        assertEquals(t, actual.dtype());
        assertEquals(Shape.of(dims), actual.shape());
        double[] got = new double[actual.size()];
        for (int i = 0; i < got.length; i++) got[i] = actual.getDouble(i);
        assertArrayEquals(expected, got);
    }

    // ---- tests ----

    @Test
    void everyArrayOpButPlaceholderHasAKernelForEveryDtype() {
        for (OpDef op : ArrayOps.ALL) {
            for (DType t : DType.values()) {
                if (t == DType.STRING) continue; // StringKernelsTest: only ops that move whole elements take strings
                // Placeholder is fed; Range counts, so it has no bool kernel (nor has TensorFlow).
                boolean expected = op != ArrayOps.PLACEHOLDER && !(op == ArrayOps.RANGE && t == DType.BOOL);
                assertEquals(expected, device.kernel(op.name(), t).isPresent(), op.name() + " on " + t);
            }
        }
    }

    @Test
    void constAndIdentity() {
        Tensor v = iota(DType.INT64, 2, 3);
        assertSame(v, eval(tf.constant(v)));
        assertSame(v, eval(tf.identity(tf.constant(v))));
        assertEquals(Tensor.scalar(true), eval(tf.identity(tf.constant(true))));
    }

    @Test
    void castAllPairs() {
        double[] values = {-2.7, -1, 0, 0.5, 1, 3.9, 7};
        for (DType from : NUMBERS_AND_BOOL) {
            for (DType to : NUMBERS_AND_BOOL) {
                // The source as its own dtype: C rules applied to exact small values.
                double[] src = new double[values.length];
                for (int i = 0; i < src.length; i++) src[i] = convert(values[i], from);
                double[] expected = new double[src.length];
                for (int i = 0; i < src.length; i++) expected[i] = convert(src[i], to);
                Tensor in = Tensor.of(from, Shape.of(src.length), castRef(src, from));
                assertValues(to, new int[] {src.length}, expected, eval(tf.cast(tf.constant(in), to)));
            }
        }
        assertEquals(Tensor.scalar(5), eval(tf.cast(tf.constant(Tensor.scalar((1L << 33) + 5)), DType.INT32)));
        assertEquals(Tensor.scalar(-3L), eval(tf.cast(tf.constant(Tensor.scalar(-3.99f)), DType.INT64)));
        assertEquals(Tensor.scalar(true), eval(tf.cast(tf.constant(Tensor.scalar(Double.NaN)), DType.BOOL)));
        assertValues(DType.INT32, new int[] {0, 2}, new double[0], eval(tf.cast(tf.constant(Tensor.zeros(DType.FLOAT32, Shape.of(0, 2))), DType.INT32)));
    }

    /** The dtypes Cast converts between (strings are not cast, as in TensorFlow). */
    private static final List<DType> NUMBERS_AND_BOOL = List.of(DType.FLOAT32, DType.FLOAT64, DType.INT32, DType.INT64, DType.BOOL);

    private static double convert(double v, DType t) {
        return switch (t) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            case INT32, INT64 -> v < 0 ? Math.ceil(v) : Math.floor(v);
            case BOOL -> v != 0 ? 1 : 0;
            case STRING -> throw new IllegalArgumentException("no string casts");
        };
    }

    private static Object castRef(double[] v, DType t) {
        Object a = java.lang.reflect.Array.newInstance(Tensor.arrayClass(t).getComponentType(), v.length);
        for (int i = 0; i < v.length; i++) {
            switch (t) {
                case FLOAT32 -> ((float[]) a)[i] = (float) v[i];
                case FLOAT64 -> ((double[]) a)[i] = v[i];
                case INT32 -> ((int[]) a)[i] = (int) v[i];
                case INT64 -> ((long[]) a)[i] = (long) v[i];
                case BOOL -> ((boolean[]) a)[i] = v[i] != 0;
            }
        }
        return a;
    }

    @Test
    void reshape() {
        Tensor x = iota(DType.FLOAT32, 2, 3);
        Tensor r = eval(tf.reshape(tf.constant(x), 3, -1));
        assertMapped(x, new int[] {3, 2}, i -> i, r);
        assertSame(x.data(), r.data());
        assertMapped(x, new int[] {6}, i -> i, eval(tf.reshape(fed(x), -1)));
        assertMapped(iota(DType.BOOL), new int[] {1, 1}, i -> i, eval(tf.reshape(tf.constant(true), 1, 1)));
        assertMapped(iota(DType.INT32, 1, 1), new int[] {}, i -> i, eval(tf.reshape(tf.constant(new int[][] {{1}}))));
        assertEquals(Shape.of(0, 3), eval(tf.reshape(fed(iota(DType.INT32, 3, 0)), -1, 3)).shape());

        Output bad = tf.withName("squash").reshape(fed(x), 4);
        KernelException e = fails(bad);
        assertTrue(e.getMessage().contains("squash") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
        fails(tf.reshape(fed(x), 4, -1));
        fails(tf.reshape(fed(iota(DType.INT32, 0, 3)), -1, 0)); // -1 is ambiguous with no elements
    }

    @Test
    void transpose() {
        int[][] shapes = {{2, 3}, {2, 3, 4}, {0, 3}, {3, 0, 2}, {1, 2, 1, 3}, {2, 3, 4, 5}, {}};
        for (int[] dims : shapes) {
            for (int[] perm : permutations(dims.length)) {
                for (DType t : List.of(DType.FLOAT32, DType.INT64, DType.BOOL)) {
                    Tensor x = iota(t, dims);
                    int[] out = new int[dims.length];
                    for (int i = 0; i < out.length; i++) out[i] = dims[perm[i]];
                    assertMapped(x, out, i -> {
                        int[] o = unravel(i, out), src = new int[dims.length];
                        for (int d = 0; d < dims.length; d++) src[perm[d]] = o[d];
                        return ravel(src, dims);
                    }, eval(tf.transpose(tf.constant(x), perm)));
                }
            }
        }
        assertMapped(iota(DType.FLOAT32, 2, 3), new int[] {3, 2}, i -> (i % 2) * 3 + i / 2, eval(tf.transpose(fed(iota(DType.FLOAT32, 2, 3)), 1, 0)));
        fails(tf.transpose(fed(iota(DType.FLOAT32, 2, 3)), 0, 1, 2));
        assertThrows(GraphException.class, () -> tf.transpose(fed(iota(DType.FLOAT32, 2, 3)), 0, 0)); // no rank needed
        fails(lenient("Transpose", Map.of("perm", new int[] {0, 0}), fed(iota(DType.FLOAT32, 2, 3))));
    }

    private static List<int[]> permutations(int n) {
        if (n == 0) return List.of(new int[0]);
        List<int[]> out = new java.util.ArrayList<>();
        for (int[] p : permutations(n - 1)) {
            for (int at = 0; at <= p.length; at++) {
                int[] q = new int[n];
                for (int i = 0, j = 0; i < n; i++) q[i] = i == at ? n - 1 : p[j++];
                out.add(q);
            }
        }
        return out;
    }

    @Test
    void concat() {
        checkConcat(1, new int[] {2, 3}, new int[] {2, 1}, new int[] {2, 0});
        checkConcat(-1, new int[] {2, 3}, new int[] {2, 1});
        checkConcat(0, new int[] {1, 3}, new int[] {2, 3}, new int[] {0, 3});
        checkConcat(1, new int[] {2, 2, 3}, new int[] {2, 1, 3});
        checkConcat(0, new int[] {4});
        checkConcat(0, new int[] {0, 2}, new int[] {0, 2});
        Output bad = tf.withName("join").concat(List.of(fed(iota(DType.INT32, 2, 3)), fed(iota(DType.INT32, 3, 3))), 1);
        assertTrue(fails(bad).getMessage().contains("join"));
        fails(tf.concat(List.of(fed(iota(DType.INT32, 2, 3)), fed(iota(DType.INT32, 2))), 0));
    }

    private void checkConcat(int axisAttr, int[]... shapes) {
        for (DType t : List.of(DType.FLOAT64, DType.BOOL)) {
            Tensor[] in = new Tensor[shapes.length];
            List<Output> outs = new java.util.ArrayList<>();
            for (int i = 0; i < in.length; i++) {
                in[i] = iota(t, shapes[i]);
                // Shift values so that inputs differ too.
                double[] v = new double[in[i].size()];
                for (int j = 0; j < v.length; j++) v[j] = in[i].getDouble(j) + 100 * i;
                in[i] = t == DType.BOOL ? in[i] : Tensor.of(Shape.of(shapes[i]), v);
                outs.add(tf.constant(in[i]));
            }
            int rank = shapes[0].length, axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
            int[] out = shapes[0].clone();
            out[axis] = 0;
            for (int[] s : shapes) out[axis] += s[axis];
            double[] expected = new double[Shape.of(out).size()];
            for (int i = 0; i < expected.length; i++) {
                int[] idx = unravel(i, out);
                int k = 0;
                while (idx[axis] >= shapes[k][axis]) idx[axis] -= shapes[k++][axis];
                expected[i] = in[k].getDouble(ravel(idx, shapes[k]));
            }
            assertValues(t, out, expected, eval(tf.concat(outs, axisAttr)));
        }
    }

    @Test
    void slice() {
        checkSlice(new int[] {3, 4}, new int[] {1, 1}, new int[] {2, -1});
        checkSlice(new int[] {2, 3, 4}, new int[] {0, 1, 2}, new int[] {2, 2, -1});
        checkSlice(new int[] {2, 3, 4}, new int[] {1, 0, 0}, new int[] {1, -1, -1});
        checkSlice(new int[] {2, 3}, new int[] {0, 3}, new int[] {2, 0});
        checkSlice(new int[] {2, 3}, new int[] {2, 0}, new int[] {0, -1});
        checkSlice(new int[] {5}, new int[] {0}, new int[] {-1});
        checkSlice(new int[] {}, new int[] {}, new int[] {});
        Output bad = tf.withName("cut").slice(fed(iota(DType.INT32, 2, 3)), new int[] {1, 1}, new int[] {2, 1});
        assertTrue(fails(bad).getMessage().contains("cut"));
        fails(tf.slice(fed(iota(DType.INT32, 2, 3)), new int[] {0, 4}, new int[] {1, -1}));
    }

    /** Attributes the shape rules reject: the kernels check them again, for graphs whose rules were lenient. */
    @Test
    void kernelsRejectWhatALenientShapeRuleLetThrough() {
        Output x = fed(Tensor.fromJava(new float[][] {{7, 8}}));
        // Not [[0, 7], [8, 0]]: a negative padding is an error, as in TensorFlow.
        assertTrue(fails(lenient("Pad", Map.of("paddings", new int[] {1, 0, -1, 1}), x)).getMessage().contains("negative"));
        fails(lenient("Slice", Map.of("begin", new int[] {0, -1}, "size", new int[] {1, 1}), x));
        fails(lenient("Slice", Map.of("begin", new int[] {0, 1}, "size", new int[] {1, Integer.MAX_VALUE}), x));
        fails(lenient("Reshape", Map.of("shape", new int[] {-1, -1}), x));
        fails(lenient("Reshape", Map.of("shape", new int[] {-2, -1}), x));
        fails(lenient("OneHot", Map.of("depth", -1, "dtype", DType.FLOAT32, "on_value", 1.0, "off_value", 0.0), fed(iota(DType.INT32, 2))));
        Output segments = lenient("UnsortedSegmentSum", Map.of("num_segments", -2), fed(iota(DType.FLOAT32, 2)), fed(iota(DType.INT32, 2)));
        assertTrue(fails(segments).getMessage().contains("-2"));
    }

    private void checkSlice(int[] dims, int[] begin, int[] size) {
        Tensor x = iota(DType.INT32, dims);
        int[] out = new int[dims.length];
        for (int i = 0; i < out.length; i++) out[i] = size[i] == -1 ? dims[i] - begin[i] : size[i];
        IntUnaryOperator map = i -> {
            int[] idx = unravel(i, out);
            for (int d = 0; d < idx.length; d++) idx[d] += begin[d];
            return ravel(idx, dims);
        };
        assertMapped(x, out, map, eval(tf.slice(tf.constant(x), begin, size)));
        assertMapped(x, out, map, eval(tf.slice(fed(x), begin, size)));
    }

    @Test
    void gather() {
        checkGather(new int[] {3, 2}, new int[] {2, 0, 2}, new int[] {3}, 0);
        checkGather(new int[] {3, 2}, new int[] {1, 1, 0, 1}, new int[] {2, 2}, 1);
        checkGather(new int[] {2, 3, 4}, new int[] {2, 0}, new int[] {2}, -2);
        checkGather(new int[] {2, 3, 4}, new int[] {3}, new int[] {}, 2);
        checkGather(new int[] {4}, new int[] {}, new int[] {0}, 0);
        checkGather(new int[] {0, 3}, new int[] {}, new int[] {0}, 0);
        checkGather(new int[] {2, 0}, new int[] {1, 0}, new int[] {2}, 0);

        Output params = tf.constant(iota(DType.FLOAT32, 3, 2));
        KernelException e = fails(tf.withName("lookup").gather(params, tf.constant(new int[] {0, 5})));
        assertTrue(e.getMessage().contains("lookup") && e.getMessage().contains("5") && e.getMessage().contains("[0, 3)"), e.getMessage());
        assertTrue(fails(tf.gather(params, tf.constant(new long[] {-1}))).getMessage().contains("-1"));
    }

    private void checkGather(int[] dims, int[] indices, int[] indexDims, int axisAttr) {
        int axis = axisAttr < 0 ? axisAttr + dims.length : axisAttr;
        Tensor x = iota(DType.FLOAT64, dims);
        int[] out = new int[dims.length - 1 + indexDims.length];
        for (int d = 0, o = 0; d < dims.length; d++) {
            if (d == axis) for (int k : indexDims) out[o++] = k;
            else out[o++] = dims[d];
        }
        IntUnaryOperator map = i -> {
            int[] idx = unravel(i, out), src = new int[dims.length];
            int[] ix = new int[indexDims.length];
            System.arraycopy(idx, axis, ix, 0, ix.length);
            for (int d = 0; d < dims.length; d++) {
                src[d] = d < axis ? idx[d] : d == axis ? indices[ravel(ix, indexDims)] : idx[d - 1 + indexDims.length];
            }
            return ravel(src, dims);
        };
        long[] wide = new long[indices.length];
        for (int i = 0; i < wide.length; i++) wide[i] = indices[i];
        assertMapped(x, out, map, eval(tf.gather(tf.constant(x), tf.constant(Tensor.of(Shape.of(indexDims), indices.clone())), axisAttr)));
        assertMapped(x, out, map, eval(tf.gather(fed(x), tf.constant(Tensor.of(Shape.of(indexDims), wide)), axisAttr)));
    }

    @Test
    void oneHot() {
        assertValues(DType.FLOAT32, new int[] {4, 3}, new double[] {5, -1, -1, -1, -1, 5, -1, -1, -1, -1, -1, -1},
                eval(tf.oneHot(tf.constant(new int[] {0, 2, -1, 3}), 3, DType.FLOAT32, 5, -1)));
        assertValues(DType.BOOL, new int[] {2, 1, 2}, new double[] {0, 1, 1, 0},
                eval(tf.oneHot(tf.constant(new long[][] {{1}, {0}}), 2, DType.BOOL)));
        assertValues(DType.INT64, new int[] {2}, new double[] {0, 1}, eval(tf.oneHot(tf.constant(1), 2, DType.INT64)));
        assertValues(DType.INT32, new int[] {0, 4}, new double[0], eval(tf.oneHot(tf.constant(new int[0]), 4, DType.INT32)));
        assertValues(DType.FLOAT64, new int[] {2, 0}, new double[0], eval(tf.oneHot(tf.constant(new int[] {0, 1}), 0, DType.FLOAT64)));
    }

    @Test
    void fill() {
        assertValues(DType.INT32, new int[] {2, 3}, new double[] {7, 7, 7, 7, 7, 7}, eval(tf.fill(Shape.of(2, 3), tf.constant(7))));
        assertValues(DType.BOOL, new int[] {}, new double[] {1}, eval(tf.fill(Shape.scalar(), tf.constant(true))));
        assertValues(DType.FLOAT32, new int[] {0, 2}, new double[0], eval(tf.fill(Shape.of(0, 2), tf.constant(1f))));
        double[] many = new double[1000];
        java.util.Arrays.fill(many, 2.5);
        assertValues(DType.FLOAT64, new int[] {10, 100}, many, eval(tf.fill(Shape.of(10, 100), tf.constant(2.5))));
        fails(tf.fill(Shape.of(2), fed(iota(DType.INT32, 1))));
    }

    @Test
    void shapeExpandDimsAndSqueeze() {
        assertEquals(Tensor.of(Shape.of(3), new int[] {2, 0, 3}), eval(tf.shape(fed(iota(DType.BOOL, 2, 0, 3)))));
        assertEquals(Tensor.of(Shape.of(0), new int[0]), eval(tf.shape(tf.constant(1.5))));

        Tensor x = iota(DType.INT64, 2, 3);
        assertMapped(x, new int[] {1, 2, 3}, i -> i, eval(tf.expandDims(tf.constant(x), 0)));
        assertMapped(x, new int[] {2, 1, 3}, i -> i, eval(tf.expandDims(tf.constant(x), 1)));
        assertMapped(x, new int[] {2, 3, 1}, i -> i, eval(tf.expandDims(fed(x), -1)));
        assertMapped(iota(DType.FLOAT32), new int[] {1}, i -> i, eval(tf.expandDims(tf.constant(1f), 0)));
        fails(tf.expandDims(fed(x), 3));

        Tensor y = iota(DType.FLOAT32, 1, 2, 1, 3);
        assertMapped(y, new int[] {2, 3}, i -> i, eval(tf.squeeze(tf.constant(y))));
        assertMapped(y, new int[] {1, 2, 3}, i -> i, eval(tf.squeeze(tf.constant(y), 2)));
        assertMapped(y, new int[] {2, 1, 3}, i -> i, eval(tf.squeeze(fed(y), -4)));
        assertMapped(iota(DType.INT32, 1, 1), new int[] {}, i -> i, eval(tf.squeeze(tf.constant(new int[][] {{1}}))));
        assertMapped(iota(DType.INT32, 0, 2), new int[] {0, 2}, i -> i, eval(tf.squeeze(fed(iota(DType.INT32, 0, 2)))));
        Output bad = tf.withName("flatten").squeeze(fed(y), 1);
        assertTrue(fails(bad).getMessage().contains("flatten"));
    }

    @Test
    void select() {
        checkSelect(new int[] {2, 1}, new int[] {3}, new int[] {});
        checkSelect(new int[] {2, 3}, new int[] {2, 3}, new int[] {2, 3});
        checkSelect(new int[] {}, new int[] {2, 2}, new int[] {1, 2});
        checkSelect(new int[] {3, 1, 2}, new int[] {1, 4, 1}, new int[] {4, 2});
        checkSelect(new int[] {0, 1}, new int[] {3}, new int[] {1});
        checkSelect(new int[] {}, new int[] {}, new int[] {});
        fails(tf.where(fed(iota(DType.BOOL, 2)), fed(iota(DType.INT32, 3)), fed(iota(DType.INT32, 3))));
    }

    private void checkSelect(int[] c, int[] t, int[] e) {
        int rank = Math.max(c.length, Math.max(t.length, e.length));
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) out[d] = Math.max(dimAt(c, d, rank), Math.max(dimAt(t, d, rank), dimAt(e, d, rank)));
        for (int[] s : new int[][] {c, t, e}) for (int d = 0; d < rank; d++) if (dimAt(s, d, rank) == 0) out[d] = 0;
        for (DType type : NUMBERS_AND_BOOL) {
            Tensor cond = iota(DType.BOOL, c), tv = iota(type, t), ev = iota(type, e);
            double[] expected = new double[Shape.of(out).size()];
            for (int i = 0; i < expected.length; i++) {
                int[] idx = unravel(i, out);
                expected[i] = cond.getDouble(broadcastIndex(idx, c)) != 0 ? tv.getDouble(broadcastIndex(idx, t)) : ev.getDouble(broadcastIndex(idx, e));
            }
            assertValues(type, out, expected, eval(tf.where(tf.constant(cond), tf.constant(tv), fed(ev))));
        }
    }

    private static int dimAt(int[] dims, int d, int rank) { int k = d - (rank - dims.length); return k < 0 ? 1 : dims[k]; }

    private static int broadcastIndex(int[] outIdx, int[] dims) {
        int[] idx = new int[dims.length];
        for (int d = 0; d < dims.length; d++) idx[d] = dims[d] == 1 ? 0 : outIdx[outIdx.length - dims.length + d];
        return ravel(idx, dims);
    }
}
