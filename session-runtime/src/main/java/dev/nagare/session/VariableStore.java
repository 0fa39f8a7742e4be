package dev.nagare.session;

import dev.nagare.device.VariableState;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Session's variable values. Runs see them through a {@link Transaction} that commits only on success.
 *
 * <p>A value whose array the Session made (a kernel's buffer from a run's {@link Arena}) and that nobody
 * else holds is <em>owned</em>: when the variable gets its next value, the old array goes back to the run's
 * buffers for the next step to write into, so that a training step allocates nothing. An array stops being
 * owned as soon as it may be seen elsewhere: fetched by a caller, or also given to another variable.
 */
final class VariableStore {
    /** A variable's value; {@code owned}: only this variable holds its array, so it may be reused. */
    private record Held(TensorValue value, boolean owned) {}

    private final Map<Node, Held> committed = new ConcurrentHashMap<>();
    private final Map<Node, AtomicLong> draws = new ConcurrentHashMap<>();

    Transaction begin() { return new Transaction(); }

    /** The committed value, or null when the variable was never initialized. */
    TensorValue get(Node variable) {
        Held h = committed.get(variable);
        return h == null ? null : h.value;
    }

    /** The array behind a value: what identifies it when values share storage. */
    static Object storage(TensorValue v) { return v instanceof Tensor t ? t.data() : v; }

    /** Every variable whose value is stored in {@code data} is no longer its array's only holder. */
    void disown(Object data) {
        for (Map.Entry<Node, Held> e : committed.entrySet()) {
            Held h = e.getValue();
            if (h.owned && storage(h.value) == data) committed.replace(e.getKey(), h, new Held(h.value, false));
        }
    }

    /** What one run reads and writes: its own writes first, then the committed values. Thread-safe. */
    final class Transaction implements VariableState {
        private volatile Map<Node, TensorValue> staged;

        @Override
        public TensorValue read(Node variable) {
            Map<Node, TensorValue> s = staged;
            TensorValue v = s == null ? null : s.get(variable);
            if (v == null) v = get(variable);
            if (v == null) {
                throw new UninitializedVariableException("Variable '" + variable.name() + "' is not initialized in this Session;"
                        + " run tf.globalVariablesInitializer() (or its initializer) first");
            }
            return v;
        }

        @Override
        public void write(Node variable, TensorValue value) {
            Map<Node, TensorValue> s = staged;
            if (s == null) {
                synchronized (this) {
                    if ((s = staged) == null) staged = s = new ConcurrentHashMap<>();
                }
            }
            s.put(variable, value);
        }

        private static boolean writtenOnce(Map<Node, TensorValue> writes, Object data) {
            int n = 0;
            for (TensorValue v : writes.values()) if (storage(v) == data) n++;
            return n == 1;
        }

        @Override
        public long nextDraw(Node node) {
            return draws.computeIfAbsent(node, k -> new AtomicLong()).getAndIncrement();
        }

        /**
         * Makes this run's writes visible; the Session holds its state exclusively while it commits. A written
         * array that is one of {@code buffers} leaves them for the variable, and the variable's old array, if
         * it owned it, takes its place there. {@code buffers} is null for values from outside a run.
         */
        void commit(Arena buffers) {
            Map<Node, TensorValue> s = staged;
            if (s == null) return;
            // First: an array written that is not a fresh run buffer (another variable's value, read at use)
            // now has two holders, so neither may reuse it; done before any old array is handed back.
            for (TensorValue v : s.values()) {
                if (buffers == null || !buffers.holds(storage(v))) disown(storage(v));
            }
            for (Map.Entry<Node, TensorValue> e : s.entrySet()) {
                Object data = storage(e.getValue());
                boolean fresh = buffers != null && buffers.holds(data);
                boolean once = fresh && writtenOnce(s, data);
                Held old = committed.put(e.getKey(), new Held(e.getValue(), once));
                if (fresh) {
                    Object recycled = old != null && old.owned && storage(old.value) != data ? storage(old.value) : null;
                    buffers.replace(data, recycled);
                }
            }
        }
    }
}
