package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The timings behind {@code ./nagare bench kernels}: every kernel and product is called within its operands' bounds. */
class GemmKernelTimingsTest {
    @Test
    void everyKernelAndProductGivesARate() {
        if (!Gemm.SIMD) {
            assertTrue(GemmKernelTimings.measure(16, 1, 1_000, () -> {}, 1, new int[] {3, 4, 5}).isEmpty());
            return;
        }
        // Odd depths and shapes: edge slivers and panels in the products, tails of the kernels' two-step loops.
        for (int kc : new int[] {1, 7, 33}) {
            float[] spin = new float[1];
            Runnable reference = () -> { for (int i = 0; i < 100; i++) spin[0] = Math.fma(spin[0], 0.5f, 1f); };
            List<GemmKernelTimings.Timing> rows = GemmKernelTimings.measure(kc, 1, 10_000, reference, 200,
                    new int[] {7, 19, 13}, new int[] {1, 40, 9});
            assertEquals(10, rows.size(), "8 kernels and 2 products");
            for (GemmKernelTimings.Timing t : rows) {
                assertTrue(t.gflops() > 0 && Double.isFinite(t.gflops()), t + " at kc " + kc);
                assertTrue(t.ofReference() > 0 && Double.isFinite(t.ofReference()), t + " at kc " + kc);
            }
            assertEquals("7x19x13", rows.get(8).shape());
        }
    }
}
