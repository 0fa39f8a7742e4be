package dev.nagare.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
 *
 * <p>Nothing here assumes the cores are free. Other processes may hold them, and then any of these threads
 * can be descheduled for milliseconds at any point. So no thread waits by spinning for long: a waiter spins
 * briefly (at most {@value #WAIT_SPINS} {@link Thread#onSpinWait} calls, about half a millisecond), then parks
 * until whatever it waits for wakes it, which leaves its core to the thread it waits for; an idle worker spins
 * at most {@code nagare.workers.spinNs} before parking, and no more workers are awake than there are cores
 * beside the caller's ({@link #SPIN_NS}). Waiting threads do not yield: under load {@link Thread#yield} hands
 * the core to another process for a whole time slice, and on an idle machine it spins anyway (only an idle
 * worker's spin, which no one waits for, yields now and then: {@link #SPIN_YIELD_NS}). While other processes
 * compete for the cores ({@link #contended}), idle workers park at once, waiters spin only
 * {@value #CONTENDED_WAIT_SPINS} times (spinning then only takes CPU time from threads with work to do), and a
 * parallel loop takes more threads than there are cores ({@link #CONTENDED_THREADS}): that is what gets a process
 * its share of a shared machine on Linux. (The Session then also stops handing whole steps to other threads: see
 * its plan's {@code parallelNow}.)
 */
public final class Workers {
    private Workers() {}

    /** Threads that compute, counting the caller: 1 means everything runs on the calling thread. */
    public static final int THREADS = Math.max(1, Integer.getInteger("nagare.threads", Runtime.getRuntime().availableProcessors()));

    /**
     * How long an idle worker spins before parking: new work within this time starts without a wake-up. Waking a
     * parked worker is what costs on the VMs this was measured on: on the idle 2-core EPYC, the caller of
     * {@code LockSupport.unpark} often did not run again until the woken worker parked (its core was given to the
     * worker while the other core stayed idle), so a 128 x 256 x 128 product split in two took 200-330 us with one
     * thread doing all of it, against 85 us with both threads awake. Hence, while no other process competes for the
     * cores: a task goes to a spinning worker if there is one ({@link #SPINNERS}), a parked worker is woken only
     * while fewer than {@code THREADS - 1} are awake ({@link #AWAKE}; otherwise a busy worker or the submitting
     * thread runs the task), and idle workers spin 2 ms, long enough to stay awake from one training step to the
     * next. MLP training step on that machine (median of 1000 steps, three alternating runs each), old scheme
     * (every task woke a parked worker, 50 us spin) against this one: batch 32 0.92-0.97 ms against 0.59-0.74,
     * batch 128 1.83-1.94 against 1.09-1.14, batch 512 4.46-6.04 against 3.68-3.83. A 1 ms spin was as fast from
     * batch 128 and 5-20% slower at 32; with the old waking, any spin over 50 us made the step slower (more threads
     * awake than cores).
     */
    private static final long SPIN_NS = Long.getLong("nagare.workers.spinNs", 2_000_000);
    /**
     * How often a spinning worker yields. Now and then Linux runs the spinner on the same core as the thread that
     * computes while the other core idles, until its balancer moves one of them (a scheduler tick or more: steps of
     * 4-9 ms in a run of 1.1 ms steps). A yield then hands the core back at once; when the spinner has its core to
     * itself, it returns at once. MLP step, the three schemes alternating in blocks in one JVM (mean over the block,
     * median of 15 blocks; old / this without yields / with): batch 32 0.644 / 0.430 / 0.446 ms but means over all
     * steps 0.706 / 0.615 / 0.494; batch 128 1.848 / 1.453 / 1.227; batch 512 5.98 / 4.22 / 4.40 (means 6.02 / 4.71
     * / 4.56).
     */
    private static final long SPIN_YIELD_NS = 20_000;
    /**
     * Spinning is only for workers that can have a core of their own: with more threads asked for than the machine has
     * cores ({@code nagare.threads}), the rest park at once.
     */
    private static final int SPINNING_MAX = Math.min(THREADS, Runtime.getRuntime().availableProcessors()) - 1;
    /**
     * {@link Thread#onSpinWait} calls a waiting thread makes before it parks (some 30 ns each: about half a
     * millisecond). On an idle machine the thread waited for has a core of its own and spinning costs nothing,
     * while a park adds a wake-up (tens of microseconds) to the wait: this covers the usual waits there (a
     * helper finishing its chunk, a handed-off node) and is short against a time slice of the scheduler. While
     * {@link #contended}, {@link #CONTENDED_WAIT_SPINS}.
     */
    static final int WAIT_SPINS = Integer.getInteger("nagare.workers.waitSpins", 15_000);
    /** Spins of a waiting thread before it parks while {@link #contended}. */
    static final int CONTENDED_WAIT_SPINS = 50;
    /**
     * Threads (caller included) that take part in one parallel loop while {@link #contended}
     * ({@code nagare.workers.contendedThreads}; default four per core, at most {@link #THREADS} + 16). Linux
     * shares a core between the processes that have runnable threads on it, so a process whose threads wait
     * for each other is often present on only one core and gets half the share it could: measured beside a
     * dozen other jobs on 2 cores, the training step got 0.3 cores with 2 threads, 0.45 with 4, 0.73 with 8
     * (TensorFlow Java, with its two pools, 0.62). Beside one, two or four one-thread jobs in sessions of their
     * own ({@code ./nagare bench contention}, two pairs of runs), the MLP step at batch 128 slowed by 1.26-2.40x with 2
     * loop threads and by 0.96-1.11x with 8, TensorFlow Java by 0.97-1.16x. Set it to the core count to take no
     * more than an equal share.
     *
     * <p>Loop threads used to nap 20 us after each item while contended, which had helped while the Session also
     * handed steps to other threads; without those hand-offs the naps only cost time (Nagare/TF Java under load
     * 0.52-0.77 with naps, 0.80-0.94 without, in pairs of runs), so they are gone.
     */
    static final int CONTENDED_THREADS = THREADS == 1 ? 1
            : Math.max(THREADS, Integer.getInteger("nagare.workers.contendedThreads", Math.min(4 * THREADS, THREADS + 16)));
    /**
     * When {@link #contended} is true ({@code nagare.workers.contention}): {@code detect} (the default) reads how
     * much CPU other processes take (see {@link Load}); {@code never} and {@code always} fix the answer (the
     * tests use {@code always} on some runs so that the contended paths are exercised on any machine).
     */
    static final String CONTENTION = System.getProperty("nagare.workers.contention", "detect");
    /** Longest park of {@link #pause} (a safety net: a task's end wakes the threads parked there). */
    private static final long PAUSE_PARK_MAX_NS = 1_000_000;

    private static final ConcurrentLinkedQueue<Runnable> QUEUE = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<Thread> PARKED = new ConcurrentLinkedQueue<>();
    /** Threads parked in {@link #pause}: woken whenever a task ends. */
    private static final ConcurrentLinkedQueue<Thread> WAITING = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger STARTED = new AtomicInteger();

    /** Offers {@code task} to an idle worker, or to the next thread that helps. Never runs it inline. */
    public static void submit(Runnable task) {
        if (THREADS == 1) throw new IllegalStateException("no worker threads (nagare.threads=1): run the work inline");
        startWorkers();
        QUEUE.offer(task);
        // Offered before looking at the spinners and the awake count: a worker that stops spinning or goes to
        // park afterwards looks at the queue once more (see work), so the task is never left without a taker.
        if (!contended()) {
            if (claimSpinner()) return;
            if (AWAKE.get() >= THREADS - 1) return; // a busy worker takes it when done, or a thread that helps
        }
        Thread sleeper = PARKED.poll();
        if (sleeper != null) {
            AWAKE.incrementAndGet(); // counted here, so that the next submit does not wake another
            LockSupport.unpark(sleeper);
        }
    }

    /**
     * Workers not parked (running a task, spinning or about to park). While the cores are not contended, at most
     * {@code THREADS - 1} are woken ({@link #submit}) or spin ({@link #work}).
     */
    private static final AtomicInteger AWAKE = new AtomicInteger();
    /**
     * Spinning workers not yet promised a task: {@link #submit} takes one instead of waking a parked worker, and a
     * worker that ends its spin takes one back if any is left (if none is, its spin was promised to a task, which
     * it then finds in the queue).
     */
    private static final AtomicInteger SPINNERS = new AtomicInteger();

    /** Takes one unpromised spinner, if there is one. */
    private static boolean claimSpinner() {
        for (int s; (s = SPINNERS.get()) > 0; ) if (SPINNERS.compareAndSet(s, s - 1)) return true;
        return false;
    }

    /**
     * Runs one queued task on the calling thread, if there is one; returns whether it did. When the task ends
     * (normally or not), threads parked in {@link #pause} are woken to look at what they wait for.
     */
    public static boolean helpOnce() {
        Runnable task = QUEUE.poll();
        if (task == null) return false;
        try {
            task.run();
        } finally {
            wakeWaiting();
        }
        return true;
    }

    /**
     * One step of a wait for something another thread does, typically a submitted task (call it with 0, 1,
     * 2, ... while the condition does not hold; start again from 0 after {@link #helpOnce} ran a task). The
     * first {@value #WAIT_SPINS} steps spin (fewer while {@link #contended}); later ones park the thread until
     * a task ends anywhere (each end of a task wakes the threads parked here) or a short timeout passes (from
     * 50 us, doubling to 1 ms: the safety net for a task that ended just before this thread parked). Parking,
     * not spinning or yielding, is what lets the thread being waited for have the core when other processes
     * compete for it.
     */
    public static void pause(int spins) {
        int limit = contended() ? CONTENDED_WAIT_SPINS : WAIT_SPINS;
        if (spins < limit) {
            Thread.onSpinWait();
            return;
        }
        long nanos = Math.min(PAUSE_PARK_MAX_NS, 50_000L << Math.min(5, Math.max(0, spins - limit)));
        Thread self = Thread.currentThread();
        WAITING.offer(self);
        LockSupport.parkNanos(Workers.class, nanos);
        WAITING.remove(self);
    }

    /**
     * Whether other processes are competing for the cores: over the last fraction of a second (a moving
     * average of samples taken at most every {@value Load#SAMPLE_NS} ns by whichever thread asks), they used
     * at least {@value Load#OTHERS_CORES} of a core at normal or higher priority. See {@link Load}.
     */
    public static boolean contended() {
        return Load.contended(System.nanoTime());
    }

    /**
     * The sampling behind {@link #contended}: the CPU time the machine spent on processes other than this one
     * (Linux's {@code /proc/stat} user, system, irq and softirq time, less this process's own user and system time
     * from {@code /proc/self/stat}). Counting others' CPU rather than runnable threads leaves out this process's
     * own threads, however many it runs (the extra loop threads of {@link #CONTENDED_THREADS} would otherwise keep
     * the signal on once the others are gone), and leaves out niced processes (their time is in a column of its
     * own), which take a core only when we leave it idle. Before, the runnable count of {@code /proc/loadavg} read 3
     * to 12 on an idle 2-core VM while one Nagare process trained (kernel, JIT and GC threads), so a quiet machine
     * looked busy. Always false where the files are missing.
     */
    static final class Load {
        /**
         * How often the two files are read. Both count in clock ticks (10 ms), so one sample's figure is off by up to a
         * tick either way: 0.5 cores at 20 ms, which often tipped an idle machine into "contended" while this process
         * kept both cores busy (and, since contended runs skip the parallel scheduler, slowed the MLP step at batch 32
         * by a quarter). At 100 ms a tick is 0.1 cores.
         */
        static final long SAMPLE_NS = 100_000_000;
        /** Cores of others' CPU time, averaged, from which the cores count as shared. */
        static final double OTHERS_CORES = 0.25;
        private static final FileChannel STAT = "detect".equals(CONTENTION) ? open("/proc/stat") : null;
        private static final FileChannel SELF = STAT == null ? null : open("/proc/self/stat");
        /** Clock ticks per second of both files: USER_HZ, 100 on every Linux architecture Java runs on. */
        private static final double TICKS_PER_SECOND = 100;
        private static final AtomicLong nextSample = new AtomicLong(System.nanoTime());
        private static long lastNanos, lastMachineTicks = -1, lastSelfTicks;
        /** Moving average (alpha 1/4) of others' cores, read without the lock. */
        private static volatile double othersCores;

        private Load() {}

        private static FileChannel open(String file) {
            try {
                FileChannel c = FileChannel.open(Path.of(file), StandardOpenOption.READ);
                return read(c).isEmpty() ? null : c;
            } catch (IOException | RuntimeException e) {
                return null; // not Linux, or no procfs: never contended
            }
        }

        static boolean contended(long now) {
            if (STAT == null || SELF == null) return "always".equals(CONTENTION);
            long next = nextSample.get();
            if (now - next >= 0 && nextSample.compareAndSet(next, now + SAMPLE_NS)) sample(now);
            return othersCores >= OTHERS_CORES;
        }

        private static synchronized void sample(long now) {
            long machine, self;
            try {
                machine = busyTicks(read(STAT));
                self = ownTicks(read(SELF));
            } catch (IOException | RuntimeException e) {
                return;
            }
            if (machine < 0 || self < 0) return;
            if (lastMachineTicks >= 0 && now > lastNanos) {
                double seconds = (now - lastNanos) / 1e9;
                // Not clamped at 0: a sample below 0 is rounding of the ticks, and must cancel one above it.
                double cores = ((machine - lastMachineTicks) - (self - lastSelfTicks)) / TICKS_PER_SECOND / seconds;
                othersCores += (cores - othersCores) / 4;
            }
            lastNanos = now;
            lastMachineTicks = machine;
            lastSelfTicks = self;
        }

        private static String read(FileChannel c) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(512); // the first line of /proc/stat, or all of /proc/self/stat
            int n = c.read(buf, 0);
            return new String(buf.array(), 0, Math.max(0, n), StandardCharsets.US_ASCII);
        }

        /**
         * The machine's busy ticks at normal or higher priority from {@code /proc/stat}'s first line ("cpu user
         * nice system idle iowait irq softirq steal ..."): user + system + irq + softirq; nice, idle, iowait and
         * steal (time the hypervisor gave away, which more threads cannot win back) left out. -1 if unreadable.
         */
        static long busyTicks(String stat) {
            String[] f = stat.lines().findFirst().orElse("").trim().split("\\s+");
            if (f.length < 8 || !f[0].equals("cpu")) return -1;
            try {
                return Long.parseLong(f[1]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /**
         * This process's user + system ticks from {@code /proc/self/stat} (fields 14 and 15, counted after the
         * command name, which is in parentheses and may hold spaces), or -1. A process that runs niced has its
         * user time in the machine's nice column, so only its system time is then part of {@link #busyTicks}.
         */
        static long ownTicks(String stat) {
            int close = stat.lastIndexOf(')');
            if (close < 0) return -1;
            String[] f = stat.substring(close + 1).trim().split("\\s+");
            if (f.length < 17) return -1; // state is field 3 of the whole line, f[0] here
            try {
                long user = Long.parseLong(f[11]), system = Long.parseLong(f[12]);
                int nice = Integer.parseInt(f[16]);
                return (nice > 0 ? 0 : user) + system;
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }

    private static void wakeWaiting() {
        if (WAITING.isEmpty()) return;
        for (Thread t : WAITING) LockSupport.unpark(t);
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

    /**
     * One {@link #forEach}: items taken from a shared counter by the caller and by helpers. The caller never
     * waits for a helper to start; once the counter is exhausted it waits only for helpers still inside an
     * item, spinning briefly and then parked: the last helper to leave unparks it.
     */
    private static final class Loop {
        private final int count;
        private final IntConsumer body;
        private final AtomicInteger next = new AtomicInteger();
        /** Threads taking items, plus {@code Integer.MIN_VALUE} once the caller closed it to newcomers. */
        private final AtomicInteger inside = new AtomicInteger();
        private final Thread caller = Thread.currentThread();
        private volatile Throwable failure;

        Loop(int count, IntConsumer body) {
            this.count = count;
            this.body = body;
        }

        void run() {
            int helpers = Math.min((contended() ? CONTENDED_THREADS : THREADS) - 1, count - 1);
            for (int h = 0; h < helpers; h++) submit(this::help);
            inside.incrementAndGet();
            take();
            // Leave and close in one step: a helper that then finds the count at 0 knows it was the last.
            inside.getAndUpdate(v -> (v - 1) | Integer.MIN_VALUE);
            int limit = contended() ? CONTENDED_WAIT_SPINS : WAIT_SPINS;
            for (int spins = 0; (inside.get() & Integer.MAX_VALUE) != 0; spins++) {
                if (spins < limit) {
                    Thread.onSpinWait();
                    if ((spins & 1023) == 1023 && contended()) limit = spins + 1; // others want the cores: park now
                } else {
                    LockSupport.park(this); // unparked by the last helper to leave (or spuriously: look again)
                }
            }
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
                if (inside.decrementAndGet() == Integer.MIN_VALUE) LockSupport.unpark(caller); // closed, and we were last
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
        for (int i = 1; i < CONTENDED_THREADS; i++) {
            Thread t = new Worker(i);
            t.setDaemon(true);
            t.start();
        }
    }

    /** A compute thread. */
    private static final class Worker extends Thread {
        Worker(int i) { super(Workers::work, "nagare-worker-" + i); }
    }

    private static void work() {
        Thread self = Thread.currentThread();
        AWAKE.incrementAndGet();
        while (true) {
            try {
                if (helpOnce()) continue;
            } catch (Throwable t) { // tasks report their own failures; this one escaped, so say so
                System.err.println("nagare: a worker task failed: " + t);
                continue;
            }
            // Spin a while (not while other processes compete for the cores, nor beyond one thread per spare
            // core), then park.
            long idleSince = System.nanoTime();
            if (!Load.contended(idleSince) && AWAKE.get() <= SPINNING_MAX) {
                SPINNERS.incrementAndGet();
                long yielded = idleSince;
                for (long now = idleSince; QUEUE.isEmpty() && now - idleSince < SPIN_NS; now = System.nanoTime()) {
                    Thread.onSpinWait();
                    if (now - yielded > SPIN_YIELD_NS) { // see SPIN_YIELD_NS
                        Thread.yield();
                        yielded = now;
                    }
                }
                claimSpinner();
            }
            if (!QUEUE.isEmpty()) continue;
            AWAKE.decrementAndGet();
            PARKED.offer(self);
            // A task offered between the check above and offer() would find no sleeper to wake: look again.
            if (QUEUE.isEmpty()) LockSupport.park(Workers.class);
            if (PARKED.remove(self)) AWAKE.incrementAndGet(); // else whoever polled it counted it awake
        }
    }
}
