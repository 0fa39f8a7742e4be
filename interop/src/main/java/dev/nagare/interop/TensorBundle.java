package dev.nagare.interop;

import dev.nagare.graph.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;

/**
 * TensorFlow's tensor bundle: the format of V2 checkpoints and of a SavedModel's {@code variables/}
 * directory. A bundle at {@code prefix} is the file {@code prefix.index}, a table from tensor name to dtype,
 * shape, location and checksum, and the data files {@code prefix.data-0000i-of-0000n} holding the raw
 * little-endian tensors.
 */
public final class TensorBundle {
    private TensorBundle() {}

    /**
     * Writes {@code prefix.index} and {@code prefix.data-00000-of-00001} (for example with
     * {@code prefix = dir/variables/variables}), creating the directory if needed. Atomic: both files are
     * written as temporary files in the same directory and then moved into place; on failure nothing is
     * left behind. Keys are stored sorted by their UTF-8 bytes, unsigned, as TensorFlow requires; the empty
     * key is reserved for the bundle's header.
     *
     * @throws IllegalArgumentException for the empty key, a key that is not valid Unicode, or a null tensor
     */
    public static void write(Path prefix, SortedMap<String, Tensor> tensors) throws IOException {
        TensorBundleWriter.write(prefix, tensors);
    }

    /**
     * Reads every tensor of a bundle (a single data shard or several), checking the index table's block
     * checksums, each tensor's data checksum, sizes, dtypes and shapes. The map iterates in key order.
     *
     * @throws BundleFormatException naming the file and the problem, when a file is malformed
     */
    public static Map<String, Tensor> read(Path prefix) throws IOException {
        return TensorBundleReader.read(prefix);
    }

    /** {@code prefix.index}. */
    static Path indexFile(Path prefix) { return sibling(prefix, ".index"); }

    /** {@code prefix.data-0000i-of-0000n}. */
    static Path dataFile(Path prefix, int shard, int shards) {
        return sibling(prefix, String.format(".data-%05d-of-%05d", shard, shards));
    }

    private static Path sibling(Path prefix, String suffix) {
        Path name = prefix.getFileName();
        if (name == null) throw new IllegalArgumentException("a bundle prefix needs a file name, got '" + prefix + "'");
        return prefix.resolveSibling(name + suffix);
    }
}
