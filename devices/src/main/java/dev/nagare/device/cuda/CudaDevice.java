package dev.nagare.device.cuda;

import dev.nagare.device.Device;
import dev.nagare.device.Event;
import dev.nagare.device.KernelContext;
import dev.nagare.device.KernelException;
import dev.nagare.device.KernelFactory;
import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Node;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One NVIDIA GPU as a Nagare device ({@code /device:GPU:n}). The device the provider reports is a template; a
 * Session {@link #open}s its own instance, with its own stream (all its kernels and copies run there, in the
 * order they were enqueued), its own cuBLAS handle and its pinned staging memory. Kernels enqueue their work and
 * return {@link CudaValue}s at once; {@link #ready} of any value is "the stream has drained", which is what a
 * host read waits for. Memory comes from the device's stream-ordered pool (cuMemAllocAsync) where the GPU has
 * one. Kernels are the CUDA C modules of {@link KernelSources}, compiled by NVRTC at first use (cached per
 * process and on disk) and loaded into the device's primary context once per process.
 */
public final class CudaDevice implements Device {
    private static final System.Logger LOG = System.getLogger("dev.nagare.device.cuda");
    /** Integer values up to this many elements copied from the host keep a host copy (shapes, axes): see {@link CudaValue}. */
    private static final int MIRROR_LIMIT = 64;

    /** What every Session's instance of one GPU shares: the libraries, the context, the loaded kernels. */
    static final class Gpu {
        final CudaDriver driver;
        final Cublas cublas;
        final KernelCache cache;
        final int ordinal, cuDevice;
        final long context;
        final String name;
        final boolean pools;
        final boolean tf32;
        final Map<String, Long> modules = new ConcurrentHashMap<>();
        final Map<String, Long> functions = new ConcurrentHashMap<>();

        Gpu(CudaDriver driver, Cublas cublas, Nvrtc nvrtc, int ordinal) {
            this.driver = driver;
            this.cublas = cublas;
            this.ordinal = ordinal;
            this.cuDevice = driver.device(ordinal);
            this.name = driver.deviceName(cuDevice);
            this.context = driver.retainPrimaryContext(cuDevice);
            int cc = driver.attribute(CudaDriver.ATTR_CC_MAJOR, cuDevice) * 10 + driver.attribute(CudaDriver.ATTR_CC_MINOR, cuDevice);
            this.pools = driver.attribute(CudaDriver.ATTR_MEMORY_POOLS, cuDevice) != 0;
            this.cache = new KernelCache(nvrtc, "compute_" + cc, KernelCache.defaultDir());
            this.tf32 = Boolean.getBoolean("nagare.cuda.tf32");
        }
    }

    private final Gpu gpu;
    private final DeviceSpec spec;
    /** Null for the template; a Session's instance has these. */
    private final Session session;

    /**
     * A Session's own stream, cuBLAS handle (made at the first matrix product: cublasCreate costs milliseconds,
     * which a Session without one need not pay), staging memory, and the memory it allocated outside the
     * Session's accounting.
     */
    private static final class Session {
        final long stream;
        long cublasHandle;
        final Staging staging;
        final Set<CudaBuffer> own = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        Session(long stream, Staging staging) {
            this.stream = stream;
            this.staging = staging;
        }
    }

    CudaDevice(Gpu gpu) { this(gpu, null); }

    private CudaDevice(Gpu gpu, Session session) {
        this.gpu = gpu;
        this.spec = new DeviceSpec("GPU", gpu.ordinal);
        this.session = session;
    }

    /** The GPU's name, as the driver gives it ("NVIDIA H200"). */
    public String gpuName() { return gpu.name; }

    /** The NVRTC architecture kernels are compiled for ("compute_90"). */
    public String arch() { return gpu.cache.arch(); }

    @Override public DeviceSpec spec() { return spec; }

    @Override
    public Optional<KernelFactory> kernel(String op, DType dtype) {
        return CudaKernels.factory(op, dtype).map(k -> node -> {
            var bound = k.bind(node);
            return (ctx, in) -> bound.compute(this, ctx, in);
        });
    }

    @Override
    public Device open() {
        current();
        long stream = gpu.driver.streamCreate();
        return new CudaDevice(gpu, new Session(stream, new Staging(gpu.driver)));
    }

    private Session session() {
        if (session == null) throw new IllegalStateException(spec + ": a template; a Session opens its own instance");
        if (session.closed) throw new IllegalStateException(spec + " was closed with its Session");
        return session;
    }

    /** The stream this instance's work goes on. */
    public long stream() { return session().stream; }

    long cublasHandle() {
        Session s = session();
        synchronized (s) {
            if (s.cublasHandle == 0) {
                current();
                s.cublasHandle = gpu.cublas.create(s.stream, gpu.tf32);
            }
            return s.cublasHandle;
        }
    }

    Cublas cublas() { return gpu.cublas; }

    CudaDriver driver() { return gpu.driver; }

    /** Makes the GPU's context current on the calling thread (the driver keeps one per thread; Workers run kernels on many). */
    private static final ThreadLocal<Long> CURRENT = new ThreadLocal<>();

    void current() {
        Long c = CURRENT.get();
        if (c == null || c != gpu.context) {
            gpu.driver.setCurrent(gpu.context);
            CURRENT.set(gpu.context);
        }
    }

    // ---- memory ----

    @Override
    public Object allocate(DType dtype, int length) {
        current();
        long bytes = (long) length * KernelSources.bytes(dtype);
        if (bytes == 0) return new CudaBuffer(0, dtype, length);
        long p = gpu.pools ? gpu.driver.memAllocAsync(bytes, stream()) : gpu.driver.memAlloc(bytes);
        return new CudaBuffer(p, dtype, length);
    }

    @Override
    public void free(Object memory) {
        CudaBuffer b = (CudaBuffer) memory;
        if (b.freed) throw new IllegalStateException(b + " freed twice");
        b.freed = true;
        session().own.remove(b);
        if (b.pointer() == 0) return;
        current();
        if (gpu.pools) gpu.driver.memFreeAsync(b.pointer(), stream()); else gpu.driver.memFree(b.pointer());
    }

    @Override
    public Object memoryOf(TensorValue value) { return ((CudaValue) value).buffer; }

    /** Memory this instance owns itself (not the Session): freed when it closes. */
    private CudaBuffer ownBuffer(DType dtype, int length) {
        CudaBuffer b = (CudaBuffer) allocate(dtype, length);
        session().own.add(b);
        return b;
    }

    /** A new value of {@code shape} in the Session's buffer {@code number} of the running node. */
    CudaValue output(KernelContext ctx, int number, DType dtype, Shape shape) {
        CudaBuffer b = (CudaBuffer) ctx.buffer(number, dtype, shape.size());
        return new CudaValue(this, dtype, shape, b, null);
    }

    /** The same memory seen with another shape (Reshape, ExpandDims, Squeeze, Identity). */
    CudaValue alias(CudaValue v, Shape shape) { return new CudaValue(this, v.dtype, shape, v.buffer, v.hostMirror); }

    // ---- copies ----

    @Override
    public TensorValue fromHost(Tensor tensor) {
        return fromHost(tensor, ownBuffer(tensor.dtype(), tensor.size()));
    }

    @Override
    public TensorValue fromHost(Tensor tensor, Object memory) {
        if (tensor.dtype() == DType.STRING) throw new IllegalArgumentException(spec + " holds no strings");
        current();
        CudaBuffer b = (CudaBuffer) memory;
        long bytes = b.bytes();
        if (bytes > 0) {
            Staging.Chunk chunk = session().staging.acquire(bytes);
            write(tensor, chunk.memory());
            gpu.driver.copyHtoDAsync(b.pointer(), chunk.memory(), bytes, stream());
            session().staging.release(chunk, stream());
        }
        Tensor mirror = tensor.dtype().isInteger() && tensor.size() <= MIRROR_LIMIT ? Tensor.of(tensor.dtype(), tensor.shape(), copyOf(tensor.data())) : null;
        return new CudaValue(this, tensor.dtype(), tensor.shape(), b, mirror);
    }

    @Override public boolean holds(TensorValue value) { return value instanceof CudaValue v && v.device == this; }

    @Override
    public Tensor toHost(TensorValue value) {
        CudaValue v = (CudaValue) value;
        current();
        long bytes = v.buffer.bytes();
        int n = v.size();
        if (n == 0) return Tensor.zeros(v.dtype, v.shape);
        long used = (long) n * KernelSources.bytes(v.dtype);
        Staging.Chunk chunk = session().staging.acquire(Math.min(bytes, used));
        gpu.driver.copyDtoHAsync(chunk.memory(), v.pointer(), used, stream());
        gpu.driver.streamSynchronize(stream());
        Tensor t = Tensor.of(v.dtype, v.shape, read(chunk.memory(), v.dtype, n));
        session().staging.release(chunk, 0);
        return t;
    }

    /** A host tensor's elements into pinned memory, as the GPU lays them out. */
    private static void write(Tensor t, MemorySegment to) {
        switch (t.data()) {
            case float[] a -> MemorySegment.copy(a, 0, to, ValueLayout.JAVA_FLOAT, 0, a.length);
            case double[] a -> MemorySegment.copy(a, 0, to, ValueLayout.JAVA_DOUBLE, 0, a.length);
            case int[] a -> MemorySegment.copy(a, 0, to, ValueLayout.JAVA_INT, 0, a.length);
            case long[] a -> MemorySegment.copy(a, 0, to, ValueLayout.JAVA_LONG, 0, a.length);
            case boolean[] a -> { for (int i = 0; i < a.length; i++) to.set(ValueLayout.JAVA_BYTE, i, (byte) (a[i] ? 1 : 0)); }
            default -> throw new IllegalArgumentException("no GPU layout for " + t.dtype());
        }
    }

    private static Object read(MemorySegment from, DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> from.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_FLOAT);
            case FLOAT64 -> from.asSlice(0, 8L * n).toArray(ValueLayout.JAVA_DOUBLE);
            case INT32 -> from.asSlice(0, 4L * n).toArray(ValueLayout.JAVA_INT);
            case INT64 -> from.asSlice(0, 8L * n).toArray(ValueLayout.JAVA_LONG);
            case BOOL -> {
                boolean[] b = new boolean[n];
                for (int i = 0; i < n; i++) b[i] = from.get(ValueLayout.JAVA_BYTE, i) != 0;
                yield b;
            }
            default -> throw new IllegalArgumentException("no GPU layout for " + dtype);
        };
    }

    private static Object copyOf(Object data) {
        return switch (data) {
            case int[] a -> a.clone();
            case long[] a -> a.clone();
            default -> throw new IllegalArgumentException("not integers: " + data.getClass());
        };
    }

    /**
     * {@code value} as a value of this instance: itself, or a copy of a host tensor (a variable a CPU kernel
     * wrote, a value soft placement computed on the CPU). A value of another GPU or Session fails naming the node.
     */
    CudaValue adopt(TensorValue value, Node node) {
        if (value instanceof CudaValue v) {
            if (v.device == this) return v;
            throw new KernelException(node, "was given " + v + " of another Session or GPU than its own " + spec);
        }
        if (value instanceof Tensor t) return (CudaValue) fromHost(t);
        throw new KernelException(node, "was given a value of another device: " + value);
    }

    /**
     * The host elements of a small value a kernel needs on the host (a shape, axes, a size): its host copy where
     * it came from the host, else read after the stream drains (a host read, which waits).
     */
    Tensor hostValue(TensorValue value) {
        if (value instanceof Tensor t) return t;
        CudaValue v = (CudaValue) value;
        if (v.hostMirror != null) return v.hostMirror;
        ready(v).await();
        return toHost(v);
    }

    // ---- launches ----

    /** The function {@code entry} of module {@code module}: compiled (NVRTC, cached) and loaded at its first use in this process. */
    long function(String module, String entry) {
        Long f = gpu.functions.get(entry);
        if (f != null) return f;
        synchronized (gpu) {
            f = gpu.functions.get(entry);
            if (f != null) return f;
            current();
            long m = gpu.modules.computeIfAbsent(module, name -> gpu.driver.moduleLoadPtx(gpu.cache.ptx(KernelSources.module(name)), name));
            f = gpu.driver.moduleFunction(m, entry);
            gpu.functions.put(entry, f);
            return f;
        }
    }

    /** Compiles (or finds in the cache) every kernel module for this GPU, several at once (NVRTC is thread-safe). */
    void precompile() { KernelSources.all().parallelStream().forEach(gpu.cache::ptx); }

    /**
     * Enqueues {@code entry} on this instance's stream. Arguments, in the kernel's order: a {@link CudaValue} (its
     * address), Long (a pointer or long long), Integer, Float, Double, or a long[] (a struct of long longs, such
     * as {@link BroadcastPlan#packed}).
     */
    void launch(String module, String entry, LaunchConfig c, Object... args) {
        long f = function(module, entry);
        current();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = a.allocate(ValueLayout.ADDRESS, args.length);
            for (int i = 0; i < args.length; i++) {
                MemorySegment slot = switch (args[i]) {
                    case CudaValue v -> a.allocateFrom(ValueLayout.JAVA_LONG, v.pointer());
                    case Long l -> a.allocateFrom(ValueLayout.JAVA_LONG, l);
                    case Integer n -> a.allocateFrom(ValueLayout.JAVA_INT, n);
                    case Float x -> a.allocateFrom(ValueLayout.JAVA_FLOAT, x);
                    case Double x -> a.allocateFrom(ValueLayout.JAVA_DOUBLE, x);
                    case long[] s -> a.allocateFrom(ValueLayout.JAVA_LONG, s);
                    default -> throw new IllegalArgumentException("kernel argument " + i + " of " + entry + ": " + args[i]);
                };
                params.setAtIndex(ValueLayout.ADDRESS, i, slot);
            }
            gpu.driver.launch(f, c, stream(), params, entry);
        }
    }

    /** Copies {@code bytes} between two buffers of this GPU on the stream. */
    void copy(CudaValue to, CudaValue from, long bytes) {
        if (bytes == 0) return;
        current();
        gpu.driver.copyDtoDAsync(to.pointer(), from.pointer(), bytes, stream());
    }

    /** Sets every byte of {@code v} to 0 (0 of every dtype) on the stream. */
    void zero(CudaValue v) {
        long bytes = (long) v.size() * KernelSources.bytes(v.dtype);
        if (bytes == 0) return;
        current();
        gpu.driver.memsetD8Async(v.pointer(), (byte) 0, bytes, stream());
    }

    // ---- events ----

    /** "The stream has drained": done once everything enqueued before (and, conservatively, after) is. */
    private final Event drained = new Event() {
        @Override
        public boolean isDone() {
            current();
            return gpu.driver.streamQuery(stream());
        }

        @Override
        public void await() {
            current();
            gpu.driver.streamSynchronize(stream());
        }

        @Override public String toString() { return "the stream of " + spec; }
    };

    @Override public Event ready(TensorValue value) { return drained; }

    @Override
    public void synchronize() {
        if (session == null || session.closed) return;
        current();
        gpu.driver.streamSynchronize(session.stream);
    }

    @Override
    public void close() {
        if (session == null || session.closed) return;
        current();
        try {
            gpu.driver.streamSynchronize(session.stream);
        } finally {
            List<CudaBuffer> own = new ArrayList<>(session.own);
            for (CudaBuffer b : own) free(b);
            session.staging.close(session.stream);
            if (session.cublasHandle != 0) gpu.cublas.destroy(session.cublasHandle);
            gpu.driver.streamSynchronize(session.stream);
            gpu.driver.streamDestroy(session.stream);
            session.closed = true;
        }
    }

    /** Logs what this GPU is, once, when the provider makes it (at DEBUG: programs that use no GPU print nothing). */
    void describe() {
        LOG.log(System.Logger.Level.DEBUG, spec + ": " + gpu.name + ", kernels for " + gpu.cache.arch() + " (NVRTC), cuBLAS "
                + gpu.cublas.file() + (gpu.pools ? ", stream-ordered memory pool" : ""));
    }

    @Override public String toString() { return spec + " (" + gpu.name + ")"; }
}
