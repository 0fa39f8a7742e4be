package dev.nagare.device.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The cases behind {@code ./nagare bench kernels}: every kernel and product is called within its operands' bounds. */
class GemmKernelCasesTest {
    @Test
    void everyKernelAndProductRunsAndCountsItsWork() {
        if (!Gemm.SIMD) {
            assertTrue(GemmKernelCases.of(16, new int[] {3, 4, 5}).isEmpty());
            return;
        }
        // Odd depths and shapes: edge slivers and panels in the products, tails of the kernels' two-step loops.
        for (int kc : new int[] {1, 7, 33}) {
            List<GemmKernelCases.Case> cases = GemmKernelCases.of(kc, new int[] {7, 19, 13}, new int[] {1, 40, 9});
            assertEquals(10, cases.size(), "8 kernels and 2 products");
            for (GemmKernelCases.Case c : cases) {
                c.call().run(); // twice: the add kernels start from what the set ones left
                c.call().run();
                assertTrue(c.flops() > 0 && Double.isFinite(c.flops()), c + " at kc " + kc);
                assertEquals(c.what().startsWith("whole") ? 0 : kc, c.depth(), c.what());
            }
            assertEquals("7x19x13", cases.get(8).shape());
            assertEquals(2.0 * 7 * 19 * 13, cases.get(8).flops());
        }
    }
}
