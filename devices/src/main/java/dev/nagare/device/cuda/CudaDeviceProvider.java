package dev.nagare.device.cuda;

import dev.nagare.device.Device;
import dev.nagare.device.DeviceProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reports the NVIDIA GPUs as {@code /device:GPU:n} when the CUDA driver, cuBLAS and NVRTC all load and the
 * driver sees a GPU. Otherwise it reports none and says once, in one log line, what was missing (the library
 * and the folders searched, or the driver's error); Nagare then stays on the CPU, and a node that asks for
 * {@code /gpu:0} gets that reason in its placement error (or runs on the CPU under soft placement). The line is
 * a WARNING where the driver and a GPU are there but a library is missing or fails; where there is no GPU at
 * all (most machines) or the driver finds none, nothing is logged (the reason is still in
 * {@link #unavailableReason()} and in placement errors): finding the logging back end reads every jar of the
 * class path, some 20 ms of a program's start.
 */
public final class CudaDeviceProvider implements DeviceProvider {
    /** The logger, looked up only when there is something to warn about (see the class comment). */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("dev.nagare.device.cuda");
    }

    private final List<Device> devices;
    private final String reason;

    public CudaDeviceProvider() {
        List<Device> found = new ArrayList<>();
        String why;
        boolean gpuThere = false;
        Optional<CudaDriver> driver = CudaDriver.load();
        if (driver.isEmpty()) {
            why = CudaDriver.LIBRARY + " not found (no NVIDIA driver) in " + searched() + "; staying on the CPU";
        } else {
            try {
                int count = driver.get().deviceCount();
                gpuThere = count > 0;
                Optional<Cublas> cublas = gpuThere ? Cublas.load() : Optional.empty();
                Optional<Nvrtc> nvrtc = gpuThere ? Nvrtc.load() : Optional.empty();
                if (count == 0) {
                    why = "the CUDA driver (" + driver.get().file() + ") reports no GPU; staying on the CPU";
                } else if (cublas.isEmpty()) {
                    why = count + " GPU(s) found, but cuBLAS (" + CudaLibraries.describe(CudaLibraries.CUBLAS) + ") is not in " + searched() + "; staying on the CPU";
                } else if (nvrtc.isEmpty()) {
                    why = count + " GPU(s) found, but NVRTC (" + CudaLibraries.describe(CudaLibraries.NVRTC) + ") is not in " + searched() + "; staying on the CPU";
                } else {
                    for (int i = 0; i < count; i++) {
                        CudaDevice d = new CudaDevice(new CudaDevice.Gpu(driver.get(), cublas.get(), nvrtc.get(), i));
                        d.describe();
                        found.add(d);
                    }
                    why = "";
                }
            } catch (CudaException | IllegalStateException e) {
                why = "the CUDA driver (" + driver.get().file() + ") failed: " + e.getMessage() + "; staying on the CPU";
                found.clear();
            }
        }
        if (found.isEmpty() && gpuThere) Log.LOG.log(System.Logger.Level.WARNING, "no GPU device: " + why);
        this.devices = List.copyOf(found);
        this.reason = why;
    }

    private static String searched() {
        String only = System.getProperty(CudaLibraries.PATH_PROPERTY, "");
        return only.isBlank() ? "the CUDA, NVIDIA and system library folders" : only + " (-D" + CudaLibraries.PATH_PROPERTY + ")";
    }

    @Override public String type() { return "GPU"; }

    @Override public List<Device> devices() { return devices; }

    @Override public String unavailableReason() { return reason; }
}
