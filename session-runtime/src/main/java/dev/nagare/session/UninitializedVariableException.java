package dev.nagare.session;

/** A run read a variable that was never given a value in this Session. */
public class UninitializedVariableException extends SessionException {
    public UninitializedVariableException(String message) { super(message); }
}
