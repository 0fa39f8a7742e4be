package dev.nagare.device.cuda;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds and opens the CUDA libraries at run time (the driver, cuBLAS, NVRTC) by their sonames, newest major
 * version first, in the folders where NVIDIA's packages, Debian's and container images put them. Nothing is
 * linked at build time: a machine without them just has no GPU device.
 *
 * <p>{@code -Dnagare.cuda.path=DIR1:DIR2} searches only those folders (a test points it at an empty folder to
 * see the CPU fallback); otherwise the folders below, then the dynamic loader's own search by bare name.
 */
@SuppressWarnings("restricted") // opening libraries is the point: the launcher enables native access
public final class CudaLibraries {
    private CudaLibraries() {}

    /** The property naming the only folders to search. */
    public static final String PATH_PROPERTY = "nagare.cuda.path";

    public static final List<String> DRIVER = List.of("libcuda.so.1");
    public static final List<String> CUBLAS = List.of("libcublas.so.13", "libcublas.so.12", "libcublas.so.11");
    public static final List<String> NVRTC = List.of("libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2");

    /** An opened library: its file (or soname, where the loader found it) and its symbols. */
    public record Library(String file, SymbolLookup symbols) {}

    /** The folders searched, in order (only those of {@link #PATH_PROPERTY} when it is set). */
    public static List<Path> folders() {
        String only = System.getProperty(PATH_PROPERTY, "");
        Set<Path> dirs = new LinkedHashSet<>();
        if (!only.isBlank()) {
            for (String d : only.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
            return List.copyOf(dirs);
        }
        for (String env : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            String home = System.getenv(env);
            if (home != null && !home.isBlank()) {
                dirs.add(Path.of(home, "targets/x86_64-linux/lib"));
                dirs.add(Path.of(home, "lib64"));
            }
        }
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) for (String d : ld.split(":")) if (!d.isBlank()) dirs.add(Path.of(d));
        dirs.add(Path.of("/usr/local/cuda/targets/x86_64-linux/lib"));
        dirs.add(Path.of("/usr/local/cuda/lib64"));
        dirs.addAll(versionedCudaHomes());
        dirs.add(Path.of("/usr/local/nvidia/lib64"));
        dirs.add(Path.of("/usr/local/nvidia/lib"));
        dirs.add(Path.of("/usr/lib/x86_64-linux-gnu"));
        dirs.add(Path.of("/usr/lib/wsl/lib"));
        dirs.add(Path.of("/usr/lib64"));
        dirs.add(Path.of("/lib/x86_64-linux-gnu"));
        dirs.addAll(ldconfigFolders());
        return List.copyOf(dirs);
    }

    /** /usr/local/cuda-13.0 and the like, newest name first. */
    private static List<Path> versionedCudaHomes() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/usr/local"))) {
            s.filter(p -> p.getFileName().toString().startsWith("cuda-")).sorted((a, b) -> b.compareTo(a)).forEach(p -> {
                out.add(p.resolve("targets/x86_64-linux/lib"));
                out.add(p.resolve("lib64"));
            });
        } catch (IOException | RuntimeException e) {
            // no /usr/local: nothing to add
        }
        return out;
    }

    /** The folders /etc/ld.so.conf.d names (where ldconfig looks; NVIDIA's container toolkit adds one). */
    private static List<Path> ldconfigFolders() {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/etc/ld.so.conf.d"))) {
            for (Path conf : s.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                for (String line : Files.readAllLines(conf)) {
                    String l = line.strip();
                    if (l.startsWith("/")) out.add(Path.of(l));
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable: the loader's own search still follows
        }
        return out;
    }

    /**
     * The first of {@code sonames} found in {@link #folders()} (each folder tried for every name, names in
     * order), else, unless {@link #PATH_PROPERTY} restricts the search, by the dynamic loader; empty when none opens.
     */
    public static Optional<Library> open(List<String> sonames) {
        List<Path> dirs = folders();
        for (String name : sonames) {
            for (Path dir : dirs) {
                Path f = dir.resolve(name);
                if (!Files.isRegularFile(f)) continue;
                try {
                    return Optional.of(new Library(f.toString(), SymbolLookup.libraryLookup(f, Arena.global())));
                } catch (IllegalArgumentException | IllegalStateException e) {
                    // a broken or foreign file: try the next
                }
            }
        }
        if (!System.getProperty(PATH_PROPERTY, "").isBlank()) return Optional.empty();
        byte[] cache = loaderCache();
        for (String name : sonames) {
            if (!loaderMayFind(name, cache)) continue;
            try {
                return Optional.of(new Library(name, SymbolLookup.libraryLookup(name, Arena.global())));
            } catch (IllegalArgumentException | IllegalStateException e) {
                // not on the loader's path either
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the dynamic loader could find {@code soname} by bare name beyond {@link #folders()}: it is named in
     * its cache (/etc/ld.so.cache holds every soname ldconfig saw as a plain string) or lies in one of its
     * default folders. Asking the loader itself starts the foreign-function machinery, which costs a process
     * without a GPU some 10-15 ms before its first result. {@code cache}: {@link #loaderCache()}; when it could not
     * be read (null), the loader is asked.
     */
    static boolean loaderMayFind(String soname, byte[] cache) {
        for (String dir : new String[] {"/lib", "/usr/lib", "/lib64", "/usr/lib64"}) {
            if (Files.exists(Path.of(dir, soname))) return true;
        }
        return cache == null || contains(cache, (soname + "\0").getBytes(StandardCharsets.US_ASCII));
    }

    /** The dynamic loader's cache, /etc/ld.so.cache, or null where it cannot be read. */
    static byte[] loaderCache() {
        try {
            return Files.readAllBytes(Path.of("/etc/ld.so.cache"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** "libcublas.so.13, libcublas.so.12 or libcublas.so.11": what a message says was missing. */
    public static String describe(List<String> sonames) {
        if (sonames.size() == 1) return sonames.get(0);
        return String.join(", ", sonames.subList(0, sonames.size() - 1)) + " or " + sonames.get(sonames.size() - 1);
    }
}
