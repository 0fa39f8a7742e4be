package dev.nagare.session.entries;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.graph.DType;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every op's entry is complete: inputs, typed attrs, a gradient decision, a TensorFlow mapping (or
 * {@code TfMapping.NONE}), a float64 reference with samples, a gradient sample where there is a rule, and a CPU
 * kernel for every dtype its samples run in. The message names each op and what it lacks.
 *
 * <p>Ops the generated tests cannot take ({@code OpTests.exempt}: they write variables, draw random numbers, run
 * function bodies, work on strings, or are the graph's inputs) declare their inputs, attrs, gradient decision and
 * mapping (often {@code TfMapping.HAND_WRITTEN}) all the same, and say why and what tests them instead; the
 * output lists them with their reasons.
 *
 * <p>Every op is an entry (the migration of issue 11 is finished): an op declared without one fails here too.
 */
class EntryCompletenessTest {
    private static final CpuDevice CPU = new CpuDevice();

    @Test
    void everyEntryIsComplete() {
        Map<String, List<String>> incomplete = new TreeMap<>();
        Map<String, String> exempt = new TreeMap<>();
        for (OpDef op : OpRegistry.standard().all()) {
            if (op.tests() != null && op.tests().isExempt()) exempt.put(op.name(), op.tests().exemptBecause());
            List<String> missing = missing(op);
            if (!missing.isEmpty()) incomplete.put(op.name(), missing);
        }
        StringBuilder reasons = new StringBuilder();
        exempt.forEach((op, why) -> reasons.append("  ").append(op).append(": ").append(why).append('\n'));
        System.out.println("Ops the generated tests cannot take, and what tests them (" + exempt.size() + "):\n" + reasons);
        StringBuilder problems = new StringBuilder();
        incomplete.forEach((op, m) -> problems.append(op).append(" lacks: ").append(String.join(", ", m)).append('\n'));
        assertTrue(incomplete.isEmpty(), "incomplete op entries:\n" + problems);
    }

    /** What the op's entry lacks, kernels included (an exempt op: its declaration only; its reason says the rest). */
    static List<String> missing(OpDef op) {
        List<String> missing = new ArrayList<>(op.missingParts());
        if (op.tests() != null && op.tests().isExempt()) return missing;
        boolean refuses = op.gradientRule() instanceof dev.nagare.ops.Gradient.Refusal; // checked to refuse instead
        if (op.gradientRule() != null && !refuses && op.tests() != null && !op.tests().hasGradientSample()) missing.add("a sample for the gradient check");
        if (op.tests() != null && op.tests().samples().isEmpty()) missing.add("samples");
        if (op.tests() != null && op.kernelDtypeInput() == 0) {
            for (DType t : op.tests().dtypes()) if (CPU.kernel(op.name(), t).isEmpty()) missing.add("a CPU kernel for " + t);
        } else if (!CPU.kernels().ops().contains(op.name())) {
            missing.add("a CPU kernel");
        }
        return missing;
    }
}
