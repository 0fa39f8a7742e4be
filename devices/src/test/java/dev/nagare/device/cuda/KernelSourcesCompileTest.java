package dev.nagare.device.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every GPU kernel source compiles with NVRTC, through Nagare's own FFM binding (the path the GPU device takes
 * at run time), for the A100's and the H100/H200's virtual architectures, and its PTX defines each entry point
 * the device launches by name. Needs no GPU and no driver: {@code ./nagare test} installs Debian's NVRTC
 * (libnvrtc11.2, NVRTC 11.8) first; elsewhere, without an NVRTC, the test is skipped and says so.
 */
class KernelSourcesCompileTest {
    private static Nvrtc nvrtc;

    @BeforeAll
    static void loadNvrtc() {
        Optional<Nvrtc> n = Nvrtc.load();
        if (n.isEmpty()) {
            System.err.println("KernelSourcesCompileTest: SKIPPED: no NVRTC (" + CudaLibraries.describe(CudaLibraries.NVRTC)
                    + ") could be loaded; ./nagare test installs Debian's libnvrtc11.2");
        }
        Assumptions.assumeTrue(n.isPresent(), "no NVRTC could be loaded");
        nvrtc = n.get();
    }

    @Test
    void everyModuleCompilesForSm80AndSm90WithEveryEntry(@TempDir Path cacheDir) {
        List<String> failures = new ArrayList<>();
        int entries = 0;
        for (String arch : List.of("compute_80", "compute_90")) {
            KernelCache cache = new KernelCache(nvrtc, arch, cacheDir);
            for (KernelSources.Module m : KernelSources.all()) {
                String ptx = cache.ptx(m);
                assertTrue(ptx.contains(".target sm_" + arch.substring(8)), m.name() + ": PTX for " + arch + " names another target");
                for (String e : m.entries()) {
                    entries++;
                    if (!ptx.contains(".entry " + e + "(")) failures.add(m.name() + " (" + arch + "): no entry " + e);
                }
            }
            assertEquals(KernelSources.all().size(), cache.compilations(), "each module compiled once for " + arch);
        }
        assertEquals(List.of(), failures);
        assertTrue(entries > 300, "the modules define the GPU's kernels: " + entries + " entries");
    }

    @Test
    void theDiskCacheServesALaterProcessWithoutCompiling(@TempDir Path cacheDir) throws Exception {
        KernelSources.Module m = KernelSources.module("cast_i32");
        String first = new KernelCache(nvrtc, "compute_80", cacheDir).ptx(m);
        KernelCache later = new KernelCache(nvrtc, "compute_80", cacheDir);
        assertEquals(first, later.ptx(m));
        assertEquals(0, later.compilations(), "the second cache read the PTX from disk");
        try (var files = Files.list(cacheDir)) {
            assertEquals(1, files.filter(p -> p.toString().endsWith(".ptx")).count());
        }
        // Another architecture is another key: compiled, not taken from the sm_80 file.
        KernelCache sm90 = new KernelCache(nvrtc, "compute_90", cacheDir);
        assertTrue(sm90.ptx(m).contains(".target sm_90"));
        assertEquals(1, sm90.compilations());
        assertFalse(KernelCache.key(m.source(), "compute_80", "11.8").equals(KernelCache.key(m.source(), "compute_80", "13.0")),
                "the NVRTC version is part of the key");
    }

    @Test
    void aCompileErrorNamesTheCallTheProgramAndTheLog() {
        CudaException e = assertThrows(CudaException.class,
                () -> nvrtc.compile("extern \"C\" __global__ void k(float* o) { o[0] = undefined_thing; }", "broken.cu", "compute_80"));
        assertEquals("nvrtcCompileProgram", e.call());
        assertTrue(e.getMessage().contains("NVRTC_ERROR_COMPILATION"), e.getMessage());
        assertTrue(e.getMessage().contains("broken.cu") && e.getMessage().contains("undefined_thing"), e.getMessage());
    }

    /** A second opinion where the CUDA toolkit's nvcc is installed: one module's source compiles there too. */
    @Test
    void nvccAgreesOnTheNnModule(@TempDir Path dir) throws Exception {
        Path nvcc = Path.of("/usr/local/cuda/bin/nvcc");
        Assumptions.assumeTrue(Files.isExecutable(nvcc), "no nvcc at " + nvcc);
        KernelSources.Module m = KernelSources.module("nn_f32");
        Path src = Files.writeString(dir.resolve("nn_f32.cu"), m.source());
        Path out = dir.resolve("nn_f32.ptx");
        Process p = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=compute_90", "-o", out.toString(), src.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "nvcc finished");
        assertEquals(0, p.exitValue(), "nvcc failed: " + log);
        String ptx = Files.readString(out);
        for (String e : m.entries()) assertTrue(ptx.contains(".entry " + e + "("), "nvcc's PTX has " + e);
    }
}
