package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Sample tensors, and conversions to and from TensorFlow Java that go through TensorFlow's typed buffers
 * (never through our own byte codec), so that TensorFlow stays an independent judge.
 */
final class TensorBundleTestSupport {
    private TensorBundleTestSupport() {}

    /** Every dtype, scalars, empty tensors, extreme values; names with scopes. */
    static SortedMap<String, Tensor> samples() {
        SortedMap<String, Tensor> m = new TreeMap<>();
        m.put("dense/kernel", Tensor.of(Shape.of(2, 3), new float[] {1.5f, -2.25f, Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE}));
        m.put("dense/bias", Tensor.of(Shape.of(3), new float[] {0.1f, 0.2f, 0.3f}));
        m.put("lr", Tensor.scalar(0.001f));
        m.put("momentum", Tensor.of(Shape.of(3), new double[] {Math.PI, -1e-310, Double.MAX_VALUE}));
        m.put("counts", Tensor.of(Shape.of(2, 2, 2), new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 7, 8, 9}));
        m.put("global_step", Tensor.scalar(Long.MIN_VALUE + 12345));
        m.put("ids", Tensor.of(Shape.of(2), new long[] {1L << 40, -5}));
        m.put("mask", Tensor.of(Shape.of(5), new boolean[] {true, false, false, true, true}));
        m.put("flag", Tensor.scalar(true));
        m.put("empty", Tensor.of(Shape.of(0), new float[0]));
        m.put("empty2d", Tensor.of(Shape.of(2, 0), new long[0]));
        return m;
    }

    /** A TensorFlow constant holding {@code t}. */
    static Operand<? extends TType> constant(Ops tf, Tensor t) {
        long[] dims = Arrays.stream(t.shape().dims()).asLongStream().toArray();
        org.tensorflow.ndarray.Shape s = dims.length == 0 ? org.tensorflow.ndarray.Shape.scalar() : org.tensorflow.ndarray.Shape.of(dims);
        return switch (t.dtype()) {
            case FLOAT32 -> tf.constant(s, DataBuffers.of(t.floatData(), true, false));
            case FLOAT64 -> tf.constant(s, DataBuffers.of(t.doubleData(), true, false));
            case INT32 -> tf.constant(s, DataBuffers.of(t.intData(), true, false));
            case INT64 -> tf.constant(s, DataBuffers.of(t.longData(), true, false));
            case BOOL -> tf.constant(s, DataBuffers.of(t.boolData(), true, false));
            case STRING -> tf.constantOf(TString.tensorOfBytes(s, DataBuffers.ofObjects(t.stringData())));
        };
    }

    /** A Nagare tensor holding what TensorFlow fetched. */
    static Tensor fromTf(org.tensorflow.Tensor x) {
        int[] dims = Arrays.stream(x.shape().asArray()).mapToInt(Math::toIntExact).toArray();
        Shape shape = Shape.of(dims);
        int n = shape.size();
        return switch (x) {
            case TFloat32 f -> { float[] a = new float[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(shape, a); }
            case TFloat64 f -> { double[] a = new double[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(shape, a); }
            case TInt32 f -> { int[] a = new int[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(shape, a); }
            case TInt64 f -> { long[] a = new long[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(shape, a); }
            case TBool f -> { boolean[] a = new boolean[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(shape, a); }
            case TString f -> { byte[][] a = new byte[n][]; f.asBytes().copyTo(DataBuffers.ofObjects(a)); yield Tensor.of(shape, a); }
            default -> throw new IllegalArgumentException("unexpected TensorFlow tensor " + x.dataType());
        };
    }

    static Class<? extends TType> tfType(DType d) {
        return switch (d) {
            case FLOAT32 -> TFloat32.class;
            case FLOAT64 -> TFloat64.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case BOOL -> TBool.class;
            case STRING -> TString.class;
        };
    }

    /**
     * Names ops "scope/leaf" in one graph: TensorFlow Java takes no '/' in a name, and a second
     * {@code withSubScope} of the same scope would become "scope_1", so each scope's Ops is kept.
     */
    static Function<String, Ops> namer(Ops tf) {
        Map<String, Ops> scopes = new HashMap<>();
        return name -> {
            int slash = name.lastIndexOf('/');
            if (slash < 0) return tf.withName(name);
            return scopes.computeIfAbsent(name.substring(0, slash), tf::withSubScope).withName(name.substring(slash + 1));
        };
    }

    /** TensorFlow saves {@code values} as variables of those names with {@code Session#save}. */
    static void tfSaveVariables(Path prefix, Map<String, Tensor> values) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Function<String, Ops> named = namer(tf);
            for (Map.Entry<String, Tensor> e : values.entrySet()) named.apply(e.getKey()).variable(constant(tf, e.getValue()));
            s.initialize();
            s.save(prefix.toString());
        }
    }

    /** TensorFlow's SaveV2 op writes {@code values} (in this map's order) under arbitrary tensor names. */
    static void tfSaveV2(Path prefix, Map<String, Tensor> values) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            String[] names = values.keySet().toArray(String[]::new);
            String[] slices = new String[names.length];
            Arrays.fill(slices, "");
            List<Operand<?>> tensors = new ArrayList<>();
            for (Tensor t : values.values()) tensors.add(constant(tf, t));
            var save = tf.train.save(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, names),
                    tf.constant(StandardCharsets.UTF_8, slices), tensors);
            s.run(save);
        }
    }

    /** TensorFlow's MergeV2Checkpoints op merges the bundles at {@code parts} into one of several shards. */
    static void tfMerge(List<Path> parts, Path destination) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TString> sources = tf.constant(StandardCharsets.UTF_8, parts.stream().map(Path::toString).toArray(String[]::new));
            s.run(tf.train.mergeV2Checkpoints(sources, tf.constant(destination.toString())));
        }
    }

    /** TensorFlow's RestoreV2 op reads {@code names} of the given dtypes from the bundle at {@code prefix}. */
    static List<Tensor> tfRestoreV2(Path prefix, List<String> names, List<DType> dtypes) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            String[] slices = new String[names.size()];
            Arrays.fill(slices, "");
            var restore = tf.train.restore(tf.constant(prefix.toString()), tf.constant(StandardCharsets.UTF_8, names.toArray(String[]::new)),
                    tf.constant(StandardCharsets.UTF_8, slices), dtypes.stream().<Class<? extends TType>>map(TensorBundleTestSupport::tfType).toList());
            Session.Runner runner = s.runner();
            restore.tensors().forEach(runner::fetch);
            try (Result r = runner.run()) {
                List<Tensor> out = new ArrayList<>();
                for (int i = 0; i < names.size(); i++) out.add(fromTf(r.get(i)));
                return out;
            }
        }
    }
}
