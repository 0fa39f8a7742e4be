package dev.nagare.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A checkpoint that does not fit the graph it is restored into: variables it lacks, or holds with another
 * dtype or shape. Thrown before any variable is changed.
 */
public final class CheckpointMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> mismatched;

    CheckpointMismatchException(Path prefix, List<String> missing, List<String> mismatched) {
        super(message(prefix, missing, mismatched));
        this.missing = List.copyOf(missing);
        this.mismatched = List.copyOf(mismatched);
    }

    /** Names of the graph's variables that the checkpoint does not hold. */
    public List<String> missing() { return missing; }

    /** One line per variable whose stored dtype or shape does not fit, naming both. */
    public List<String> mismatched() { return mismatched; }

    private static String message(Path prefix, List<String> missing, List<String> mismatched) {
        StringBuilder sb = new StringBuilder("Cannot restore from checkpoint ").append(prefix).append(':');
        if (!missing.isEmpty()) sb.append(" variables missing from the checkpoint: ").append(String.join(", ", missing)).append('.');
        if (!mismatched.isEmpty()) sb.append(" dtype or shape mismatch: ").append(String.join("; ", mismatched)).append('.');
        return sb.append(" No variable was changed.").toString();
    }
}
