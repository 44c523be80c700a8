package io.github.lxt4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes result lines to a file, or to stdout for {@code -}. Each line is written whole and flushed, so what has been
 * written is valid JSON Lines even when a later line fails.
 */
final class JsonlSink implements AutoCloseable {
    private final FileOrStdStream<Writer> out;
    private int lines;

    private JsonlSink(FileOrStdStream<Writer> out) {
        this.out = out;
    }

    /** {@code path} is a file (created or truncated), or {@code -} for {@code stdout}, which is not closed. */
    static JsonlSink open(String path, PrintWriter stdout) {
        if (path.equals("-")) {
            return new JsonlSink(new FileOrStdStream<>(stdout, "stdout", false));
        }
        try {
            return new JsonlSink(new FileOrStdStream<>(Files.newBufferedWriter(Path.of(path), StandardCharsets.UTF_8),
                    path, true));
        } catch (IOException e) {
            throw new JsonlException("cannot write results to " + path + ": " + JsonlException.reason(e), e);
        }
    }

    String name() {
        return out.name();
    }

    int lines() {
        return lines;
    }

    /** Writes {@code json} (one line, without its newline) and flushes. */
    void write(String json) {
        try {
            out.stream().write(json + "\n");
            out.stream().flush();
        } catch (IOException e) {
            throw failed(JsonlException.reason(e), e);
        }
        if (out.stream() instanceof PrintWriter p && p.checkError()) {
            throw failed("the stream reported an error", null);
        }
        lines++;
    }

    private JsonlException failed(String reason, IOException cause) {
        return new JsonlException(out.name() + ":" + (lines + 1) + ": cannot write the result line: " + reason, cause);
    }

    @Override
    public void close() {
        out.close();
    }
}
