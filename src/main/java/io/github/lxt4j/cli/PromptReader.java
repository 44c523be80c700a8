package io.github.lxt4j.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads {@link JsonLine}s one at a time from a JSON Lines file, or stdin for {@code -}; skips blank lines. */
final class PromptReader implements AutoCloseable {
    private final FileOrStdStream<BufferedReader> in;
    private int number;

    private PromptReader(FileOrStdStream<BufferedReader> in) {
        this.in = in;
    }

    /** {@code path} is a file, or {@code -} for {@code stdin}, which is read but not closed. */
    static PromptReader open(String path, InputStream stdin) {
        if (path.equals("-")) {
            return new PromptReader(new FileOrStdStream<>(new BufferedReader(new InputStreamReader(stdin,
                    StandardCharsets.UTF_8)), "stdin", false));
        }
        if (Files.isDirectory(Path.of(path))) {
            throw new JsonlException("cannot read prompts from " + path + ": it is a directory");
        }
        try {
            return new PromptReader(new FileOrStdStream<>(Files.newBufferedReader(Path.of(path),
                    StandardCharsets.UTF_8), path, true));
        } catch (IOException e) {
            throw new JsonlException("cannot read prompts from " + path + ": " + JsonlException.reason(e), e);
        }
    }

    /** The next non-blank line, parsed, or null at the end of the input. */
    JsonLine next() {
        String line;
        do {
            try {
                line = in.stream().readLine();
            } catch (IOException e) {
                throw new JsonlException(in.name() + ":" + (number + 1) + ": cannot read: " + JsonlException.reason(e),
                        e);
            }
            if (line == null) {
                return null;
            }
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        } while (line.isBlank());
        return JsonLine.parse(line, in.name() + ":" + number);
    }

    @Override
    public void close() {
        in.close();
    }
}
