package dev.nagare.graph;

/**
 * Element types a tensor can hold. Each carries TensorFlow's DataType number so that the interop module
 * can map it without a table of its own.
 */
public enum DType {
    FLOAT32("float32", 1, 4),
    FLOAT64("float64", 2, 8),
    INT32("int32", 3, 4),
    INT64("int64", 9, 8),
    BOOL("bool", 10, 1),
    /**
     * Byte strings of any length (TensorFlow's DT_STRING), held as {@code byte[][]}: serialized protos, file
     * names, text. Its {@link #byteSize} is that of one element's reference; the bytes come on top.
     */
    STRING("string", 7, 8);

    private final String label;
    private final int tfNumber;
    private final int byteSize;

    DType(String label, int tfNumber, int byteSize) {
        this.label = label;
        this.tfNumber = tfNumber;
        this.byteSize = byteSize;
    }

    /** TensorFlow's {@code DataType} enum value. */
    public int tfNumber() { return tfNumber; }

    public int byteSize() { return byteSize; }

    public boolean isFloating() { return this == FLOAT32 || this == FLOAT64; }

    public boolean isInteger() { return this == INT32 || this == INT64; }

    public boolean isNumeric() { return this != BOOL && this != STRING; }

    @Override
    public String toString() { return label; }
}
