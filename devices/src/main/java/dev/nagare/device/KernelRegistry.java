package dev.nagare.device;

import dev.nagare.graph.DType;
import dev.nagare.ops.OpDef;
import dev.nagare.ops.OpRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One device's kernels, keyed by (op, dtype). Kernels are registered by the op's entry ({@link OpDef}), never
 * by a bare name; a test checks the CPU table against {@link OpRegistry#standard()} and each entry's dtypes.
 */
public final class KernelRegistry {
    private final Map<String, Map<DType, KernelFactory>> kernels = new HashMap<>();
    private final Set<String> voidOps = new java.util.HashSet<>();

    /** Registers {@code factory} for {@code op} on each of {@code dtypes}. */
    public KernelRegistry add(OpDef op, KernelFactory factory, DType... dtypes) {
        Map<DType, KernelFactory> byType = kernels.computeIfAbsent(op.name(), k -> new EnumMap<>(DType.class));
        for (DType t : dtypes) {
            if (byType.put(t, factory) != null) throw new IllegalStateException("two kernels for " + op.name() + " on " + t);
        }
        return this;
    }

    /**
     * Registers {@code factory} for {@code op} on every dtype of numbers and bools. String kernels are
     * registered by name (see the CPU's StringKernels): most kernels cannot take strings.
     */
    public KernelRegistry addAllTypes(OpDef op, KernelFactory factory) {
        return add(op, factory, java.util.Arrays.stream(DType.values()).filter(t -> t != DType.STRING).toArray(DType[]::new));
    }

    /** Registers a kernel for an op with neither inputs nor outputs (no dtype to key by). */
    public KernelRegistry addVoid(OpDef op, KernelFactory factory) {
        voidOps.add(op.name());
        return add(op, factory, DType.values());
    }

    /** The factory for {@code op} on {@code dtype} ({@code null} for ops without inputs or outputs). */
    public Optional<KernelFactory> find(String op, DType dtype) {
        Map<DType, KernelFactory> byType = kernels.get(op);
        if (byType == null) return Optional.empty();
        if (dtype == null) return voidOps.contains(op) ? Optional.of(byType.values().iterator().next()) : Optional.empty();
        return Optional.ofNullable(byType.get(dtype));
    }

    /** The ops this registry has a kernel for, on any dtype. */
    public Set<String> ops() { return kernels.keySet(); }
}
