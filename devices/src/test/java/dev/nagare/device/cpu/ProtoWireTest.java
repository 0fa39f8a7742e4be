package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ProtoWireTest {
    /**
     * Skipping a length-delimited field lands right after its data, whatever the size of its length varint (1 byte
     * for 5, 2 for 200): the bytes are written by hand here, key by key, as the wire format lays them out.
     */
    @Test
    void skippingALengthDelimitedFieldLandsOnTheNextKey() throws ProtoWire.MalformedException {
        for (int n : new int[] {5, 200}) {
            int lengthBytes = n < 128 ? 1 : 2;
            byte[] b = new byte[1 + lengthBytes + n + 2];
            b[0] = 0x0a; // field 1, length-delimited
            if (n < 128) {
                b[1] = (byte) n;
            } else {
                b[1] = (byte) (n & 0x7f | 0x80);
                b[2] = (byte) (n >>> 7);
            }
            b[b.length - 2] = 0x10; // field 2, varint
            b[b.length - 1] = 42;
            ProtoWire.Reader r = new ProtoWire.Reader(b, 0, b.length);
            assertEquals(0x0a, r.varint());
            r.skipValue(ProtoWire.LENGTH_DELIMITED);
            assertEquals(1 + lengthBytes + n, r.position(), "after a field of " + n + " bytes");
            assertEquals(0x10, r.varint());
            assertEquals(42, r.varint());
            assertFalse(r.hasMore());
        }
    }

    @Test
    void aLengthPastTheEndIsMalformed() {
        byte[] b = {0x0a, 9, 1, 2};
        ProtoWire.Reader r = new ProtoWire.Reader(b, 0, b.length);
        assertThrows(ProtoWire.MalformedException.class, () -> {
            r.varint();
            r.skipValue(ProtoWire.LENGTH_DELIMITED);
        });
    }
}
