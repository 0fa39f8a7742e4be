package dev.nagare.interop;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.SavedModel;

/** Reads binary protobuf files, turning every way they can be broken into a {@link ModelFormatException}. */
final class ProtoFiles {
    /** Protobuf's own limit on a message: 2 GiB - 1. */
    static final long MAX_BYTES = Integer.MAX_VALUE;

    private ProtoFiles() {}

    @FunctionalInterface
    private interface Parser<T> {
        T parse(byte[] bytes) throws IOException;
    }

    static GraphDef graphDef(Path file) throws IOException { return read(file, "GraphDef", GraphDef::parseFrom); }

    static SavedModel savedModel(Path file) throws IOException { return read(file, "SavedModel", SavedModel::parseFrom); }

    private static <T> T read(Path file, String what, Parser<T> parser) throws IOException {
        if (!Files.exists(file)) throw new NoSuchFileException(file.toString());
        if (!Files.isRegularFile(file)) throw new ModelFormatException(file, "is not a regular file");
        long size = Files.size(file);
        if (size > MAX_BYTES) throw new ModelFormatException(file, "is " + size + " bytes, more than a protobuf message can hold (2 GiB)");
        // Parsed from memory: every length the file declares is checked against the bytes really there.
        byte[] bytes = Files.readAllBytes(file);
        try {
            return parser.parse(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(file, "is not a valid " + what + " (truncated or corrupted): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new ModelFormatException(file, "is not a valid " + what + ": " + e, e);
        }
    }
}
