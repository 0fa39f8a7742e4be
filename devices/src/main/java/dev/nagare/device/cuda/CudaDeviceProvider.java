package dev.nagare.device.cuda;

import dev.nagare.device.Device;
import dev.nagare.device.DeviceProvider;
import java.util.List;

/**
 * Looks for NVIDIA GPUs through the CUDA driver. Reports none, with the reason, where the driver library or
 * a GPU is missing, so that Nagare stays on the CPU and a request for {@code /gpu:0} fails saying why. The
 * GPU device itself (buffers, NVRTC kernels, cuBLAS) is not implemented yet: found GPUs are reported as
 * unused, never half-supported.
 */
public final class CudaDeviceProvider implements DeviceProvider {
    private final String reason;

    public CudaDeviceProvider() { this.reason = probe(); }

    private static String probe() {
        return CudaDriver.load().map(driver -> {
            try {
                int count = driver.deviceCount();
                return count == 0 ? "the CUDA driver reports no GPU"
                        : count + " GPU(s) found, but Nagare's CUDA device is not implemented yet; running on the CPU";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        }).orElse(CudaDriver.LIBRARY + " could not be loaded (no NVIDIA driver on this machine)");
    }

    @Override public String type() { return "GPU"; }

    @Override public List<Device> devices() { return List.of(); }

    @Override public String unavailableReason() { return reason; }
}
