package dev.nagare.board;

import dev.nagare.device.cpu.TfRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the records of a TFRecord file, checking both CRCs of each as TensorFlow's reader does, for tests and
 * tools. A file that ends inside a record is corrupt too: a writer that was cut short leaves one.
 */
public final class RecordReader {
    private RecordReader() {}

    /**
     * Every record's data, in order.
     *
     * @throws CorruptRecordException at the first record whose length or data fails its CRC, or that is cut short
     */
    public static List<byte[]> readAll(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        String name = file.toString();
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (at < b.length) {
            if (b.length - at < TfRecords.HEADER) throw new CorruptRecordException(name, at, "truncated header (" + (b.length - at) + " of 12 bytes)");
            if (TfRecords.getInt(b, at + 8) != TfRecords.maskedCrc(b, at, 8)) throw new CorruptRecordException(name, at, "length CRC mismatch");
            long length = TfRecords.getLong(b, at);
            if (length < 0 || length > b.length - at - TfRecords.HEADER - TfRecords.FOOTER) {
                throw new CorruptRecordException(name, at, "truncated data (" + length + " bytes announced, "
                        + Math.max(0, b.length - at - TfRecords.HEADER - TfRecords.FOOTER) + " there)");
            }
            int n = (int) length;
            int data = at + TfRecords.HEADER;
            if (TfRecords.getInt(b, data + n) != TfRecords.maskedCrc(b, data, n)) throw new CorruptRecordException(name, at, "data CRC mismatch");
            byte[] record = new byte[n];
            System.arraycopy(b, data, record, 0, n);
            out.add(record);
            at = data + n + TfRecords.FOOTER;
        }
        return out;
    }
}
