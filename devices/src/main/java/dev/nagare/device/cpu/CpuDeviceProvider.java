package dev.nagare.device.cpu;

import dev.nagare.device.Device;
import dev.nagare.device.DeviceProvider;
import java.util.List;

/** Reports the one CPU device: every machine has it. */
public final class CpuDeviceProvider implements DeviceProvider {
    @Override public String type() { return "CPU"; }

    @Override public List<Device> devices() { return List.of(new CpuDevice()); }
}
