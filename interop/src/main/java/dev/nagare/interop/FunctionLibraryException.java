package dev.nagare.interop;

import java.nio.file.Path;

/**
 * A model whose function library Nagare cannot inline: a call to a function the library lacks, a function
 * that calls itself, a call whose inputs or outputs do not match the function's signature, an attr
 * placeholder the call does not bind, or a library that expands beyond the import's budget. Names the
 * function and the calling node.
 */
public class FunctionLibraryException extends ModelFormatException {
    /** What is wrong. */
    public enum Kind {
        /** A call names a function the library does not define. */
        MISSING_FUNCTION(false),
        /** A function calls itself, directly or through others. */
        RECURSION(true),
        /** A call's inputs or outputs do not match the function's signature (or its ret map). */
        ARITY(false),
        /** A body attr refers to an attr placeholder the call does not bind. */
        ATTR_PLACEHOLDER(false),
        /** The body refers to a node or input it does not have. */
        BAD_BODY(false),
        /** A signature form Nagare does not inline (list-valued arguments). */
        UNSUPPORTED(true),
        /** Nesting deeper, or expanding to more nodes, than the import allows. */
        BUDGET(true);

        private final boolean unsupported;

        Kind(boolean unsupported) { this.unsupported = unsupported; }

        /** True when the library is well formed but Nagare does not run it. */
        public boolean unsupported() { return unsupported; }
    }

    private final Kind kind;
    private final String function;
    private final String node;

    public FunctionLibraryException(Path file, Kind kind, String function, String node, String problem) {
        super(file, problem);
        this.kind = kind;
        this.function = function;
        this.node = node;
    }

    public Kind kind() { return kind; }

    /** The function the problem concerns. */
    public String function() { return function; }

    /** The node that calls it (its name after inlining, {@code outerCall/innerCall} for nested calls). */
    public String node() { return node; }
}
