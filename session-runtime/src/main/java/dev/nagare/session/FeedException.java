package dev.nagare.session;

/** A feed or fetch names something that is not in the graph, has the wrong dtype or shape, or is missing. */
public class FeedException extends SessionException {
    public FeedException(String message) { super(message); }
}
