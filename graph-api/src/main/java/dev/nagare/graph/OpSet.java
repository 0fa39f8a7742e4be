package dev.nagare.graph;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The ops a graph may hold, by name. A {@link Graph} is built with one and refuses nodes of any other op, so
 * that every node of a graph can be exported, differentiated and given a kernel by name. The {@code ops}
 * module provides the standard set (found once through {@link ServiceLoader}); a user adds ops of their own
 * by building a graph with a larger set.
 */
public interface OpSet {
    Optional<? extends OpType> find(String name);

    Collection<? extends OpType> all();

    /** The standard set, as the {@code ops} module provides it; without that module, a set that admits any op. */
    static OpSet standard() { return Standard.SET; }

    /** The one op set {@link ServiceLoader} finds, loaded on first use. */
    final class Standard {
        private Standard() {}

        static final OpSet SET = ServiceLoader.load(OpSet.class, OpSet.class.getClassLoader()).findFirst().orElse(new Open());
    }

    /** Admits any op: for graphs built without the {@code ops} module (the graph module's own tests). */
    final class Open implements OpSet {
        @Override public Optional<? extends OpType> find(String name) { return Optional.empty(); }
        @Override public Collection<? extends OpType> all() { return List.of(); }
    }
}
