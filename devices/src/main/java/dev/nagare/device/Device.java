package dev.nagare.device;

import dev.nagare.graph.DType;
import dev.nagare.graph.DeviceSpec;
import dev.nagare.graph.Tensor;
import dev.nagare.graph.TensorValue;
import java.util.Optional;

/**
 * Somewhere kernels run: finds a kernel for an (op, dtype) pair, copies values to and from the host, and
 * gives a Session memory and a stream of work. The executor sees only this interface and the kernels it returns.
 *
 * <p>The contract with a Session (the CPU device meets it trivially: its work is done when a kernel returns,
 * and its memory is the Java heap):
 * <ul>
 *   <li><b>Per Session.</b> A Session calls {@link #open} once per device it is given and works with what that
 *       returns; when the Session closes it calls {@link #synchronize} and then {@link #close} on it.</li>
 *   <li><b>Streams.</b> A kernel may enqueue its work and return values whose data is not yet written;
 *       {@link #ready} gives the event after which it is. Kernels of the same device take such values at once
 *       (the device runs their work in the order it was enqueued); a host read (a fetch, a copy to another
 *       device, a kernel of another device, a variable value the host reads) waits for the event first, and
 *       only then calls {@link #toHost}. Effects on variables ({@link VariableState}) happen when the kernel
 *       is called, not when its work runs; a run waits for its work before it commits them.</li>
 *   <li><b>Memory.</b> Memory a kernel asks its context for ({@link KernelContext#buffer}) and memory a copy
 *       from the host goes into comes from {@link #allocate}, through the Session, which owns it: it hands a
 *       buffer back to the same node on later runs, moves it to a variable or a caller, and gives it back with
 *       {@link #free} (only when no queued work uses it) or, at the latest, when the Session closes.</li>
 * </ul>
 */
public interface Device extends AutoCloseable {
    /** The device's name, such as {@code /device:CPU:0}. */
    DeviceSpec spec();

    /** The kernel factory for {@code op} on elements of {@code dtype}, if this device has one. */
    Optional<KernelFactory> kernel(String op, DType dtype);

    /**
     * The instance of this device one Session runs on, with its own streams and state; the Session
     * synchronizes and closes it when it closes. A device without such state returns itself (the default), so
     * its {@link #close} must leave it usable by other Sessions.
     */
    default Device open() { return this; }

    /** A value on this device holding a copy of (or, for the host, the same) {@code tensor}. */
    TensorValue fromHost(Tensor tensor);

    /**
     * As {@link #fromHost(Tensor)}, into {@code memory}: what {@link #allocate} gave for {@code tensor}'s dtype
     * and element count, which the Session owns (the copy may still be queued when this returns).
     */
    default TensorValue fromHost(Tensor tensor, Object memory) { return fromHost(tensor); }

    /** Whether {@code value} is one of this device's values (so its kernels can take it as it is). */
    boolean holds(TensorValue value);

    /**
     * The value's elements as a host tensor. The caller has waited for {@link #ready}{@code (value)}: this
     * reads the value as it is now.
     */
    Tensor toHost(TensorValue value);

    /** When the data of {@code value}, one of this device's values, is written; already done for a synchronous device. */
    default Event ready(TensorValue value) { return Event.DONE; }

    /** Memory for {@code length} elements of {@code dtype}: a Java array of the dtype's element type on the host. */
    default Object allocate(DType dtype, int length) {
        return java.lang.reflect.Array.newInstance(Tensor.arrayClass(dtype).getComponentType(), length);
    }

    /** Takes back memory {@link #allocate} gave; no queued work uses it any more. On the host the garbage collector does it. */
    default void free(Object memory) { }

    /**
     * The memory behind {@code value} (what {@link #allocate} returned, if it came from there): what a Session
     * tracks a buffer's owner by. A host tensor's array by default; a device whose values hold allocated memory
     * returns it.
     */
    default Object memoryOf(TensorValue value) { return value instanceof Tensor t ? t.data() : value; }

    /** How this device runs groups of nodes as one step ({@link Fuser}), or null (the default) when it does not. */
    default Fuser fuser() { return null; }

    /** Waits until all work queued on this device so far is done (failures are reported by the events of the values). */
    void synchronize();

    /** Frees what the device holds for its Session; called after {@link #synchronize}. */
    @Override
    void close();
}
