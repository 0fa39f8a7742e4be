package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.util.Arrays;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/** Nagare tensors to TensorFlow Java tensors and back, through TensorFlow's typed buffers. */
final class TfTensors {
    private TfTensors() {}

    static org.tensorflow.ndarray.Shape tfShape(Shape s) {
        long[] dims = Arrays.stream(s.dims()).asLongStream().toArray();
        return dims.length == 0 ? org.tensorflow.ndarray.Shape.scalar() : org.tensorflow.ndarray.Shape.of(dims);
    }

    static Class<? extends TType> tfType(DType t) {
        return switch (t) {
            case FLOAT32 -> TFloat32.class;
            case FLOAT64 -> TFloat64.class;
            case INT32 -> TInt32.class;
            case INT64 -> TInt64.class;
            case BOOL -> TBool.class;
            case STRING -> TString.class;
        };
    }

    /** A new TensorFlow tensor holding {@code t}'s values; the caller closes it. */
    static org.tensorflow.Tensor toTf(Tensor t) {
        org.tensorflow.ndarray.Shape s = tfShape(t.shape());
        return switch (t.dtype()) {
            case FLOAT32 -> TFloat32.tensorOf(s, DataBuffers.of(t.floatData(), true, false));
            case FLOAT64 -> TFloat64.tensorOf(s, DataBuffers.of(t.doubleData(), true, false));
            case INT32 -> TInt32.tensorOf(s, DataBuffers.of(t.intData(), true, false));
            case INT64 -> TInt64.tensorOf(s, DataBuffers.of(t.longData(), true, false));
            case BOOL -> TBool.tensorOf(s, DataBuffers.of(t.boolData(), true, false));
            case STRING -> TString.tensorOfBytes(s, DataBuffers.ofObjects(t.stringData()));
        };
    }

    /** A Nagare copy of a TensorFlow tensor of one of Nagare's dtypes. */
    static Tensor fromTf(org.tensorflow.Tensor t) {
        long[] d = t.shape().asArray();
        Shape s = Shape.of(Arrays.stream(d).mapToInt(Math::toIntExact).toArray());
        int n = s.size();
        return switch (t) {
            case TFloat32 f -> { float[] a = new float[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(s, a); }
            case TFloat64 f -> { double[] a = new double[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(s, a); }
            case TInt32 f -> { int[] a = new int[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(s, a); }
            case TInt64 f -> { long[] a = new long[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(s, a); }
            case TBool f -> { boolean[] a = new boolean[n]; f.copyTo(DataBuffers.of(a, false, false)); yield Tensor.of(s, a); }
            case TString f -> { byte[][] a = new byte[n][]; f.asBytes().copyTo(DataBuffers.ofObjects(a)); yield Tensor.of(s, a); }
            default -> throw new IllegalArgumentException("no Nagare dtype for " + t.dataType());
        };
    }
}
