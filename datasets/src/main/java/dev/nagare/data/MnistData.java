package dev.nagare.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;

import dev.nagare.data.IdxFormatException.Kind;

/**
 * An MNIST-style data set in memory: {@code count} grey images of {@code rows x cols} pixels, row-major and
 * back to back in {@code images} (each pixel {@code byte/255f}, in [0,1]), and one label per image, 0..9
 * (checked by the constructor).
 *
 * <p>The arrays are shared, not copied: accessors return the record's own arrays. {@link #equals} and
 * {@link #hashCode} compare contents.
 */
public record MnistData(float[] images, int[] labels, int count, int rows, int cols) {
    /** Number of classes of MNIST and Fashion-MNIST. */
    public static final int NUM_CLASSES = 10;

    public MnistData {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (count < 0 || rows < 1 || cols < 1) {
            throw new IllegalArgumentException("count=" + count + " rows=" + rows + " cols=" + cols);
        }
        if ((long) count * rows * cols != images.length) {
            throw new IllegalArgumentException("images.length " + images.length + " != " + count + "*" + rows
                    + "*" + cols);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels.length " + labels.length + " != count " + count);
        }
        for (int i = 0; i < count; i++) {
            if (labels[i] < 0 || labels[i] >= NUM_CLASSES) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i + " is outside 0..9");
            }
        }
    }

    /** A split in two: {@code first} then {@code second}. */
    public record Split(MnistData first, MnistData second) {}

    // ---------------------------------------------------------------------------------------------------------
    // Loading

    /**
     * Loads an images file and its labels file (each raw or gzipped). Fails with {@link IdxFormatException} if
     * either is malformed, if a label is outside 0..9 or if the two files hold different numbers of items.
     */
    public static MnistData load(Path imagesFile, Path labelsFile) throws IOException {
        int[] labels = IdxReader.readLabels(labelsFile, NUM_CLASSES);
        IdxReader.Images images = IdxReader.readImages(imagesFile);
        if (images.count() != labels.length) {
            throw new IdxFormatException(labelsFile.toString(), Kind.COUNT_MISMATCH, "count mismatch: labels file "
                    + labelsFile + " has " + labels.length + " labels but images file " + imagesFile + " has "
                    + images.count() + " images");
        }
        return fromBytes(images.pixels(), labels, images.count(), images.rows(), images.cols());
    }

    /**
     * Loads the standard files of one part from a folder: {@code prefix} is {@code "train"} or {@code "t10k"},
     * read from {@code <prefix>-images-idx3-ubyte[.gz]} and {@code <prefix>-labels-idx1-ubyte[.gz]}
     * (the names of MNIST, Fashion-MNIST and of {@link NpmMnistConverter}'s output).
     */
    public static MnistData load(Path dir, String prefix) throws IOException {
        return load(standardFile(dir, prefix + "-images-idx3-ubyte"), standardFile(dir, prefix + "-labels-idx1-ubyte"));
    }

    /** {@code load(dir, "train")}. */
    public static MnistData loadTrain(Path dir) throws IOException {
        return load(dir, "train");
    }

    /** {@code load(dir, "t10k")}. */
    public static MnistData loadTest(Path dir) throws IOException {
        return load(dir, "t10k");
    }

    private static Path standardFile(Path dir, String base) throws IOException {
        Path gz = dir.resolve(base + ".gz");
        if (Files.exists(gz)) {
            return gz;
        }
        Path raw = dir.resolve(base);
        if (Files.exists(raw)) {
            return raw;
        }
        throw new java.nio.file.NoSuchFileException(gz.toString(), null, "neither " + gz + " nor " + raw
                + " exists");
    }

    /** Builds a data set from unsigned-byte pixels (each becomes {@code byte/255f}). */
    public static MnistData fromBytes(byte[] pixels, int[] labels, int count, int rows, int cols) {
        float[] images = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            images[i] = (pixels[i] & 0xFF) / 255f;
        }
        return new MnistData(images, labels.clone(), count, rows, cols);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Views and transformations (all copy)

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Label of item {@code i}. */
    public int label(int i) {
        return labels[Objects.checkIndex(i, count)];
    }

    /** A copy of image {@code i}'s {@code rows*cols} pixels. */
    public float[] image(int i) {
        int n = pixelsPerImage();
        int from = Objects.checkIndex(i, count) * n;
        return Arrays.copyOfRange(images, from, from + n);
    }

    /** Items {@code from} (inclusive) to {@code to} (exclusive), copied. */
    public MnistData slice(int from, int to) {
        Objects.checkFromToIndex(from, to, count);
        int n = pixelsPerImage();
        return new MnistData(Arrays.copyOfRange(images, from * n, to * n), Arrays.copyOfRange(labels, from, to),
                to - from, rows, cols);
    }

    /** The items in the order of {@code order} (a list of indices, repeats allowed), copied. */
    public MnistData select(int[] order) {
        int n = pixelsPerImage();
        float[] img = new float[order.length * n];
        int[] lab = new int[order.length];
        for (int k = 0; k < order.length; k++) {
            int i = Objects.checkIndex(order[k], count);
            System.arraycopy(images, i * n, img, k * n, n);
            lab[k] = labels[i];
        }
        return new MnistData(img, lab, order.length, rows, cols);
    }

    /**
     * The items in a random order fixed by {@code seed}: the same seed gives the same order on every JVM
     * (a Fisher-Yates shuffle driven by {@link java.util.Random}, whose sequence the JDK specifies).
     */
    public MnistData shuffled(long seed) {
        return select(permutation(count, seed));
    }

    /** A permutation of {@code 0..n-1} fixed by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random rnd = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** The first {@code firstCount} items and the rest, e.g. {@code split(8000)} for 8,000 train / 2,000 held out. */
    public Split split(int firstCount) {
        Objects.checkIndex(firstCount, count + 1);
        return new Split(slice(0, firstCount), slice(firstCount, count));
    }

    /** How many items carry each label 0..9. */
    public int[] classCounts() {
        int[] counts = new int[NUM_CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MnistData d && count == d.count && rows == d.rows && cols == d.cols
                && Arrays.equals(labels, d.labels) && Arrays.equals(images, d.images);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * count + rows) + cols) + 31 * Arrays.hashCode(labels) + Arrays.hashCode(images);
    }

    @Override
    public String toString() {
        return "MnistData[count=" + count + ", " + rows + "x" + cols + "]";
    }
}
