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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one (feeds, fetches, targets) signature runs: the needed nodes in dependency order with their
 * kernels and devices, where each value lives in a run's slot array, which copies between devices run and
 * when, and which steps wait for which. Built once by {@link Planner}, then executed by any number of runs at
 * once; each run works in an {@link Arena} of its own, taken from the plan's idle ones and given back after,
 * so a steady run allocates little.
 *
 * <p>Steps that do not depend on each other may run at the same time (inter-op parallelism): when a step
 * finishes and more than one step becomes ready, those that took long enough on the last run to be worth a
 * hand-off are offered to the {@link Workers}; the rest run on the same thread. The dependencies include,
 * beside data and control edges, the order of accesses to each variable (a write waits for the reads and
 * the write before it, a read for the write before it), so a run gives the same values as running the
 * steps one by one in order.
 *
 * <p>On an asynchronous device a step only enqueues its work. A value crosses to another device by a copy
 * planned once per plan (after its step, or at the start for a feed, or at the end for a fetch), and every
 * copy to the host waits for the value's event first. Before it fetches and commits, a run waits for the
 * work of every device it used, and a step whose work failed fails the run.
 */
final class Plan {
    /** One node to compute: its kernel, device, where its inputs come from and where its outputs go, and the copies of them. */
    record Step(Node node, Kernel kernel, Device device, DeviceMemory memory, int[] inputSlots, Node[] variableInputs,
                int firstOutputSlot, boolean hostInputs, Copy[] copies) {}

    /**
     * A copy of the value in slot {@code from} (on {@code source}) to slot {@code to} (on {@code target}), into
     * a buffer of arena row {@code row} unless the target is the host; {@code node} made the value.
     */
    record Copy(int from, int to, Device source, Device target, DeviceMemory memory, boolean toHost, int row, Node node) {}

    /** Steps that took at least this long on the last run are handed to another thread when one is ready. */
    private static final long HAND_OFF_NS = Long.getLong("nagare.interOp.minNs", 5_000);

    private final Step[] steps;
    private final int slotCount;
    private final Output[] feeds;
    private final int[] feedSlots;
    /** Copies of fed values to the devices whose steps take them, made when the run starts. */
    private final Copy[] feedCopies;
    /** Where each fetch is, on the host once {@link #fetchCopies} ran. */
    private final int[] fetchSlots;
    /** Copies of fetched values that no host step takes, made when the steps' work is done. */
    private final Copy[] fetchCopies;
    /** Every copy, by its arena row minus the number of steps. */
    private final Copy[] copies;
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
    /** The devices this plan's steps and copies use: a run waits for their work before it fetches and commits. */
    private final Device[] used;
    /** The steps not on the host, whose values' events a run checks when its work is done. */
    private final int[] deviceSteps;
    /** The Session's memory on the host, which fetched values may leave. */
    private final DeviceMemory hostMemory;
    /** When a run last used this plan, on its Session's clock (for the cache's eviction; racy writes are fine). */
    volatile long lastUsed;
    /** Set once the Session closed or evicted the plan: runs still holding it free their arena when they end. */
    private volatile boolean closed;

    /** Whether this is a control-flow body's plan, run inside a step of another run ({@link #executeNested}). */
    private final boolean nested;

    Plan(List<Step> steps, int slotCount, Output[] feeds, int[] feedSlots, Copy[] feedCopies, int[] fetchSlots, Copy[] fetchCopies,
         Copy[] copies, boolean writesVariables, int[][] successors, boolean interOp, List<Device> devices, Device host,
         DeviceMemory hostMemory, boolean nested) {
        this.devices = devices;
        this.nested = nested;
        this.steps = steps.toArray(Step[]::new);
        this.slotCount = slotCount;
        this.feeds = feeds;
        this.feedSlots = feedSlots;
        this.feedCopies = feedCopies;
        this.fetchSlots = fetchSlots;
        this.fetchCopies = fetchCopies;
        this.copies = copies;
        this.writesVariables = writesVariables;
        this.successors = successors;
        this.predecessors = new int[successors.length];
        for (int[] next : successors) for (int t : next) predecessors[t]++;
        this.parallel = interOp && Workers.THREADS > 1 && hasIndependentSteps();
        this.lastNs = new long[successors.length];
        this.hostMemory = hostMemory;
        Set<Device> touched = new LinkedHashSet<>();
        List<Integer> onDevices = new ArrayList<>();
        for (int s = 0; s < this.steps.length; s++) {
            touched.add(this.steps[s].device());
            if (this.steps[s].device() != host) onDevices.add(s);
        }
        for (Copy c : copies) touched.add(c.target());
        this.used = touched.toArray(Device[]::new);
        this.deviceSteps = onDevices.stream().mapToInt(Integer::intValue).toArray();
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
        if (arena == null) arena = new Arena(this, steps, copies, slotCount, true);
        try {
            VariableStore.Transaction tx = store.begin();
            arena.variables = tx;
            arena.deadline = deadline;
            TensorValue[] slots = arena.slots;
            for (int i = 0; i < feedSlots.length; i++) slots[feedSlots[i]] = feedValues[i];
            for (Copy c : feedCopies) copy(arena, c);
            if (parallelNow()) runParallel(arena);
            else for (int s = 0; s < steps.length; s++) runStep(arena, s);
            synchronize();
            finish(arena);
            // The caller gets arrays nothing else holds: a buffer this run made leaves the Session with it; anything
            // else (a variable's value, a constant, a feed, a second fetch of the same array) is copied, so that
            // changing a fetched array changes no state of this or another Session. Before the commit, which
            // frees the buffers of values that variables no longer hold.
            List<Tensor> results = new ArrayList<>(fetchSlots.length);
            for (int i = 0; i < fetchSlots.length; i++) results.add(leave(arena, (Tensor) slots[fetchSlots[i]]));
            tx.commit(arena);
            return results;
        } finally {
            synchronize(); // after a failure, work still queued must end before its buffers are used again
            arena.endRun();
            giveBack(arena);
        }
    }

    /** Waits for the work of every device the plan uses (a no-op on the CPU). */
    private void synchronize() {
        for (Device d : used) d.synchronize();
    }

    /**
     * Once the steps' work is done: copies the fetches that are still on devices to the host, and fails the run
     * at the first step (in plan order) whose work failed.
     */
    private void finish(Arena arena) {
        TensorValue[] slots = arena.slots;
        for (int s : deviceSteps) {
            Step step = steps[s];
            for (int i = step.firstOutputSlot, end = i + step.node.outputCount(); i < end; i++) {
                if (slots[i] != null) step.device.ready(slots[i]).await();
            }
        }
        for (Copy c : fetchCopies) copy(arena, c);
    }

    /** {@code t} for the caller: itself when its array is a buffer this run holds (it then leaves the Session), else a copy. */
    private Tensor leave(Arena arena, Tensor t) {
        DeviceMemory.Buffer b = hostMemory.find(t.data());
        if (b != null && b.arena == arena) {
            if (b.row >= 0) arena.vacate(b, null);
            hostMemory.release(b);
            return t;
        }
        return VariableStore.copyOf(t);
    }

    private void giveBack(Arena arena) {
        idle.offer(arena);
        if (closed) freeIdle(); // closed while this run was in flight
    }

    private void freeIdle() {
        for (Arena a; (a = idle.poll()) != null; ) a.free();
    }

    /**
     * Frees the buffers of the plan's idle arenas; a run still in flight frees its own when it ends. Called when
     * the Session closes or drops the plan from its cache.
     */
    void close() {
        closed = true;
        freeIdle();
    }

    /**
     * Runs a control-flow body's plan inside a step of the enclosing run: the params fed, the variables those of
     * the enclosing run (its reads see the run's writes so far, its writes are staged with them), the results
     * returned as host tensors, temporaries of the enclosing run that no later run writes into.
     */
    Tensor[] executeNested(TensorValue[] feedValues, VariableState variables) {
        if (!nested) throw new IllegalStateException("not a body's plan");
        Arena arena = idle.poll();
        if (arena == null) arena = new Arena(this, steps, copies, slotCount, false);
        try {
            arena.variables = variables;
            arena.deadline = Arena.deadlineOf(variables);
            Arena root = Arena.rootOf(variables);
            arena.root = root == null ? arena : root;
            TensorValue[] slots = arena.slots;
            for (int i = 0; i < feedSlots.length; i++) slots[feedSlots[i]] = feedValues[i];
            for (Copy c : feedCopies) copy(arena, c);
            if (parallelNow()) runParallel(arena);
            else for (int s = 0; s < steps.length; s++) runStep(arena, s);
            finish(arena);
            Tensor[] results = new Tensor[fetchSlots.length];
            for (int i = 0; i < fetchSlots.length; i++) results[i] = (Tensor) slots[fetchSlots[i]];
            return results;
        } finally {
            arena.endRun();
            idle.offer(arena);
        }
    }

    Output[] feeds() { return feeds; }

    /** How many steps a run computes (a fused group counts once): for tests of the planner. */
    int stepCount() { return steps.length; }

    private void runStep(Arena arena, int s) {
        Step step = steps[s];
        if (arena.deadline != null) arena.deadline.check(step.node);
        int[] in = step.inputSlots;
        TensorValue[] inputs = arena.inputs[s];
        TensorValue[] slots = arena.slots;
        try {
            for (int i = 0; i < in.length; i++) {
                if (in[i] >= 0) inputs[i] = slots[in[i]]; // on the step's device: a copy was planned where it was not
                // A variable read now, at its use; or a reference input the kernel reaches itself.
                else if (step.variableInputs[i] != null) inputs[i] = onDevice(arena.variables.read(step.variableInputs[i]), step.device);
            }
            TensorValue[] outputs = step.kernel.compute(arena.context(s), inputs);
            System.arraycopy(outputs, 0, slots, step.firstOutputSlot, outputs.length);
            for (Copy c : step.copies) copy(arena, c);
        } catch (KernelException | SessionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KernelException(step.node, "kernel failed: " + e, e);
        } catch (OutOfMemoryError e) {
            // One allocation failed; what the run made is dropped with it, and the Session stays usable.
            throw new ResourceExhaustedException(step.node, e);
        }
    }

    /**
     * Runs a planned copy: a host read waits for the value's event, then the value goes to the target device,
     * into a buffer of the copy's row (the host takes the host tensor as it is).
     */
    private static void copy(Arena arena, Copy c) {
        TensorValue v = arena.slots[c.from];
        c.source.ready(v).await();
        Tensor host = c.source.toHost(v);
        arena.slots[c.to] = c.toHost ? host : c.target.fromHost(host, arena.buffer(c.row, 0, host.dtype(), host.size()));
    }

    /**
     * {@code value} as {@code device} can take it: itself when the device holds it, else a copy through the
     * host, once its work is done. Variables keep values of whichever device wrote them last, so a read may
     * cross devices.
     */
    TensorValue onDevice(TensorValue value, Device device) {
        if (device.holds(value)) return value;
        for (Device d : devices) {
            if (d.holds(value)) {
                d.ready(value).await();
                return device.fromHost(d.toHost(value));
            }
        }
        throw new IllegalStateException("no device of this Session holds a value of " + value.getClass().getName());
    }

    // ---- the parallel scheduler ----

    /**
     * Whether this run goes to the parallel scheduler: the plan has independent steps, and no other process
     * competes for the cores ({@link Workers#contended}). On a shared machine the hand-offs cost more than they
     * give: each handed-off step is a thread that must be woken and scheduled beside the other processes, and
     * two products running side by side each split over the loop threads only add stragglers to wait for. Measured
     * on the 2-core EPYC with the MLP training step at batch 128 beside four one-thread jobs, in pairs of runs:
     * 7.6-13 ms per step and 0.5-1.0 cores with steps handed off, 4.0-6.4 ms and 1.3-1.5 cores without. Each step's
     * arithmetic is the same on any thread, so the choice changes speed only.
     */
    private boolean parallelNow() {
        return parallel && !Workers.contended();
    }


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
