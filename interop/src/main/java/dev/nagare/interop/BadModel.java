package dev.nagare.interop;

/**
 * A problem found deep inside a model while converting it, before the file it came from is known to the
 * code that found it. The importers catch it and rethrow it as a {@link ModelFormatException} (or an
 * {@link UnsupportedModelException} when {@link #unsupported}, or a {@link FunctionLibraryException} when
 * it concerns a function of the library) naming the file.
 */
final class BadModel extends RuntimeException {
    private final boolean unsupported;
    private final FunctionLibraryException.Kind kind;   // null unless a function library problem
    private final String function, node;

    private BadModel(String message, boolean unsupported, FunctionLibraryException.Kind kind, String function, String node) {
        super(message, null, false, false);
        this.unsupported = unsupported;
        this.kind = kind;
        this.function = function;
        this.node = node;
    }

    /** The file is malformed or inconsistent. */
    static BadModel bad(String message) { return new BadModel(message, false, null, null, null); }

    /** The file is well formed but uses something Nagare cannot run. */
    static BadModel unsupported(String message) { return new BadModel(message, true, null, null, null); }

    /** A problem with function {@code function} as node {@code node} calls it. */
    static BadModel function(FunctionLibraryException.Kind kind, String function, String node, String message) {
        return new BadModel("node '" + node + "' calling function '" + function + "': " + message, kind.unsupported(), kind, function, node);
    }

    boolean unsupported() { return unsupported; }

    FunctionLibraryException.Kind kind() { return kind; }

    String function() { return function; }

    String node() { return node; }

    /** The same problem, prefixed with where it was found. */
    BadModel at(String where) { return new BadModel(where + ": " + getMessage(), unsupported, kind, function, node); }
}
