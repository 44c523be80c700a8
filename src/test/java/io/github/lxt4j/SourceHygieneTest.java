package io.github.lxt4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The habits of src/main/java: every package has a package-info.java with its Javadoc, no line is longer than 120
 * characters, and classes are imported rather than named inline by their fully-qualified names (in code and in
 * Javadoc; a class name inside a string literal, such as a message that names one, is text).
 */
class SourceHygieneTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final int MAX_LINE = 120;
    private static final Pattern FQN =
            Pattern.compile("\\b(?:javax?|io\\.github\\.lxt4j)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void everyPackageHasAPackageInfoWithItsJavadoc() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path dir : sources().stream().map(Path::getParent).distinct().toList()) {
            Path info = dir.resolve("package-info.java");
            if (!Files.isRegularFile(info) || !Files.readString(info).strip().startsWith("/**")) {
                missing.add(MAIN.relativize(dir).toString().replace('/', '.'));
            }
        }
        assertTrue(missing.isEmpty(), "packages without a package-info.java that opens with its Javadoc: " + missing);
    }

    @Test
    void noLineIsLongerThan120Characters() throws IOException {
        List<String> longLines = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > MAX_LINE) {
                    longLines.add(MAIN.relativize(p) + ":" + (i + 1) + " ("
                            + lines.get(i).length() + ")");
                }
            }
        }
        assertTrue(longLines.isEmpty(), longLines.size() + " lines over " + MAX_LINE + " characters: " + longLines);
    }

    @Test
    void classesAreImportedNotNamedInline() throws IOException {
        List<String> inline = new ArrayList<>();
        for (Path p : sources()) {
            List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("import ") || line.startsWith("package ")) {
                    continue;
                }
                if (FQN.matcher(STRING.matcher(line).replaceAll("\"\"")).find()) {
                    inline.add(MAIN.relativize(p) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertTrue(inline.isEmpty(), "fully-qualified class names outside imports: " + inline);
    }
}
