package dev.nagare.spark;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CostModelTest {
    @Test
    void theFitRecoversTheTermsOfExactRounds() {
        int[] tasks = {1, 2, 4, 8};
        long bytes = 1_000_000;
        double[] empty = new double[4], sync = new double[4];
        for (int i = 0; i < 4; i++) {
            empty[i] = 5 + 0.5 * tasks[i];
            sync[i] = empty[i] + bytes * (1e-6 + 2e-6 * tasks[i]);
        }
        CostModel m = CostModel.fit(100, bytes, tasks, empty, sync);
        assertEquals(5, m.jobMs(), 1e-9);
        assertEquals(0.5, m.taskMs(), 1e-9);
        assertEquals(1e-6, m.byteMs(), 1e-15);
        assertEquals(2e-6, m.taskByteMs(), 1e-15);
        // by hand, W = 4: 100/4 + (5 + 0.5*4) + 1e6 (1e-6 + 4*2e-6) + 1e6 * 5 bytes / (10 Gbit/s = 1.25e6 bytes per ms)
        double expected = 25 + 7 + 9 + 4;
        assertEquals(expected, m.stepMs(4, 1), 1e-9);
        assertEquals(100 / expected, m.speedup(4, 1), 1e-12);
        // 100x: 10,000/4 + 7 + 1e8 * 9e-6 + 1e8 * 5 / 1.25e6
        assertEquals(2500 + 7 + 900 + 400, m.stepMs(4, 100), 1e-6);
        // dT/dW = 0 where 100 / W^2 = 0.5 + 2e-6 * 1e6 + 1e6 / 1.25e6
        assertEquals(Math.sqrt(100 / 3.3), m.bestWorkers(1), 1e-9);
    }

    @Test
    void noisyRoundsGiveNoNegativeTerms() {
        // times that fall with the task count: no negative cost per task, the mean as the fixed cost
        double[] line = CostModel.line(new int[] {1, 2, 4, 8}, new double[] {9, 8, 7, 6});
        assertEquals(7.5, line[0], 1e-12);
        assertEquals(0, line[1]);
        // a negative intercept: the line through the origin instead, slope sum(xy) / sum(x^2)
        line = CostModel.line(new int[] {1, 2, 4, 8}, new double[] {0.5, 2, 5, 11});
        assertEquals(0, line[0]);
        assertEquals((0.5 + 4 + 20 + 88) / 85.0, line[1], 1e-12);
    }
}
