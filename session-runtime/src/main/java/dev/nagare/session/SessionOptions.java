package dev.nagare.session;

import dev.nagare.device.Device;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How a Session places and runs nodes. Immutable; each {@code with...} returns a changed copy.
 *
 * @param softPlacement   run a node on the CPU when its requested device, or a kernel for it there, is missing
 * @param placementLog    receives one line per node saying where it was placed, or null for no log
 * @param devices         the devices to use, or null for those the machine has
 * @param interOpParallelism run independent nodes at the same time on {@link dev.nagare.device.Workers}'s
 *                        threads (on by default); off, a run computes its nodes one by one in graph order
 * @param maxCachedPlans  how many (feeds, fetches, targets) signatures keep their plan; beyond it the least
 *                        recently used are planned again when next run (a plan with its buffers can weigh
 *                        tens of KiB to megabytes, so an unbounded cache grows with every new signature)
 * @param runTimeout      how long one run may take before it stops with {@link DeadlineExceededException}
 *                        (checked between steps and loop iterations), or null for no limit; as TensorFlow's
 *                        operation_timeout_in_ms, the guard against a loop that never ends in an imported graph
 */
public record SessionOptions(boolean softPlacement, Consumer<String> placementLog, List<Device> devices,
                             boolean interOpParallelism, int maxCachedPlans, Duration runTimeout) {
    /** The default bound on cached plans: far more signatures than a program runs in a loop. */
    public static final int DEFAULT_MAX_CACHED_PLANS = 256;

    public SessionOptions {
        if (maxCachedPlans < 1) throw new IllegalArgumentException("maxCachedPlans must be at least 1, got " + maxCachedPlans);
        if (runTimeout != null && (runTimeout.isNegative() || runTimeout.isZero())) {
            throw new IllegalArgumentException("runTimeout must be positive, got " + runTimeout);
        }
    }

    /** No soft placement, no log, the machine's devices; inter-op parallelism on unless {@code -Dnagare.interOp=false}. */
    public static SessionOptions defaults() {
        return new SessionOptions(false, null, null, !"false".equalsIgnoreCase(System.getProperty("nagare.interOp")),
                DEFAULT_MAX_CACHED_PLANS, null);
    }

    public SessionOptions withSoftPlacement(boolean on) {
        return new SessionOptions(on, placementLog, devices, interOpParallelism, maxCachedPlans, runTimeout);
    }

    /** Logs each node's placement to standard error, as TensorFlow's log_device_placement does. */
    public SessionOptions withPlacementLog(boolean on) {
        return withPlacementLog(on ? line -> System.err.println(line) : null);
    }

    public SessionOptions withPlacementLog(Consumer<String> log) {
        return new SessionOptions(softPlacement, log, devices, interOpParallelism, maxCachedPlans, runTimeout);
    }

    public SessionOptions withDevices(List<Device> list) {
        return new SessionOptions(softPlacement, placementLog, List.copyOf(list), interOpParallelism, maxCachedPlans, runTimeout);
    }

    public SessionOptions withInterOpParallelism(boolean on) {
        return new SessionOptions(softPlacement, placementLog, devices, on, maxCachedPlans, runTimeout);
    }

    /** Every run of the Session stops with {@link DeadlineExceededException} once it has taken longer than {@code timeout}. */
    public SessionOptions withRunTimeout(Duration timeout) {
        return new SessionOptions(softPlacement, placementLog, devices, interOpParallelism, maxCachedPlans, timeout);
    }

    public SessionOptions withMaxCachedPlans(int max) {
        return new SessionOptions(softPlacement, placementLog, devices, interOpParallelism, max, runTimeout);
    }
}
