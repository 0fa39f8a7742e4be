package dev.nagare.session;

/** A node asks for a device this Session does not have, or its device has no kernel for it. */
public class PlacementException extends SessionException {
    public PlacementException(String message) { super(message); }
}
