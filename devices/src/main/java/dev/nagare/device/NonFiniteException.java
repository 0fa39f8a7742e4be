package dev.nagare.device;

import dev.nagare.graph.Node;

/**
 * A CheckNumerics node saw NaN or infinite values: names the node and carries its message, as TensorFlow's
 * InvalidArgumentError does ("message : Tensor had NaN values").
 */
public final class NonFiniteException extends KernelException {
    private final boolean nan, inf;

    public NonFiniteException(Node node, String message, boolean nan, boolean inf) {
        super(node, message + " : Tensor had " + (nan && inf ? "NaN and Inf" : nan ? "NaN" : "Inf") + " values");
        this.nan = nan;
        this.inf = inf;
    }

    /** Whether the tensor held a NaN. */
    public boolean hadNaN() { return nan; }

    /** Whether the tensor held an infinity. */
    public boolean hadInf() { return inf; }
}
