package dev.nagare.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Broadcasting in a compact notation: "a;b -> out", "?" an unknown dim, "*" unknown rank, "!" no broadcast. */
class ShapeTest {
    static Stream<Arguments> broadcasts() {
        return Stream.of(
                Arguments.of("[2,3];[3] -> [2,3]"),
                Arguments.of("[2,1];[1,4] -> [2,4]"),
                Arguments.of("[];[2,3] -> [2,3]"),
                Arguments.of("[4,1,3];[2,1] -> [4,2,3]"),
                Arguments.of("[0,3];[1] -> [0,3]"),
                Arguments.of("[?,3];[3] -> [?,3]"),
                Arguments.of("[?,3];[5,1] -> [5,3]"),
                Arguments.of("[?];[?] -> [?]"),
                Arguments.of("*;[2] -> *"),
                Arguments.of("[2,3];[4] -> !"),
                Arguments.of("[2];[3] -> !"));
    }

    private static Shape parse(String s) {
        s = s.trim();
        if (s.equals("*")) return Shape.unknownRank();
        String body = s.substring(1, s.length() - 1);
        if (body.isEmpty()) return Shape.scalar();
        return Shape.of(Stream.of(body.split(",")).mapToInt(d -> d.equals("?") ? -1 : Integer.parseInt(d)).toArray());
    }

    @ParameterizedTest
    @MethodSource("broadcasts")
    void broadcast(String row) {
        String[] sides = row.split("->");
        String[] in = sides[0].split(";");
        Shape got = Shape.broadcast(parse(in[0]), parse(in[1]));
        if (sides[1].trim().equals("!")) assertNull(got, row);
        else assertEquals(parse(sides[1]), got, row);
    }

    @Test
    void compatibilityAndSize() {
        assertTrue(Shape.of(-1, 3).isCompatibleWith(Shape.of(7, 3)));
        assertFalse(Shape.of(-1, 3).isCompatibleWith(Shape.of(7, 4)));
        assertFalse(Shape.of(3).isCompatibleWith(Shape.of(3, 1)));
        assertTrue(Shape.unknownRank().isCompatibleWith(Shape.of(1, 2, 3)));
        assertEquals(Shape.of(7, 3), Shape.of(-1, 3).mergeWith(Shape.of(7, -1)));
        assertEquals(24, Shape.of(2, 3, 4).size());
        assertEquals(1, Shape.scalar().size());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536).size());
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-2));
        // a zero dimension empties the tensor however big the others are
        assertEquals(0, Shape.of(65536, 65536, 0).size());
        assertEquals(0, Shape.elements(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 0));
        // past 2^31-1 the count saturates at 2^31 instead of wrapping: 2^16 four times is 2^64, 0 in a long
        assertEquals(1L << 31, Shape.elements(65536, 65536, 65536, 65536));
        assertEquals(Integer.MAX_VALUE, Shape.elements(Integer.MAX_VALUE, 1));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(65536, 65536, 65536, 65536).size());
        assertEquals("[?, 3]", Shape.of(-1, 3).toString());
    }
}
