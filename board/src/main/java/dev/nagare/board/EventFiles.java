package dev.nagare.board;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.tensorflow.proto.Event;

/** Reads event files back, for tests and tools: every record CRC-checked, every record an Event. */
public final class EventFiles {
    /** The prefix TensorBoard looks for. */
    public static final String PREFIX = dev.nagare.device.cpu.EventFileWriter.PREFIX;

    private EventFiles() {}

    /** The events of one file, in order. */
    public static List<Event> read(Path file) throws IOException {
        List<Event> events = new ArrayList<>();
        int i = 0;
        for (byte[] r : RecordReader.readAll(file)) {
            try {
                events.add(Event.parseFrom(r));
            } catch (InvalidProtocolBufferException e) {
                throw new IOException(file + ": record " + i + " is not an Event", e);
            }
            i++;
        }
        return events;
    }

    /** The event files directly in {@code logdir}, by name. */
    public static List<Path> list(Path logdir) throws IOException {
        try (Stream<Path> s = Files.list(logdir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(PREFIX) && Files.isRegularFile(p)).sorted().toList();
        }
    }
}
