package dev.nagare.device;

/**
 * A point in a device's stream of work: done once the work queued before it is. A value a kernel returns
 * carries one ({@link Device#ready}); whoever reads the value's data on the host waits for it first, while
 * kernels of the same device take the value at once, since the stream runs their work after it.
 */
public interface Event {
    /** Whether the work is done (successfully or not); never blocks. */
    boolean isDone();

    /**
     * Waits until the work is done; throws what made it fail (a {@link KernelException} naming the node whose
     * kernel failed, or whose input came from one that did).
     */
    void await();

    /** The event of work that is already done: every value of a synchronous device, such as the CPU, has it. */
    Event DONE = new Event() {
        @Override public boolean isDone() { return true; }

        @Override public void await() { }

        @Override public String toString() { return "Event.DONE"; }
    };
}
