package dev.nagare.session;

import dev.nagare.device.Device;
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
 */
public record SessionOptions(boolean softPlacement, Consumer<String> placementLog, List<Device> devices,
                             boolean interOpParallelism) {
    /** No soft placement, no log, the machine's devices; inter-op parallelism on unless {@code -Dnagare.interOp=false}. */
    public static SessionOptions defaults() {
        return new SessionOptions(false, null, null, !"false".equalsIgnoreCase(System.getProperty("nagare.interOp")));
    }

    public SessionOptions withSoftPlacement(boolean on) { return new SessionOptions(on, placementLog, devices, interOpParallelism); }

    /** Logs each node's placement to standard error, as TensorFlow's log_device_placement does. */
    public SessionOptions withPlacementLog(boolean on) {
        return withPlacementLog(on ? line -> System.err.println(line) : null);
    }

    public SessionOptions withPlacementLog(Consumer<String> log) { return new SessionOptions(softPlacement, log, devices, interOpParallelism); }

    public SessionOptions withDevices(List<Device> list) {
        return new SessionOptions(softPlacement, placementLog, List.copyOf(list), interOpParallelism);
    }

    public SessionOptions withInterOpParallelism(boolean on) { return new SessionOptions(softPlacement, placementLog, devices, on); }
}
