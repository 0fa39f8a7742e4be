package dev.nagare.device;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The process's compute threads: one per core beside the thread that calls into Nagare. Everything that
 * runs work in parallel goes through them: the Session's scheduler (independent nodes at the same time)
 * and the kernels (one product or loop split over cores). Sharing one set of threads is what keeps the two
 * kinds of parallelism from oversubscribing the cores: a kernel's helper task queued while every worker
 * runs another node is simply done by the kernel's own thread, and a thread that waits runs queued tasks
 * instead of idling ({@link #helpOnce}).
 *
 * <p>Tasks are work offers, not obligations: whoever submits one must still be able to finish without it
 * ever running (kernels take chunks from a shared counter, so a late helper finds nothing left to do).
 * {@code nagare.threads} sets the number of threads, the caller included (default: available processors).
 */
public final class Workers {
    private Workers() {}

    /** Threads that compute, counting the caller: 1 means everything runs on the calling thread. */
    public static final int THREADS = Math.max(1, Integer.getInteger("nagare.threads", Runtime.getRuntime().availableProcessors()));

    /** How long an idle worker spins before parking: new work within this time starts without a wake-up. */
    private static final long SPIN_NS = Long.getLong("nagare.workers.spinNs", 50_000);

    private static final ConcurrentLinkedQueue<Runnable> QUEUE = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Thread> PARKED = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Offers {@code task} to an idle worker, or to the next thread that helps. Never runs it inline. */
    public static void submit(Runnable task) {
        if (THREADS == 1) throw new IllegalStateException("no worker threads (nagare.threads=1): run the work inline");
        startWorkers();
        QUEUE.offer(task);
        Thread sleeper = PARKED.poll();
        if (sleeper != null) LockSupport.unpark(sleeper);
    }

    /** Runs one queued task on the calling thread, if there is one; returns whether it did. */
    public static boolean helpOnce() {
        Runnable task = QUEUE.poll();
        if (task == null) return false;
        task.run();
        return true;
    }

    /** A short wait for a waiting thread with nothing to help with: spin first, then let others run. */
    public static void pause(int spins) {
        if (spins < 1_000) Thread.onSpinWait();
        else Thread.yield();
    }

    /** The loop body of {@link #forRange}: handles indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range { void run(int from, int to); }

    /**
     * Runs {@code body} over {@code [0, n)} in chunks of about {@code grain} indices, on the calling thread and
     * on whichever workers are idle; returns when every chunk is done. Small ranges (up to one grain, or one
     * thread) run inline. The first exception of any chunk is rethrown here, after all chunks in flight end.
     */
    public static void forRange(int n, int grain, Range body) {
        if (n <= 0) return;
        int chunks = (int) Math.min(4L * THREADS, (n + (long) grain - 1) / Math.max(1, grain));
        if (THREADS == 1 || chunks <= 1) {
            body.run(0, n);
            return;
        }
        forEach(chunks, c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks)));
    }

    /**
     * Calls {@code body} for each item {@code 0 .. count-1}, taken one at a time from a shared counter by the
     * calling thread and by idle workers, in increasing order of taking. Returns when every item is done and
     * no other thread is still inside {@code body} (so the caller may reuse what the items worked in); the
     * first exception of any item is rethrown here, and no item starts after it.
     */
    public static void forEach(int count, IntConsumer body) {
        if (count <= 0) return;
        if (THREADS == 1 || count == 1) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        new Loop(count, body).run();
    }

    /** One {@link #forEach}: items taken from a shared counter by the caller and by helpers. */
    private static final class Loop {
        private final int count;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        /** Threads taking items, plus {@code Integer.MIN_VALUE} once the caller closed it to newcomers. */
        private final AtomicInteger inside = new AtomicInteger();
        private volatile Throwable failure;

        Loop(int count, IntConsumer body) {
            this.count = count;
            this.body = body;
        }

        void run() {
            int helpers = Math.min(THREADS - 1, count - 1);
            for (int h = 0; h < helpers; h++) submit(this::help);
            inside.incrementAndGet();
            take();
            inside.decrementAndGet();
            inside.getAndUpdate(v -> v | Integer.MIN_VALUE);
            for (int spins = 0; (inside.get() & Integer.MAX_VALUE) != 0; spins++) pause(spins);
            Throwable t = failure;
            if (t instanceof RuntimeException e) throw e;
            if (t instanceof Error e) throw e;
            if (t != null) throw new IllegalStateException(t);
        }

        private void help() {
            int s;
            do {
                s = inside.get();
                if (s < 0) return; // the caller finished without us
            } while (!inside.compareAndSet(s, s + 1));
            try {
                take();
            } finally {
                inside.decrementAndGet();
            }
        }

        private void take() {
            for (int i; failure == null && (i = next.getAndIncrement()) < count; ) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                }
            }
        }
    }

    private static void startWorkers() {
        if (STARTED.get() != 0 || !STARTED.compareAndSet(0, 1)) return;
        for (int i = 1; i < THREADS; i++) {
            Thread t = new Thread(Workers::work, "nagare-worker-" + i);
            t.setDaemon(true);
            t.start();
        }
    }

    private static void work() {
        Thread self = Thread.currentThread();
        while (true) {
            try {
                if (helpOnce()) continue;
            } catch (Throwable t) { // tasks report their own failures; this one escaped, so say so
                System.err.println("nagare: a worker task failed: " + t);
                continue;
            }
            long idleSince = System.nanoTime();
            while (QUEUE.isEmpty() && System.nanoTime() - idleSince < SPIN_NS) Thread.onSpinWait();
            if (!QUEUE.isEmpty()) continue;
            PARKED.offer(self);
            // A task offered between the check above and offer() would find no sleeper to wake: look again.
            if (QUEUE.isEmpty()) LockSupport.park(Workers.class);
            PARKED.remove(self);
        }
    }
}
