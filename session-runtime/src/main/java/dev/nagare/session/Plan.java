package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.Kernel;
import dev.nagare.device.KernelException;
import dev.nagare.device.ResourceExhaustedException;
import dev.nagare.device.VariableState;
import dev.nagare.device.Workers;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one (feeds, fetches, targets) signature runs: the needed nodes in dependency order with their
 * kernels and devices, where each value lives in a run's slot array, and which steps wait for which. Built
 * once by {@link Planner}, then executed by any number of runs at once; each run works in an {@link Arena}
 * of its own, taken from the plan's idle ones and given back after, so a steady run allocates little.
 *
 * <p>Steps that do not depend on each other may run at the same time (inter-op parallelism): when a step
 * finishes and more than one step becomes ready, those that took long enough on the last run to be worth a
 * hand-off are offered to the {@link Workers}; the rest run on the same thread. The dependencies include,
 * beside data and control edges, the order of accesses to each variable (a write waits for the reads and
 * the write before it, a read for the write before it), so a run gives the same values as running the
 * steps one by one in order.
 */
final class Plan {
    /** One node to compute: its kernel, device, where its inputs come from and where its outputs go. */
    record Step(Node node, Kernel kernel, Device device, int[] inputSlots, Device[] inputDevices,
                Node[] variableInputs, int firstOutputSlot, boolean hostInputs) {}

    /** Steps that took at least this long on the last run are handed to another thread when one is ready. */
    private static final long HAND_OFF_NS = Long.getLong("nagare.interOp.minNs", 5_000);

    private final Step[] steps;
    private final int slotCount;
    private final Output[] feeds;
    private final int[] feedSlots;
    private final int[] fetchSlots;
    private final Device[] fetchDevices;
    final boolean writesVariables;
    /** successors[s]: the steps that wait for step s; predecessors[s]: how many steps s waits for. */
    private final int[][] successors;
    private final int[] predecessors;
    /** Whether runs use the parallel scheduler: inter-op parallelism is on and some steps are independent. */
    final boolean parallel;
    /** Each step's duration on the last run that timed it (written racily: an estimate is all it is). */
    private final long[] lastNs;
    private final ConcurrentLinkedQueue<Arena> idle = new ConcurrentLinkedQueue<>();
    private final List<Device> devices;
    /** When a run last used this plan, on its Session's clock (for the cache's eviction; racy writes are fine). */
    volatile long lastUsed;

    /** Whether this is a control-flow body's plan, run inside a step of another run ({@link #executeNested}). */
    private final boolean nested;

    Plan(List<Step> steps, int slotCount, Output[] feeds, int[] feedSlots, int[] fetchSlots, Device[] fetchDevices,
         boolean writesVariables, int[][] successors, boolean interOp, List<Device> devices, boolean nested) {
        this.devices = devices;
        this.nested = nested;
        this.steps = steps.toArray(Step[]::new);
        this.slotCount = slotCount;
        this.feeds = feeds;
        this.feedSlots = feedSlots;
        this.fetchSlots = fetchSlots;
        this.fetchDevices = fetchDevices;
        this.writesVariables = writesVariables;
        this.successors = successors;
        this.predecessors = new int[successors.length];
        for (int[] next : successors) for (int t : next) predecessors[t]++;
        this.parallel = interOp && Workers.THREADS > 1 && hasIndependentSteps();
        this.lastNs = new long[successors.length];
    }

    /**
     * Whether two steps that compute something could run at the same time: more than one of them is ready at
     * the start, or one has more than one after it. Steps with no inputs at all (constants) are left out: they
     * only hand over a value, and counting them would put a plain chain (a served model: matmul, bias, ReLU,
     * ..., its weights constants) on the parallel scheduler, whose hand-offs cost more than such steps take.
     */
    private boolean hasIndependentSteps() {
        boolean[] source = new boolean[steps.length];
        for (int s = 0; s < steps.length; s++) {
            source[s] = predecessors[s] == 0 && steps[s].node().inputs().isEmpty() && steps[s].node().controlInputs().isEmpty();
        }
        int[] waitsForWork = new int[steps.length];
        for (int s = 0; s < steps.length; s++) if (!source[s]) for (int t : successors[s]) waitsForWork[t]++;
        int roots = 0;
        for (int s = 0; s < steps.length; s++) if (!source[s] && waitsForWork[s] == 0) roots++;
        if (roots > 1) return true;
        for (int s = 0; s < steps.length; s++) if (!source[s] && successors[s].length > 1) return true;
        return false;
    }

    /**
     * Runs the steps and, when all succeeded, commits the variable writes; feed values are host tensors
     * already checked against {@link #feeds}. The caller holds the Session's state as {@link #writesVariables}
     * requires.
     */
    List<Tensor> execute(Tensor[] feedValues, VariableStore store, Deadline deadline) {
        Arena arena = idle.poll();
        if (arena == null) arena = new Arena(this, steps, slotCount, true);
        try {
            VariableStore.Transaction tx = store.begin();
            arena.variables = tx;
            arena.deadline = deadline;
            TensorValue[] slots = arena.slots;
            for (int i = 0; i < feedSlots.length; i++) slots[feedSlots[i]] = feedValues[i];
            if (parallel) runParallel(arena);
            else for (int s = 0; s < steps.length; s++) runStep(arena, s);
            Tensor[] fetched = new Tensor[fetchSlots.length];
            for (int i = 0; i < fetchSlots.length; i++) fetched[i] = fetchDevices[i].toHost(slots[fetchSlots[i]]);
            tx.commit(arena);
            // The caller gets arrays nothing else holds: a buffer this run made and no variable took leaves the
            // arena with it; anything else (a variable's value, a constant, a feed, a second fetch of the same
            // array) is copied, so that changing a fetched array changes no state of this or another Session.
            List<Tensor> results = new ArrayList<>(fetched.length);
            for (Tensor t : fetched) results.add(arena.replace(t.data(), null) ? t : VariableStore.copyOf(t));
            return results;
        } finally {
            arena.clearValues();
            idle.offer(arena);
        }
    }

    /**
     * Runs a control-flow body's plan inside a step of the enclosing run: the params fed, the variables those of
     * the enclosing run (its reads see the run's writes so far, its writes are staged with them), the results
     * returned as host tensors that no later run writes into.
     */
    Tensor[] executeNested(TensorValue[] feedValues, VariableState variables) {
        if (!nested) throw new IllegalStateException("not a body's plan");
        Arena arena = idle.poll();
        if (arena == null) arena = new Arena(this, steps, slotCount, false);
        try {
            arena.variables = variables;
            arena.deadline = Arena.deadlineOf(variables);
            TensorValue[] slots = arena.slots;
            for (int i = 0; i < feedSlots.length; i++) slots[feedSlots[i]] = feedValues[i];
            if (parallel) runParallel(arena);
            else for (int s = 0; s < steps.length; s++) runStep(arena, s);
            Tensor[] results = new Tensor[fetchSlots.length];
            for (int i = 0; i < fetchSlots.length; i++) results[i] = fetchDevices[i].toHost(slots[fetchSlots[i]]);
            return results;
        } finally {
            arena.clearValues();
            idle.offer(arena);
        }
    }

    Output[] feeds() { return feeds; }

    private void runStep(Arena arena, int s) {
        Step step = steps[s];
        if (arena.deadline != null) arena.deadline.check(step.node);
        int[] in = step.inputSlots;
        TensorValue[] inputs = arena.inputs[s];
        TensorValue[] slots = arena.slots;
        for (int i = 0; i < in.length; i++) {
            if (in[i] < 0) {
                // A variable read now, at its use; or a reference input the kernel reaches itself.
                if (step.variableInputs[i] != null) inputs[i] = onDevice(arena.variables.read(step.variableInputs[i]), step.device);
                continue;
            }
            TensorValue v = slots[in[i]];
            Device from = step.inputDevices[i];
            inputs[i] = from == step.device ? v : step.device.fromHost(from.toHost(v));
        }
        TensorValue[] outputs;
        try {
            outputs = step.kernel.compute(arena.context(s), inputs);
        } catch (KernelException | SessionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KernelException(step.node, "kernel failed: " + e, e);
        } catch (OutOfMemoryError e) {
            // One allocation failed; what the run made is dropped with it, and the Session stays usable.
            throw new ResourceExhaustedException(step.node, e);
        }
        System.arraycopy(outputs, 0, slots, step.firstOutputSlot, outputs.length);
    }

    /**
     * {@code value} as {@code device} can take it: itself when the device holds it, else a copy through the
     * host. Variables keep values of whichever device wrote them last, so a read may cross devices.
     */
    TensorValue onDevice(TensorValue value, Device device) {
        if (device.holds(value)) return value;
        for (Device d : devices) if (d.holds(value)) return device.fromHost(d.toHost(value));
        throw new IllegalStateException("no device of this Session holds a value of " + value.getClass().getName());
    }

    // ---- the parallel scheduler ----

    private void runParallel(Arena arena) {
        for (int s = 0; s < steps.length; s++) arena.pending.set(s, predecessors[s]);
        arena.remaining.set(steps.length);
        int[] ready = new int[steps.length];
        int top = 0;
        for (int s = steps.length - 1; s >= 0; s--) if (predecessors[s] == 0) ready[top++] = s;
        drive(arena, ready, top);
        // Wait for the steps handed off, running queued work (theirs, or a kernel's helper tasks) meanwhile.
        for (int spins = 0; arena.remaining.get() > 0 && !(arena.failure != null && arena.active.get() == 0); ) {
            if (Workers.helpOnce()) spins = 0;
            else Workers.pause(spins++);
        }
        Throwable t = arena.failure;
        if (t instanceof RuntimeException e) throw e;
        if (t instanceof Error e) throw e;
        if (t != null) throw new IllegalStateException(t);
    }

    /** Runs ready steps from {@code ready[0..top)} (a stack) and the steps they make ready, until none is left. */
    private void drive(Arena arena, int[] ready, int top) {
        while (top > 0) {
            if (arena.failure != null) return;
            int s = ready[--top];
            long start = System.nanoTime();
            try {
                runStep(arena, s);
            } catch (Throwable e) {
                synchronized (arena) {
                    if (arena.failure == null) arena.failure = e;
                }
                return;
            }
            lastNs[s] = System.nanoTime() - start;
            for (int next : successors[s]) if (arena.pending.decrementAndGet(next) == 0) ready[top++] = next;
            arena.remaining.decrementAndGet();
            // Keep the newest ready step for this thread; offer the others that are worth a hand-off.
            int kept = 0;
            for (int i = 0; i < top - 1; i++) {
                int r = ready[i];
                if (lastNs[r] >= HAND_OFF_NS) handOff(arena, r);
                else ready[kept++] = r;
            }
            if (top > 0) ready[kept++] = ready[top - 1];
            top = kept;
        }
    }

    private void handOff(Arena arena, int step) {
        arena.active.incrementAndGet();
        Workers.submit(() -> {
            try {
                int[] ready = new int[steps.length];
                ready[0] = step;
                drive(arena, ready, 1);
            } finally {
                arena.active.decrementAndGet();
            }
        });
    }
}
