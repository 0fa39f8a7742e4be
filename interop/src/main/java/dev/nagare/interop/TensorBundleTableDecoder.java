package dev.nagare.interop;

import static dev.nagare.interop.TensorBundleTable.FOOTER_SIZE;
import static dev.nagare.interop.TensorBundleTable.HANDLES_SIZE;
import static dev.nagare.interop.TensorBundleTable.MAGIC;
import static dev.nagare.interop.TensorBundleTable.TRAILER_SIZE;
import static dev.nagare.interop.TensorBundleTable.mask;
import static dev.nagare.interop.TensorBundleTable.unsignedCompare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads a {@link TensorBundleTable} and trusts nothing in it: every length, offset, varint, restart point,
 * key order and checksum is checked against the bytes actually present, every problem is a
 * {@link BundleFormatException}, and every loop is bounded by the file's length.
 */
final class TensorBundleTableDecoder {
    private static final int MAX_KEY_SHOWN = 80;

    private TensorBundleTableDecoder() {}

    /** Decodes and checks a whole table held in {@code file}, read from {@code path}. */
    static List<TensorBundleTable.Entry> decode(byte[] file, Path path) throws BundleFormatException {
        return new Decoder(file, path).decode();
    }

    /** A printable form of a key for error messages. */
    static String show(byte[] key) {
        StringBuilder sb = new StringBuilder("'");
        for (int i = 0; i < key.length && i < MAX_KEY_SHOWN; i++) {
            int c = key[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        if (key.length > MAX_KEY_SHOWN) sb.append("...");
        return sb.append('\'').toString();
    }

    private static final class Decoder {
        private final byte[] b;
        private final Path path;
        /** Prefix compression lets a small block expand to huge keys: cap what the keys may expand to. */
        private final long keyBudget;
        private long keyBytes;

        Decoder(byte[] b, Path path) {
            this.b = b;
            this.path = path;
            this.keyBudget = 16L * b.length + (16L << 20);
        }

        List<TensorBundleTable.Entry> decode() throws BundleFormatException {
            if (b.length < FOOTER_SIZE) {
                throw fail("index file is " + b.length + " bytes long, too short for a table footer (" + FOOTER_SIZE + " bytes)");
            }
            int footer = b.length - FOOTER_SIZE;
            long magic = fixed64(footer + HANDLES_SIZE);
            if (magic != MAGIC) {
                throw fail(String.format("bad table magic number 0x%016x in the footer (expected 0x%016x)", magic, MAGIC));
            }
            int[] cursor = {footer};
            int[] metaindex = handle(cursor, footer + HANDLES_SIZE, footer, "metaindex block handle in the footer");
            int[] indexHandle = handle(cursor, footer + HANDLES_SIZE, footer, "index block handle in the footer");
            checkBlock(metaindex, "metaindex block");
            checkBlock(indexHandle, "index block");
            List<TensorBundleTable.Entry> index = parseBlock(indexHandle, "index block");

            List<TensorBundleTable.Entry> result = new ArrayList<>();
            byte[] previousSeparator = null;
            for (int i = 0; i < index.size(); i++) {
                String what = "data block " + i;
                byte[] separator = index.get(i).key();
                byte[] value = index.get(i).value();
                int[] pos = {0};
                int[] h = handleIn(value, pos, footer, "handle of " + what + " in the index block");
                if (pos[0] != value.length) throw fail("index entry " + i + " holds " + (value.length - pos[0]) + " bytes after its block handle");
                checkBlock(h, what);
                List<TensorBundleTable.Entry> entries = parseBlock(h, what);
                if (entries.isEmpty()) throw fail(what + " holds no entries");
                for (TensorBundleTable.Entry e : entries) {
                    if (!result.isEmpty() && unsignedCompare(e.key(), result.getLast().key()) <= 0) {
                        throw fail("keys out of order: " + show(e.key()) + " (" + what + ") comes after " + show(result.getLast().key()));
                    }
                    if (previousSeparator != null && unsignedCompare(e.key(), previousSeparator) <= 0) {
                        throw fail("key " + show(e.key()) + " in " + what + " is not above the previous block's index key " + show(previousSeparator));
                    }
                    if (unsignedCompare(e.key(), separator) > 0) {
                        throw fail("key " + show(e.key()) + " in " + what + " is above its index key " + show(separator));
                    }
                    result.add(e);
                }
                previousSeparator = separator;
            }
            return result;
        }

        private BundleFormatException fail(String problem) { return new BundleFormatException(path, problem); }

        /** A block handle read from the file itself (the footer). */
        private int[] handle(int[] cursor, int limit, int footer, String what) throws BundleFormatException {
            long offset = varint64(b, cursor, limit, what);
            long size = varint64(b, cursor, limit, what);
            return checkedHandle(offset, size, footer, what);
        }

        private int[] handleIn(byte[] value, int[] cursor, int footer, String what) throws BundleFormatException {
            long offset = varint64(value, cursor, value.length, what);
            long size = varint64(value, cursor, value.length, what);
            return checkedHandle(offset, size, footer, what);
        }

        private int[] checkedHandle(long offset, long size, int footer, String what) throws BundleFormatException {
            if (offset < 0 || size < 0 || offset > footer || size > footer - offset - TRAILER_SIZE) {
                throw fail(what + " points at bytes [" + Long.toUnsignedString(offset) + ", +" + Long.toUnsignedString(size)
                        + " + " + TRAILER_SIZE + " trailer bytes), outside the " + footer + " bytes before the footer");
            }
            return new int[] {(int) offset, (int) size};
        }

        /** Checks a block's trailer: its checksum, then its compression type. */
        private void checkBlock(int[] h, String what) throws BundleFormatException {
            int offset = h[0], size = h[1];
            CRC32C crc = new CRC32C();
            crc.update(b, offset, size + 1);
            int expected = mask((int) crc.getValue());
            int stored = (int) fixed32(offset + size + 1);
            if (stored != expected) {
                throw fail(String.format("checksum mismatch in %s at offset %d (stored 0x%08x, computed 0x%08x)", what, offset, stored, expected));
            }
            int type = b[offset + size] & 0xff;
            if (type == 1) throw fail(what + " is Snappy-compressed; only uncompressed tables are read");
            if (type != 0) throw fail(what + " has unknown block type " + type);
        }

        /** The entries of a block whose trailer was checked, with every restart point verified. */
        private List<TensorBundleTable.Entry> parseBlock(int[] h, String what) throws BundleFormatException {
            int start = h[0], size = h[1], end = start + size;
            if (size < 4) throw fail(what + " is " + size + " bytes, too short for its restart count");
            long restarts = fixed32(end - 4);
            long maxRestarts = (size - 4) / 4;
            if (restarts > maxRestarts) {
                throw fail(what + " claims " + restarts + " restart points but has room for " + maxRestarts);
            }
            int restartsAt = end - 4 - 4 * (int) restarts;
            List<TensorBundleTable.Entry> entries = new ArrayList<>();
            if (restartsAt == start) { // no entries: LevelDB's empty block has the single restart point 0
                if (restarts > 1 || (restarts == 1 && fixed32(restartsAt) != 0)) throw fail(what + " has no entries but bad restart points");
                return entries;
            }
            byte[] previous = new byte[0];
            int nextRestart = 0;
            int[] cursor = {start};
            while (cursor[0] < restartsAt) {
                int entryOffset = cursor[0] - start;
                boolean atRestart = nextRestart < restarts && fixed32(restartsAt + 4 * nextRestart) == entryOffset;
                if (atRestart) nextRestart++;
                else if (entries.isEmpty()) throw fail(what + " does not start with a restart point");
                String where = "entry at offset " + entryOffset + " of " + what;
                long shared = varint32(cursor, restartsAt, where);
                long unshared = varint32(cursor, restartsAt, where);
                long valueLength = varint32(cursor, restartsAt, where);
                if (atRestart && shared != 0) throw fail(where + " is a restart point but shares " + shared + " key bytes");
                if (shared > previous.length) {
                    throw fail(where + " shares " + shared + " key bytes with a previous key of " + previous.length);
                }
                if (unshared + valueLength > restartsAt - cursor[0]) {
                    throw fail(where + " needs " + (unshared + valueLength) + " bytes but the block has " + (restartsAt - cursor[0]) + " left");
                }
                keyBytes += shared + unshared;
                if (keyBytes > keyBudget) throw fail("keys expand to more than " + keyBudget + " bytes; the index is not a sane table");
                byte[] key = Arrays.copyOf(previous, (int) (shared + unshared));
                System.arraycopy(b, cursor[0], key, (int) shared, (int) unshared);
                cursor[0] += (int) unshared;
                byte[] value = Arrays.copyOfRange(b, cursor[0], cursor[0] + (int) valueLength);
                cursor[0] += (int) valueLength;
                if (!entries.isEmpty() && unsignedCompare(key, previous) <= 0) {
                    throw fail("keys out of order in " + what + ": " + show(key) + " comes after " + show(previous));
                }
                entries.add(new TensorBundleTable.Entry(key, value));
                previous = key;
            }
            if (nextRestart != restarts) {
                throw fail("restart point " + nextRestart + " of " + what + " does not fall on an entry in ascending order");
            }
            return entries;
        }

        private long varint32(int[] cursor, int limit, String what) throws BundleFormatException {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (cursor[0] >= limit) throw fail("varint in " + what + " runs past its end");
                int c = b[cursor[0]++] & 0xff;
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) {
                    if (v > Integer.MAX_VALUE) throw fail("absurd length " + v + " in " + what);
                    return v;
                }
            }
            throw fail("varint in " + what + " is longer than 5 bytes");
        }

        private long varint64(byte[] bytes, int[] cursor, int limit, String what) throws BundleFormatException {
            long v = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                if (cursor[0] >= limit) throw fail("varint in " + what + " runs past its end");
                int c = bytes[cursor[0]++] & 0xff;
                if (shift == 63 && c > 1) throw fail("varint in " + what + " overflows 64 bits");
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) return v;
            }
            throw fail("varint in " + what + " is longer than 10 bytes");
        }

        private long fixed32(int at) {
            return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
        }

        private long fixed64(int at) { return fixed32(at) | fixed32(at + 4) << 32; }
    }
}
