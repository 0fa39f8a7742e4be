package dev.nagare.interop;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tensor bundle (a TensorFlow checkpoint's {@code .index} and {@code .data-*} files) that cannot be
 * read: truncated, corrupted, inconsistent, or using a feature Nagare does not read. The message names
 * the file and the problem.
 */
public final class BundleFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public BundleFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    /** The file at fault. */
    public Path file() { return file; }

    /** What is wrong with it, without the file name. */
    public String problem() { return problem; }
}
