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
 * <p>Each committed value's array is held by its variable alone: nobody outside the Session can reach it,
 * and no other variable shares it. A written value that is a fresh buffer of the run (a kernel's result in
 * the run's {@link Arena}) is taken as it is, and the variable's old array goes back to the run's buffers
 * for the next step to write into, so that a training step allocates nothing. Any other written value (a
 * constant's tensor, a fed or restored tensor, another variable's value, a buffer another variable took in
 * the same commit) is copied first. That is why a caller's tensors never change a variable, and why the
 * Session copies a variable's value on fetch ({@link Plan#execute}).
 */
final class VariableStore {
    private final Map<Node, TensorValue> committed = new ConcurrentHashMap<>();
    private final Map<Node, AtomicLong> draws = new ConcurrentHashMap<>();

    Transaction begin() { return new Transaction(); }

    /** The committed value, or null when the variable was never initialized. */
    TensorValue get(Node variable) { return committed.get(variable); }

    /** The array behind a value: what identifies it when values share storage. */
    static Object storage(TensorValue v) { return v instanceof Tensor t ? t.data() : v; }

    /** A host tensor with its own copy of the array. */
    static Tensor copyOf(Tensor t) {
        Object data = switch (t.data()) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            case byte[][] a -> { // each string's bytes too: a caller may write into what it fetched
                byte[][] c = new byte[a.length][];
                for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
                yield c;
            }
            default -> throw new IllegalStateException("tensor of " + t.data().getClass());
        };
        return Tensor.of(t.dtype(), t.shape(), data);
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

        @Override
        public long nextDraw(Node node) {
            return draws.computeIfAbsent(node, k -> new AtomicLong()).getAndIncrement();
        }

        /**
         * Makes this run's writes visible; the Session holds its state exclusively while it commits. A written
         * array that is one of {@code buffers} leaves them for the variable, and the variable's old array takes
         * its place there; anything else written is copied. {@code buffers} is null for values from outside a run.
         */
        void commit(Arena buffers) {
            Map<Node, TensorValue> s = staged;
            if (s == null) return;
            for (Map.Entry<Node, TensorValue> e : s.entrySet()) {
                TensorValue value = e.getValue();
                Object data = storage(value);
                boolean fresh = buffers != null && buffers.holds(data);
                // Device buffers are never reachable by a caller; host tensors from outside the run are copied.
                if (!fresh && value instanceof Tensor t) value = copyOf(t);
                TensorValue old = committed.put(e.getKey(), value);
                if (fresh) buffers.replace(data, old == null ? null : storage(old));
            }
        }
    }
}
