package dev.nagare.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.ZipException;

import dev.nagare.data.IdxFormatException.Kind;

/**
 * Reads IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST: images (magic {@code 0x00000803}:
 * big-endian int32 count, rows, cols, then count*rows*cols unsigned bytes, row-major) and labels (magic
 * {@code 0x00000801}: int32 count, then count unsigned bytes). A file may be raw or gzipped; gzip is recognised
 * by its magic bytes {@code 1f 8b}, never by the file's name.
 *
 * <p>Every malformed input ends in an {@link IdxFormatException} naming the file and the problem. Sizes are
 * checked against a limit ({@link #DEFAULT_MAX_ELEMENTS} unless told otherwise) before anything is allocated,
 * and the data buffer grows with the bytes actually read, so a hostile or damaged header can neither cause an
 * {@link OutOfMemoryError} nor a long decompression. A gzipped file may expand at most
 * {@link #MAX_GZIP_EXPANSION}-fold, so that a small file cannot claim a large heap either (a gzip bomb). Data
 * after the declared items is an error too (a damaged or mismatched file), and so is data after the gzip
 * stream; a gzip stream is read to its end so that its CRC is checked.
 *
 * <p>Dimensions are read as unsigned 32-bit numbers, so a header claiming 2^31 images is "too large", not
 * "negative".
 */
public final class IdxReader {
    /** Default limit on the number of elements (pixels or labels) in one file: 100 million. */
    public static final long DEFAULT_MAX_ELEMENTS = 100_000_000L;

    /**
     * How many times its compressed size a gzipped file may expand to (past its first {@link #GZIP_FREE_BYTES}).
     * Real IDX files compress 2- to 5-fold (MNIST's training images 4.7-fold, Fashion-MNIST's 1.8-fold, labels
     * about 2-fold), while deflate reaches 1032-fold on zeros: without this bound, a 97 KB file of zeros could
     * fill 100 MB (and four times that as floats or int labels). Data this compressible can be read
     * decompressed, as a raw file.
     */
    public static final int MAX_GZIP_EXPANSION = 100;
    /** Decompressed bytes a gzipped file may always have, whatever its size: small test files compress well. */
    public static final int GZIP_FREE_BYTES = 1 << 20;

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    static final int UNSIGNED_BYTE = 0x08;

    /** First allocation for the data; the buffer then doubles as data actually arrives. */
    private static final int INITIAL_CHUNK = 1 << 20;
    /** How far past the declared data we look to say how much extra there is. */
    private static final int TRAILING_PROBE = 1 << 20;

    private IdxReader() {}

    /** The content of an images file: {@code pixels} holds {@code count*rows*cols} unsigned bytes, row-major. */
    public record Images(int count, int rows, int cols, byte[] pixels) {
        public Images {
            Objects.requireNonNull(pixels, "pixels");
            if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols != pixels.length) {
                throw new IllegalArgumentException("inconsistent images: count=" + count + " rows=" + rows
                        + " cols=" + cols + " pixels.length=" + pixels.length);
            }
        }

        /**
         * Pixel {@code (r, c)} of image {@code i}, 0..255.
         *
         * @throws IndexOutOfBoundsException naming the index outside the images (which the flat array would
         *     otherwise answer from a neighbouring row or image)
         */
        public int pixel(int i, int r, int c) {
            checkIndex("image", i, count);
            checkIndex("row", r, rows);
            checkIndex("col", c, cols);
            return pixels[(i * rows + r) * cols + c] & 0xFF;
        }

        private void checkIndex(String what, int index, int size) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException(what + " " + index + " is outside "
                        + (size == 0 ? "the 0 " + what + "s" : "0.." + (size - 1)) + " (" + this + ")");
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Images other && count == other.count && rows == other.rows && cols == other.cols
                    && Arrays.equals(pixels, other.pixels);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * count + rows) + cols) + Arrays.hashCode(pixels);
        }

        @Override
        public String toString() {
            return "Images[count=" + count + ", " + rows + "x" + cols + "]";
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Images

    public static Images readImages(Path file) throws IOException {
        return readImages(file, DEFAULT_MAX_ELEMENTS);
    }

    public static Images readImages(Path file, long maxElements) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString(), maxElements);
        }
    }

    /** Reads an images file from {@code in} (not closed); {@code name} is used in error messages. */
    public static Images readImages(InputStream in, String name) throws IOException {
        return readImages(in, name, DEFAULT_MAX_ELEMENTS);
    }

    public static Images readImages(InputStream in, String name, long maxElements) throws IOException {
        Source src = Source.open(in, name);
        checkMagic(src, IMAGES_MAGIC, 3, "images");
        long[] dims = readDims(src, 3, "images");
        long count = dims[0], rows = dims[1], cols = dims[2];
        String shape = count + " images of " + rows + "x" + cols;
        if (rows == 0 || cols == 0) {
            throw src.error(Kind.BAD_DIMENSION, "image size " + rows + "x" + cols + " is empty (header declares "
                    + shape + ")");
        }
        long total = checkedProduct(src, shape + " pixels", maxElements, count, rows, cols);
        // One image must fit an array even when there are none: a 0-image header may not claim 2^32-1 columns.
        checkedProduct(src, "images of " + rows + "x" + cols + " pixels", Integer.MAX_VALUE, rows, cols);
        byte[] pixels = src.readData(total, "pixel data (" + shape + ")");
        src.expectEnd(total, "pixel data (" + shape + ")");
        return new Images((int) count, (int) rows, (int) cols, pixels);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Labels

    /** Reads a labels file; every label 0..255 is accepted. */
    public static int[] readLabels(Path file) throws IOException {
        return readLabels(file, 256);
    }

    /** Reads a labels file whose labels must lie in {@code 0..numClasses-1} (10 for MNIST). */
    public static int[] readLabels(Path file, int numClasses) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString(), numClasses, DEFAULT_MAX_ELEMENTS);
        }
    }

    public static int[] readLabels(InputStream in, String name, int numClasses) throws IOException {
        return readLabels(in, name, numClasses, DEFAULT_MAX_ELEMENTS);
    }

    public static int[] readLabels(InputStream in, String name, int numClasses, long maxElements)
            throws IOException {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be 1..256, got " + numClasses);
        }
        Source src = Source.open(in, name);
        checkMagic(src, LABELS_MAGIC, 1, "labels");
        long count = readDims(src, 1, "labels")[0];
        long total = checkedProduct(src, count + " labels", maxElements, count);
        byte[] raw = src.readData(total, "label data (" + count + " labels)");
        src.expectEnd(total, "label data (" + count + " labels)");
        int[] labels = new int[raw.length];
        for (int i = 0; i < raw.length; i++) {
            int label = raw[i] & 0xFF;
            if (label >= numClasses) {
                throw src.error(Kind.BAD_LABEL, "label " + label + " at index " + i + " is outside 0.."
                        + (numClasses - 1));
            }
            labels[i] = label;
        }
        return labels;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Header

    private static void checkMagic(Source src, int expected, int expectedDims, String what) throws IOException {
        byte[] b = src.readHeader(4, "magic number");
        int magic = ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
        if (magic == expected) {
            return;
        }
        String expectedText = String.format("expected 0x%08X (IDX %s: unsigned bytes, %d dimension%s)", expected,
                what, expectedDims, expectedDims == 1 ? "" : "s");
        if ((magic >>> 16) != 0) {
            throw src.error(Kind.BAD_MAGIC, String.format("wrong magic number: %s, found 0x%08X (not an IDX file%s)",
                    expectedText, magic, (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B
                            ? "; gzip inside gzip?" : ""));
        }
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw src.error(Kind.BAD_ELEMENT_TYPE, String.format(
                    "wrong element type in magic number: %s, found 0x%08X whose element type 0x%02X (%s) is not"
                            + " supported (only 0x08, unsigned byte)", expectedText, magic, type, typeName(type)));
        }
        String hint = magic == LABELS_MAGIC ? "; this is a labels file"
                : magic == IMAGES_MAGIC ? "; this is an images file" : "";
        throw src.error(Kind.BAD_DIMENSION_COUNT, String.format(
                "wrong number of dimensions in magic number: %s, found 0x%08X with %d dimension%s%s", expectedText,
                magic, dims, dims == 1 ? "" : "s", hint));
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x08 -> "unsigned byte";
            case 0x09 -> "signed byte";
            case 0x0B -> "int16";
            case 0x0C -> "int32";
            case 0x0D -> "float32";
            case 0x0E -> "float64";
            default -> "unknown type";
        };
    }

    private static long[] readDims(Source src, int n, String what) throws IOException {
        byte[] b = src.readHeader(4 * n, n + " dimension size" + (n == 1 ? "" : "s") + " of the " + what
                + " header");
        long[] dims = new long[n];
        for (int i = 0; i < n; i++) {
            dims[i] = ((b[4 * i] & 0xFFL) << 24) | ((b[4 * i + 1] & 0xFFL) << 16) | ((b[4 * i + 2] & 0xFFL) << 8)
                    | (b[4 * i + 3] & 0xFFL);
        }
        return dims;
    }

    /** Product of unsigned 32-bit dims, failing as soon as it passes the limit (so it never overflows). */
    private static long checkedProduct(Source src, String what, long maxElements, long... dims)
            throws IdxFormatException {
        long limit = Math.min(maxElements, Integer.MAX_VALUE - 16);
        long product = 1;
        for (long d : dims) {
            product *= d;                          // product <= limit < 2^31 and d < 2^32: no overflow
            if (product > limit) {
                throw src.error(Kind.TOO_LARGE, "header declares " + what + ", more than the limit of " + limit
                        + " elements (damaged or hostile header?)");
            }
        }
        return product;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The input stream, decompressed if it was gzip, with a byte position and exception translation. */
    private static final class Source {
        final InputStream in;
        final String name;
        final GzipInput gzip;   // null for a raw file
        long pos;   // decompressed bytes consumed

        private Source(InputStream in, String name, GzipInput gzip) {
            this.in = in;
            this.name = name;
            this.gzip = gzip;
        }

        static Source open(InputStream raw, String name) throws IOException {
            Objects.requireNonNull(raw, "in");
            Objects.requireNonNull(name, "name");
            BufferedInputStream buf = new BufferedInputStream(raw, 1 << 16);
            buf.mark(2);
            byte[] head = buf.readNBytes(2);
            buf.reset();
            if (head.length == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
                try {
                    GzipInput gz = new GzipInput(buf, name);
                    return new Source(gz, name, gz);
                } catch (ZipException | EOFException e) {
                    throw gzipError(name, e, 0);
                }
            }
            return new Source(buf, name, null);
        }

        IdxFormatException error(Kind kind, String problem) {
            return new IdxFormatException(name, kind, problem);
        }

        private static IdxFormatException gzipError(String name, IOException e, long pos) {
            if (e instanceof EOFException) {
                return new IdxFormatException(name, Kind.TRUNCATED, "truncated gzip data after " + pos
                        + " decompressed bytes (" + e.getMessage() + ")", e);
            }
            return new IdxFormatException(name, Kind.BAD_GZIP, "corrupt gzip data after " + pos
                    + " decompressed bytes (" + e.getMessage() + ")", e);
        }

        /** Reads up to len bytes, stopping only at the end of the stream; returns how many were read. */
        private int fill(byte[] b, int off, int len) throws IOException {
            int done = 0;
            try {
                while (done < len) {
                    int n = in.read(b, off + done, len - done);
                    if (n < 0) {
                        break;
                    }
                    done += n;
                    checkExpansion(pos + done);
                }
            } catch (ZipException | EOFException e) {
                if (gzip == null) {
                    throw e;
                }
                throw gzipError(name, e, pos + done);
            } finally {
                pos += done;
            }
            return done;
        }

        /** Refuses a gzip stream that has expanded more than {@link #MAX_GZIP_EXPANSION}-fold so far. */
        private void checkExpansion(long decompressed) throws IdxFormatException {
            if (gzip != null && decompressed > GZIP_FREE_BYTES
                    && decompressed > MAX_GZIP_EXPANSION * gzip.compressedBytes()) {
                throw error(Kind.TOO_LARGE, "gzip data expands more than " + MAX_GZIP_EXPANSION + "-fold ("
                        + decompressed + " bytes from the first " + gzip.compressedBytes() + " compressed bytes);"
                        + " real IDX files compress at most about 5-fold: a gzip bomb?");
            }
        }

        byte[] readHeader(int len, String what) throws IOException {
            long start = pos;
            byte[] b = new byte[len];
            int n = fill(b, 0, len);
            if (n < len) {
                throw error(Kind.TRUNCATED, (start == 0 && n == 0 ? "empty file: " : "truncated header: ")
                        + "expected " + len + " bytes of " + what + " at offset " + start + ", found " + n);
            }
            return b;
        }

        /** Reads exactly total bytes, growing the buffer only as data arrives. */
        byte[] readData(long total, String what) throws IOException {
            int size = (int) total;
            long start = pos;
            byte[] data = new byte[Math.min(size, INITIAL_CHUNK)];
            int have = 0;
            while (true) {
                int n = fill(data, have, data.length - have);
                have += n;
                if (have == size) {
                    return data;
                }
                if (have < data.length) {          // end of stream before the buffer was full
                    throw error(Kind.TRUNCATED, "truncated data: expected " + size + " bytes of " + what
                            + " after the " + start + "-byte header, found " + have);
                }
                data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
            }
        }

        void expectEnd(long total, String what) throws IOException {
            byte[] probe = new byte[8192];
            long extra = 0;
            while (extra < TRAILING_PROBE) {
                int n = fill(probe, 0, probe.length);
                extra += n;
                if (n < probe.length) {
                    break;
                }
            }
            if (extra > 0) {
                throw error(Kind.TRAILING_DATA, "unexpected data after the end: the header declares " + total
                        + " bytes of " + what + " but " + (extra >= TRAILING_PROBE ? "more than " + TRAILING_PROBE
                        : String.valueOf(extra)) + " extra byte" + (extra == 1 ? "" : "s") + " follow");
            }
        }
    }
}
