package dev.nagare.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files of unsigned bytes (images: magic {@code 0x00000803}, labels: {@code 0x00000801}), raw or
 * gzipped. Each file is written to a temporary file in the target's directory and then moved into place
 * (atomically where the file system can), so a reader never sees a half-written file, and a failed write
 * leaves whatever was there before. Gzip output carries no timestamp, so equal input gives equal bytes.
 */
public final class IdxWriter {
    private static final SecureRandom TEMP_NAMES = new SecureRandom();

    private IdxWriter() {}

    /** Writes images given as floats in [0,1]; each becomes {@code round(v * 255)}. */
    public static void writeImages(Path file, float[] pixels, int count, int rows, int cols, boolean gzip)
            throws IOException {
        Objects.requireNonNull(pixels, "pixels");
        checkShape(pixels.length, count, rows, cols);
        byte[] bytes = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = toByte(pixels[i], i);
        }
        writeImageBytes(file, bytes, count, rows, cols, gzip);
    }

    /** Writes the images of {@code data}, then its labels. */
    public static void write(MnistData data, Path imagesFile, Path labelsFile, boolean gzip) throws IOException {
        writeImages(imagesFile, data.images(), data.count(), data.rows(), data.cols(), gzip);
        writeLabels(labelsFile, data.labels(), gzip);
    }

    /** Writes images given as unsigned bytes (row-major, {@code count*rows*cols} of them). */
    public static void writeImageBytes(Path file, byte[] pixels, int count, int rows, int cols, boolean gzip)
            throws IOException {
        Objects.requireNonNull(pixels, "pixels");
        checkShape(pixels.length, count, rows, cols);
        writeAtomically(file, gzip, out -> {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            out.write(pixels);
        });
    }

    /** Writes labels, each 0..255. */
    public static void writeLabels(Path file, int[] labels, boolean gzip) throws IOException {
        Objects.requireNonNull(labels, "labels");
        byte[] bytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > 255) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is not 0..255");
            }
            bytes[i] = (byte) labels[i];
        }
        writeAtomically(file, gzip, out -> {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(bytes.length);
            out.write(bytes);
        });
    }

    static byte toByte(float v, int index) {
        if (!(v >= 0f && v <= 1f)) {                       // also rejects NaN
            throw new IllegalArgumentException("pixel " + v + " at index " + index + " is outside [0,1]");
        }
        return (byte) Math.round(v * 255f);
    }

    private static void checkShape(int length, int count, int rows, int cols) {
        if (count < 0 || rows < 1 || cols < 1 || (long) count * rows * cols != length) {
            throw new IllegalArgumentException("pixels.length " + length + " != count " + count + " * rows " + rows
                    + " * cols " + cols + " (count >= 0, rows and cols >= 1)");
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void writeAtomically(Path file, boolean gzip, Body body) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile: its files are owner-only (0600); this one gets the usual umask permissions.
        Path tmp;
        OutputStream raw;
        while (true) {
            tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(TEMP_NAMES.nextLong()) + ".tmp");
            try {
                raw = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                break;
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary file: pick another name
            }
        }
        OutputStream rawOut = raw;
        boolean moved = false;
        try {
            try (rawOut;
                 OutputStream buffered = new BufferedOutputStream(rawOut, 1 << 16);
                 OutputStream maybeGz = gzip ? new GZIPOutputStream(buffered, 1 << 16) : buffered;
                 DataOutputStream out = new DataOutputStream(maybeGz)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
