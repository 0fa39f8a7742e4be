package dev.nagare.interop;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.nagare.graph.DType;
import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.VersionDef;

/**
 * Reads a whole bundle, trusting nothing in it: every entry is checked against the index, and every
 * location against the data file's real length before anything is allocated for it.
 */
final class TensorBundleReader {
    /** The bundle format version this reader understands, as a consumer. */
    private static final int CONSUMER_VERSION = 1;
    private static final int MAX_RANK = 254;
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8; // the largest Java array

    /** One tensor as the index describes it. */
    private record Item(String key, DType dtype, Shape shape, int count, int shard, long offset, long size, int crc) {}

    private TensorBundleReader() {}

    static Map<String, Tensor> read(Path prefix) throws IOException { return read(prefix, k -> true); }

    /** Reads the tensors whose keys are {@code wanted}; the other entries are not decoded beyond their keys. */
    static Map<String, Tensor> read(Path prefix, java.util.function.Predicate<String> wanted) throws IOException {
        Path indexFile = TensorBundle.indexFile(prefix);
        List<TensorBundleTable.Entry> table = TensorBundleTableDecoder.decode(readIndex(indexFile), indexFile);
        if (table.isEmpty() || table.getFirst().key().length != 0) {
            throw new BundleFormatException(indexFile, "no bundle header (the entry with the empty key)");
        }
        BundleHeaderProto header = header(table.getFirst().value(), indexFile);
        int shards = header.getNumShards();

        List<Item> items = new ArrayList<>(table.size() - 1);
        for (TensorBundleTable.Entry e : table.subList(1, table.size())) {
            if (wanted.test(utf8(e.key(), indexFile))) items.add(item(e, shards, indexFile));
        }

        Map<Integer, List<Item>> byShard = new TreeMap<>();
        for (Item it : items) byShard.computeIfAbsent(it.shard(), s -> new ArrayList<>()).add(it);
        Map<String, Tensor> values = new HashMap<>();
        ByteBuffer buf = TensorBundleData.newBuffer(items.stream().mapToLong(Item::size).max().orElse(0));
        for (Map.Entry<Integer, List<Item>> s : byShard.entrySet()) {
            readShard(TensorBundle.dataFile(prefix, s.getKey(), shards), indexFile, s.getValue(), values, buf);
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (Item it : items) result.put(it.key(), values.get(it.key()));
        return Collections.unmodifiableMap(result);
    }

    private static byte[] readIndex(Path indexFile) throws IOException {
        if (!Files.exists(indexFile)) throw new NoSuchFileException(indexFile.toString(), null, "no bundle index at this path");
        requireRegularFile(indexFile);
        long size = Files.size(indexFile);
        if (size > Integer.MAX_VALUE - 8) throw new BundleFormatException(indexFile, "index file is " + size + " bytes, too large to be read");
        return Files.readAllBytes(indexFile);
    }

    private static void requireRegularFile(Path file) throws BundleFormatException {
        if (!Files.isRegularFile(file)) throw new BundleFormatException(file, "is not a regular file");
    }

    private static BundleHeaderProto header(byte[] bytes, Path indexFile) throws BundleFormatException {
        BundleHeaderProto h;
        try {
            h = BundleHeaderProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new BundleFormatException(indexFile, "bundle header is not a valid BundleHeaderProto: " + e.getMessage());
        }
        if (h.getNumShards() < 1) throw new BundleFormatException(indexFile, "bundle header gives " + h.getNumShards() + " shards");
        if (h.getEndiannessValue() != BundleHeaderProto.Endianness.LITTLE_VALUE) {
            throw new BundleFormatException(indexFile, "bundle is not little-endian (endianness " + h.getEndiannessValue() + "); only little-endian bundles are read");
        }
        VersionDef v = h.getVersion();
        if (v.getProducer() < 0 || v.getMinConsumer() > CONSUMER_VERSION || v.getBadConsumersList().contains(CONSUMER_VERSION)) {
            throw new BundleFormatException(indexFile, "bundle format version (producer " + v.getProducer() + ", min_consumer "
                    + v.getMinConsumer() + ", bad_consumers " + v.getBadConsumersList() + ") cannot be read by a version "
                    + CONSUMER_VERSION + " reader");
        }
        return h;
    }

    private static Item item(TensorBundleTable.Entry e, int shards, Path indexFile) throws BundleFormatException {
        String key = utf8(e.key(), indexFile);
        String shown = TensorBundleTableDecoder.show(e.key());
        BundleEntryProto p;
        try {
            p = BundleEntryProto.parseFrom(e.value());
        } catch (InvalidProtocolBufferException | RuntimeException x) {
            throw new BundleFormatException(indexFile, "entry " + shown + " is not a valid BundleEntryProto: " + x.getMessage());
        }
        DType dtype = TensorBundleData.dtypeOf(p.getDtypeValue());
        if (dtype == null) {
            DataType known = DataType.forNumber(p.getDtypeValue());
            throw new BundleFormatException(indexFile, "entry " + shown + " has dtype " + p.getDtypeValue()
                    + (known != null ? " (" + known + ")" : "") + ", which Nagare does not read (float32, float64, int32, int64, bool only)");
        }
        if (p.getSlicesCount() > 0) {
            throw new BundleFormatException(indexFile, "entry " + shown + " is a partitioned (sliced) tensor; sliced bundles are not read");
        }
        Shape shape = shape(p.getShape(), shown, indexFile);
        long count = elementCount(shape, shown, indexFile);
        if (p.getShardId() < 0 || p.getShardId() >= shards) {
            throw new BundleFormatException(indexFile, "entry " + shown + " is in shard " + p.getShardId() + " of a bundle with " + shards + " shards");
        }
        if (p.getOffset() < 0 || p.getSize() < 0) {
            throw new BundleFormatException(indexFile, "entry " + shown + " has negative offset " + p.getOffset() + " or size " + p.getSize());
        }
        if (p.getSize() != count * dtype.byteSize()) {
            throw new BundleFormatException(indexFile, "entry " + shown + " is " + dtype + shape + " (" + count * dtype.byteSize()
                    + " bytes) but its size is " + p.getSize());
        }
        return new Item(key, dtype, shape, (int) count, p.getShardId(), p.getOffset(), p.getSize(), p.getCrc32C());
    }

    private static Shape shape(TensorShapeProto s, String shown, Path indexFile) throws BundleFormatException {
        if (s.getUnknownRank()) throw new BundleFormatException(indexFile, "entry " + shown + " has a shape of unknown rank");
        if (s.getDimCount() > MAX_RANK) {
            throw new BundleFormatException(indexFile, "entry " + shown + " has rank " + s.getDimCount() + ", above TensorFlow's limit of " + MAX_RANK);
        }
        int[] dims = new int[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            long d = s.getDim(i).getSize();
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new BundleFormatException(indexFile, "entry " + shown + " has dimension " + i + " of size " + d);
            }
            dims[i] = (int) d;
        }
        return Shape.of(dims);
    }

    private static long elementCount(Shape shape, String shown, Path indexFile) throws BundleFormatException {
        int[] dims = shape.dims();
        for (int d : dims) if (d == 0) return 0;
        long n = 1;
        for (int d : dims) {
            if (n > MAX_ELEMENTS / d) {
                throw new BundleFormatException(indexFile, "entry " + shown + " has shape " + shape + ", more than " + MAX_ELEMENTS + " elements");
            }
            n *= d;
        }
        return n;
    }

    private static String utf8(byte[] key, Path indexFile) throws BundleFormatException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BundleFormatException(indexFile, "key " + TensorBundleTableDecoder.show(key) + " is not valid UTF-8");
        }
    }

    private static void readShard(Path file, Path indexFile, List<Item> items, Map<String, Tensor> out, ByteBuffer buf) throws IOException {
        if (!Files.exists(file)) {
            throw new BundleFormatException(file, "data shard is missing (" + indexFile.getFileName() + " holds " + items.size() + " tensors in it)");
        }
        requireRegularFile(file); // a pipe or device would block or never end
        FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
        try (in) {
            long length = in.size();
            long total = 0;
            for (Item it : items) {
                if (it.offset() > length || it.size() > length - it.offset()) {
                    throw new BundleFormatException(file, "tensor '" + it.key() + "' needs bytes [" + it.offset() + ", " + (it.offset() + it.size())
                            + ") but the file is " + length + " bytes long");
                }
                total += it.size(); // entries never overlap, so together they fit in the file
                if (total > length) {
                    throw new BundleFormatException(file, "the index places more than " + length + " bytes of tensors in this file, which is "
                            + length + " bytes long");
                }
            }
            for (Item it : items) {
                out.put(it.key(), TensorBundleData.read(in, file, "'" + it.key() + "'", it.offset(), it.dtype(), it.shape(), it.count(), it.crc(), buf));
            }
        }
    }
}
