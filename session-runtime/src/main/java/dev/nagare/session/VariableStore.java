package dev.nagare.session;

import dev.nagare.device.VariableState;
import dev.nagare.graph.Node;
import dev.nagare.graph.TensorValue;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** One Session's variable values. Runs see them through a {@link Transaction} that commits only on success. */
final class VariableStore {
    private final Map<Node, TensorValue> committed = new ConcurrentHashMap<>();
    private final Map<Node, AtomicLong> draws = new ConcurrentHashMap<>();

    Transaction begin() { return new Transaction(); }

    /** The committed value, or null when the variable was never initialized. */
    TensorValue get(Node variable) { return committed.get(variable); }

    /** What one run reads and writes: its own writes first, then the committed values. */
    final class Transaction implements VariableState {
        private Map<Node, TensorValue> staged;

        @Override
        public TensorValue read(Node variable) {
            TensorValue v = staged == null ? null : staged.get(variable);
            if (v == null) v = committed.get(variable);
            if (v == null) {
                throw new UninitializedVariableException("Variable '" + variable.name() + "' is not initialized in this Session;"
                        + " run tf.globalVariablesInitializer() (or its initializer) first");
            }
            return v;
        }

        @Override
        public void write(Node variable, TensorValue value) {
            if (staged == null) staged = new HashMap<>();
            staged.put(variable, value);
        }

        @Override
        public long nextDraw(Node node) {
            return draws.computeIfAbsent(node, k -> new AtomicLong()).getAndIncrement();
        }

        /** Makes this run's writes visible; the Session holds its state exclusively while it commits. */
        void commit() {
            if (staged != null) committed.putAll(staged);
        }
    }
}
