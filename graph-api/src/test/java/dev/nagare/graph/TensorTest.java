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
        assertThrows(IllegalArgumentException.class, () -> Tensor.fromJava("text"));
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(Shape.of(-1), new float[3]));
        assertThrows(IllegalStateException.class, () -> Tensor.scalar(1).floatValue());
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(DType.INT32, Shape.of(1), new float[1]));
    }
}
