package dev.nagare.bench;

import dev.nagare.device.cpu.Gemm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine a table was measured on, printed with every table: figures mean little without it. */
final class Machine {
    private Machine() {}

    /** E.g. "AMD EPYC, 2 cores; GEMM: 256-bit vectors (8 floats), 16 registers, tile 6x2, blocking ...; Java 25". */
    static String describe() {
        return String.format(Locale.ROOT, "Machine: %s, %d cores; GEMM: %s; Java %s", cpuModel(),
                Runtime.getRuntime().availableProcessors(), Gemm.describe(), Runtime.version());
    }

    /** The "model name" of /proc/cpuinfo (Linux), else the OS's architecture name. */
    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or hidden: fall through
        }
        return System.getProperty("os.arch");
    }
}
