package io.github.lxt4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.lxt4j.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file output of every command says so when it replaces an existing file, and only then. */
class ReplacedOutputsCliTest {

    @TempDir
    Path tmp;

    /** Runs {@code args} twice: the first run replaces nothing, the second names each of {@code files}. */
    private static void replacedOnTheSecondRun(Function<CliRun, String> stream, String[] args, Path... files) {
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertFalse(stream.apply(first).contains("replacing"), stream.apply(first));
        CliRun second = CliRun.of(args);
        assertEquals(0, second.code(), second.err());
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), f + " written");
            assertTrue(stream.apply(second).contains("replacing " + f.toAbsolutePath()), stream.apply(second));
        }
    }

    private Path demoPrompt() {
        Path prompts = tmp.resolve("p.jsonl");
        try {
            Files.writeString(prompts, "{\"prompt\": \"" + DemoModel.DEFAULT_PROMPT + "\"}\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return prompts;
    }

    @Test
    void explainPromptModeNamesEveryReplacedHeatmap() {
        Path html = tmp.resolve("h.html");
        Path pdf = tmp.resolve("h.pdf");
        Path svg = tmp.resolve("h.svg");
        Path png = tmp.resolve("h.png");
        Path tex = tmp.resolve("h.tex");
        replacedOnTheSecondRun(
                CliRun::out,
                new String[] {
                    "explain",
                    "--html",
                    html.toString(),
                    "--pdf",
                    pdf.toString(),
                    "--svg",
                    svg.toString(),
                    "--png",
                    png.toString(),
                    "--latex",
                    tex.toString()
                },
                html,
                pdf,
                svg,
                png,
                tex);
    }

    @Test
    void explainBatchAndJsonlModesNameTheirReplacedOutput() {
        Path in = BatchInputs.write("llama-tiny", tmp.resolve("in.safetensors"));
        Path out = tmp.resolve("out.safetensors");
        replacedOnTheSecondRun(
                CliRun::out,
                new String[] {
                    "explain",
                    "--model",
                    Fixtures.dir("llama-tiny").toString(),
                    "--inputs",
                    in.toString(),
                    "--output",
                    out.toString()
                },
                out);
        Path prompts = demoPrompt();
        Path jsonl = tmp.resolve("r.jsonl");
        replacedOnTheSecondRun(
                CliRun::err,
                new String[] {"explain", "--prompts", prompts.toString(), "--jsonl", jsonl.toString()},
                jsonl);
    }

    @Test
    void quantizeNamesTheReplacedFolder() {
        Path deq = tmp.resolve("deq");
        String[] args = {
            "quantize",
            "--model",
            Fixtures.dir("llama-tiny").toString(),
            "--weights",
            "int8",
            "--dequantize",
            deq.toString(),
            "--force"
        };
        CliRun first = CliRun.of(args);
        assertEquals(0, first.code(), first.err());
        assertFalse(first.out().contains("replacing"), first.out());
        CliRun second = CliRun.of(args);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("replacing " + deq.toAbsolutePath() + " and everything in it"), second.out());
        assertTrue(Files.isRegularFile(deq.resolve("model.safetensors")));
    }

    @Test
    void showNamesEveryReplacedHeatmap() {
        Path jsonl = tmp.resolve("r.jsonl");
        Path prompts = demoPrompt();
        CliRun made = CliRun.of("explain", "--prompts", prompts.toString(), "--jsonl", jsonl.toString());
        assertEquals(0, made.code(), made.err());
        Path html = tmp.resolve("s.html");
        Path pdf = tmp.resolve("s.pdf");
        Path svg = tmp.resolve("s.svg");
        Path png = tmp.resolve("s.png");
        replacedOnTheSecondRun(
                CliRun::out,
                new String[] {
                    "show",
                    jsonl.toString(),
                    "--html",
                    html.toString(),
                    "--pdf",
                    pdf.toString(),
                    "--svg",
                    svg.toString(),
                    "--png",
                    png.toString()
                },
                html,
                pdf,
                svg,
                png);
    }
}
