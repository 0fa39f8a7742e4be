package dev.nagare.device.cuda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CudaLibrariesTest {
    @Test
    void theLoaderCacheTellsWhichSonamesTheLoaderCouldFind() {
        assumeTrue(Files.isReadable(Path.of("/etc/ld.so.cache")), "no readable /etc/ld.so.cache on this machine");
        byte[] cache = CudaLibraries.loaderCache();
        // Every glibc system's loader knows the C library; no system has a library by this made-up name.
        assertTrue(CudaLibraries.loaderMayFind("libc.so.6", cache));
        assertFalse(CudaLibraries.loaderMayFind("libnagare-no-such-library.so.7", cache));
    }
}
