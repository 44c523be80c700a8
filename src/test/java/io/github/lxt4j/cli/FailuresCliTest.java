package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Issue 18, item 6: the top-level handler, for resource exhaustion, unexpected failures and --verbose. */
class FailuresCliTest {
    @TempDir
    Path tmp;

    /** A command that ends with {@code thrown}, as a command that runs out of heap would. */
    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        private final Throwable thrown;

        Boom(Throwable thrown) {
            this.thrown = thrown;
        }

        @Override
        public Integer call() throws Exception {
            if (thrown instanceof Error e) {
                throw e;
            }
            throw (Exception) thrown;
        }
    }

    private static CliRun boom(Throwable thrown, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.addSubcommand("boom", new Boom(thrown));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(Main.execute(cl, args), out.toString(), err.toString());
    }

    @Test
    void outOfMemoryIsExitCode2WithOneLineThatSaysHowToGiveMore() {
        CliRun r = boom(new OutOfMemoryError("Java heap space"), "boom");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: out of memory (Java heap space) with a Java heap of at most "), r.err());
        assertTrue(r.err().contains("LXT4J_JAVA_OPTS=-Xmx"), r.err());
        CliRun direct = boom(new OutOfMemoryError("Cannot reserve 256 bytes of direct buffer memory"), "boom");
        assertEquals(2, direct.code());
        assertTrue(direct.err().contains("-XX:MaxDirectMemorySize"), direct.err());
    }

    @Test
    void nativeAllocationFailuresAreExitCode2() {
        RuntimeException libtorch = new IllegalStateException(
                "engine failed",
                new RuntimeException("[enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough memory:"
                        + " you tried to allocate 7400000000 bytes.\nframe #0 …"));
        CliRun r = boom(libtorch, "boom");
        assertEquals(2, r.code());
        assertEquals(
                "error: out of native memory ([enforce fail at alloc_cpu.cpp:117] DefaultCPUAllocator: not enough"
                        + " memory: you tried to allocate 7400000000 bytes.); free memory, or ask for less (a smaller"
                        + " --batch-size or --seq, shorter inputs, --weights nf4, --checkpoint)",
                r.err().strip());
    }

    @Test
    void theUnexpectedIsExitCode1WithOneLineAndVerboseShowsTheTrace() {
        CliRun r = boom(new IllegalStateException("a bug\nsecond line"), "boom");
        assertEquals(1, r.code());
        assertEquals(
                "error: unexpected IllegalStateException: a bug (a bug in lxt4j or a library; --verbose shows"
                        + " the stack trace)",
                r.err().strip());
        CliRun verbose = boom(new OutOfMemoryError("Java heap space"), "--verbose", "boom");
        assertEquals(2, verbose.code());
        assertTrue(verbose.err().contains("\tat "), "the trace: " + verbose.err());
        assertTrue(
                verbose.err().strip().lines().reduce((a, b) -> b).orElseThrow().startsWith("error: out of memory"),
                "the error line last: " + verbose.err());
    }

    @Test
    void showOfAFolderNamesIt() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("results"));
        CliRun r = CliRun.command("show", folder.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "error: cannot read " + folder + ": it is a folder, not a saved result",
                r.err().strip());
    }

    @Test
    void sparkExplainChecksItsInputAndMasterBeforeSparkStarts() {
        Path missing = tmp.resolve("nope.jsonl");
        CliRun r = CliRun.command(
                "spark-explain",
                "--input",
                missing.toString(),
                "--output",
                tmp.resolve("o.jsonl").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(
                "error: --input " + missing + ": no such file or folder",
                r.err().strip());
        CliRun m = CliRun.command(
                "spark-explain",
                "--master",
                "garbage://x",
                "--input",
                missing.toString(),
                "--output",
                tmp.resolve("o.jsonl").toString());
        assertEquals(2, m.code(), m.err());
        assertEquals(
                "error: --master garbage://x: expected local, local[N], local[*], local[N,F],"
                        + " spark://HOST:PORT, yarn or k8s://URL",
                m.err().strip());
        for (String ok : new String[] {
            "local",
            "local[2]",
            "local[*]",
            "local[4,2]",
            "local-cluster[2,1,1024]",
            "spark://host:7077",
            "yarn",
            "k8s://https://h:443"
        }) {
            SparkArguments.checkMaster(ok);
        }
    }

    @Test
    void benchNamesTheWeightThatNoArrayHolds() throws Exception {
        Path config = Files.writeString(
                tmp.resolve("big.json"),
                Files.readString(KvFolder.SOURCE.resolve("config.json"))
                        .replaceFirst("\"hidden_size\"\\s*:\\s*\\d+", "\"hidden_size\": 1e8"));
        CliRun r =
                CliRun.command("bench", "--config", config.toString(), "--layers", "1", "--seq", "4", "--repeat", "1");
        assertEquals(2, r.code(), r.err());
        assertTrue(
                r.err()
                        .contains("error: the config makes model.embed_tokens.weight of shape [51, 100000000]"
                                + " (5100000000 elements), more than one Java array holds"),
                r.err());
        assertFalse(r.err().contains("integer overflow"), r.err());
    }

    @Test
    void anUnknownOptionIsOneLineWithTheClosestNames() {
        CliRun r = CliRun.command("explain", "--promts", "x.jsonl");
        assertEquals(2, r.code());
        assertEquals(
                "error: Unknown option: '--promts' (did you mean --prompts?); see 'lxt4j explain --help'",
                r.err().strip());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
