package dev.nagare.interop;

/**
 * A graph or signature cannot be exported as asked: an op without a TensorFlow equivalent, a placeholder
 * that no signature input feeds, an uninitialized variable. Thrown before anything is written.
 */
public class ExportException extends IllegalArgumentException {
    public ExportException(String message) { super(message); }

    public ExportException(String message, Throwable cause) { super(message, cause); }
}
