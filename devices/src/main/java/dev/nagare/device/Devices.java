package dev.nagare.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The devices of this machine, discovered once through {@link DeviceProvider}s. */
public final class Devices {
    private static volatile Devices discovered;

    private final List<Device> devices;
    private final Map<String, String> unavailable;

    private Devices(List<Device> devices, Map<String, String> unavailable) {
        this.devices = List.copyOf(devices);
        this.unavailable = Map.copyOf(unavailable);
    }

    private static final System.Logger LOG = System.getLogger("dev.nagare.device");

    /** The devices every provider on the class path reports; computed on first use. */
    public static Devices discover() {
        Devices d = discovered;
        if (d == null) {
            synchronized (Devices.class) {
                d = discovered;
                if (d == null) {
                    List<Device> found = new ArrayList<>();
                    Map<String, String> why = new LinkedHashMap<>();
                    for (DeviceProvider p : ServiceLoader.load(DeviceProvider.class)) {
                        List<Device> ds = p.devices();
                        if (ds.isEmpty()) {
                            why.put(p.type(), p.unavailableReason());
                            // Most machines have no GPU: say why at debug level, not on every program's stderr; a
                            // node that asks for the device gets the reason in its placement error.
                            LOG.log(System.Logger.Level.DEBUG, "no " + p.type() + " device: " + p.unavailableReason());
                        }
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
