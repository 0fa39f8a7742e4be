package dev.nagare.device;

import dev.nagare.device.cpu.CpuDeviceProvider;
import dev.nagare.device.cuda.CudaDeviceProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices of this machine, discovered once through the devices module's {@link DeviceProvider}s (the CPU, then
 * the CUDA GPUs). They are listed here rather than found through {@link java.util.ServiceLoader}, which opens every
 * jar of the class path to read its service files: some 20 to 40 ms of a program's start. A device of one's own
 * goes to a Session through {@code SessionOptions.withDevices}.
 */
public final class Devices {
    private static volatile Devices discovered;

    private final List<Device> devices;
    private final Map<String, String> unavailable;

    private Devices(List<Device> devices, Map<String, String> unavailable) {
        this.devices = List.copyOf(devices);
        this.unavailable = Map.copyOf(unavailable);
    }

    /** The devices every provider reports; computed on first use. */
    public static Devices discover() {
        Devices d = discovered;
        if (d == null) {
            synchronized (Devices.class) {
                d = discovered;
                if (d == null) {
                    List<Device> found = new ArrayList<>();
                    Map<String, String> why = new LinkedHashMap<>();
                    for (DeviceProvider p : new DeviceProvider[] {new CpuDeviceProvider(), new CudaDeviceProvider()}) {
                        List<Device> ds = p.devices();
                        // A node that asks for a missing device gets the reason in its placement error (the
                        // provider logs it too where that is worth a warning: a GPU whose libraries fail).
                        if (ds.isEmpty()) why.put(p.type(), p.unavailableReason());
                        found.addAll(ds);
                    }
                    discovered = d = new Devices(found, why);
                }
            }
        }
        return d;
    }

    public List<Device> all() { return devices; }

    /** Why devices of {@code type} are missing, or "" when none of that type was looked for. */
    public String unavailableReason(String type) { return unavailable.getOrDefault(type, ""); }
}
