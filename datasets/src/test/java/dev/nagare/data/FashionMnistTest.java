package dev.nagare.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Reads the real Fashion-MNIST IDX files if the Debian package is installed (./nagare fetch-fashion-mnist). */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsFashionMnistFromTheDebianPackage() throws IOException {
        assumeTrue(Files.isRegularFile(DIR.resolve("t10k-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist not installed (./nagare fetch-fashion-mnist)");
        MnistData test = MnistData.loadTest(DIR);
        assertEquals(10_000, test.count());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        int[] tenOfEach = new int[10];
        Arrays.fill(tenOfEach, 1_000);
        assertArrayEquals(tenOfEach, test.classCounts());
        int[] labels = IdxReader.readLabels(DIR.resolve("train-labels-idx1-ubyte.gz"), 10);
        assertEquals(60_000, labels.length);
        assertEquals(60_000, IdxReader.readImages(DIR.resolve("train-images-idx3-ubyte.gz")).count());
    }
}
