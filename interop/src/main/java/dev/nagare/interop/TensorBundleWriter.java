package dev.nagare.interop;

import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/** Writes a single-shard bundle the way TensorFlow's own writer lays it out. */
final class TensorBundleWriter {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TensorBundleWriter() {}

    static void write(Path prefix, SortedMap<String, Tensor> tensors) throws IOException {
        Path indexFile = TensorBundle.indexFile(prefix);
        Path dataFile = TensorBundle.dataFile(prefix, 0, 1);
        TreeMap<byte[], Tensor> sorted = new TreeMap<>(TensorBundleTable::unsignedCompare);
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().isEmpty()) throw new IllegalArgumentException("the empty key is reserved for the bundle header");
            if (e.getValue() == null) throw new IllegalArgumentException("no tensor for key '" + e.getKey() + "'");
            if (e.getValue().dtype() == dev.nagare.graph.DType.STRING) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "' holds strings; bundles are written of numbers and bools only");
            }
            sorted.put(utf8(e.getKey()), e.getValue());
        }
        Path dir = indexFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String base = prefix.getFileName().toString();

        Path dataTmp = null, indexTmp = null;
        boolean dataMoved = false, done = false;
        try {
            dataTmp = createTemp(dir, base + ".data");
            List<TensorBundleTable.Entry> table = new ArrayList<>(sorted.size() + 1);
            table.add(new TensorBundleTable.Entry(new byte[0], header().toByteArray()));
            try (FileChannel out = FileChannel.open(dataTmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = TensorBundleData.newBuffer(sorted.values().stream().mapToLong(TensorBundleData::byteSize).max().orElse(0));
                long offset = 0;
                for (Map.Entry<byte[], Tensor> e : sorted.entrySet()) {
                    Tensor t = e.getValue();
                    int crc = TensorBundleData.write(t, out, buf);
                    long size = TensorBundleData.byteSize(t);
                    table.add(new TensorBundleTable.Entry(e.getKey(), entry(t, offset, size, crc).toByteArray()));
                    offset += size;
                }
                out.force(true);
            }
            indexTmp = createTemp(dir, base + ".index");
            try (FileChannel out = FileChannel.open(indexTmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(TensorBundleTable.encode(table));
                while (bytes.hasRemaining()) out.write(bytes);
                out.force(true);
            }
            move(dataTmp, dataFile);
            dataMoved = true;
            move(indexTmp, indexFile);
            done = true;
        } finally {
            if (!done) {
                deleteQuietly(dataTmp);
                deleteQuietly(indexTmp);
                if (dataMoved) deleteQuietly(dataFile);
            }
        }
    }

    /** The key's UTF-8 bytes; a key with an unpaired surrogate has none (and would collide with others). */
    private static byte[] utf8(String key) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(key));
            return Arrays.copyOf(b.array(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("key '" + key + "' is not valid Unicode text (an unpaired surrogate?)");
        }
    }

    /** One shard, little-endian, format version 1 (endianness LITTLE is the default and so not written). */
    private static BundleHeaderProto header() {
        return BundleHeaderProto.newBuilder()
                .setNumShards(1)
                .setEndianness(BundleHeaderProto.Endianness.LITTLE)
                .setVersion(VersionDef.newBuilder().setProducer(1))
                .build();
    }

    private static BundleEntryProto entry(Tensor t, long offset, long size, int crc) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (int d : t.shape().dims()) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return BundleEntryProto.newBuilder()
                .setDtype(DataType.forNumber(t.dtype().tfNumber()))
                .setShape(shape) // always present, even for a scalar, as TensorFlow writes it
                .setShardId(0)
                .setOffset(offset)
                .setSize(size)
                .setCrc32C(crc)
                .build();
    }

    /**
     * A new empty file {@code dir/.name.<random>.tmp}, with the permissions any new file gets (unlike
     * {@link Files#createTempFile}, which makes it readable by its owner only).
     */
    static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path p = dir.resolve("." + name + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                Files.newByteChannel(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return p;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) throw e;
            }
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the original failure is what the caller needs to see
        }
    }
}
