package dev.nagare.device;

import dev.nagare.graph.Node;
import dev.nagare.graph.TensorValue;

/**
 * The variables of one Session as one run sees them. Writes are staged: the Session makes them visible to
 * other runs only when the whole run succeeds, after the work that writes the values is done. A kernel calls
 * these when it is called, in the run's order of accesses, even where its device does the work later: a value
 * it writes may be one whose data is not yet ready (see {@link Device#ready}).
 */
public interface VariableState {
    /** The variable's current value; fails naming the variable when it was never initialized. */
    TensorValue read(Node variable);

    void write(Node variable, TensorValue value);

    /**
     * How many times this Session has run the random node {@code node} before: the draw number that, with
     * the node's seeds, picks the numbers it draws now.
     */
    long nextDraw(Node node);
}
