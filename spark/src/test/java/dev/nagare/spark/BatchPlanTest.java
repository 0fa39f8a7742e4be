package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class BatchPlanTest {
    @Test
    void withoutASeedBatchKHoldsTheRowsCongruentToKModuloTheSteps() {
        BatchPlan plan = BatchPlan.of(203, 32, null);
        assertEquals(7, plan.steps()); // ceil(203 / 32)
        for (int e = 0; e < 3; e++) for (long i = 0; i < 203; i++) assertEquals(i % 7, plan.batchOf(i, e));
    }

    @Test
    void aSeedMixesTheBatchesPerEpochAndKeepsTheirSizesWithinOneRow() {
        BatchPlan plan = BatchPlan.of(1000, 64, 5L);
        int steps = plan.steps();
        assertEquals(16, steps);
        int[][] batchOf = new int[2][1000];
        for (int e = 0; e < 2; e++) {
            int[] sizes = new int[steps];
            for (int i = 0; i < 1000; i++) {
                int b = plan.batchOf(i, e);
                assertTrue(b >= 0 && b < steps);
                sizes[b]++;
                batchOf[e][i] = b;
            }
            int min = java.util.Arrays.stream(sizes).min().orElseThrow(), max = java.util.Arrays.stream(sizes).max().orElseThrow();
            assertTrue(max - min <= 1, "batch sizes " + java.util.Arrays.toString(sizes));
        }
        int moved = 0;
        for (int i = 0; i < 1000; i++) if (batchOf[0][i] != batchOf[1][i]) moved++;
        assertTrue(moved > 800, "only " + moved + " of 1000 rows changed batch between epochs");
        // the same seed gives the same batches
        assertEquals(batchOf[1][123], BatchPlan.of(1000, 64, 5L).batchOf(123, 1));
    }

    @Test
    void emptyDataAndBadBatchSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> BatchPlan.of(0, 32, null));
        assertThrows(IllegalArgumentException.class, () -> BatchPlan.of(10, 0, null));
    }
}
