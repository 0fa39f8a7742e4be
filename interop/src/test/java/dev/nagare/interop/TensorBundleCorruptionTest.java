package dev.nagare.interop;

import static dev.nagare.interop.TensorBundleTestSupport.samples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.BundleHeaderProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TensorSliceProto;
import org.tensorflow.proto.VersionDef;

/** Each way a hostile or damaged bundle can be wrong fails with a BundleFormatException naming file and problem. */
class TensorBundleCorruptionTest {
    @TempDir Path dir;

    // ---- damage to files our writer made ----

    @Test
    void badFooterMagic() throws IOException {
        Path prefix = written();
        byte[] index = index(prefix);
        index[index.length - 1] ^= 1;
        writeIndex(prefix, index);
        assertBad(TensorBundle.indexFile(prefix), "magic");
    }

    @Test
    void badBlockChecksum() throws IOException {
        Path prefix = written();
        byte[] index = index(prefix);
        index[12] ^= 0x10;
        writeIndex(prefix, index);
        assertBad(TensorBundle.indexFile(prefix), "checksum mismatch in data block 0");
    }

    @Test
    void truncatedIndex() throws IOException {
        Path prefix = written();
        byte[] index = index(prefix);
        writeIndex(prefix, Arrays.copyOf(index, 20));
        assertBad(TensorBundle.indexFile(prefix), "too short for a table footer");
        writeIndex(prefix, Arrays.copyOf(index, index.length - 1));
        assertBad(TensorBundle.indexFile(prefix), "magic");
    }

    @Test
    void footerHandleOutsideTheFile() throws IOException {
        Path prefix = written();
        byte[] index = index(prefix);
        int footer = index.length - TensorBundleTable.FOOTER_SIZE;
        byte[] far = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10, 8}; // offset 2^32, size 8
        System.arraycopy(far, 0, index, footer, far.length);
        writeIndex(prefix, index);
        assertBad(TensorBundle.indexFile(prefix), "outside the");
    }

    @Test
    void footerVarintRunsOn() throws IOException {
        Path prefix = written();
        byte[] index = index(prefix);
        Arrays.fill(index, index.length - TensorBundleTable.FOOTER_SIZE, index.length - 8, (byte) 0xff);
        writeIndex(prefix, index);
        assertBad(TensorBundle.indexFile(prefix), "varint");
    }

    @Test
    void dataShardShorterThanTheIndexSays() throws IOException {
        Path prefix = written();
        Path data = TensorBundle.dataFile(prefix, 0, 1);
        byte[] bytes = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(bytes, bytes.length - 1));
        assertBad(data, "needs bytes");
    }

    @Test
    void dataChecksumMismatch() throws IOException {
        Path prefix = written();
        Path data = TensorBundle.dataFile(prefix, 0, 1);
        byte[] bytes = Files.readAllBytes(data);
        bytes[bytes.length - 3] ^= 4;
        Files.write(data, bytes);
        assertBad(data, "checksum mismatch in the data of tensor 'momentum'");
    }

    @Test
    void missingDataShard() throws IOException {
        Path prefix = written();
        Files.delete(TensorBundle.dataFile(prefix, 0, 1));
        assertBad(TensorBundle.dataFile(prefix, 0, 1), "data shard is missing");
    }

    // ---- hand-made indexes that are well-formed tables but wrong bundles ----

    @Test
    void unknownDtype() throws IOException {
        Path prefix = craft(header(1), List.of(entry(DataType.DT_STRING_VALUE, 0, 0, 4)), new byte[16]);
        assertBad(TensorBundle.indexFile(prefix), "dtype 7 (DT_STRING)");
        prefix = craft(header(1), List.of(entry(999, 0, 0, 4)), new byte[16]);
        assertBad(TensorBundle.indexFile(prefix), "dtype 999");
    }

    @Test
    void shapeWhoseElementCountOverflows() throws IOException {
        BundleEntryProto e = entry(DataType.DT_FLOAT_VALUE, 0, 0, 16, Integer.MAX_VALUE, Integer.MAX_VALUE, 4);
        Path prefix = craft(header(1), List.of(e), new byte[16]);
        assertBad(TensorBundle.indexFile(prefix), "elements");
        BundleEntryProto huge = entry(DataType.DT_FLOAT_VALUE, 0, 0, 16, 1L << 40);
        assertBad(TensorBundle.indexFile(craft(header(1), List.of(huge), new byte[16])), "dimension 0 of size");
        BundleEntryProto negative = entry(DataType.DT_FLOAT_VALUE, 0, 0, 16, -1);
        assertBad(TensorBundle.indexFile(craft(header(1), List.of(negative), new byte[16])), "dimension 0 of size -1");
    }

    @Test
    void sizeThatDoesNotMatchTheShape() throws IOException {
        Path prefix = craft(header(1), List.of(entry(DataType.DT_FLOAT_VALUE, 0, 0, 8, 3)), new byte[16]);
        assertBad(TensorBundle.indexFile(prefix), "but its size is 8");
    }

    @Test
    void absurdSizeAgainstASmallDataFileAllocatesNothing() throws IOException {
        // 2^30 floats (4 GiB) claimed in a 16-byte file: rejected before any array is made
        Path prefix = craft(header(1), List.of(entry(DataType.DT_FLOAT_VALUE, 0, 0, 4L << 30, 1 << 30)), new byte[16]);
        assertBad(TensorBundle.dataFile(prefix, 0, 1), "needs bytes [0, 4294967296) but the file is 16 bytes long");
    }

    @Test
    void overlappingEntriesClaimingMoreThanTheFile() throws IOException {
        List<BundleEntryProto> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) entries.add(entry(DataType.DT_INT32_VALUE, 0, 0, 16, 4));
        Path prefix = craft(header(1), entries, new byte[16]);
        assertBad(TensorBundle.dataFile(prefix, 0, 1), "places more than 16 bytes");
    }

    @Test
    void keysOutOfOrder() throws IOException {
        List<TensorBundleTable.Entry> table = List.of(
                new TensorBundleTable.Entry(new byte[0], header(1).toByteArray()),
                new TensorBundleTable.Entry(key("b"), entry(DataType.DT_INT32_VALUE, 0, 0, 4).toByteArray()),
                new TensorBundleTable.Entry(key("a"), entry(DataType.DT_INT32_VALUE, 0, 4, 4).toByteArray()));
        Path prefix = dir.resolve("unordered");
        writeIndex(prefix, TensorBundleTable.encode(table));
        Files.write(TensorBundle.dataFile(prefix, 0, 1), new byte[8]);
        assertBad(TensorBundle.indexFile(prefix), "keys out of order");
    }

    @Test
    void noHeader() throws IOException {
        Path prefix = dir.resolve("headless");
        writeIndex(prefix, TensorBundleTable.encode(List.of(new TensorBundleTable.Entry(key("a"), entry(DataType.DT_INT32_VALUE, 0, 0, 4).toByteArray()))));
        assertBad(TensorBundle.indexFile(prefix), "no bundle header");
    }

    @Test
    void headerThatIsNotAProto() throws IOException {
        Path prefix = dir.resolve("garbled");
        writeIndex(prefix, TensorBundleTable.encode(List.of(new TensorBundleTable.Entry(new byte[0], new byte[] {(byte) 0xff, (byte) 0xff}))));
        assertBad(TensorBundle.indexFile(prefix), "not a valid BundleHeaderProto");
    }

    @Test
    void bigEndianOrTooNewBundles() throws IOException {
        BundleHeaderProto big = header(1).toBuilder().setEndianness(BundleHeaderProto.Endianness.BIG).build();
        Path prefix = craft(big, List.of(), new byte[0]);
        assertBad(TensorBundle.indexFile(prefix), "not little-endian");
        BundleHeaderProto newer = header(1).toBuilder().setVersion(VersionDef.newBuilder().setProducer(2).setMinConsumer(2)).build();
        assertBad(TensorBundle.indexFile(craft(newer, List.of(), new byte[0])), "min_consumer 2");
        assertBad(TensorBundle.indexFile(craft(header(0), List.of(), new byte[0])), "gives 0 shards");
    }

    @Test
    void shardIdOutOfRangeOrMissingShard() throws IOException {
        Path prefix = craft(header(1), List.of(entry(DataType.DT_INT32_VALUE, 1, 0, 4)), new byte[4]);
        assertBad(TensorBundle.indexFile(prefix), "in shard 1 of a bundle with 1 shards");
        prefix = craft(header(2), List.of(entry(DataType.DT_INT32_VALUE, 1, 0, 4)), new byte[4]);
        assertBad(TensorBundle.dataFile(prefix, 1, 2), "data shard is missing");
    }

    @Test
    void negativeOffsetSlicesAndBadKeys() throws IOException {
        Path prefix = craft(header(1), List.of(entry(DataType.DT_INT32_VALUE, 0, -4, 4)), new byte[4]);
        assertBad(TensorBundle.indexFile(prefix), "negative offset");
        BundleEntryProto sliced = entry(DataType.DT_INT32_VALUE, 0, 0, 4).toBuilder().addSlices(TensorSliceProto.getDefaultInstance()).build();
        assertBad(TensorBundle.indexFile(craft(header(1), List.of(sliced), new byte[4])), "sliced");
        List<TensorBundleTable.Entry> table = List.of(new TensorBundleTable.Entry(new byte[0], header(1).toByteArray()),
                new TensorBundleTable.Entry(new byte[] {'a', (byte) 0xc3}, entry(DataType.DT_INT32_VALUE, 0, 0, 4).toByteArray()));
        writeIndex(prefix, TensorBundleTable.encode(table));
        assertBad(TensorBundle.indexFile(prefix), "not valid UTF-8");
    }

    @Test
    void entryOfDeeplyNestedUnknownGroups() throws IOException {
        byte[] nested = new byte[2 * 50_000];
        for (int i = 0; i < nested.length; i += 2) { nested[i] = (byte) 0xa3; nested[i + 1] = 0x06; } // start group, field 100
        Path prefix = dir.resolve("nested");
        writeIndex(prefix, TensorBundleTable.encode(List.of(new TensorBundleTable.Entry(new byte[0], header(1).toByteArray()),
                new TensorBundleTable.Entry(key("x"), nested))));
        Files.write(TensorBundle.dataFile(prefix, 0, 1), new byte[0]);
        assertBad(TensorBundle.indexFile(prefix), "not a valid BundleEntryProto");
    }

    @Test
    void prefixCompressionBombIsRefusedBeforeItExpands() throws IOException {
        // one 100 KB key, then 50,000 entries each sharing all of it: 5 GB of keys from a 500 KB file
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        int prefixLength = 100_000;
        block.writeBytes(new byte[] {0, (byte) 0xa0, (byte) 0x8d, 0x06, 0}); // shared 0, unshared 100000, value 0
        block.writeBytes("P".repeat(prefixLength).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 50_000; i++) {
            block.writeBytes(new byte[] {(byte) 0xa0, (byte) 0x8d, 0x06, 4, 0}); // shared 100000, unshared 4, value 0
            block.writeBytes(String.format("%04x", i).getBytes(StandardCharsets.UTF_8));
        }
        block.writeBytes(new byte[] {0, 0, 0, 0, 1, 0, 0, 0}); // restart points [0], count 1
        Path prefix = dir.resolve("bomb");
        writeIndex(prefix, rawTable(block.toByteArray(), key("Q")));
        assertBad(TensorBundle.indexFile(prefix), "keys expand to more than");
    }

    /** A table of one data block given as raw contents, indexed under {@code indexKey}, built by hand. */
    private static byte[] rawTable(byte[] dataBlock, byte[] indexKey) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        long[] data = rawBlock(out, dataBlock);
        long[] meta = rawBlock(out, new byte[] {0, 0, 0, 0, 1, 0, 0, 0});
        java.io.ByteArrayOutputStream index = new java.io.ByteArrayOutputStream();
        byte[] handle = varints(data[0], data[1]);
        index.writeBytes(varints(0, indexKey.length, handle.length));
        index.writeBytes(indexKey);
        index.writeBytes(handle);
        index.writeBytes(new byte[] {0, 0, 0, 0, 1, 0, 0, 0});
        long[] idx = rawBlock(out, index.toByteArray());
        byte[] footer = new byte[TensorBundleTable.FOOTER_SIZE];
        byte[] handles = varints(meta[0], meta[1], idx[0], idx[1]);
        System.arraycopy(handles, 0, footer, 0, handles.length);
        for (int i = 0; i < 8; i++) footer[40 + i] = (byte) (TensorBundleTable.MAGIC >>> (8 * i));
        out.writeBytes(footer);
        return out.toByteArray();
    }

    private static long[] rawBlock(java.io.ByteArrayOutputStream out, byte[] contents) {
        long offset = out.size();
        out.writeBytes(contents);
        out.write(0);
        CRC32C c = new CRC32C();
        c.update(contents);
        c.update(0);
        int masked = TensorBundleTable.mask((int) c.getValue());
        for (int i = 0; i < 4; i++) out.write(masked >>> (8 * i));
        return new long[] {offset, contents.length};
    }

    private static byte[] varints(long... values) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        for (long v : values) {
            while ((v & ~0x7fL) != 0) { b.write((int) (v & 0x7f) | 0x80); v >>>= 7; }
            b.write((int) v);
        }
        return b.toByteArray();
    }

    @Test
    void aDirectoryInPlaceOfAFile() throws IOException {
        Path prefix = written();
        Path data = TensorBundle.dataFile(prefix, 0, 1);
        Files.delete(data);
        Files.createDirectory(data);
        assertBad(data, "not a regular file");
    }

    @Test
    void handMadeMultiShardBundleReads() throws IOException {
        Path prefix = dir.resolve("sharded");
        int[] a = {1, 2, 3};
        double[] b = {0.5};
        byte[] shard0 = le(a), shard1 = new byte[8 + 8];
        System.arraycopy(le(b), 0, shard1, 8, 8); // after 8 bytes of padding
        List<TensorBundleTable.Entry> table = List.of(
                new TensorBundleTable.Entry(new byte[0], header(2).toByteArray()),
                new TensorBundleTable.Entry(key("a"), entryWithCrc(DataType.DT_INT32_VALUE, 0, 0, 12, crc(shard0, 0, 12), 3).toByteArray()),
                new TensorBundleTable.Entry(key("b"), entryWithCrc(DataType.DT_DOUBLE_VALUE, 1, 8, 8, crc(shard1, 8, 8)).toByteArray()));
        writeIndex(prefix, TensorBundleTable.encode(table));
        Files.write(TensorBundle.dataFile(prefix, 0, 2), shard0);
        Files.write(TensorBundle.dataFile(prefix, 1, 2), shard1);
        assertEquals(Map.of("a", Tensor.of(Shape.of(3), a), "b", Tensor.scalar(0.5)), TensorBundle.read(prefix));
    }

    // ---- helpers ----

    private Path written() throws IOException {
        Path prefix = dir.resolve("ok");
        TensorBundle.write(prefix, samples());
        return prefix;
    }

    private static void assertBad(Path file, String phrase) {
        BundleFormatException e = assertThrows(BundleFormatException.class, () -> TensorBundle.read(prefixOf(file)), "reading " + file);
        assertEquals(file, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.problem().contains(phrase), "expected '" + phrase + "' in: " + e.getMessage());
    }

    /** The prefix of an index or data file. */
    private static Path prefixOf(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf(name.contains(".data-") ? ".data-" : ".index");
        return file.resolveSibling(name.substring(0, dot));
    }

    private int crafted;

    private Path craft(BundleHeaderProto header, List<BundleEntryProto> entries, byte[] data) throws IOException {
        Path prefix = dir.resolve("crafted" + crafted++);
        List<TensorBundleTable.Entry> table = new ArrayList<>();
        table.add(new TensorBundleTable.Entry(new byte[0], header.toByteArray()));
        for (int i = 0; i < entries.size(); i++) table.add(new TensorBundleTable.Entry(key(entries.size() == 1 ? "x" : "k" + i), entries.get(i).toByteArray()));
        writeIndex(prefix, TensorBundleTable.encode(table));
        Files.write(TensorBundle.dataFile(prefix, 0, header.getNumShards() < 1 ? 1 : header.getNumShards()), data);
        return prefix;
    }

    private static BundleHeaderProto header(int shards) {
        return BundleHeaderProto.newBuilder().setNumShards(shards).setVersion(VersionDef.newBuilder().setProducer(1)).build();
    }

    private static BundleEntryProto entry(int dtype, int shard, long offset, long size, long... dims) {
        return entryWithCrc(dtype, shard, offset, size, TensorBundleTable.mask(0), dims);
    }

    private static BundleEntryProto entryWithCrc(int dtype, int shard, long offset, long size, int crc, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return BundleEntryProto.newBuilder().setDtypeValue(dtype).setShape(shape).setShardId(shard)
                .setOffset(offset).setSize(size).setCrc32C(crc).build();
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return TensorBundleTable.mask((int) c.getValue());
    }

    private static byte[] le(int[] a) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(4 * a.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asIntBuffer().put(a);
        return buf.array();
    }

    private static byte[] le(double[] a) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 * a.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(a);
        return buf.array();
    }

    private static byte[] key(String k) { return k.getBytes(StandardCharsets.UTF_8); }

    private static byte[] index(Path prefix) throws IOException { return Files.readAllBytes(TensorBundle.indexFile(prefix)); }

    private static void writeIndex(Path prefix, byte[] bytes) throws IOException { Files.write(TensorBundle.indexFile(prefix), bytes); }
}
