package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.Devices;
import dev.nagare.device.SessionResources;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Node;
import dev.nagare.graph.Output;
import dev.nagare.graph.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runs parts of a graph. Each Session holds its own variable values, so two Sessions over one graph do not
 * see each other's state. {@link #run} is safe from many threads: runs that only read variables go
 * concurrently, a run that writes variables has the Session's state to itself, and its writes become
 * visible all at once when it succeeds (a failed run changes nothing).
 *
 * <p>A Session opens its own instance of each device ({@link Device#open}) and owns the memory it uses there
 * ({@link DeviceMemory}); {@link #close} waits for the devices' work, frees that memory, and closes them.
 *
 * <pre>{@code
 * try (Session s = new Session(graph)) {
 *     s.run(tf.globalVariablesInitializer());
 *     Tensor y = s.runner().feed(x, Tensor.scalar(3f)).fetch(sum).run().get(0);
 * }
 * }</pre>
 */
public final class Session implements AutoCloseable {
    private final Graph graph;
    private final Planner planner;
    /** This Session's instances of its devices, the host first, and its memory on each. */
    private final List<Device> devices;
    private final Map<Device, DeviceMemory> memory = new java.util.LinkedHashMap<>();
    private final VariableStore variables;
    /** What ops made besides variables (summary writers): this Session's own, closed with it. */
    private final SessionResources resources = new SessionResources();
    private final Map<PlanKey, Plan> plans = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock state = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** How many plans the cache keeps (see {@link SessionOptions#maxCachedPlans}), and the clock their use is stamped with. */
    private final int maxPlans;
    /** How long a run may take unless its Runner says otherwise (null: no limit). */
    private final Duration runTimeout;
    private final AtomicLong useClock = new AtomicLong();

    public Session(Graph graph) { this(graph, SessionOptions.defaults()); }

    public Session(Graph graph, SessionOptions options) {
        this.graph = graph;
        this.maxPlans = options.maxCachedPlans();
        this.runTimeout = options.runTimeout();
        Devices machine = Devices.discover();
        List<Device> given = options.devices() != null ? options.devices() : machine.all();
        List<Device> opened = new ArrayList<>();
        for (Device d : given) opened.add(d.open());
        try {
            // The host (the first CPU device: feeds arrive and fetches leave there) first.
            opened.stream().filter(d -> d.spec().type().equals("CPU")).findFirst().ifPresent(host -> {
                opened.remove(host);
                opened.add(0, host);
            });
            this.devices = List.copyOf(opened);
            for (Device d : devices) memory.put(d, new DeviceMemory(d));
            this.variables = new VariableStore(List.copyOf(memory.values()));
            this.planner = new Planner(graph, devices, memory, options.softPlacement(), options.placementLog(),
                    machine.unavailableReason("GPU"), options.interOpParallelism(), resources);
        } catch (RuntimeException e) {
            for (Device d : opened) d.close();
            throw e;
        }
    }

    public Graph graph() { return graph; }

    /** Starts a run: add feeds, fetches and targets, then call {@link Runner#run()}. */
    public Runner runner() { return new Runner(this); }

    /** Computes one value. */
    public Tensor run(Output fetch) { return run(List.of(), List.of(), List.of(fetch), List.of()).get(0); }

    /** Runs a node for its effect, such as an initializer or a training step. */
    public void run(Node target) { run(List.of(), List.of(), List.of(), List.of(target)); }

    /** Computes one value with {@code feeds} standing in for those outputs, as {@code sess.run(y, feed_dict)}. */
    public Tensor run(Output fetch, Map<Output, Tensor> feeds) {
        return run(List.copyOf(feeds.keySet()), List.copyOf(feeds.values()), List.of(fetch), List.of()).get(0);
    }

    /** Runs a node for its effect with {@code feeds}, as {@code sess.run(train_step, feed_dict)}. */
    public void run(Node target, Map<Output, Tensor> feeds) {
        run(List.copyOf(feeds.keySet()), List.copyOf(feeds.values()), List.of(), List.of(target));
    }

    /** Computes the fetches, running the targets too, with the feeds standing in for those outputs. */
    List<Tensor> run(List<Output> feeds, List<Tensor> feedValues, List<Output> fetches, List<Node> targets) {
        return run(feeds, feedValues, fetches, targets, runTimeout);
    }

    /** As above, stopping with {@link DeadlineExceededException} after {@code timeout} (null: no limit). */
    List<Tensor> run(List<Output> feeds, List<Tensor> feedValues, List<Output> fetches, List<Node> targets, Duration timeout) {
        long started = System.nanoTime();
        checkOpen();
        Plan plan = plan(feeds, fetches, targets);
        Tensor[] values = feedValues.toArray(Tensor[]::new);
        Feeds.check(plan.feeds(), values);
        Lock lock = plan.writesVariables ? state.writeLock() : state.readLock();
        lock.lock();
        try {
            checkOpen(); // a run that waited for the lock behind close() must not run after it
            return plan.execute(values, variables, timeout == null ? null : new Deadline(started, timeout));
        } finally {
            lock.unlock();
        }
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("Session is closed");
    }

    private Plan plan(List<Output> feeds, List<Output> fetches, List<Node> targets) {
        Plan p = plans.get(new PlanKey(feeds, fetches, targets));
        if (p == null) {
            PlanKey key = new PlanKey(List.copyOf(feeds), List.copyOf(fetches), List.copyOf(targets));
            p = plans.computeIfAbsent(key, k -> planner.plan(k.feeds, k.fetches, k.targets));
            if (plans.size() > maxPlans) evictLeastRecentlyUsed();
        }
        p.lastUsed = useClock.incrementAndGet();
        return p;
    }

    /**
     * Drops the plans used longest ago, down to three quarters of the bound, so that a caller who makes a new
     * signature per run (a fresh fetch list each time) holds bounded memory and pays the scan rarely. A run
     * holding an evicted plan finishes with it; the next run of that signature plans again.
     */
    private synchronized void evictLeastRecentlyUsed() {
        if (plans.size() <= maxPlans) return;
        List<Map.Entry<PlanKey, Plan>> all = new ArrayList<>(plans.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
        for (int i = 0, drop = all.size() - maxPlans * 3 / 4; i < drop; i++) {
            if (plans.remove(all.get(i).getKey(), all.get(i).getValue())) all.get(i).getValue().close();
        }
    }

    /**
     * Gives variables their values all at once, as a checkpoint restore does: every value is checked against
     * its variable's dtype and shape first, and either all are set or none.
     */
    public void restoreVariables(Map<Output, Tensor> values) {
        checkOpen();
        for (Map.Entry<Output, Tensor> e : values.entrySet()) {
            Node var = e.getKey().node();
            if (var.graph() != graph || var.op() != dev.nagare.ops.StateOps.VARIABLE) {
                throw new FeedException("Cannot restore '" + e.getKey().name() + "': it is not a variable of this Session's graph");
            }
            Tensor v = e.getValue();
            if (v.dtype() != e.getKey().dtype() || !e.getKey().shape().isCompatibleWith(v.shape())) {
                throw new FeedException("Cannot restore variable '" + var.name() + "' (" + e.getKey().dtype() + e.getKey().shape()
                        + ") from a value of " + v.dtype() + v.shape());
            }
        }
        state.writeLock().lock();
        try {
            checkOpen();
            VariableStore.Transaction tx = variables.begin();
            values.forEach((out, value) -> tx.write(out.node(), value));
            tx.commit(null);
        } finally {
            state.writeLock().unlock();
        }
    }

    /** This Session's variable values, for tests in this package. */
    VariableStore variableStore() { return variables; }

    /** How many distinct (feeds, fetches, targets) signatures this Session has cached a plan for. */
    public int planCount() { return plans.size(); }

    /** This Session's memory on its host device, for tests in this package. */
    DeviceMemory hostMemory() { return memory.get(devices.get(0)); }

    /** For tests: fail at close when a buffer was still out (a leak), instead of logging it. */
    private static final boolean FAIL_ON_LEAK = Boolean.getBoolean("nagare.memory.failOnLeak");

    /** The logger, looked up at the first leak only: finding the logging back end scans the class path (some 20 ms of a cold start). */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("dev.nagare.session");
    }

    /**
     * Waits for runs in flight and the devices' work, closes the resources its ops made (a summary writer's
     * events reach its file), frees every buffer the Session holds (its plans' and its variables'), and closes
     * its devices. A buffer still out after that leaked: it is freed too, and
     * named (the node that made it) in a warning, or, with {@code -Dnagare.memory.failOnLeak=true} as in
     * Nagare's tests, in the IllegalStateException this throws. Closing again does nothing.
     */
    @Override
    public void close() {
        state.writeLock().lock(); // waits for runs in flight
        List<String> leaks = new ArrayList<>();
        try {
            if (closed) return;
            closed = true;
            for (Device d : devices) d.synchronize();
            for (Plan p : plans.values()) p.close();
            plans.clear();
            try {
                resources.close();
            } finally {
                variables.close();
                for (DeviceMemory m : memory.values()) leaks.addAll(m.close());
                for (Device d : devices) d.close();
            }
        } finally {
            state.writeLock().unlock();
        }
        if (!leaks.isEmpty()) {
            String message = "Session closed with " + leaks.size() + " buffer(s) still out: " + String.join("; ", leaks);
            if (FAIL_ON_LEAK) throw new IllegalStateException(message);
            Log.LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    /**
     * The plan cache's key. Its equality is written out: a record's generated equals and hashCode are bound
     * through a method-handle bootstrap on first use, which JDK 25's start-up cache does not keep, and that
     * cost some 12 ms before the first result of every process.
     */
    private record PlanKey(List<Output> feeds, List<Output> fetches, List<Node> targets) {
        @Override
        public boolean equals(Object o) {
            return o instanceof PlanKey k && feeds.equals(k.feeds) && fetches.equals(k.fetches) && targets.equals(k.targets);
        }

        @Override
        public int hashCode() {
            return (feeds.hashCode() * 31 + fetches.hashCode()) * 31 + targets.hashCode();
        }
    }
}
