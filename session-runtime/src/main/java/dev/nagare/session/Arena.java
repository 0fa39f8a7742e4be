package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.KernelContext;
import dev.nagare.device.VariableState;
import dev.nagare.graph.DType;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.session.DeviceMemory.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What one run of a {@link Plan} works in, kept for the plan's next run: the slots that hold values, each
 * step's input array and kernel context, and the buffers kernels and copies write their results into
 * ({@link KernelContext#buffer}), one row per step and per planned copy. A plan has one arena per run in
 * flight, so runs at the same time never share one. A buffer leaves its row when a caller fetches it or a
 * variable keeps it; a variable's old buffer can come back in its place ({@link VariableStore.Transaction#commit}).
 * A control-flow body's run keeps no rows: its buffers are temporaries of the Session run it is part of,
 * freed when that run ends unless a variable or the caller took them.
 */
final class Arena {
    /** For tests: fill a buffer with NaN each time it is handed out again, so a kernel that relies on its old contents fails. */
    private static final boolean POISON = Boolean.getBoolean("nagare.arena.poison");

    final TensorValue[] slots;
    final TensorValue[][] inputs;
    private final StepContext[] contexts;
    /** Per row (each step, then each copy), the buffers it asked for, by number. */
    private final Buffer[][] rows;
    private final DeviceMemory[] rowMemory;
    private final Node[] rowNode;
    /** Buffers made as temporaries during this run (by this run or the bodies it ran); only a Session run's arena has any. */
    private final List<Buffer> temps = new ArrayList<>();

    // The parallel scheduler's state for the run in progress (see Plan).
    final AtomicIntegerArray pending;
    final AtomicInteger remaining = new AtomicInteger();
    /** Tasks handed to other threads that have not finished. */
    final AtomicInteger active = new AtomicInteger();
    volatile Throwable failure;

    /** The variables this run reads and writes: a Session's transaction, or the enclosing run's for a body's plan. */
    VariableState variables;
    /** When this run must stop, or null: the Session run's, also for a body's plan run inside it. */
    Deadline deadline;
    /** The Session run's arena, which holds the temporaries: this one, or for a body's plan the enclosing run's. */
    Arena root = this;
    /**
     * Whether kernels get last run's buffers back. Off for a control-flow body's plan: its results and variable
     * writes are still in use after it returns (the next iteration reads them), so each run's buffers must be new.
     */
    private final boolean reuse;

    Arena(Plan plan, Plan.Step[] steps, Plan.Copy[] copies, int slotCount, boolean reuse) {
        this.reuse = reuse;
        slots = new TensorValue[slotCount];
        inputs = new TensorValue[steps.length][];
        contexts = new StepContext[steps.length];
        rows = new Buffer[steps.length + copies.length][];
        rowMemory = new DeviceMemory[rows.length];
        rowNode = new Node[rows.length];
        for (int s = 0; s < steps.length; s++) {
            int n = steps[s].inputSlots().length;
            // CPU kernels take Tensor[]; an array of that type is passed straight through, without a copy.
            inputs[s] = steps[s].hostInputs() ? new Tensor[n] : new TensorValue[n];
            contexts[s] = new StepContext(this, plan, s, steps[s]);
            rowMemory[s] = steps[s].memory();
            rowNode[s] = steps[s].node();
        }
        for (Plan.Copy c : copies) {
            rowMemory[c.row()] = c.memory();
            rowNode[c.row()] = c.node();
        }
        pending = new AtomicIntegerArray(steps.length);
    }

    KernelContext context(int step) { return contexts[step]; }

    /** The deadline of the run that {@code variables} (a step's context, as a kernel hands it on) belongs to, or null. */
    static Deadline deadlineOf(VariableState variables) {
        return variables instanceof StepContext c ? c.arena.deadline : null;
    }

    /** The Session run's arena of the run that {@code variables} (a step's context) belongs to, or null. */
    static Arena rootOf(VariableState variables) {
        return variables instanceof StepContext c ? c.arena.root : null;
    }

    /**
     * Memory for {@code length} elements of {@code dtype} as buffer {@code number} of {@code row} (a step, or a
     * copy): last run's when it fits, else a new one (the old one freed).
     */
    Object buffer(int row, int number, DType dtype, int length) {
        if (!reuse) return root.temporary(rowMemory[row], dtype, length, rowNode[row]);
        Buffer[] r = rows[row];
        if (r == null || number >= r.length) {
            r = r == null ? new Buffer[Math.max(2, number + 1)] : Arrays.copyOf(r, number + 1);
            rows[row] = r;
        }
        Buffer b = r[number];
        if (b != null) {
            if (b.fits(dtype, length)) {
                if (POISON) DeviceMemory.poison(b.data);
                return b.data;
            }
            b.memory.free(b); // last run's, of another size: nothing holds it since that run ended
        }
        b = rowMemory[row].allocate(dtype, length, rowNode[row]);
        b.holdIn(this, row, number);
        r[number] = b;
        return b.data;
    }

    private Object temporary(DeviceMemory memory, DType dtype, int length, Node node) {
        Buffer b = memory.allocate(dtype, length, node);
        b.holdIn(this, -1, -1);
        synchronized (temps) {
            temps.add(b);
        }
        return b.data;
    }

    /**
     * Puts {@code replacement} (or nothing) in the row place of {@code b}, one of this run's buffers in a row, which
     * someone else now holds.
     */
    void vacate(Buffer b, Buffer replacement) {
        rows[b.row][b.number] = replacement;
        if (replacement != null) replacement.holdIn(this, b.row, b.number);
    }

    private Node[] committedVariables = new Node[0];
    private TensorValue[] replacedValues = new TensorValue[0];

    /** Scratch space for a commit of {@code n} writes (kept, so a steady step allocates none). */
    Node[] committedVariables(int n) {
        if (committedVariables.length < n) committedVariables = new Node[n];
        return committedVariables;
    }

    TensorValue[] replacedValues(int n) {
        if (replacedValues.length < n) replacedValues = new TensorValue[n];
        return replacedValues;
    }

    /** Ends a Session run: frees the temporaries no one took, and drops the run's values. */
    void endRun() {
        if (root == this) {
            synchronized (temps) {
                for (Buffer b : temps) if (b.arena == this && b.row < 0) b.memory.free(b);
                temps.clear();
            }
        }
        clearValues();
    }

    /** Drops the run's values, so that the arena keeps no caller's tensor alive between runs. */
    private void clearValues() {
        Arrays.fill(slots, null);
        for (TensorValue[] in : inputs) Arrays.fill(in, null);
        variables = null;
        failure = null;
    }

    /** Frees every buffer the arena's rows hold; the arena is not used again. */
    void free() {
        for (Buffer[] r : rows) {
            if (r == null) continue;
            for (int i = 0; i < r.length; i++) {
                if (r[i] != null) r[i].memory.free(r[i]);
                r[i] = null;
            }
        }
    }

    /**
     * The context a step's kernel sees: its node, the run's variables as values of the step's device (a
     * variable last written on another device is copied on read), and its buffers in this arena.
     */
    private static final class StepContext implements KernelContext, VariableState {
        private final Arena arena;
        private final Plan plan;
        private final int step;
        private final Node node;
        private final Device device;

        StepContext(Arena arena, Plan plan, int step, Plan.Step s) {
            this.arena = arena;
            this.plan = plan;
            this.step = step;
            this.node = s.node();
            this.device = s.device();
        }

        @Override public Node node() { return node; }

        @Override public VariableState variables() { return this; }

        @Override public TensorValue read(Node variable) { return plan.onDevice(arena.variables.read(variable), device); }

        @Override public void write(Node variable, TensorValue value) { arena.variables.write(variable, value); }

        @Override public long nextDraw(Node random) { return arena.variables.nextDraw(random); }

        @Override public Object buffer(int buffer, DType dtype, int length) { return arena.buffer(step, buffer, dtype, length); }

        @Override public float[] floats(int buffer, int length) { return (float[]) arena.buffer(step, buffer, DType.FLOAT32, length); }

        @Override public double[] doubles(int buffer, int length) { return (double[]) arena.buffer(step, buffer, DType.FLOAT64, length); }
    }
}
