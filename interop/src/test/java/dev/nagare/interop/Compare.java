package dev.nagare.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nagare.graph.Tensor;
import java.util.Map;

/** Closeness of two tensors: same dtype and shape, values within a relative tolerance (NaN matches NaN). */
final class Compare {
    private Compare() {}

    /** The largest absolute difference, after checking dtype and shape; infinite for a NaN mismatch. */
    static double maxAbsDiff(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        if (expected.dtype() == dev.nagare.graph.DType.STRING) { // byte strings: equal or not
            for (int i = 0; i < expected.size(); i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected.stringData()[i], actual.stringData()[i], what + ": element " + i);
            }
            return 0;
        }
        double max = 0;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (Double.isNaN(e) != Double.isNaN(a)) return Double.POSITIVE_INFINITY;
                continue;
            }
            if (e == a) continue; // infinities of one sign
            max = Math.max(max, Math.abs(e - a));
        }
        return max;
    }

    /** Fails unless every element is within {@code rel * max(1, |expected|)} (exact for integers and bools). */
    static double assertClose(String what, Tensor expected, Tensor actual, double rel) {
        double diff = maxAbsDiff(what, expected, actual);
        if (expected.dtype() == dev.nagare.graph.DType.STRING) return diff;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i), a = actual.getDouble(i);
            if (Double.isNaN(e) && Double.isNaN(a) || e == a) continue;
            double tol = expected.dtype().isFloating() ? rel * Math.max(1, Math.abs(e)) : 0;
            if (!(Math.abs(e - a) <= tol)) fail(what + ": element " + i + " is " + a + ", expected " + e + " (tolerance " + tol + ")");
        }
        return diff;
    }

    static double assertAllClose(String what, Map<String, Tensor> expected, Map<String, Tensor> actual, double rel) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": output names");
        double max = 0;
        for (String k : expected.keySet()) max = Math.max(max, assertClose(what + " '" + k + "'", expected.get(k), actual.get(k), rel));
        return max;
    }
}
