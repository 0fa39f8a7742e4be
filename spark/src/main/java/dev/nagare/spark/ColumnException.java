package dev.nagare.spark;

/**
 * A Dataset column does not fit the model: missing, of the wrong type, or a row of the wrong width or null.
 * The message names the column, and the row where one row is at fault.
 */
public class ColumnException extends IllegalArgumentException {
    private final String column;

    public ColumnException(String column, String message) {
        super(message);
        this.column = column;
    }

    /** The column at fault. */
    public String column() { return column; }
}
