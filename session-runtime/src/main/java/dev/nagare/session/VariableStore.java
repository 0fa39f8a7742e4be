package dev.nagare.session;

import dev.nagare.device.VariableState;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.session.DeviceMemory.Buffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One Session's variable values. Runs see them through a {@link Transaction} that commits only on success.
 *
 * <p>Each committed value's buffer is held by its variable alone ({@link DeviceMemory}): nobody outside the
 * Session can reach it, and no other variable shares it. A written value whose buffer the run made is taken
 * as it is, and the variable's old buffer goes back to the run's row for the next step to write into, so
 * that a training step allocates nothing. Any other written host value (a constant's tensor, a fed or
 * restored tensor, another variable's value, a buffer another variable took in the same commit) is copied
 * into a buffer of the variable's own first. That is why a caller's tensors never change a variable, and why
 * the Session copies a variable's value on fetch ({@link Plan#execute}). Closing the Session frees them all.
 */
final class VariableStore {
    private final Map<Node, TensorValue> committed = new ConcurrentHashMap<>();
    private final Map<Node, AtomicLong> draws = new ConcurrentHashMap<>();
    /** The Session's memory per device, the host's first. */
    private final DeviceMemory[] memories;

    VariableStore(List<DeviceMemory> memories) { this.memories = memories.toArray(DeviceMemory[]::new); }

    Transaction begin() { return new Transaction(); }

    /** The committed value, or null when the variable was never initialized. */
    TensorValue get(Node variable) { return committed.get(variable); }

    /** A host tensor with its own copy of the array, which the Session does not track (a caller's). */
    static Tensor copyOf(Tensor t) {
        // A switch on the dtype, not on the array's type: a type switch spins a class at its first use, which the
        // start-up cache does not keep (see Tensor.fromJava).
        Object data = switch (t.dtype()) {
            case FLOAT32 -> ((float[]) t.data()).clone();
            case FLOAT64 -> ((double[]) t.data()).clone();
            case INT32 -> ((int[]) t.data()).clone();
            case INT64 -> ((long[]) t.data()).clone();
            case BOOL -> ((boolean[]) t.data()).clone();
            case STRING -> { // each string's bytes too: a caller may write into what it fetched
                byte[][] a = (byte[][]) t.data(), c = new byte[a.length][];
                for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
                yield c;
            }
        };
        return Tensor.of(t.dtype(), t.shape(), data);
    }

    /** The Session's memory on the device that holds {@code v}. */
    private DeviceMemory memoryHolding(TensorValue v) {
        for (DeviceMemory m : memories) if (m.device.holds(v)) return m;
        throw new IllegalStateException("no device of this Session holds a value of " + v.getClass().getName());
    }

    /** The buffer of {@code value}, when the Session tracks it. */
    private Buffer bufferOf(TensorValue value) {
        DeviceMemory m = memoryHolding(value);
        return m.find(m.device.memoryOf(value));
    }

    /** Frees every variable's buffer; the Session is closing and no run is in flight. */
    void close() {
        for (Map.Entry<Node, TensorValue> e : committed.entrySet()) {
            Buffer b = bufferOf(e.getValue());
            if (b != null && b.variable == e.getKey()) b.memory.free(b);
        }
        committed.clear();
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
         * Makes this run's writes visible; the Session holds its state exclusively while it commits, and the
         * run's work is done. A written value whose buffer {@code run} holds (in a row or as a temporary) goes to
         * the variable, whose old buffer takes its place in the row when it fits (else it is freed); anything
         * else written (also a buffer of the run that another variable took in this commit) is copied first.
         * Old buffers are given back only after every new value is in place, since one variable's new value may
         * be another's old one. {@code run} is null for values from outside a run.
         */
        void commit(Arena run) {
            Map<Node, TensorValue> s = staged;
            if (s == null) return;
            int n = s.size(), i = 0;
            Node[] vars = run == null ? new Node[n] : run.committedVariables(n);
            TensorValue[] old = run == null ? new TensorValue[n] : run.replacedValues(n);
            // First every new value: a run's buffer is marked as the variable's (it still knows its row), anything else copied.
            for (Map.Entry<Node, TensorValue> e : s.entrySet()) {
                Node var = e.getKey();
                TensorValue value = e.getValue();
                DeviceMemory m = memoryHolding(value);
                m.device.ready(value).await(); // done since the run waited for its work; rethrows a failure of it
                Buffer b = m.find(m.device.memoryOf(value));
                if (b != null && run != null && b.arena == run && b.variable == null) {
                    b.variable = var;
                } else if (value instanceof Tensor t) {
                    value = memories[0].copyOf(t, var);
                } else if (b != null) {
                    // Device memory another holder owns: the variable gets a copy of its own on the device.
                    value = m.device.fromHost(m.device.toHost(value));
                }
                vars[i] = var;
                old[i++] = committed.put(var, value);
            }
            // Then the old values: back into the row the new value's buffer left, or freed.
            for (int k = 0; k < i; k++) {
                Node var = vars[k];
                Buffer before = old[k] == null ? null : bufferOf(old[k]);
                if (before != null && (before.variable != var || before.arena != null)) before = null; // not this variable's to give back
                Buffer b = bufferOf(committed.get(var));
                if (b != null && run != null && b.arena == run) {
                    boolean back = b.row >= 0 && before != null && before.memory == b.memory && before.fits(b.dtype, b.length);
                    if (b.row >= 0) run.vacate(b, back ? before : null);
                    b.holdFor(var);
                    if (back) before = null;
                }
                if (before != null) before.memory.free(before);
                vars[k] = null;
                old[k] = null;
            }
        }
    }
}
