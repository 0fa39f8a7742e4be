package dev.nagare.interop;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file could not be read: it is truncated or corrupted, declares absurd sizes, points outside its
 * directory, or describes a graph that does not hold together. The message names the file and the problem.
 */
public class ModelFormatException extends IOException {
    private final transient Path file;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that was being read. */
    public Path file() { return file; }
}
