package dev.nagare.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;

/** Comparing the events TensorFlow wrote with ours, for the tests of both summary writers. */
final class EventAssertions {
    private EventAssertions() {}

    static Event withoutWallTime(Event e) { return e.toBuilder().clearWallTime().build(); }

    /**
     * Events 1.. of both lists are equal but for their wall times; a graph event's GraphDef is compared parsed, since
     * TensorFlow parses it and writes it again with its attr maps in another byte order.
     */
    static void assertSameEventsAfterTheFirst(List<Event> theirs, List<Event> ours) throws InvalidProtocolBufferException {
        assertEquals(theirs.size(), ours.size(), "events");
        for (int i = 1; i < theirs.size(); i++) {
            Event t = theirs.get(i), o = ours.get(i);
            if (t.hasGraphDef()) {
                assertEquals(GraphDef.parseFrom(t.getGraphDef()), GraphDef.parseFrom(o.getGraphDef()), "graph event " + i);
                t = t.toBuilder().clearGraphDef().build();
                o = o.toBuilder().clearGraphDef().build();
            }
            assertEquals(withoutWallTime(t), withoutWallTime(o), "event " + i);
        }
    }
}
