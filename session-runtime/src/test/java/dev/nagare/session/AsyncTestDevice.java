package dev.nagare.session;

import dev.nagare.device.Device;
import dev.nagare.device.Event;
import dev.nagare.device.Kernel;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.device.KernelFactory;
import dev.nagare.device.ResourceExhaustedException;
import dev.nagare.device.VariableState;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import dev.nagare.ops.StateOps;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A device for tests (not shipped) that keeps the contract of an accelerator: named {@code /device:GPU:0}, it
 * runs the CPU kernels, but each on its own stream thread, after a random delay (or only once someone waits
 * for it, when lazy). A kernel returns at once values whose data is filled only when its work is done; a
 * read of such a value on the host before that ({@link #toHost}) fails, naming the node. Memory the Session
 * frees is filled with NaN (integers with their minimum), so a value still read after its buffer was freed
 * shows it. Strings have no kernels here: with soft placement their nodes run on the CPU, which reads device
 * values through copies.
 *
 * <p>{@link #withLyingEvents} makes a broken device: its events say "done" at once and its synchronize does
 * not wait, which is what a Session that forgot a wait would see.
 */
public final class AsyncTestDevice implements Device {
    private static final DeviceSpec SPEC = new DeviceSpec("GPU", 0);
    private static final CpuDevice CPU = new CpuDevice();

    private final long maxDelayNs;
    private final boolean lazy;
    private final boolean lying;
    private final long seed;
    /** The template's record of the instances Sessions opened, for tests that check they were closed. */
    private final List<AsyncTestDevice> opened;
    /** Null for a template (what a test hands a Session); a Session's instance has its own stream. */
    private final Stream stream;
    final AtomicInteger allocations = new AtomicInteger(), frees = new AtomicInteger();
    final AtomicInteger copiesIn = new AtomicInteger(), copiesOut = new AtomicInteger(), synchronizations = new AtomicInteger();
    private final AtomicInteger kernelsRun = new AtomicInteger();
    volatile boolean closed;

    private AsyncTestDevice(long maxDelayNs, boolean lazy, boolean lying, long seed, List<AsyncTestDevice> opened, Stream stream) {
        this.maxDelayNs = maxDelayNs;
        this.lazy = lazy;
        this.lying = lying;
        this.seed = seed;
        this.opened = opened;
        this.stream = stream;
    }

    /** Each piece of work starts after a random delay of up to {@code maxDelayMicros} (none half of the time). */
    public static AsyncTestDevice delayed(long maxDelayMicros, long seed) {
        return new AsyncTestDevice(maxDelayMicros * 1000, false, false, seed, new CopyOnWriteArrayList<>(), null);
    }

    /** Work runs only when someone waits for it (an event, or synchronize): every read without a wait sees undone work. */
    public static AsyncTestDevice lazy() {
        return new AsyncTestDevice(0, true, false, 0, new CopyOnWriteArrayList<>(), null);
    }

    /** The same device, broken: its events say "done" at once and synchronize returns without waiting. */
    public AsyncTestDevice withLyingEvents() {
        return new AsyncTestDevice(maxDelayNs, lazy, true, seed, new CopyOnWriteArrayList<>(), null);
    }

    /** The instances Sessions opened from this template. */
    public List<AsyncTestDevice> opened() { return opened; }

    /** Whether its Session closed this instance. */
    public boolean isClosed() { return closed; }

    /** How many kernels this instance ran on its stream. */
    public int kernelsRun() { return kernelsRun.get(); }

    @Override
    public Device open() {
        long s = seed + opened.size();
        AsyncTestDevice instance = new AsyncTestDevice(maxDelayNs, lazy, lying, s, opened, new Stream(lazy, maxDelayNs, s));
        opened.add(instance);
        return instance;
    }

    private Stream stream() {
        if (stream == null) throw new IllegalStateException("a template: open() it for a Session");
        if (closed) throw new IllegalStateException("the device was closed");
        return stream;
    }

    @Override public DeviceSpec spec() { return SPEC; }

    @Override
    public Optional<KernelFactory> kernel(String op, DType dtype) {
        if (dtype == DType.STRING) return Optional.empty();
        return CPU.kernel(op, dtype).map(f -> node -> enqueuing(f.create(node), node));
    }

    // ---- values and their work ----

    /** A value of this device: its data is set when the work that makes it is done. */
    final class Value implements TensorValue {
        final DType dtype;
        final Work work;
        final Node madeBy;
        /** Written on the stream thread before the work is marked done. */
        Tensor data;

        Value(DType dtype, Work work, Node madeBy) {
            this.dtype = dtype;
            this.work = work;
            this.madeBy = madeBy;
        }

        AsyncTestDevice device() { return AsyncTestDevice.this; }

        @Override public DType dtype() { return dtype; }

        @Override
        public Shape shape() {
            if (!work.isDone() || data == null) throw notReady(this, "its shape was read");
            return data.shape();
        }

        @Override public String toString() { return "value of '" + (madeBy == null ? "a copy" : madeBy.name()) + "' on " + SPEC; }
    }

    private static IllegalStateException notReady(Value v, String what) {
        return new IllegalStateException(v + ": " + what + " before its work was done (a missing wait)");
    }

    /** One piece of work on the stream, and its event. */
    final class Work implements Event {
        private final Runnable body;
        long seq;
        volatile boolean done;
        volatile RuntimeException failure;

        Work(Runnable body) { this.body = body; }

        void run() {
            try {
                body.run();
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        @Override public boolean isDone() { return done; }

        @Override
        public void await() {
            if (!done) stream.waitFor(this);
            if (failure != null) throw failure;
        }
    }

    /** The stream: one thread running work in the order it was enqueued. */
    private static final class Stream {
        private final boolean lazy;
        private final long maxDelayNs;
        private final SplittableRandom random;
        private final ArrayDeque<Work> queue = new ArrayDeque<>();
        private long enqueued, completed, released;
        private boolean stopping;
        private final Thread thread;

        Stream(boolean lazy, long maxDelayNs, long seed) {
            this.lazy = lazy;
            this.maxDelayNs = maxDelayNs;
            this.random = new SplittableRandom(seed);
            thread = new Thread(this::loop, "async-test-device");
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void enqueue(Work w) {
            w.seq = ++enqueued;
            queue.add(w);
            notifyAll();
        }

        synchronized void waitFor(Work w) {
            released = Math.max(released, w.seq);
            notifyAll();
            while (!w.done) waitUninterruptibly();
        }

        synchronized void synchronize() {
            released = enqueued;
            notifyAll();
            while (completed < enqueued) waitUninterruptibly();
        }

        /** Ends the thread once the queue is empty; with {@code discard}, drops what is still queued first. */
        synchronized void stop(boolean discard) {
            if (discard) queue.clear();
            stopping = true;
            notifyAll();
        }

        private void waitUninterruptibly() {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the device", e);
            }
        }

        private void loop() {
            while (true) {
                Work w;
                synchronized (this) {
                    while (queue.isEmpty() || (lazy && queue.peek().seq > released)) {
                        if (stopping && queue.isEmpty()) return;
                        try {
                            wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    w = queue.poll();
                }
                if (maxDelayNs > 0 && random.nextBoolean()) LockSupport.parkNanos(random.nextLong(maxDelayNs));
                w.run();
                synchronized (this) {
                    w.done = true;
                    completed = w.seq;
                    notifyAll();
                }
            }
        }
    }


    /** The data of {@code v} on the stream thread, where the work that made it ran before (the stream's order). */
    private static Tensor dataOf(TensorValue v, Node reader) {
        if (!(v instanceof AsyncTestDevice.Value val)) {
            throw new KernelException(reader, "a device kernel was given a value of another device: " + v);
        }
        if (val.work.failure != null) throw val.work.failure; // the input's kernel failed: so does this one
        if (!val.work.done || val.data == null) throw new KernelException(reader, "its input " + val + " is not ready: the stream's order was broken");
        return val.data;
    }

    // ---- kernels ----

    /**
     * A CPU kernel as this device runs it: called, it takes its variable reads and stages its writes (as
     * values to come) at once, enqueues the computation, and returns values to come.
     */
    private Kernel enqueuing(Kernel cpuKernel, Node node) {
        return (ctx, in) -> {
            Map<Node, Object> reads = new HashMap<>(); // a value of this device, or the failure of reading it
            Map<Node, Value> writes = new HashMap<>();
            Value[] outs = new Value[node.outputCount()];
            TensorValue[] inputs = in.clone();
            Work work = new Work(() -> run(cpuKernel, node, ctx, inputs, reads, writes, outs));
            List<Node> variables = new ArrayList<>();
            if (node.op() == StateOps.VARIABLE) variables.add(node);
            for (int i = 0; i < node.inputs().size(); i++) if (node.op().isRefInput(i)) variables.add(node.input(i).node());
            for (Node v : variables) {
                try {
                    reads.put(v, ctx.variables().read(v));
                } catch (RuntimeException e) {
                    reads.put(v, e);
                }
            }
            for (int i = 0; i < outs.length; i++) outs[i] = new Value(node.output(i).dtype(), work, node);
            if (node.op().writesVariables()) {
                for (int i = 0; i < node.inputs().size(); i++) {
                    if (!node.op().isRefInput(i)) continue;
                    Node v = node.input(i).node();
                    Value next = new Value(v.output(0).dtype(), work, node);
                    writes.put(v, next);
                    ctx.variables().write(v, next);
                }
            }
            stream().enqueue(work);
            return outs;
        };
    }

    /** The kernel's work, on the stream thread. */
    private void run(Kernel cpuKernel, Node node, KernelContext outer, TensorValue[] in, Map<Node, Object> reads,
                     Map<Node, Value> writes, Value[] outs) {
        Tensor[] args = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) if (in[i] != null) args[i] = dataOf(in[i], node);
        KernelOnStream ctx = new KernelOnStream(node, outer, reads, writes);
        kernelsRun.incrementAndGet();
        TensorValue[] results;
        try {
            results = cpuKernel.compute(ctx, args);
        } catch (KernelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KernelException(node, "kernel failed: " + e, e);
        } catch (OutOfMemoryError e) {
            throw new ResourceExhaustedException(node, e);
        }
        if (results.length != outs.length) throw new KernelException(node, "gave " + results.length + " values for " + outs.length + " outputs");
        for (int i = 0; i < outs.length; i++) outs[i].data = (Tensor) results[i];
        for (Map.Entry<Node, Value> w : writes.entrySet()) {
            if (w.getValue().data == null) throw new KernelException(node, "did not write variable '" + w.getKey().name() + "'");
        }
    }

    /** What a CPU kernel sees on the stream: the variables as they were when it was called, the Session's buffers. */
    private static final class KernelOnStream implements KernelContext, VariableState {
        private final Node node;
        private final KernelContext outer;
        private final Map<Node, Object> reads;
        private final Map<Node, Value> writes;

        KernelOnStream(Node node, KernelContext outer, Map<Node, Object> reads, Map<Node, Value> writes) {
            this.node = node;
            this.outer = outer;
            this.reads = reads;
            this.writes = writes;
        }

        @Override public Node node() { return node; }

        @Override public VariableState variables() { return this; }

        @Override
        public TensorValue read(Node variable) {
            Object r = reads.get(variable);
            if (r == null) throw new KernelException(node, "read variable '" + variable.name() + "', which is none of its reference inputs");
            if (r instanceof RuntimeException e) throw e;
            return dataOf((TensorValue) r, node);
        }

        @Override
        public void write(Node variable, TensorValue value) {
            Value staged = writes.get(variable);
            if (staged == null) throw new KernelException(node, "wrote variable '" + variable.name() + "', which is none of its reference inputs");
            staged.data = (Tensor) value;
        }

        @Override public long nextDraw(Node random) { return outer.variables().nextDraw(random); }

        @Override public Object buffer(int buffer, DType dtype, int length) { return outer.buffer(buffer, dtype, length); }

        @Override public float[] floats(int buffer, int length) { return outer.floats(buffer, length); }

        @Override public double[] doubles(int buffer, int length) { return outer.doubles(buffer, length); }
    }

    // ---- copies, memory, events ----

    @Override
    public TensorValue fromHost(Tensor tensor) {
        copiesIn.incrementAndGet();
        Value[] v = new Value[1];
        Work w = new Work(() -> v[0].data = Tensor.of(tensor.dtype(), tensor.shape(), copy(tensor.data())));
        v[0] = new Value(tensor.dtype(), w, null);
        stream().enqueue(w);
        return v[0];
    }

    @Override
    public TensorValue fromHost(Tensor tensor, Object memory) {
        copiesIn.incrementAndGet();
        Value[] v = new Value[1];
        Work w = new Work(() -> {
            if (memory instanceof byte[][] strings) {
                byte[][] from = tensor.stringData();
                for (int i = 0; i < from.length; i++) strings[i] = from[i].clone();
            } else {
                System.arraycopy(tensor.data(), 0, memory, 0, tensor.size());
            }
            v[0].data = Tensor.of(tensor.dtype(), tensor.shape(), memory);
        });
        v[0] = new Value(tensor.dtype(), w, null);
        stream().enqueue(w);
        return v[0];
    }

    @Override public boolean holds(TensorValue value) { return value instanceof Value v && v.device() == this; }

    @Override
    public Tensor toHost(TensorValue value) {
        Value v = (Value) value;
        if (!v.work.isDone() || v.data == null) throw notReady(v, "it was read on the host");
        copiesOut.incrementAndGet();
        return Tensor.of(v.data.dtype(), v.data.shape(), copy(v.data.data()));
    }

    @Override public Event ready(TensorValue value) { return lying ? Event.DONE : ((Value) value).work; }

    @Override
    public Object allocate(DType dtype, int length) {
        allocations.incrementAndGet();
        Object memory = Device.super.allocate(dtype, length);
        poison(memory); // what a kernel reads of memory it did not write
        return memory;
    }

    @Override
    public void free(Object memory) {
        frees.incrementAndGet();
        poison(memory);
    }

    @Override
    public Object memoryOf(TensorValue value) {
        Value v = (Value) value;
        return v.data == null ? v : v.data.data();
    }

    @Override
    public void synchronize() {
        synchronizations.incrementAndGet();
        if (!lying) stream().synchronize();
    }

    @Override
    public void close() {
        if (stream == null || closed) return;
        // A lying device's Session freed the memory its queued work would write: that work is dropped.
        if (!lying) stream.synchronize();
        stream.stop(lying);
        closed = true;
    }

    private static void poison(Object memory) {
        switch (memory) {
            case float[] f -> Arrays.fill(f, Float.NaN);
            case double[] d -> Arrays.fill(d, Double.NaN);
            case int[] i -> Arrays.fill(i, Integer.MIN_VALUE);
            case long[] l -> Arrays.fill(l, Long.MIN_VALUE);
            default -> { }
        }
    }

    private static Object copy(Object data) {
        return switch (data) {
            case float[] a -> a.clone();
            case double[] a -> a.clone();
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            case boolean[] a -> a.clone();
            case byte[][] a -> {
                byte[][] c = new byte[a.length][];
                for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
                yield c;
            }
            default -> throw new IllegalStateException("no tensor data: " + data.getClass());
        };
    }

    @Override public String toString() { return SPEC + " (asynchronous test device)"; }
}
