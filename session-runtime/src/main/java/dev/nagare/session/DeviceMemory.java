package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The memory one Session uses on one device: every buffer it allocated there ({@link Device#allocate}), with
 * the node that made it and who holds it now. A buffer is held by exactly one of: a run's arena, in a step's
 * numbered slot (the same node gets it back next run) or as a temporary (given back when the run ends); a
 * variable, as its committed value; or, once fetched, the caller (then it is no longer the Session's). The
 * Session frees what it holds when it closes, so a buffer still here after that leaked, and
 * {@link #close} names the node that made it.
 *
 * <p>Values are matched to their buffers by the identity of their memory ({@link Device#memoryOf}), here and
 * nowhere else, so no one else scans for arrays or reads their lengths.
 */
final class DeviceMemory {
    /** For tests: fill a freed host array with NaN, so that whoever still reads it sees that it was freed. */
    private static final boolean POISON = Boolean.getBoolean("nagare.arena.poison");

    final Device device;
    private final IdentityHashMap<Object, Buffer> live = new IdentityHashMap<>();

    DeviceMemory(Device device) { this.device = device; }

    /** One allocation and its holder: exactly one of a run's arena (in a slot, or as a temporary), a variable, or none yet. */
    static final class Buffer {
        final DeviceMemory memory;
        final Object data;
        final DType dtype;
        final int length;
        final Node madeBy;
        /** The run that holds it, in row {@link #row} at {@link #number}, or as a temporary when {@code row < 0}. */
        Arena arena;
        int row = -1, number = -1;
        /** The variable whose committed value it is. */
        Node variable;

        private Buffer(DeviceMemory memory, Object data, DType dtype, int length, Node madeBy) {
            this.memory = memory;
            this.data = data;
            this.dtype = dtype;
            this.length = length;
            this.madeBy = madeBy;
        }

        boolean fits(DType t, int n) { return dtype == t && length == n; }

        void holdIn(Arena a, int r, int n) { arena = a; row = r; number = n; variable = null; }

        void holdFor(Node v) { arena = null; row = number = -1; variable = v; }

        @Override
        public String toString() {
            String holder = variable != null ? "variable '" + variable.name() + "'"
                    : arena == null ? "no one" : row < 0 ? "a run, as a temporary" : "a run's slot " + row + "/" + number;
            return dtype + "[" + length + "] made by node '" + madeBy.name() + "' (" + madeBy.opName() + "), held by " + holder;
        }
    }

    /** A new buffer of {@code length} elements, made by {@code madeBy}, held by no one yet. */
    Buffer allocate(DType dtype, int length, Node madeBy) {
        Object data = device.allocate(dtype, length);
        Buffer b = new Buffer(this, data, dtype, length, madeBy);
        synchronized (this) {
            live.put(data, b);
        }
        return b;
    }

    /** The buffer whose memory is {@code data}, or null when it is not one of this Session's buffers here. */
    synchronized Buffer find(Object data) { return data == null ? null : live.get(data); }

    /** Gives the buffer back to the device; no queued work may still use it. */
    void free(Buffer b) {
        synchronized (this) {
            if (live.remove(b.data) != b) throw new IllegalStateException("freed twice: " + b);
        }
        b.arena = null;
        b.variable = null;
        if (POISON) poison(b.data);
        device.free(b.data);
    }

    /** The caller took the buffer with a fetch (its memory is a host array): it is no longer the Session's to free. */
    synchronized void release(Buffer b) {
        live.remove(b.data);
        b.arena = null;
        b.variable = null;
    }

    /** A tracked copy of host tensor {@code t} (this is the host's memory) for variable {@code owner}, held by it. */
    Tensor copyOf(Tensor t, Node owner) {
        Buffer b = allocate(t.dtype(), t.size(), owner);
        if (t.data() instanceof byte[][] strings) {
            byte[][] c = (byte[][]) b.data;
            for (int i = 0; i < strings.length; i++) c[i] = strings[i].clone(); // a caller may write into what it fed
        } else {
            System.arraycopy(t.data(), 0, b.data, 0, t.size());
        }
        b.holdFor(owner);
        return Tensor.of(t.dtype(), t.shape(), b.data);
    }

    /** How many buffers are out (for tests). */
    synchronized int liveCount() { return live.size(); }

    /**
     * Frees what is still here, once the Session gave back everything it holds; returns a line per leaked
     * buffer (empty when none leaked).
     */
    List<String> close() {
        List<Buffer> leaked;
        synchronized (this) {
            leaked = new ArrayList<>(live.values());
        }
        List<String> lines = new ArrayList<>();
        for (Buffer b : leaked) {
            lines.add(b + " on " + device.spec());
            free(b);
        }
        return lines;
    }

    static void poison(Object data) {
        if (data instanceof float[] f) Arrays.fill(f, Float.NaN);
        else if (data instanceof double[] d) Arrays.fill(d, Double.NaN);
    }
}
