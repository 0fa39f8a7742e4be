package dev.nagare.ops;

import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.OpSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A set of op entries by name: the object a {@link Graph} is built with. {@link #standard()} holds every op
 * Nagare ships, built explicitly from the op families; {@link #with} gives a larger set holding a user's own
 * ops, for {@code new Graph(OpRegistry.standard().with(myOp))}. Kernel tables and the interop mapping check
 * themselves against it.
 */
public final class OpRegistry implements OpSet {
    private static final OpRegistry STANDARD = new OpRegistry(List.of(
            ArrayOps.ALL, MathOps.ALL, NnOps.ALL, ConvOps.ALL, NormOps.ALL, StateOps.ALL, RandomOps.ALL, TrainOps.ALL,
            ControlFlowOps.ALL, StringOps.ALL, SummaryOps.ALL, IndexOps.ALL,
            PadOps.ALL, DebugOps.ALL, EinsumOps.ALL));

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

    /** This set and {@code more}; fails when one of them has the name of an op already here. */
    public OpRegistry with(OpDef... more) { return new OpRegistry(List.of(List.copyOf(byName.values()), List.of(more))); }

    /** The registry a graph was built with ({@link #standard()} for a graph of another kind of op set). */
    public static OpRegistry of(Graph graph) { return graph.ops() instanceof OpRegistry r ? r : STANDARD; }

    @Override
    public Optional<OpDef> find(String name) { return Optional.ofNullable(byName.get(name)); }

    /** The entry of a node's op; fails naming the node when this set does not hold it. */
    public OpDef def(Node node) {
        OpDef d = byName.get(node.opName());
        if (d == null) throw dev.nagare.graph.GraphException.at(node.name(), node.opName(), "op " + node.opName() + " is not in the graph's op set");
        return d;
    }

    @Override
    public Collection<OpDef> all() { return byName.values(); }

    public List<String> names() { return new ArrayList<>(byName.keySet()); }

    /** What {@link OpSet#standard()} instantiates (by its class name, or through {@link java.util.ServiceLoader}): the standard set. */
    public static final class Provider implements OpSet {
        @Override public Optional<OpDef> find(String name) { return STANDARD.find(name); }
        @Override public Collection<OpDef> all() { return STANDARD.all(); }
    }
}
