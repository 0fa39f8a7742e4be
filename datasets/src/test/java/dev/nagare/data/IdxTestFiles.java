package dev.nagare.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Builds IDX bytes by hand for the tests (independently of {@link IdxWriter}). */
final class IdxTestFiles {
    private IdxTestFiles() {}

    static byte[] header(int magic, int... dims) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A valid images file: pixel i of the file is (i * 7 + 3) mod 256. */
    static byte[] images(int count, int rows, int cols) {
        byte[] px = new byte[count * rows * cols];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + 3);
        }
        return concat(header(IdxReader.IMAGES_MAGIC, count, rows, cols), px);
    }

    /** A valid labels file: label i is i mod 10. */
    static byte[] labels(int count) {
        byte[] lb = new byte[count];
        for (int i = 0; i < count; i++) {
            lb[i] = (byte) (i % 10);
        }
        return concat(header(IdxReader.LABELS_MAGIC, count), lb);
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
