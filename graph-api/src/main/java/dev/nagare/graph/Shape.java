package dev.nagare.graph;

import java.util.Arrays;

/**
 * A static tensor shape: a known or unknown rank, and per dimension a size or {@link #UNKNOWN}.
 * Immutable. Runtime tensors always have fully known shapes; placeholders and inferred outputs may not.
 */
public final class Shape {
    /** The size of a dimension that is not known until run time. */
    public static final int UNKNOWN = -1;

    private static final Shape UNKNOWN_RANK = new Shape(null);
    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims; // null: unknown rank

    private Shape(int[] dims) { this.dims = dims; }

    /** A shape with the given dimension sizes; -1 marks an unknown dimension. */
    public static Shape of(int... dims) {
        if (dims.length == 0) return SCALAR;
        for (int d : dims) {
            if (d < UNKNOWN) throw new IllegalArgumentException("Dimension sizes must be >= 0 or -1 (unknown), got " + Arrays.toString(dims));
        }
        return new Shape(dims.clone());
    }

    public static Shape scalar() { return SCALAR; }

    public static Shape unknownRank() { return UNKNOWN_RANK; }

    /** A shape of the given rank with every dimension unknown. */
    public static Shape unknownDims(int rank) {
        int[] d = new int[rank];
        Arrays.fill(d, UNKNOWN);
        return new Shape(d);
    }

    public boolean hasRank() { return dims != null; }

    public int rank() {
        if (dims == null) throw new IllegalStateException("rank of a shape of unknown rank");
        return dims.length;
    }

    public int dim(int i) {
        if (dims == null) throw new IllegalStateException("dimension of a shape of unknown rank");
        return dims[i < 0 ? dims.length + i : i];
    }

    /** A copy of the dimension sizes. */
    public int[] dims() {
        if (dims == null) throw new IllegalStateException("dimensions of a shape of unknown rank");
        return dims.clone();
    }

    public boolean isFullyDefined() {
        if (dims == null) return false;
        for (int d : dims) if (d == UNKNOWN) return false;
        return true;
    }

    /** The number of elements; only for fully defined shapes. Fails when it is more than 2^31-1. */
    public int size() {
        if (!isFullyDefined()) throw new IllegalStateException("size of a partially known shape " + this);
        long n = elements(dims);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("Shape " + this + " has more than 2^31-1 elements");
        return (int) n;
    }

    /**
     * The element count of known dims (each >= 0): exact up to 2^31-1, and 2^31 for anything larger, which
     * no Java array holds. Saturating instead of wrapping keeps every partial product below 2^62, so a huge
     * count never comes back small or negative; a zero dimension gives 0 wherever it stands.
     */
    public static long elements(int... dims) {
        long n = 1;
        for (int d : dims) n = Math.min(n * d, 1L << 31);
        return n;
    }

    /** True if a tensor of shape {@code concrete} may stand where this shape is declared. */
    public boolean isCompatibleWith(Shape other) {
        if (dims == null || other.dims == null) return true;
        if (dims.length != other.dims.length) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && other.dims[i] != UNKNOWN && dims[i] != other.dims[i]) return false;
        }
        return true;
    }

    /** The most specific shape compatible with both; fails if they are not compatible. */
    public Shape mergeWith(Shape other) {
        if (!isCompatibleWith(other)) throw new IllegalArgumentException("shapes " + this + " and " + other + " are not compatible");
        if (dims == null) return other;
        if (other.dims == null) return this;
        int[] out = new int[dims.length];
        for (int i = 0; i < out.length; i++) out[i] = dims[i] != UNKNOWN ? dims[i] : other.dims[i];
        return new Shape(out);
    }

    /**
     * NumPy broadcasting of two static shapes. Returns null when they cannot broadcast, so that the caller
     * can name the node in its error.
     */
    public static Shape broadcast(Shape a, Shape b) {
        if (a.dims == null || b.dims == null) return UNKNOWN_RANK;
        int rank = Math.max(a.dims.length, b.dims.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.dims.length ? 1 : a.dims[i - (rank - a.dims.length)];
            int db = i < rank - b.dims.length ? 1 : b.dims[i - (rank - b.dims.length)];
            if (da == 1) out[i] = db;
            else if (db == 1) out[i] = da;
            else if (da == UNKNOWN) out[i] = db;       // the run-time check catches a real mismatch
            else if (db == UNKNOWN || da == db) out[i] = da;
            else return null;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() { return Arrays.hashCode(dims); }

    /** Prints {@code [2, ?, 3]}, {@code []} for a scalar and {@code <unknown>} for unknown rank. */
    @Override
    public String toString() {
        if (dims == null) return "<unknown>";
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims[i] == UNKNOWN ? "?" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
