package dev.nagare.board;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code io::RecordWriter} writes it: per record a little-endian uint64
 * length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data (all CRCs as
 * little-endian uint32).
 */
final class Records {
    /** Bytes before the data: length and its CRC. */
    static final int HEADER = 12;
    /** Bytes after the data: its CRC. */
    static final int FOOTER = 4;

    private static final int MASK_DELTA = 0xa282ead8;

    private Records() {}

    /**
     * TensorFlow's masked CRC32C: the CRC rotated right by 15 bits plus a constant, so that a CRC computed over
     * data that itself holds CRCs does not degenerate.
     */
    static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    static int getInt(byte[] b, int at) {
        int v = 0;
        for (int i = 3; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    /** One framed record holding {@code data}. */
    static byte[] frame(byte[] data) {
        byte[] out = new byte[HEADER + data.length + FOOTER];
        putLong(out, 0, data.length);
        putInt(out, 8, maskedCrc(out, 0, 8));
        System.arraycopy(data, 0, out, HEADER, data.length);
        putInt(out, HEADER + data.length, maskedCrc(data, 0, data.length));
        return out;
    }
}
