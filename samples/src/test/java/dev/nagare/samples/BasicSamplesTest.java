package dev.nagare.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each tutorial sample prints what its tutorial shows. */
class BasicSamplesTest {
    private static List<String> output(String sample) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Samples.ALL.get(sample).run(out, new String[0]);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void addPrintsThree() throws Exception {
        assertEquals(List.of("a + b = 3"), output("add"));
    }

    @Test
    void counterCountsOneTwoThree() throws Exception {
        assertEquals(List.of("counter starts at 0", "1", "2", "3"), output("counter"));
    }

    @Test
    void placeholderPrintsTwoThenFour() throws Exception {
        assertEquals(List.of("x + y with y = 1: 2", "x + y with y = 3: 4"), output("placeholder"));
    }

    @Test
    void sessionsKeepSeparateState() throws Exception {
        assertEquals(List.of(
                "session 1 counter: 3",
                "session 2 counter: 1",
                "after one more step in session 1: session 1 = 4, session 2 = 1"), output("sessions"));
    }

    @Test
    void rankAddsMatricesAndPrintsRanksZeroToThree() throws Exception {
        assertEquals(List.of(
                "[[1, 2], [1, 2]] + [[3, 4], [3, 4]] = [[4, 6], [4, 6]]",
                "rank 0, shape [], int32: 7",
                "rank 1, shape [3], int32: [1, 2, 3]",
                "rank 2, shape [2, 2], float32: [[1.5, 2.], [3., 4.]]",
                "rank 3, shape [2, 2, 2], int32: [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]"), output("rank"));
    }

    @Test
    void everySampleIsListedByName() {
        assertEquals(List.of("add", "counter", "placeholder", "sessions", "rank"), List.copyOf(Samples.ALL.keySet()).subList(0, 5));
    }
}
