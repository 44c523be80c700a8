package example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What depending on lxt4j brings onto a user's runtime classpath (as mvn dependency:build-classpath resolves it). */
class ClasspathTest {
    private static final long LIMIT = 160L * 1024 * 1024;
    private static final Pattern OPTIONAL =
            Pattern.compile("nd4j|openblas|javacpp|picocli|pdfbox|fontbox|progressbar|jline");

    static List<Path> runtimeJars() throws Exception {
        String cp = Files.readString(Path.of(System.getProperty("consumer.classpath")))
                .strip();
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
    }

    @Test
    void noOptionalDependencyComesAlong() throws Exception {
        List<Path> jars = runtimeJars();
        assertTrue(jars.stream().anyMatch(p -> p.getFileName().toString().startsWith("lxt4j-")), jars.toString());
        List<Path> unwanted = jars.stream()
                .filter(p -> OPTIONAL.matcher(p.getFileName().toString().toLowerCase(Locale.ROOT))
                        .find())
                .toList();
        assertTrue(unwanted.isEmpty(), "optional dependencies on the runtime classpath: " + unwanted);
    }

    @Test
    void theRuntimeClasspathStaysUnder160MB() throws Exception {
        List<Path> jars = runtimeJars();
        long total = 0;
        for (Path jar : jars) {
            total += Files.size(jar);
        }
        System.out.printf("consumer runtime classpath: %d jars, %.1f MB%n", jars.size(), total / 1024.0 / 1024.0);
        assertTrue(
                total < LIMIT,
                String.format("%d jars, %.1f MB >= 160 MB: %s", jars.size(), total / 1024.0 / 1024.0, jars));
    }
}
