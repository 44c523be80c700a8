package io.github.lxt4j.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@link JsonLine}s one at a time from a JSON Lines file, or stdin for {@code -}; skips blank lines. Lines are
 * read by a {@link LineReader}: strict UTF-8 (an invalid byte is an error naming its line, after the lines before
 * it) and at most {@link #MAX_LINE_BYTES} long, so that an endless line cannot exhaust the memory.
 */
final class PromptReader implements AutoCloseable {
    /** The longest line accepted, in bytes without its line end: 4 MiB. */
    static final int MAX_LINE_BYTES = LineReader.MAX_LINE_BYTES;

    private final LineReader lines;

    PromptReader(FileOrStdStream<InputStream> in, int maxLineBytes) {
        this.lines = new LineReader(in, maxLineBytes);
    }

    /** {@code path} is a file, or {@code -} for {@code stdin}, which is read but not closed. */
    static PromptReader open(String path, InputStream stdin) {
        return new PromptReader(open(path, stdin, "prompts"), MAX_LINE_BYTES);
    }

    /** {@code path} as a buffered stream, or {@code stdin} for {@code -}; {@code what} names it in errors. */
    static FileOrStdStream<InputStream> open(String path, InputStream stdin, String what) {
        if (path.equals("-")) {
            return new FileOrStdStream<>(new BufferedInputStream(stdin), "stdin", false);
        }
        if (Files.isDirectory(Path.of(path))) {
            throw new JsonlException("cannot read " + what + " from " + path + ": it is a directory");
        }
        try {
            return new FileOrStdStream<>(new BufferedInputStream(Files.newInputStream(Path.of(path))), path, true);
        } catch (IOException e) {
            throw new JsonlException("cannot read " + what + " from " + path + ": " + JsonlException.reason(e), e);
        }
    }

    /** The next non-blank line, parsed, or null at the end of the input. */
    JsonLine next() {
        String line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (line.isBlank());
        return JsonLine.parse(line, lines.where());
    }

    @Override
    public void close() {
        lines.close();
    }
}
