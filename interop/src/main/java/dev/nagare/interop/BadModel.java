package dev.nagare.interop;

/**
 * A problem found deep inside a model while converting it, before the file it came from is known to the
 * code that found it. The importers catch it and rethrow it as a {@link ModelFormatException} (or an
 * {@link UnsupportedModelException} when {@link #unsupported}) naming the file.
 */
final class BadModel extends RuntimeException {
    private final boolean unsupported;

    private BadModel(String message, boolean unsupported) {
        super(message, null, false, false);
        this.unsupported = unsupported;
    }

    /** The file is malformed or inconsistent. */
    static BadModel bad(String message) { return new BadModel(message, false); }

    /** The file is well formed but uses something Nagare cannot run. */
    static BadModel unsupported(String message) { return new BadModel(message, true); }

    boolean unsupported() { return unsupported; }

    /** The same problem, prefixed with where it was found. */
    BadModel at(String where) { return new BadModel(where + ": " + getMessage(), unsupported); }
}
