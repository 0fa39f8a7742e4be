package dev.nagare.session;

/** A Session could not do what was asked; the message names the node, placeholder or variable involved. */
public class SessionException extends RuntimeException {
    public SessionException(String message) { super(message); }

    public SessionException(String message, Throwable cause) { super(message, cause); }
}
