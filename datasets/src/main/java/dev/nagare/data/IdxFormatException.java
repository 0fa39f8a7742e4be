package dev.nagare.data;

import java.io.IOException;
import java.util.Objects;

/**
 * A file (or stream) is not a valid IDX file of the kind that was asked for. The message always starts
 * with the file's name followed by the problem, e.g.
 * {@code "data/train-images-idx3-ubyte.gz: truncated data: expected 47040000 bytes of pixels ..., found 1000"}.
 * {@link #kind()} tells the problem apart without parsing the message.
 */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the input. */
    public enum Kind {
        /** The 4-byte magic number is not an IDX magic number, or not the one expected. */
        BAD_MAGIC,
        /** The magic number is IDX but names an element type other than unsigned byte (0x08). */
        BAD_ELEMENT_TYPE,
        /** The magic number is IDX but names the wrong number of dimensions. */
        BAD_DIMENSION_COUNT,
        /** A dimension is zero where it must not be. */
        BAD_DIMENSION,
        /** The dimensions' product is larger than the reader's limit (or than an int). */
        TOO_LARGE,
        /** The header or the data ends before the header says it should. */
        TRUNCATED,
        /** More data follows what the header declares. */
        TRAILING_DATA,
        /** The gzip stream is damaged (bad header, bad deflate data, bad checksum). */
        BAD_GZIP,
        /** An images file and its labels file disagree on the number of items. */
        COUNT_MISMATCH,
        /** A label is outside the allowed range (0..9 for MNIST). */
        BAD_LABEL
    }

    private final String file;
    private final Kind kind;

    public IdxFormatException(String file, Kind kind, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public IdxFormatException(String file, Kind kind, String problem, Throwable cause) {
        this(file, kind, problem);
        initCause(cause);
    }

    /** The name of the file (or stream) at fault, as given to the reader. */
    public String file() {
        return file;
    }

    public Kind kind() {
        return kind;
    }
}
