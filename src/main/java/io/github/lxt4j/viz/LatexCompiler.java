package io.github.lxt4j.viz;

import io.github.lxt4j.io.SafeOutput;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Compiles LaTeX source (for example from {@link LatexHeatmap}) to PDF with {@code xelatex}, or with
 * {@code pdflatex} where xelatex is missing. The engine runs once, in a fresh temporary directory, with
 * {@code -interaction=nonstopmode -halt-on-error -no-shell-escape} and a timeout; the directory is deleted afterwards.
 */
public final class LatexCompiler {
    /** The engines tried, in order. */
    public static final List<String> ENGINES = List.of("xelatex", "pdflatex");

    private static final int LOG_TAIL_CHARS = 3000;

    private final ExecutableLookup lookup;
    private final Duration timeout;

    /** Looks up the engines on {@code PATH}; gives each run 120 seconds. */
    public LatexCompiler() {
        this(ExecutableLookup.systemPath(), Duration.ofSeconds(120));
    }

    /** Looks up the engines with {@code lookup}; gives each run {@code timeout}. */
    public LatexCompiler(ExecutableLookup lookup, Duration timeout) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** The engine that {@link #compile} would run: xelatex if found, else pdflatex, else empty. */
    public Optional<Path> engine() {
        for (String name : ENGINES) {
            Optional<Path> found = lookup.find(name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * Compiles {@code latexSource} and writes the PDF to {@code pdfFile}, replacing it.
     *
     * @return {@code pdfFile}
     * @throws LatexNotFoundException if neither xelatex nor pdflatex is found
     * @throws LatexCompilationException if the engine fails, times out or writes no PDF; the message holds the end of
     *     its log
     * @throws IOException if the temporary directory or the output cannot be written
     */
    public Path compile(String latexSource, Path pdfFile) throws IOException {
        Objects.requireNonNull(latexSource, "latexSource");
        Objects.requireNonNull(pdfFile, "pdfFile");
        Path engine = engine().orElseThrow(() -> new LatexNotFoundException(
                "Neither xelatex nor pdflatex was found on the PATH, so the LaTeX heatmap cannot be compiled."
                        + " Install a TeX distribution (TeX Live, MiKTeX) or render the PDF in pure Java with"
                        + " io.github.lxt4j.viz.PdfHeatmap."));
        Path dir = Files.createTempDirectory("lxt4j-latex-");
        try {
            Files.writeString(dir.resolve("heatmap.tex"), latexSource, StandardCharsets.UTF_8);
            run(engine, dir);
            Path pdf = dir.resolve("heatmap.pdf");
            if (!Files.isRegularFile(pdf)) {
                throw new LatexCompilationException(engine + " exited without writing heatmap.pdf." + logTail(dir));
            }
            Path parent = pdfFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SafeOutput.write(pdfFile, out -> Files.copy(pdf, out));
            return pdfFile;
        } finally {
            deleteRecursively(dir);
        }
    }

    private void run(Path engine, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        engine.toString(),
                        "-interaction=nonstopmode",
                        "-halt-on-error",
                        "-no-shell-escape",
                        "heatmap.tex")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.txt").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new LatexCompilationException("Could not start " + engine + ": " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new LatexCompilationException(engine + " did not finish within " + timeout.toSeconds()
                        + " s and was stopped." + logTail(dir));
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LatexCompilationException("Interrupted while waiting for " + engine, e);
        }
        if (process.exitValue() != 0) {
            throw new LatexCompilationException(
                    engine + " failed with exit code " + process.exitValue() + "." + logTail(dir));
        }
    }

    private static File nullDevice() {
        return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
    }

    /** The end of heatmap.log, or of the console output where there is no log. */
    private static String logTail(Path dir) {
        for (String name : new String[] {"heatmap.log", "console.txt"}) {
            Path f = dir.resolve(name);
            try {
                if (Files.isRegularFile(f) && Files.size(f) > 0) {
                    String log = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                    String tail =
                            log.length() > LOG_TAIL_CHARS ? "..." + log.substring(log.length() - LOG_TAIL_CHARS) : log;
                    return " End of " + name + ":\n" + tail;
                }
            } catch (IOException e) {
                return " (could not read " + name + ": " + e.getMessage() + ")";
            }
        }
        return " It wrote no log.";
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover temporary directory is harmless
        }
    }
}
