package dev.nagare.device.cpu;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code io::RecordWriter} writes it: per record a little-endian uint64
 * length, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of the data (all CRCs as
 * little-endian uint32). The event files of the summary writer ops and of the board module's SummaryWriter are
 * framed here, and the board's reader checks records against it.
 */
public final class TfRecords {
    /** Bytes before the data: length and its CRC. */
    public static final int HEADER = 12;
    /** Bytes after the data: its CRC. */
    public static final int FOOTER = 4;

    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {}

    /**
     * TensorFlow's masked CRC32C: the CRC rotated right by 15 bits plus a constant, so that a CRC computed over
     * data that itself holds CRCs does not degenerate.
     */
    public static int maskedCrc(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    public static long getLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    public static int getInt(byte[] b, int at) {
        int v = 0;
        for (int i = 3; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xff);
        return v;
    }

    /** One framed record holding {@code data}. */
    public static byte[] frame(byte[] data) {
        byte[] out = new byte[HEADER + data.length + FOOTER];
        putLong(out, 0, data.length);
        putInt(out, 8, maskedCrc(out, 0, 8));
        System.arraycopy(data, 0, out, HEADER, data.length);
        putInt(out, HEADER + data.length, maskedCrc(data, 0, data.length));
        return out;
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }
}
