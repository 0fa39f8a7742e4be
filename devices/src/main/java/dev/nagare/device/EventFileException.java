package dev.nagare.device;

import dev.nagare.graph.Node;
import java.nio.file.Path;

/** A summary writer op could not make, write or flush its event file; names the node and the path. */
public final class EventFileException extends KernelException {
    private final transient Path path;

    /** {@code problem} says what failed, naming {@code path} and why. */
    public EventFileException(Node node, Path path, String problem, Throwable cause) {
        super(node, problem, cause);
        this.path = path;
    }

    /** Why an I/O operation on {@code path} failed, in words: the file system's reason where it gives one. */
    public static String reason(Path path, Throwable e) {
        if (e instanceof java.nio.file.FileAlreadyExistsException && java.nio.file.Files.isRegularFile(path)) return "a file is in the way";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** The directory or file it failed on. */
    public Path path() { return path; }
}
