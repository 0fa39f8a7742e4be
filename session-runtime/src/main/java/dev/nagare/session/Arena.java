package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.KernelContext;
import dev.nagare.device.VariableState;
import dev.nagare.graph.Node;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * What one run of a {@link Plan} works in, kept for the plan's next run: the slots that hold values, each
 * step's input array and kernel context, and the arrays kernels write their results into
 * ({@link KernelContext#floats}). A plan has one arena per run in flight, so runs at the same time never
 * share one. An array leaves the arena when a caller fetches it or a variable keeps it; a variable's old
 * array can come back in its place ({@link VariableStore.Transaction#commit}).
 */
final class Arena {
    /** For tests: fill an array with NaN each time it is handed out again, so a kernel that relies on its old contents fails. */
    private static final boolean POISON = Boolean.getBoolean("nagare.arena.poison");

    final TensorValue[] slots;
    final TensorValue[][] inputs;
    private final StepContext[] contexts;
    /** Per step, the arrays its kernel asked for, by the kernel's buffer number. */
    private final Object[][] buffers;

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
    /**
     * Whether kernels get last run's arrays back. Off for a control-flow body's plan: its results and variable
     * writes are still in use after it returns (the next iteration reads them), so each run's arrays must be new.
     */
    private final boolean reuse;

    Arena(Plan plan, Plan.Step[] steps, int slotCount, boolean reuse) {
        this.reuse = reuse;
        slots = new TensorValue[slotCount];
        inputs = new TensorValue[steps.length][];
        contexts = new StepContext[steps.length];
        buffers = new Object[steps.length][];
        for (int s = 0; s < steps.length; s++) {
            int n = steps[s].inputSlots().length;
            // CPU kernels take Tensor[]; an array of that type is passed straight through, without a copy.
            inputs[s] = steps[s].hostInputs() ? new Tensor[n] : new TensorValue[n];
            contexts[s] = new StepContext(this, plan, s, steps[s]);
        }
        pending = new AtomicIntegerArray(steps.length);
    }

    KernelContext context(int step) { return contexts[step]; }

    /** The deadline of the run that {@code variables} (a step's context, as a kernel hands it on) belongs to, or null. */
    static Deadline deadlineOf(VariableState variables) {
        return variables instanceof StepContext c ? c.arena.deadline : null;
    }

    /** Drops the run's values, so that the arena keeps no caller's tensor alive between runs. */
    void clearValues() {
        Arrays.fill(slots, null);
        for (TensorValue[] in : inputs) Arrays.fill(in, null);
        variables = null;
        failure = null;
    }

    /** Whether {@code data} is one of this arena's arrays. */
    boolean holds(Object data) { return find(data) >= 0; }

    /**
     * Puts {@code replacement} (or nothing, when null or of another type or length) where the arena holds
     * {@code data}; returns whether it held it.
     */
    boolean replace(Object data, Object replacement) {
        long at = find(data);
        if (at < 0) return false;
        Object[] row = buffers[(int) (at >>> 32)];
        int i = (int) at;
        row[i] = replacement != null && replacement.getClass() == data.getClass()
                && java.lang.reflect.Array.getLength(replacement) == java.lang.reflect.Array.getLength(data) ? replacement : null;
        return true;
    }

    /** (step << 32 | buffer) of {@code data}, or -1. */
    private long find(Object data) {
        if (data == null) return -1;
        for (int s = 0; s < buffers.length; s++) {
            Object[] row = buffers[s];
            if (row == null) continue;
            for (int i = 0; i < row.length; i++) if (row[i] == data) return (long) s << 32 | i;
        }
        return -1;
    }

    private Object[] row(int step, int buffer) {
        Object[] row = buffers[step];
        if (row == null || buffer >= row.length) {
            row = row == null ? new Object[Math.max(2, buffer + 1)] : Arrays.copyOf(row, buffer + 1);
            buffers[step] = row;
        }
        return row;
    }

    float[] floats(int step, int buffer, int length) {
        if (!reuse) return new float[length];
        Object[] row = row(step, buffer);
        if (row[buffer] instanceof float[] f && f.length == length) {
            if (POISON) Arrays.fill(f, Float.NaN);
            return f;
        }
        float[] f = new float[length];
        row[buffer] = f;
        return f;
    }

    double[] doubles(int step, int buffer, int length) {
        if (!reuse) return new double[length];
        Object[] row = row(step, buffer);
        if (row[buffer] instanceof double[] d && d.length == length) {
            if (POISON) Arrays.fill(d, Double.NaN);
            return d;
        }
        double[] d = new double[length];
        row[buffer] = d;
        return d;
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

        @Override public float[] floats(int buffer, int length) { return arena.floats(step, buffer, length); }

        @Override public double[] doubles(int buffer, int length) { return arena.doubles(step, buffer, length); }
    }
}
