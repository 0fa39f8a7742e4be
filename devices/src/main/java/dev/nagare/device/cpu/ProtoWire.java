package dev.nagare.device.cpu;

import java.io.ByteArrayOutputStream;

/**
 * The protobuf wire format, as much as the string kernels need to read tf.Example protos and to write
 * Summary protos without a protobuf library (the core modules do not depend on one). Facts of the format:
 * a field is a varint key {@code number << 3 | wire type} (0 varint, 1 fixed64, 2 length-delimited,
 * 5 fixed32) followed by its value; integers are little-endian.
 */
final class ProtoWire {
    private ProtoWire() {}

    static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;

    /** Malformed input: where and what. */
    static final class MalformedException extends Exception {
        MalformedException(String message) { super(message); }
    }

    /** Reads fields from {@code bytes[from, to)}. */
    static final class Reader {
        private final byte[] bytes;
        private int pos;
        private final int end;

        Reader(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        boolean hasMore() { return pos < end; }
        int position() { return pos; }

        long varint() throws MalformedException {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) throw new MalformedException("a varint runs past the end at byte " + pos);
                byte b = bytes[pos++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) return result;
            }
            throw new MalformedException("a varint longer than 10 bytes at byte " + pos);
        }

        int fixed32() throws MalformedException {
            need(4);
            int v = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16 | (bytes[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }

        /** The length of a length-delimited value, checked against what remains; the value starts at {@link #position()}. */
        int length() throws MalformedException {
            long n = varint();
            if (n < 0 || n > end - pos) throw new MalformedException("a field of " + n + " bytes at byte " + pos + ", only " + (end - pos) + " remain");
            return (int) n;
        }

        void skip(int n) { pos += n; }

        /** Skips the value of a field of {@code wireType}. */
        void skipValue(int wireType) throws MalformedException {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> { need(8); pos += 8; }
                case LENGTH_DELIMITED -> {
                    int n = length(); // read first: "pos += length()" would add to the position before the length
                    pos += n;
                }
                case FIXED32 -> { need(4); pos += 4; }
                default -> throw new MalformedException("wire type " + wireType + " at byte " + pos);
            }
        }

        private void need(int n) throws MalformedException {
            if (end - pos < n) throw new MalformedException("a fixed-size value runs past the end at byte " + pos);
        }
    }

    /** Writes fields in the order asked; the caller asks in field-number order, as protobuf's serializers do. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) (v & 0x7f) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
            return this;
        }

        private Writer key(int field, int wireType) { return varint((long) field << 3 | wireType); }

        Writer bytes(int field, byte[] value) {
            key(field, LENGTH_DELIMITED).varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Writer fixed32(int field, int bits) {
            key(field, FIXED32);
            for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
            return this;
        }

        Writer fixed64(int field, long bits) {
            key(field, FIXED64);
            rawFixed64(bits);
            return this;
        }

        private void rawFixed64(long bits) {
            for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
        }

        /** A proto3 int64 (or enum): left out when zero, as proto3 leaves out defaults. */
        Writer int64Field(int field, long v) { return v == 0 ? this : key(field, VARINT).varint(v); }

        /** A proto3 double: left out when its bits are all zero (+0.0), as proto3 leaves out defaults. */
        Writer doubleField(int field, double v) {
            long bits = Double.doubleToRawLongBits(v);
            return bits == 0 ? this : fixed64(field, bits);
        }

        /** A packed repeated double; left out when empty. */
        Writer packedDoubles(int field, double[] values, int count) {
            if (count == 0) return this;
            key(field, LENGTH_DELIMITED).varint(8L * count);
            for (int i = 0; i < count; i++) rawFixed64(Double.doubleToRawLongBits(values[i]));
            return this;
        }

        byte[] toByteArray() { return out.toByteArray(); }
    }
}
