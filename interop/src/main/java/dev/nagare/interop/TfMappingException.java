package dev.nagare.interop;

/**
 * The table of TensorFlow rules contradicts an op's entry: a hand-written rule beside a mapping the entry does not
 * mark as written by hand, or an entry that says so without a rule. Names the op; a programming error in the
 * ops or interop module, found when the table is built.
 */
public final class TfMappingException extends IllegalStateException {
    private final String op;

    TfMappingException(String op, String problem) {
        super("TensorFlow mapping of op " + op + ": " + problem);
        this.op = op;
    }

    /** The Nagare op whose rules contradict its entry. */
    public String op() { return op; }
}
