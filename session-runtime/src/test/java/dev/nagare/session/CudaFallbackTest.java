package dev.nagare.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.device.Device;
import dev.nagare.device.cpu.CpuDevice;
import dev.nagare.device.cuda.CudaDeviceProvider;
import dev.nagare.device.cuda.CudaLibraries;
import dev.nagare.graph.Graph;
import dev.nagare.graph.Output;
import dev.nagare.ops.Tf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the CUDA libraries are missing (the loader pointed at an empty folder), the CUDA provider reports no
 * GPU, gives the reason naming the library and the folder, logs nothing (no driver is the usual case, not worth
 * the logging back end's start-up cost; a GPU whose libraries fail gets a WARNING), and a graph that asks for
 * {@code /gpu:0} runs on the CPU under soft placement.
 */
class CudaFallbackTest {
    @Test
    void missingLibrariesAreSaidOnceAndTheGraphRunsOnTheCpu(@TempDir Path empty) {
        Logger log = Logger.getLogger("dev.nagare.device.cuda");
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override public void publish(LogRecord r) { records.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Level before = log.getLevel();
        log.setLevel(Level.ALL);
        log.addHandler(capture);
        String old = System.getProperty(CudaLibraries.PATH_PROPERTY);
        System.setProperty(CudaLibraries.PATH_PROPERTY, empty.toString());
        CudaDeviceProvider provider;
        try {
            assertTrue(CudaLibraries.open(CudaLibraries.NVRTC).isEmpty(), "the property restricts the search to its folders");
            provider = new CudaDeviceProvider();
        } finally {
            if (old == null) System.clearProperty(CudaLibraries.PATH_PROPERTY); else System.setProperty(CudaLibraries.PATH_PROPERTY, old);
            log.removeHandler(capture);
            log.setLevel(before);
        }
        assertEquals(List.of(), provider.devices());
        String why = provider.unavailableReason();
        assertTrue(why.contains("libcuda.so.1") && why.contains(empty.toString()) && why.contains("staying on the CPU"), why);
        assertEquals(List.of(), records.stream().map(LogRecord::getMessage).toList(), "no driver: nothing logged");

        Graph g = new Graph();
        Tf tf = Tf.of(g);
        Output sum = tf.withDevice("/gpu:0").add(tf.constant(new float[] {1, 2}), tf.constant(new float[] {10, 20}));
        List<Device> devices = new ArrayList<>(List.of(new CpuDevice()));
        devices.addAll(provider.devices());
        List<String> placed = new ArrayList<>();
        try (Session s = new Session(g, SessionOptions.defaults().withDevices(devices).withSoftPlacement(true).withPlacementLog(placed::add))) {
            assertArrayEquals(new float[] {11, 22}, s.runner().fetch(sum).run().get(0).floatData());
        }
        assertTrue(placed.stream().anyMatch(p -> p.contains("AddV2") && p.endsWith("/device:CPU:0")), placed.toString());
    }
}
