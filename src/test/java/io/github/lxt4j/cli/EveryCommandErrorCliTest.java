package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 6: every command's error path ends in exit code 2 with one line on stderr, {@code error: …} (after
 * the progress lines, if any), and no stack trace; {@code --verbose} adds the trace. The walk covers every
 * subcommand (a new one fails it until it is added here).
 */
class EveryCommandErrorCliTest {
    @TempDir
    Path tmp;

    private static void assertOneLineError(CliRun r, String... args) {
        String what = String.join(" ", args) + " -> " + r.code() + "\n" + r.err();
        assertEquals(2, r.code(), what);
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("error")).count(), "one error line: " + what);
        assertTrue(lines.get(lines.size() - 1).startsWith("error: "), "the error is the last line: " + what);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "no stack trace: " + what);
    }

    /** For each command, invalid arguments that each must end in exit code 2 and one line. */
    private Map<String, List<String[]>> invalidArguments() throws Exception {
        Path folder = Files.createDirectory(tmp.resolve("a-folder"));
        Path bigConfig = Files.writeString(
                tmp.resolve("big.json"),
                Files.readString(KvFolder.SOURCE.resolve("config.json"))
                        .replaceFirst("\"hidden_size\"\\s*:\\s*\\d+", "\"hidden_size\": 1e8"));
        Path missing = tmp.resolve("nope.jsonl");
        Map<String, List<String[]>> m = new LinkedHashMap<>();
        m.put(
                "explain",
                cases(
                        args("--method", "bogus"),
                        args("--model", missing.toString()),
                        args(
                                "--tokenizer",
                                "/dev/zero",
                                "--html",
                                tmp.resolve("h.html").toString())));
        m.put("generate", cases(args("--max-new-tokens", "-1"), args("--contrast", "zebra")));
        m.put("show", cases(args(folder.toString()), args(missing.toString())));
        m.put("eval", cases(args("--dataset", missing.toString()), args("--steps", "0")));
        m.put(
                "bench",
                cases(
                        args("--config", "no-such-preset"),
                        args("--config", bigConfig.toString(), "--layers", "1", "--seq", "4", "--repeat", "1")));
        m.put("info", cases(args("--model", missing.toString()), args("--weights", "bogus")));
        m.put(
                "quantize",
                cases(args(
                        "--weights", "bogus", "--dequantize", tmp.resolve("q").toString())));
        m.put(
                "spark-explain",
                cases(
                        args(
                                "--input",
                                missing.toString(),
                                "--output",
                                tmp.resolve("out.jsonl").toString()),
                        args(
                                "--master",
                                "garbage://x",
                                "--input",
                                folder + ".jsonl",
                                "--output",
                                tmp.resolve("out2.jsonl").toString())));
        m.put("help", cases(args("no-such-command")));
        return m;
    }

    private static String[] args(String... a) {
        return a;
    }

    private static List<String[]> cases(String[]... c) {
        return List.of(c);
    }

    @Test
    void everyCommandEndsAnInvalidArgumentWithExitCode2AndOneLine() throws Exception {
        Map<String, List<String[]>> invalid = invalidArguments();
        assertEquals(
                new TreeSet<>(Main.commandLine().getSubcommands().keySet()),
                new TreeSet<>(invalid.keySet()),
                "every command is walked");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> e : invalid.entrySet()) {
            List<String[]> cases = new ArrayList<>(e.getValue());
            if (!e.getKey().equals("help")) { // picocli's help command shows the help for any argument
                cases.add(new String[] {"--no-such-option"});
            }
            for (String[] args : cases) {
                CliRun r = CliRun.command(e.getKey(), args);
                try {
                    assertOneLineError(r, args);
                } catch (AssertionError a) {
                    failures.add(e.getKey() + " " + String.join(" ", args) + ": " + a.getMessage());
                }
            }
        }
        assertEquals(List.of(), failures);
    }
}
