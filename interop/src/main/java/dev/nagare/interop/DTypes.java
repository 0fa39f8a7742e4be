package dev.nagare.interop;

import dev.nagare.graph.DType;
import org.tensorflow.proto.DataType;

/** Nagare's dtypes as TensorFlow's DataType numbers, and back. */
final class DTypes {
    private DTypes() {}

    static DataType toTf(DType t) { return DataType.forNumber(t.tfNumber()); }

    /** The Nagare dtype of a TensorFlow DataType number; fails (unsupported) for the types Nagare lacks. */
    static DType fromTf(int number) {
        for (DType t : DType.values()) if (t.tfNumber() == number) return t;
        throw BadModel.unsupported("dtype " + name(number) + " has no Nagare equivalent (Nagare has float32, float64, int32, int64, bool, string)");
    }

    /** As {@link #fromTf}, reading a reference type (DT_FLOAT_REF, as TensorFlow 1 signatures of variables carry) as its base type. */
    static DType fromTfOrRef(int number) { return fromTf(number > 100 && number < 200 ? number - 100 : number); }

    /** TensorFlow's name of a DataType number, for messages. */
    static String name(int number) {
        DataType d = DataType.forNumber(number);
        return d == null ? "DataType(" + number + ")" : d.name();
    }
}
