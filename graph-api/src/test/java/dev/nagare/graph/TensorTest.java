package dev.nagare.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void nestedArraysRoundTrip() {
        float[][] m = {{1, 2, 3}, {4, 5, 6}};
        Tensor t = Tensor.fromJava(m);
        assertEquals(DType.FLOAT32, t.dtype());
        assertEquals(Shape.of(2, 3), t.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.floatData());
        assertArrayEquals(m, (float[][]) t.toJava());
        long[][][] cube = {{{1}, {2}}, {{3}, {4}}};
        assertArrayEquals(cube, (long[][][]) Tensor.fromJava(cube).toJava());
        assertEquals(7, Tensor.fromJava(7).toJava());
        assertEquals(true, Tensor.fromJava(true).boolValue());
    }

    @Test
    void printsReadably() {
        assertEquals("[[4, 6], [4, 6]]", Tensor.fromJava(new int[][] {{4, 6}, {4, 6}}).toString());
        assertEquals("3", Tensor.scalar(3).toString());
        assertEquals("2.5", Tensor.scalar(2.5f).toString());
        assertEquals("[true, false]", Tensor.fromJava(new boolean[] {true, false}).toString());
        assertEquals("[]", Tensor.of(Shape.of(0), new float[0]).toString());
        String longRow = Tensor.of(Shape.of(100), new int[100]).toString();
        assertEquals(true, longRow.contains("..."), longRow);
    }

    @Test
    void badInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava(new int[][] {{1, 2}, {3}}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(2, 2), new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava(new char[] {'a'}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(-1), new float[3]));
        assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).floatValue());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT32, Shape.of(1), new float[1]));
    }

    @Test
    void stringsAreByteStringsOfAnyShape() {
        Tensor scalar = Tensor.scalar("naïve");
        assertEquals(DType.STRING, scalar.dtype());
        assertEquals(Shape.scalar(), scalar.shape());
        assertArrayEquals(new byte[] {'n', 'a', (byte) 0xc3, (byte) 0xaf, 'v', 'e'}, scalar.bytesValue()); // UTF-8 of ï
        assertEquals("naïve", scalar.stringValue());

        Tensor grid = Tensor.fromJava(new String[][] {{"a", "bc"}, {"", "def"}});
        assertEquals(Shape.of(2, 2), grid.shape());
        assertEquals("", grid.getString(2));
        assertEquals("def", grid.getString(3));
        byte[][][] asBytes = (byte[][][]) grid.toJava();
        assertArrayEquals(new byte[] {'b', 'c'}, asBytes[0][1]);
        assertEquals(grid, Tensor.fromJava(asBytes));                     // byte[] leaves give the same tensor
        assertEquals(grid, Tensor.of(Shape.of(2, 2), new String[] {"a", "bc", "", "def"}));

        byte[] raw = {0, (byte) 0xff, 7};                                    // not UTF-8: kept byte for byte
        Tensor binary = Tensor.fromJava(raw);
        assertEquals(Shape.scalar(), binary.shape());
        assertArrayEquals(raw, binary.bytesValue());
        raw[0] = 1;                                                         // fromJava copies
        assertEquals(0, binary.bytesValue()[0]);
        assertEquals(Tensor.scalar(new byte[] {0, (byte) 0xff, 7}), binary);

        assertEquals(Tensor.of(Shape.of(2), new String[] {"", ""}), Tensor.zeros(DType.STRING, Shape.of(2)));
        assertEquals("[\"a\", \"b\\\"\\x00\"]", Tensor.fromJava(new byte[][] {{'a'}, {'b', '"', 0}}).toString());
    }

    @Test
    void badStringsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava(new String[] {"a", null}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(1), new byte[][] {null}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(3), new String[] {"a", "b"}));
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava(new String[][] {{"a", "b"}, {"c"}}));
        assertThrows(IllegalStateException.class, () -> Tensor.scalar("x").getDouble(0));
        assertThrows(IllegalStateException.class, () -> Tensor.scalar(1f).stringValue());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.STRING, Shape.of(1), new String[] {"a"}));
    }
}
