package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, item 9: the launcher's build and the examples print no escapes and no library chatter. */
class QuietByDefaultTest {
    @TempDir
    Path tmp;

    private static Path executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /**
     * Runs a copy of the launcher, with stdout and stderr piped, against a stub {@code mvn} (which records its
     * options and MAVEN_OPTS, and writes the files a build leaves) and a stub {@code java}.
     */
    @Test
    void theLauncherBuildsWithMavenColoursAndResetsOffWhenPiped() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("lxt4j"));
        Files.copy(Path.of("lxt4j"), home.resolve("lxt4j"));
        Files.createDirectories(home.resolve("src/main"));
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path log = tmp.resolve("mvn.log");
        executable(
                bin.resolve("mvn"),
                "#!/usr/bin/env bash\n"
                        + "echo \"MAVEN_OPTS=$MAVEN_OPTS ARGS=$*\" >> '" + log + "'\n"
                        + "for a in \"$@\"; do case \"$a\" in\n"
                        + "  -Dmdep.outputFile=*) : > \"${a#-Dmdep.outputFile=}\";;\n"
                        + "  package) mkdir -p target && : > target/lxt4j-0.1.0.jar;;\n"
                        + "esac; done\n");
        executable(bin.resolve("java"), "#!/usr/bin/env bash\nexit 0\n");
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("lxt4j").toString(), "info");
        pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        pb.environment().remove("NO_COLOR");
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        List<String> calls = Files.readAllLines(log);
        assertEquals(2, calls.size(), calls.toString());
        for (String call : calls) {
            assertTrue(call.contains("-Dstyle.color=never"), call);
            assertTrue(
                    call.startsWith("MAVEN_OPTS= -Djansi.noreset=true ")
                            || call.startsWith("MAVEN_OPTS=-Djansi.noreset=true "),
                    call);
        }
    }

    @Test
    void theExamplesLogAsQuietlyAsTheCli() throws Exception {
        Properties examples = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("examples/simplelogger.properties"))) {
            examples.load(r);
        }
        Map<String, String> got = new TreeMap<>();
        examples.forEach((k, v) -> got.put((String) k, (String) v));
        assertEquals(new TreeMap<>(CliLogging.levels(false)), got);
    }

    @Test
    void anExampleStartsWithoutDjlLines() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String cp = Path.of("examples").toAbsolutePath() + File.pathSeparator + System.getProperty("java.class.path");
        Process p = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        cp,
                        Path.of("examples/LlamaExample.java").toAbsolutePath().toString(),
                        KvFolder.SOURCE.toAbsolutePath().toString())
                .directory(tmp.toFile())
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertTrue(out.contains("figs"), "the example ran: " + out);
        assertFalse(err.contains("ai.djl"), "no DJL lines: " + err);
    }
}
