package dev.nagare.device.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PTX of the kernel modules, compiled by NVRTC once per (source, architecture, NVRTC version) and kept in memory
 * and on disk, so that a process compiles a module at its first use and a later process not at all. A disk
 * entry is named by the SHA-256 of that triple: a changed kernel source, another GPU generation or another
 * NVRTC is a new file, never a stale one. Files are written under a temporary name and renamed, so a reader
 * never sees half of one; an unwritable folder only costs the recompilation.
 */
public final class KernelCache {
    /** The property naming the cache folder (default: ~/.cache/nagare/cuda). */
    public static final String DIR_PROPERTY = "nagare.cuda.cache";

    private final Nvrtc nvrtc;
    private final String arch;
    private final Path dir;
    private final Map<String, String> memory = new ConcurrentHashMap<>();
    private final AtomicInteger compilations = new AtomicInteger();

    public KernelCache(Nvrtc nvrtc, String arch, Path dir) {
        this.nvrtc = nvrtc;
        this.arch = arch;
        this.dir = dir;
    }

    /** The default folder: {@link #DIR_PROPERTY}, else ~/.cache/nagare/cuda. */
    public static Path defaultDir() {
        String d = System.getProperty(DIR_PROPERTY, "");
        return d.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "nagare", "cuda") : Path.of(d);
    }

    public String arch() { return arch; }

    /** How many modules this cache compiled (rather than found). */
    public int compilations() { return compilations.get(); }

    /** The key of a module's PTX: its source's hash, the architecture and the NVRTC version. */
    public static String key(String source, String arch, String nvrtcVersion) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(source.getBytes(StandardCharsets.UTF_8));
            sha.update((0 + "\0" + arch + "\0nvrtc " + nvrtcVersion).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    /** The PTX of {@code module}: from memory, from disk, or compiled now. */
    public String ptx(KernelSources.Module module) {
        String key = key(module.source(), arch, nvrtc.version());
        return memory.computeIfAbsent(key, k -> load(k, module));
    }

    private String load(String key, KernelSources.Module module) {
        Path file = dir.resolve(module.name() + "-" + arch + "-" + key.substring(0, 24) + ".ptx");
        try {
            if (Files.isRegularFile(file)) return Files.readString(file);
        } catch (IOException e) {
            // unreadable: compile it again
        }
        compilations.incrementAndGet();
        String ptx = nvrtc.compile(module.source(), module.name() + ".cu", arch);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, module.name(), ".tmp");
            Files.writeString(tmp, ptx);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // no disk cache here: the next process compiles again
        }
        return ptx;
    }
}
