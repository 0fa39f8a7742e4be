package dev.nagare.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

import dev.nagare.data.IdxFormatException.Kind;

/**
 * A gzip stream (RFC 1952) decompressed: one or more members back to back, as {@code cat a.gz b.gz} makes,
 * each with its header, CRC32 and length checked. It exists because {@link java.util.zip.GZIPInputStream}
 * silently drops whatever follows the last member when it does not parse as another member; here such bytes
 * are an {@link IdxFormatException}. It also counts the compressed bytes it has taken, so that the reader can
 * bound how far a file expands. Damage surfaces as {@link ZipException}, a cut stream as {@link EOFException}.
 */
final class GzipInput extends InputStream {
    private static final int FHCRC = 0x02, FEXTRA = 0x04, FNAME = 0x08, FCOMMENT = 0x10, RESERVED = 0xE0;

    private final PushbackInputStream in;
    private final String name;
    private final byte[] buf = new byte[1 << 16];
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private int filled;             // bytes of buf last given to the inflater
    private long compressed;        // bytes taken from in and not given back
    private boolean ended;

    /** Reads the first member's header; {@code name} names the file in errors. */
    GzipInput(InputStream in, String name) throws IOException {
        this.in = new PushbackInputStream(in, buf.length);
        this.name = name;
        readHeader();
    }

    /** Compressed bytes consumed so far. */
    long compressedBytes() {
        return compressed;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        while (!ended && len > 0) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data: " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("deflate data asks for a preset dictionary, which gzip does not have");
            } else if (inflater.needsInput()) {
                filled = in.read(buf);
                if (filled < 0) {
                    throw new EOFException("the gzip stream ends inside compressed data");
                }
                compressed += filled;
                inflater.setInput(buf, 0, filled);
            }
        }
        return ended ? -1 : 0;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /** Checks the trailer of the member just inflated, then starts the next member or ends the stream. */
    private void endMember() throws IOException {
        int rest = inflater.getRemaining();
        in.unread(buf, filled - rest, rest);
        compressed -= rest;
        if (readInt() != crc.getValue()) {
            throw new ZipException("Corrupt GZIP trailer: the CRC32 does not match the data");
        }
        if (readInt() != (inflater.getBytesWritten() & 0xFFFF_FFFFL)) {
            throw new ZipException("Corrupt GZIP trailer: the length does not match the data");
        }
        long end = compressed;
        int b0 = in.read(), b1 = b0 < 0 ? -1 : in.read();
        if (b0 < 0) {
            ended = true;
            return;
        }
        if (b0 != 0x1F || b1 != 0x8B) {
            throw new IdxFormatException(name, Kind.TRAILING_DATA, "unexpected data after the end of the gzip stream"
                    + " (at compressed byte " + end + "), and it does not start another gzip member");
        }
        in.unread(0x8B);
        in.unread(0x1F);
        inflater.reset();
        crc.reset();
        readHeader();
    }

    private void readHeader() throws IOException {
        CRC32 header = new CRC32();
        if (readByte(header) != 0x1F || readByte(header) != 0x8B) {
            throw new ZipException("Not in GZIP format");
        }
        int method = readByte(header);
        if (method != 8) {
            throw new ZipException("unsupported compression method " + method + " (only 8, deflate)");
        }
        int flags = readByte(header);
        if ((flags & RESERVED) != 0) {
            throw new ZipException(String.format("reserved header flags set (0x%02X)", flags));
        }
        for (int i = 0; i < 6; i++) {
            readByte(header);                                 // MTIME, XFL, OS
        }
        if ((flags & FEXTRA) != 0) {
            int length = readByte(header) | readByte(header) << 8;
            for (int i = 0; i < length; i++) {
                readByte(header);
            }
        }
        for (int field : new int[] {FNAME, FCOMMENT}) {      // zero-terminated strings
            if ((flags & field) != 0) {
                while (readByte(header) != 0) {
                    // skip
                }
            }
        }
        if ((flags & FHCRC) != 0) {
            int expected = (int) header.getValue() & 0xFFFF;
            if ((readByte(null) | readByte(null) << 8) != expected) {
                throw new ZipException("Corrupt GZIP header: its CRC16 does not match");
            }
        }
    }

    /** A little-endian unsigned 32-bit number. */
    private long readInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) readByte(null) << (8 * i);
        }
        return v;
    }

    private int readByte(CRC32 header) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the gzip stream ends inside a member's header or trailer");
        }
        compressed++;
        if (header != null) {
            header.update(b);
        }
        return b;
    }
}
