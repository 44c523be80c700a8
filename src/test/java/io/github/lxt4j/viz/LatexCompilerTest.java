package io.github.lxt4j.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatexCompilerTest {
    private static final String SOURCE = "\\documentclass{standalone}\\begin{document}x\\end{document}\n";

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path f = bin.resolve(name);
        Files.writeString(f, "#!/bin/sh\n" + body);
        assertTrue(f.toFile().setExecutable(true));
        return f;
    }

    private LatexCompiler compiler(Duration timeout) {
        return new LatexCompiler(ExecutableLookup.fromPath(dir.resolve("bin").toString()), timeout);
    }

    @Test
    void noEngineOnPathThrowsLatexNotFound() {
        LatexCompiler compiler = new LatexCompiler(ExecutableLookup.fromPath(""), Duration.ofSeconds(5));
        assertTrue(compiler.engine().isEmpty());
        LatexNotFoundException e =
                assertThrows(LatexNotFoundException.class, () -> compiler.compile(SOURCE, dir.resolve("out.pdf")));
        assertTrue(
                e.getMessage().contains("xelatex")
                        && e.getMessage().contains("pdflatex")
                        && e.getMessage().contains("PdfHeatmap"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out.pdf")));
        LatexCompiler none = new LatexCompiler(command -> Optional.empty(), Duration.ofSeconds(5));
        assertThrows(LatexNotFoundException.class, () -> none.compile(SOURCE, dir.resolve("out.pdf")));
    }

    @Test
    void runsPdflatexWhenXelatexIsMissingAndCopiesThePdf() throws Exception {
        Path args = dir.resolve("args.txt");
        Path seen = dir.resolve("seen.tex");
        Path engine = script(
                "pdflatex",
                "printf '%s\\n' \"$@\" > '" + args + "'\ncp heatmap.tex '" + seen
                        + "'\nprintf '%%PDF-1.4 fake' > heatmap.pdf\n");
        LatexCompiler compiler = compiler(Duration.ofSeconds(30));
        assertEquals(Optional.of(engine), compiler.engine());
        Path out = dir.resolve("nested/heatmap.pdf");
        assertEquals(out, compiler.compile(SOURCE, out));
        assertEquals("%PDF-1.4 fake", Files.readString(out));
        assertEquals(SOURCE, Files.readString(seen));
        assertEquals(
                List.of("-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "heatmap.tex"),
                Files.readAllLines(args));
    }

    @Test
    void prefersXelatex() throws Exception {
        script("pdflatex", "exit 3\n");
        Path xelatex = script("xelatex", "printf '%%PDF-1.4 xe' > heatmap.pdf\n");
        LatexCompiler compiler = compiler(Duration.ofSeconds(30));
        assertEquals(Optional.of(xelatex), compiler.engine());
        Path out = compiler.compile(SOURCE, dir.resolve("x.pdf"));
        assertEquals("%PDF-1.4 xe", Files.readString(out));
    }

    @Test
    void failureCarriesTheLog() throws Exception {
        script("xelatex", "echo '! Undefined control sequence.' > heatmap.log\nexit 1\n");
        LatexCompilationException e = assertThrows(
                LatexCompilationException.class,
                () -> compiler(Duration.ofSeconds(30)).compile(SOURCE, dir.resolve("y.pdf")));
        assertTrue(
                e.getMessage().contains("exit code 1") && e.getMessage().contains("Undefined control sequence"),
                e.getMessage());
    }

    @Test
    void timeoutStopsTheEngine() throws Exception {
        script("xelatex", "exec sleep 30\n");
        long start = System.nanoTime();
        LatexCompilationException e = assertThrows(
                LatexCompilationException.class,
                () -> compiler(Duration.ofSeconds(1)).compile(SOURCE, dir.resolve("z.pdf")));
        assertTrue(e.getMessage().contains("did not finish within 1 s"), e.getMessage());
        assertTrue(System.nanoTime() - start < 15_000_000_000L, "returned promptly");
    }
}
