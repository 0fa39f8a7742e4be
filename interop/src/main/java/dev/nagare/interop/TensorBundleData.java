package dev.nagare.interop;

import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * A tensor's bytes in a bundle's data file: its elements back to back, little-endian, a bool as one byte.
 * Streams through a small buffer in both directions, so a tensor never needs a second copy of itself as
 * a {@code byte[]}, and tensors over 2 GiB of bytes work.
 */
final class TensorBundleData {
    private static final int CHUNK_BYTES = 1 << 20;

    private TensorBundleData() {}

    /**
     * The dtype with TensorFlow's {@code DataType} number {@code tfNumber}, or null where Nagare has none or
     * does not keep it in bundles (strings: no model variable holds them).
     */
    static DType dtypeOf(int tfNumber) {
        for (DType d : DType.values()) if (d.tfNumber() == tfNumber && d != DType.STRING) return d;
        return null;
    }

    /** The number of bytes {@code t} takes in a data file. */
    static long byteSize(Tensor t) { return (long) t.size() * t.dtype().byteSize(); }

    /** A little-endian buffer for tensors of at most {@code largestTensorBytes}: no larger than needed, and at most 1 MiB. */
    static ByteBuffer newBuffer(long largestTensorBytes) {
        int capacity = Math.clamp(largestTensorBytes, 8, CHUNK_BYTES);
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes {@code t}'s bytes to {@code out} and returns their masked CRC32C. */
    static int write(Tensor t, WritableByteChannel out, ByteBuffer buf) throws IOException {
        int elementSize = t.dtype().byteSize();
        int perChunk = buf.capacity() / elementSize;
        int n = t.size();
        Object data = t.data();
        CRC32C crc = new CRC32C();
        for (int from = 0; from < n; from += perChunk) {
            int k = Math.min(perChunk, n - from);
            buf.clear();
            switch (data) {
                case float[] a -> buf.asFloatBuffer().put(a, from, k);
                case double[] a -> buf.asDoubleBuffer().put(a, from, k);
                case int[] a -> buf.asIntBuffer().put(a, from, k);
                case long[] a -> buf.asLongBuffer().put(a, from, k);
                case boolean[] a -> { for (int i = 0; i < k; i++) buf.put(i, (byte) (a[from + i] ? 1 : 0)); }
                default -> throw new AssertionError(data.getClass());
            }
            buf.limit(k * elementSize);
            crc.update(buf.duplicate());
            while (buf.hasRemaining()) out.write(buf);
        }
        return TensorBundleTable.mask((int) crc.getValue());
    }

    /**
     * Reads a tensor of {@code dtype} and {@code shape} (holding {@code count} elements) from {@code offset}
     * of {@code in}, which the caller checked is long enough, and verifies its masked CRC32C.
     */
    static Tensor read(FileChannel in, Path file, String key, long offset, DType dtype, Shape shape, int count,
                       int expectedCrc, ByteBuffer buf) throws IOException {
        int elementSize = dtype.byteSize();
        int perChunk = buf.capacity() / elementSize;
        Object data = switch (dtype) {
            case FLOAT32 -> new float[count];
            case FLOAT64 -> new double[count];
            case INT32 -> new int[count];
            case INT64 -> new long[count];
            case BOOL -> new boolean[count];
            case STRING -> throw new AssertionError("dtypeOf never gives string");
        };
        CRC32C crc = new CRC32C();
        long position = offset;
        for (int done = 0; done < count; ) {
            int k = Math.min(perChunk, count - done);
            buf.clear().limit(k * elementSize);
            while (buf.hasRemaining()) {
                if (in.read(buf, position + buf.position()) < 0) {
                    throw new BundleFormatException(file, "ends at byte " + (position + buf.position()) + ", inside tensor " + key);
                }
            }
            buf.flip();
            crc.update(buf.duplicate());
            switch (data) {
                case float[] a -> buf.asFloatBuffer().get(a, done, k);
                case double[] a -> buf.asDoubleBuffer().get(a, done, k);
                case int[] a -> buf.asIntBuffer().get(a, done, k);
                case long[] a -> buf.asLongBuffer().get(a, done, k);
                case boolean[] a -> { for (int i = 0; i < k; i++) a[done + i] = buf.get(i) != 0; }
                default -> throw new AssertionError(data.getClass());
            }
            done += k;
            position += (long) k * elementSize;
        }
        int actual = TensorBundleTable.mask((int) crc.getValue());
        if (actual != expectedCrc) {
            throw new BundleFormatException(file, String.format("checksum mismatch in the data of tensor %s at offset %d (index says 0x%08x, data gives 0x%08x)",
                    key, offset, expectedCrc, actual));
        }
        return Tensor.of(dtype, shape, data);
    }
}
