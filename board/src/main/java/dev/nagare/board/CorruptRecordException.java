package dev.nagare.board;

import java.io.IOException;

/** A TFRecord file whose bytes do not match their CRCs, or that ends inside a record. */
public final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    CorruptRecordException(String file, long offset, String problem) {
        super(file + ": " + problem + " in the record at byte " + offset);
        this.offset = offset;
    }

    /** Where the bad record starts in the file. */
    public long offset() { return offset; }
}
