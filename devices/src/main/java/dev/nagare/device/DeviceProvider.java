package dev.nagare.device;

import java.util.List;

/**
 * One of the devices module's providers, which {@link Devices} lists: reports the devices of one kind on this machine, or none
 * (saying why through {@link #unavailableReason()}) where their libraries or hardware are missing.
 */
public interface DeviceProvider {
    /** The device type this provider makes, such as {@code CPU} or {@code GPU}. */
    String type();

    List<Device> devices();

    /** Why {@link #devices()} is empty, for the message a user sees; empty when devices exist. */
    default String unavailableReason() { return ""; }
}
