package dev.nagare.samples.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.samples.mnist.MnistTrainer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CNN sample's data augmentation: each image moved whole by at most 2 pixels, the uncovered border 0. */
class RandomShiftTest {
    private static final int ROWS = 9, COLS = 7, SIZE = 300;

    @Test
    void movesEachImageWholeByAtMostTheLimit() {
        // Every image: a 3x3 block of values 1..9 with its corner at (3, 2), zeros elsewhere.
        float[] images = new float[SIZE * ROWS * COLS];
        for (int i = 0; i < SIZE; i++) {
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) images[i * ROWS * COLS + (3 + r) * COLS + 2 + c] = 1 + r * 3 + c;
        }
        MnistTrainer.Augment shift = CnnSample.randomShift(ROWS, COLS, 2);
        shift.apply(images, SIZE, new Random(1));
        Set<Integer> offsets = new HashSet<>();
        for (int i = 0; i < SIZE; i++) {
            int base = i * ROWS * COLS;
            int at = -1;
            for (int p = 0; p < ROWS * COLS; p++) if (images[base + p] == 1f) at = p;
            assertTrue(at >= 0, "image " + i + " lost its block");
            int dy = at / COLS - 3, dx = at % COLS - 2;
            assertTrue(Math.abs(dy) <= 2 && Math.abs(dx) <= 2, "image " + i + " moved by (" + dy + ", " + dx + ")");
            offsets.add(dy * 10 + dx);
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    int br = r - 3 - dy, bc = c - 2 - dx;
                    float want = br >= 0 && br < 3 && bc >= 0 && bc < 3 ? 1 + br * 3 + bc : 0;
                    assertEquals(want, images[base + r * COLS + c], "image " + i + " at (" + r + ", " + c + ")");
                }
            }
        }
        assertEquals(25, offsets.size(), "all 5 x 5 offsets drawn over " + SIZE + " images");
    }

    @Test
    void fillsTheUncoveredBorderWithZero() {
        float[] images = new float[SIZE * ROWS * COLS];
        java.util.Arrays.fill(images, 1f);
        CnnSample.randomShift(ROWS, COLS, 2).apply(images, SIZE, new Random(2));
        for (int i = 0; i < SIZE; i++) {
            int zeros = 0;
            for (int p = 0; p < ROWS * COLS; p++) if (images[i * ROWS * COLS + p] == 0f) zeros++;
            // a move by (dy, dx) uncovers |dy| rows and |dx| columns
            int kept = ROWS * COLS - zeros;
            boolean matches = false;
            for (int dy = 0; dy <= 2; dy++) for (int dx = 0; dx <= 2; dx++) if (kept == (ROWS - dy) * (COLS - dx)) matches = true;
            assertTrue(matches, "image " + i + " kept " + kept + " pixels, not a shifted rectangle");
        }
    }
}
