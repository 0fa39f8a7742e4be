package dev.nagare.device.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Page-locked host memory for the copies of one Session's stream (cuMemHostAlloc): a copy from the host goes
 * through a chunk, which is reused once an event recorded after the copy says the GPU has read it. Chunks grow
 * to the largest copy seen; a chunk is never handed out while a queued copy may still read it.
 */
final class Staging {
    private final CudaDriver driver;
    private final List<Chunk> free = new ArrayList<>(), busy = new ArrayList<>();

    /** A pinned buffer and the event after which the GPU is done with it (0: none pending). */
    static final class Chunk {
        final MemorySegment memory;
        long event;

        Chunk(MemorySegment memory) { this.memory = memory; }

        MemorySegment memory() { return memory; }
    }

    Staging(CudaDriver driver) { this.driver = driver; }

    /** A chunk of at least {@code bytes}, not in use by any queued copy. */
    synchronized Chunk acquire(long bytes) {
        for (int i = busy.size() - 1; i >= 0; i--) {
            Chunk c = busy.get(i);
            if (driver.eventQuery(c.event)) { busy.remove(i); free.add(c); }
        }
        for (int i = 0; i < free.size(); i++) {
            if (free.get(i).memory.byteSize() >= bytes) return free.remove(i);
        }
        return new Chunk(driver.hostAlloc(Math.max(bytes, 1 << 16)));
    }

    /** Gives a chunk back: at once when {@code stream} is 0 (its copy is done), else after the work now queued there. */
    synchronized void release(Chunk c, long stream) {
        if (stream == 0) { free.add(c); return; }
        if (c.event == 0) c.event = driver.eventCreate(false);
        driver.eventRecord(c.event, stream);
        busy.add(c);
    }

    /** Frees every chunk; the stream has drained. */
    synchronized void close(long stream) {
        driver.streamSynchronize(stream);
        for (List<Chunk> l : List.of(free, busy)) {
            for (Chunk c : l) {
                if (c.event != 0) driver.eventDestroy(c.event);
                driver.freeHost(c.memory);
            }
            l.clear();
        }
    }
}
