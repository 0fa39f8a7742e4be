package dev.nagare.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What one Session holds besides its variables: resources that ops make and use by name, as TensorFlow's
 * resource manager holds them (a summary writer, keyed by its container and shared name). Each Session has its
 * own, so nothing made in one Session is seen by another, and closing the Session closes them all. Thread-safe.
 */
public final class SessionResources implements AutoCloseable {
    private final Map<String, AutoCloseable> byKey = new LinkedHashMap<>();
    private boolean closed;

    /**
     * The resource under {@code key}, made by {@code create} when there is none yet (a second create of the same
     * key is no change, as TensorFlow's LookupOrCreate).
     *
     * @throws IllegalStateException when the key holds a resource of another type, or the Session is closed
     */
    public synchronized <T extends AutoCloseable> T lookupOrCreate(String key, Class<T> type, Supplier<T> create) {
        requireOpen();
        AutoCloseable r = byKey.get(key);
        if (r == null) {
            T made = create.get();
            byKey.put(key, made);
            return made;
        }
        return cast(key, type, r);
    }

    /** The resource under {@code key}, if there is one. */
    public synchronized <T extends AutoCloseable> Optional<T> lookup(String key, Class<T> type) {
        AutoCloseable r = byKey.get(key);
        return r == null ? Optional.empty() : Optional.of(cast(key, type, r));
    }

    /** Removes the resource under {@code key} and closes it; false when there was none. */
    public boolean delete(String key) {
        AutoCloseable r;
        synchronized (this) {
            r = byKey.remove(key);
        }
        if (r == null) return false;
        closeOne(r);
        return true;
    }

    /** Closes every resource, in the order they were made; the first failure is thrown after all were tried. */
    @Override
    public void close() {
        List<AutoCloseable> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(byKey.values());
            byKey.clear();
        }
        RuntimeException first = null;
        for (AutoCloseable r : all) {
            try {
                closeOne(r);
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }
        if (first != null) throw first;
    }

    private static void closeOne(AutoCloseable r) {
        try {
            r.close();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + r + " failed: " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("the Session's resources are closed");
    }

    private static <T> T cast(String key, Class<T> type, AutoCloseable r) {
        if (!type.isInstance(r)) throw new IllegalStateException("resource '" + key + "' is a " + r.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        return type.cast(r);
    }
}
