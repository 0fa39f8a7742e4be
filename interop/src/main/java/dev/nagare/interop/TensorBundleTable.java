package dev.nagare.interop;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The sorted key-value table of a bundle's {@code .index} file, in LevelDB's on-disk layout as
 * TensorFlow writes it: uncompressed data blocks of prefix-compressed entries (a restart point every 16
 * entries, a block closed once it reaches 256 KiB), an empty metaindex block, an index block (a restart at
 * every entry) mapping a separator key per data block to that block's handle, and a 48-byte footer (the
 * two handles as varints, zero padding to 40 bytes, the magic number). Every block is followed by a type
 * byte (0: uncompressed) and the masked CRC32C of the block and that byte.
 *
 * <p>This class writes tables; {@link TensorBundleTableDecoder} reads them.
 */
final class TensorBundleTable {
    /** One key and its value; keys are compared as unsigned bytes. */
    record Entry(byte[] key, byte[] value) {}

    static final int BLOCK_SIZE = 262_144;
    static final int RESTART_INTERVAL = 16;
    static final int FOOTER_SIZE = 48;
    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int HANDLES_SIZE = 40;   // two block handles of at most 20 bytes each
    static final int TRAILER_SIZE = 5;    // type byte + masked crc

    private TensorBundleTable() {}

    /** LevelDB's checksum masking, so that a CRC stored beside the data it covers is not itself CRC-like. */
    static int mask(int crc) { return ((crc >>> 15) | (crc << 17)) + 0xa282ead8; }

    static int unsignedCompare(byte[] a, byte[] b) { return Arrays.compareUnsigned(a, b); }

    /** Encodes {@code entries}, whose keys the caller guarantees to be strictly increasing. */
    static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BlockBuilder data = new BlockBuilder(RESTART_INTERVAL);
        BlockBuilder index = new BlockBuilder(1);
        byte[] lastKey = null;
        long[] pending = null; // handle of the last data block written, awaiting its index entry
        for (Entry e : entries) {
            if (pending != null) {
                index.add(shortestSeparator(lastKey, e.key()), encodeHandle(pending));
                pending = null;
            }
            data.add(e.key(), e.value());
            lastKey = e.key();
            if (data.sizeEstimate() >= BLOCK_SIZE) {
                pending = writeBlock(out, data.finish());
                data = new BlockBuilder(RESTART_INTERVAL);
            }
        }
        if (!data.isEmpty()) pending = writeBlock(out, data.finish());
        long[] metaindex = writeBlock(out, new BlockBuilder(RESTART_INTERVAL).finish());
        if (pending != null) index.add(shortSuccessor(lastKey), encodeHandle(pending));
        long[] indexHandle = writeBlock(out, index.finish());

        byte[] footer = new byte[FOOTER_SIZE];
        byte[] handles = concat(encodeHandle(metaindex), encodeHandle(indexHandle));
        System.arraycopy(handles, 0, footer, 0, handles.length);
        for (int i = 0; i < 8; i++) footer[HANDLES_SIZE + i] = (byte) (MAGIC >>> (8 * i));
        out.writeBytes(footer);
        return out.toByteArray();
    }

    private static long[] writeBlock(ByteArrayOutputStream out, byte[] contents) {
        long offset = out.size();
        out.writeBytes(contents);
        out.write(0); // no compression
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(0);
        int masked = mask((int) crc.getValue());
        for (int i = 0; i < 4; i++) out.write(masked >>> (8 * i));
        return new long[] {offset, contents.length};
    }

    private static byte[] encodeHandle(long[] handle) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(20);
        putVarint(b, handle[0]);
        putVarint(b, handle[1]);
        return b.toByteArray();
    }

    /** The shortest key {@code k} with {@code start <= k < limit}, as LevelDB's bytewise comparator picks it. */
    static byte[] shortestSeparator(byte[] start, byte[] limit) {
        int min = Math.min(start.length, limit.length);
        int diff = Arrays.mismatch(start, 0, min, limit, 0, min);
        if (diff < 0) return start; // one is a prefix of the other
        int b = start[diff] & 0xff;
        if (b < 0xff && b + 1 < (limit[diff] & 0xff)) {
            byte[] sep = Arrays.copyOf(start, diff + 1);
            sep[diff]++;
            return sep;
        }
        return start;
    }

    /** The shortest key {@code >= key}: its first byte that is not 0xff, incremented. */
    static byte[] shortSuccessor(byte[] key) {
        for (int i = 0; i < key.length; i++) {
            if ((key[i] & 0xff) != 0xff) {
                byte[] succ = Arrays.copyOf(key, i + 1);
                succ[i]++;
                return succ;
            }
        }
        return key;
    }

    private static final class BlockBuilder {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private final List<Integer> restarts = new ArrayList<>(List.of(0));
        private final int interval;
        private int counter;
        private byte[] last = new byte[0];
        private boolean empty = true;

        BlockBuilder(int interval) { this.interval = interval; }

        void add(byte[] key, byte[] value) {
            int shared = 0;
            if (counter < interval) {
                int min = Math.min(last.length, key.length);
                int m = Arrays.mismatch(last, 0, min, key, 0, min);
                shared = m < 0 ? min : m;
            } else {
                restarts.add(buf.size());
                counter = 0;
            }
            putVarint(buf, shared);
            putVarint(buf, key.length - shared);
            putVarint(buf, value.length);
            buf.write(key, shared, key.length - shared);
            buf.writeBytes(value);
            last = key;
            counter++;
            empty = false;
        }

        boolean isEmpty() { return empty; }

        int sizeEstimate() { return buf.size() + 4 * restarts.size() + 4; }

        byte[] finish() {
            for (int r : restarts) putFixed32(buf, r);
            putFixed32(buf, restarts.size());
            return buf.toByteArray();
        }
    }

    private static void putVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void putFixed32(ByteArrayOutputStream out, int v) {
        for (int i = 0; i < 4; i++) out.write(v >>> (8 * i));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
