package io.github.lxt4j.io;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the fixture checkpoints copied into the test resources. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String configured = System.getProperty("lxt4j.fixtures");
        Path root = configured != null ? Path.of(configured) : Path.of("src/test/resources/fixtures");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("fixtures not found at " + root.toAbsolutePath());
        }
        return root;
    }

    static Path of(String relative) {
        return root().resolve(relative);
    }
}
