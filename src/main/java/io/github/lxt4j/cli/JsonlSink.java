package io.github.lxt4j.cli;

import io.github.lxt4j.io.OutputException;
import io.github.lxt4j.io.SafeOutput;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Writes result lines to a file, or to stdout for {@code -}. Each line is written whole and flushed, so what has been
 * written is valid JSON Lines even when a later line fails. A file is written under {@link SafeOutput}'s policy: the
 * lines go to a temporary file beside it, which replaces the file when the sink is closed, also after an error (the
 * good lines before a bad one are kept).
 */
final class JsonlSink implements AutoCloseable {
    private final Writer out;
    private final String name;
    private final SafeOutput file;
    private int lines;

    private JsonlSink(Writer out, String name, SafeOutput file) {
        this.out = out;
        this.name = name;
        this.file = file;
    }

    /** {@code path} is a file (replaced when the sink closes), or {@code -} for {@code stdout}, which is not closed. */
    static JsonlSink open(String path, PrintWriter stdout) {
        if (path.equals("-")) {
            return new JsonlSink(stdout, "stdout", null);
        }
        SafeOutput file = SafeOutput.open(Path.of(path));
        return new JsonlSink(new OutputStreamWriter(file.stream(), StandardCharsets.UTF_8), path, file);
    }

    String name() {
        return name;
    }

    int lines() {
        return lines;
    }

    /** Writes {@code json} (one line, without its newline) and flushes. */
    void write(String json) {
        try {
            out.write(json + "\n");
            out.flush();
        } catch (IOException e) {
            throw failed(JsonlException.reason(e), e);
        }
        if (out instanceof PrintWriter p && p.checkError()) {
            throw failed("the stream reported an error", null);
        }
        lines++;
    }

    private JsonlException failed(String reason, IOException cause) {
        return new JsonlException(name + ":" + (lines + 1) + ": cannot write the result line: " + reason, cause);
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        try {
            out.flush();
            file.commit();
        } catch (IOException | OutputException e) {
            file.close();
            throw new JsonlException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }
}
