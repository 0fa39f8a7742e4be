package dev.nagare.layers;

import dev.nagare.graph.Shape;
import dev.nagare.graph.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A sequence of examples (features and label), read again each time it is iterated, as {@code tf.data}'s
 * Dataset: {@code Dataset.fromArrays(x, y).shuffle(1000, 7).batch(32).prefetch(2)}. Before {@link #batch}
 * each element is one example (its features and label without a batch axis); after, each is a batch.
 */
public final class Dataset implements Iterable<Dataset.Example> {
    /** Features and label: one example, or a batch of them along a first axis. */
    public record Example(Tensor x, Tensor y) {}

    private final Supplier<Iterator<Example>> source;
    private final boolean batched;

    private Dataset(Supplier<Iterator<Example>> source, boolean batched) {
        this.source = source;
        this.batched = batched;
    }

    /** The examples of {@code x} and {@code y} (rows along their first axis), in order. */
    public static Dataset fromArrays(Tensor x, Tensor y) {
        int n = Rows.count(x);
        if (Rows.count(y) != n) throw new IllegalArgumentException(n + " examples but " + Rows.count(y) + " labels");
        return new Dataset(() -> new Iterator<>() {
            private int i;
            @Override public boolean hasNext() { return i < n; }
            @Override public Example next() {
                if (i >= n) throw new NoSuchElementException();
                int[] one = {i++};
                return new Example(unbatch(Rows.pick(x, one, 0, 1)), unbatch(Rows.pick(y, one, 0, 1)));
            }
        }, false);
    }

    /**
     * The rows of a CSV file with a header: every column but {@code labelColumn} a float32 feature, the label
     * column an int32 class. A row with another number of fields, or a field that is not a number, fails
     * naming the file, the line and the column.
     */
    public static Dataset fromCsv(Path file, String labelColumn) throws IOException {
        List<float[]> features = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) throw new IOException(file + ": empty, expected a header line");
            if (header.startsWith("\uFEFF")) header = header.substring(1); // a byte-order mark some editors write
            String[] names = header.split(",", -1);
            int label = List.of(names).indexOf(labelColumn);
            if (label < 0) throw new IOException(file + ": no column '" + labelColumn + "' in the header " + List.of(names));
            String line;
            for (int lineNo = 2; (line = in.readLine()) != null; lineNo++) {
                if (line.isBlank()) continue;
                String[] f = line.split(",", -1);
                if (f.length != names.length) throw new IOException(file + " line " + lineNo + ": " + f.length + " fields, the header has " + names.length);
                float[] row = new float[names.length - 1];
                for (int c = 0, k = 0; c < f.length; c++) {
                    try {
                        if (c == label) labels.add(Integer.parseInt(f[c].trim()));
                        else {
                            float v = Float.parseFloat(f[c].trim());
                            // NaN, infinities and values beyond float32 (1e39 reads as infinity) would train to NaN
                            // without a word: refuse them here, where the file and line can be named.
                            if (!Float.isFinite(v)) throw new IOException(file + " line " + lineNo + " column '" + names[c] + "': '" + f[c] + "' is not a finite float32");
                            row[k++] = v;
                        }
                    } catch (NumberFormatException e) {
                        throw new IOException(file + " line " + lineNo + " column '" + names[c] + "': '" + f[c] + "' is not a number", e);
                    }
                }
                features.add(row);
            }
        }
        if (features.isEmpty()) throw new IOException(file + ": a header and no rows");
        int n = features.size(), width = features.getFirst().length;
        float[] x = new float[n * width];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features.get(i), 0, x, i * width, width);
            y[i] = labels.get(i);
        }
        return fromArrays(Tensor.of(Shape.of(n, width), x), Tensor.of(Shape.of(n), y));
    }

    /** Batches made already, in order. */
    static Dataset ofBatches(List<Example> batches) { return new Dataset(batches::iterator, true); }

    /** Shuffles through a buffer of {@code bufferSize} examples, as tf.data does; a new order on each pass. */
    public Dataset shuffle(int bufferSize, long seed) {
        if (bufferSize < 1) throw new IllegalArgumentException("shuffle buffer must hold at least 1 example, got " + bufferSize);
        long[] pass = {0};
        return new Dataset(() -> {
            Iterator<Example> it = source.get();
            Random r = new Random(seed + 0x9E3779B97F4A7C15L * pass[0]++);
            List<Example> buffer = new ArrayList<>();
            return new Iterator<>() {
                @Override public boolean hasNext() {
                    while (buffer.size() < bufferSize && it.hasNext()) buffer.add(it.next());
                    return !buffer.isEmpty();
                }
                @Override public Example next() {
                    if (!hasNext()) throw new NoSuchElementException();
                    int i = r.nextInt(buffer.size());
                    Example e = buffer.get(i);
                    buffer.set(i, buffer.getLast());
                    buffer.removeLast();
                    return e;
                }
            };
        }, batched);
    }

    /** Groups consecutive examples into batches of {@code size} (the last one may be smaller). */
    public Dataset batch(int size) {
        if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + size);
        if (batched) throw new IllegalStateException("this dataset is batched already");
        return new Dataset(() -> {
            Iterator<Example> it = source.get();
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public Example next() {
                    List<Tensor> xs = new ArrayList<>(), ys = new ArrayList<>();
                    while (xs.size() < size && it.hasNext()) {
                        Example e = it.next();
                        xs.add(rebatch(e.x()));
                        ys.add(rebatch(e.y()));
                    }
                    if (xs.isEmpty()) throw new NoSuchElementException();
                    return new Example(Rows.concat(xs), Rows.concat(ys));
                }
            };
        }, true);
    }

    /** Goes through the data {@code times} times. */
    public Dataset repeat(int times) {
        if (times < 1) throw new IllegalArgumentException("repeat at least once, got " + times);
        return new Dataset(() -> new Iterator<>() {
            private int done;
            private Iterator<Example> it = source.get();
            @Override public boolean hasNext() {
                while (!it.hasNext() && ++done < times) it = source.get();
                return it.hasNext();
            }
            @Override public Example next() {
                if (!hasNext()) throw new NoSuchElementException();
                return it.next();
            }
        }, batched);
    }

    /** Each element through {@code f}. */
    public Dataset map(UnaryOperator<Example> f) {
        return new Dataset(() -> {
            Iterator<Example> it = source.get();
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public Example next() { return f.apply(it.next()); }
            };
        }, batched);
    }

    /** Makes up to {@code n} elements ahead on a background thread while the caller uses the current one. */
    public Dataset prefetch(int n) {
        if (n < 1) throw new IllegalArgumentException("prefetch at least 1, got " + n);
        return new Dataset(() -> new Prefetcher(source.get(), n), batched);
    }

    /** Whether elements are batches. */
    public boolean isBatched() { return batched; }

    @Override public Iterator<Example> iterator() { return source.get(); }

    private static Tensor unbatch(Tensor row) {
        int[] d = row.shape().dims();
        return Tensor.of(row.dtype(), Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length)), row.data());
    }

    private static Tensor rebatch(Tensor example) {
        int[] d = example.shape().dims(), b = new int[d.length + 1];
        b[0] = 1;
        System.arraycopy(d, 0, b, 1, d.length);
        return Tensor.of(example.dtype(), Shape.of(b), example.data());
    }

    /** A producer thread filling a bounded queue; an error there surfaces in the consumer's next(). */
    private static final class Prefetcher implements Iterator<Example> {
        private static final Object END = new Object();
        private final BlockingQueue<Object> queue;
        private Object head;

        Prefetcher(Iterator<Example> it, int n) {
            queue = new ArrayBlockingQueue<>(n);
            Thread t = Thread.ofPlatform().daemon().name("nagare-prefetch").start(() -> {
                try {
                    while (it.hasNext()) queue.put(it.next());
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    try { queue.put(e); } catch (InterruptedException ignored) { Thread.currentThread().interrupt(); }
                }
            });
            t.setUncaughtExceptionHandler((th, e) -> { });
        }

        @Override public boolean hasNext() {
            if (head == null) {
                try {
                    head = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next prefetched element", e);
                }
            }
            if (head instanceof RuntimeException e) throw e;
            if (head instanceof Error e) throw e;
            return head != END;
        }

        @Override public Example next() {
            if (!hasNext()) throw new NoSuchElementException();
            Example e = (Example) head;
            head = null;
            return e;
        }
    }
}
