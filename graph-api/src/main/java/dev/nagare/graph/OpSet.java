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

    /**
     * The ops module's set, loaded on first use: its provider by class name when it is there (ServiceLoader
     * opens every jar of the class path to read its service files, some 20 to 40 ms of a program's start),
     * else the first set {@link ServiceLoader} finds, else {@link Open}.
     */
    final class Standard {
        private Standard() {}

        /** The ops module's provider, as its service file names it. */
        static final String OPS_PROVIDER = "dev.nagare.ops.OpRegistry$Provider";

        static final OpSet SET = load();

        private static OpSet load() {
            ClassLoader loader = OpSet.class.getClassLoader();
            try {
                return (OpSet) Class.forName(OPS_PROVIDER, true, loader).getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                return ServiceLoader.load(OpSet.class, loader).findFirst().orElse(new Open());
            }
        }
    }

    /** Admits any op: for graphs built without the {@code ops} module (the graph module's own tests). */
    final class Open implements OpSet {
        @Override public Optional<? extends OpType> find(String name) { return Optional.empty(); }
        @Override public Collection<? extends OpType> all() { return List.of(); }
    }
}
