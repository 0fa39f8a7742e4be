package dev.nagare.ops;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every op Nagare defines, by name. Built explicitly from the op families; kernel tables and the interop
 * mapping check themselves against it.
 */
public final class OpRegistry {
    private static final OpRegistry STANDARD = new OpRegistry(List.of(
            ArrayOps.ALL, MathOps.ALL, NnOps.ALL, ConvOps.ALL, NormOps.ALL, StateOps.ALL, RandomOps.ALL, TrainOps.ALL,
            ControlFlowOps.ALL, StringOps.ALL, SummaryOps.ALL));

    private final Map<String, OpDef> byName;

    private OpRegistry(List<List<OpDef>> families) {
        Map<String, OpDef> map = new LinkedHashMap<>();
        for (List<OpDef> family : families) {
            for (OpDef op : family) {
                if (map.put(op.name(), op) != null) throw new IllegalStateException("op " + op.name() + " is defined twice");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /** The registry of all ops Nagare ships. */
    public static OpRegistry standard() { return STANDARD; }

    public Optional<OpDef> find(String name) { return Optional.ofNullable(byName.get(name)); }

    public Collection<OpDef> all() { return byName.values(); }

    public List<String> names() { return new ArrayList<>(byName.keySet()); }
}
