package dev.nagare.device.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data caches of one core, read once from Linux's {@code /sys/devices/system/cpu/cpu0/cache}; where
 * that is missing (another OS, a container hiding it) the sizes of a common x86 core stand in. The GEMM's
 * blocking is derived from them (see {@link GemmVector}); they only change speed, never results.
 *
 * @param l1d first-level data cache, bytes
 * @param l2 second-level cache, bytes
 * @param l3 last-level cache, bytes (shared by {@code l3Sharers} cores), 0 when there is none
 * @param l3Sharers cores sharing the last-level cache
 * @param fromSystem whether the sizes were read from the system (else defaults)
 */
record CacheSizes(long l1d, long l2, long l3, int l3Sharers, boolean fromSystem) {

    /** Stand-ins where the system tells nothing: 32 KiB, 512 KiB, 8 MiB for 4 cores. */
    static final CacheSizes DEFAULT = new CacheSizes(32 << 10, 512 << 10, 8 << 20, 4, false);

    /** This machine's, read once. */
    static final CacheSizes MACHINE = read(Path.of("/sys/devices/system/cpu/cpu0/cache"));

    /** Reads the {@code index*} folders under {@code dir}; anything unreadable leaves that level's default. */
    static CacheSizes read(Path dir) {
        long l1 = 0, l2 = 0, l3 = 0;
        int sharers = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) continue;
            try {
                String type = Files.readString(index.resolve("type")).trim();
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                long size = parseSize(Files.readString(index.resolve("size")));
                if (type.equals("Instruction") || size <= 0) continue;
                if (level == 1) l1 = size;
                else if (level == 2) l2 = size;
                else if (level == 3) {
                    l3 = size;
                    sharers = countCpus(Files.readString(index.resolve("shared_cpu_list")));
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable or odd entry: that level keeps its default
            }
        }
        boolean any = l1 > 0 || l2 > 0;
        return new CacheSizes(l1 > 0 ? l1 : DEFAULT.l1d, l2 > 0 ? l2 : DEFAULT.l2, l3 > 0 ? l3 : (any ? 0 : DEFAULT.l3),
                Math.max(1, l3 > 0 ? sharers : DEFAULT.l3Sharers), any);
    }

    /** "32K", "512K", "32768K", "1M" or a plain number of bytes. */
    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) unit = 1L << 10;
        else if (t.endsWith("M")) unit = 1L << 20;
        else if (t.endsWith("G")) unit = 1L << 30;
        if (unit > 1) t = t.substring(0, t.length() - 1);
        return Long.parseLong(t) * unit;
    }

    /** "0-1", "0,2,4-7": how many CPUs the list names. */
    static int countCpus(String list) {
        int count = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return count;
    }

    @Override public String toString() {
        return String.format(Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 %d KiB%s", l1d >> 10, l2 >> 10, l3 >> 10,
                fromSystem ? "" : " (defaults: the system does not say)");
    }
}
