package io.github.lxt4j.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@link JsonLine}s one at a time from a JSON Lines file, or stdin for {@code -}; skips blank lines. Each line
 * is decoded as strict UTF-8 on its own (an invalid byte is an error naming its line, after the lines before it) and
 * may be at most {@link #MAX_LINE_BYTES} long, so that an endless line cannot exhaust the memory.
 */
final class PromptReader implements AutoCloseable {
    /** The longest line accepted, in bytes without its line end: 4 MiB. */
    static final int MAX_LINE_BYTES = 4 << 20;

    private final FileOrStdStream<InputStream> in;
    private final int maxLineBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int number;

    PromptReader(FileOrStdStream<InputStream> in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** {@code path} is a file, or {@code -} for {@code stdin}, which is read but not closed. */
    static PromptReader open(String path, InputStream stdin) {
        if (path.equals("-")) {
            return new PromptReader(new FileOrStdStream<>(new BufferedInputStream(stdin), "stdin", false),
                    MAX_LINE_BYTES);
        }
        if (Files.isDirectory(Path.of(path))) {
            throw new JsonlException("cannot read prompts from " + path + ": it is a directory");
        }
        try {
            return new PromptReader(new FileOrStdStream<>(new BufferedInputStream(Files.newInputStream(Path.of(path))),
                    path, true), MAX_LINE_BYTES);
        } catch (IOException e) {
            throw new JsonlException("cannot read prompts from " + path + ": " + JsonlException.reason(e), e);
        }
    }

    /** The next non-blank line, parsed, or null at the end of the input. */
    JsonLine next() {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return null;
            }
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
        } while (line.isBlank());
        return JsonLine.parse(line, in.name() + ":" + number);
    }

    /** The next line without its {@code \n} or {@code \r\n}, strictly decoded, or null at the end of the input. */
    private String readLine() {
        buffer.reset();
        int b;
        try {
            while ((b = in.stream().read()) != -1 && b != '\n') {
                if (buffer.size() == maxLineBytes) {
                    throw new JsonlException(in.name() + ":" + (number + 1) + ": the line is longer than the maximum"
                            + " of " + maxLineBytes + " bytes");
                }
                buffer.write(b);
            }
        } catch (IOException e) {
            throw new JsonlException(in.name() + ":" + (number + 1) + ": cannot read: " + JsonlException.reason(e), e);
        }
        if (b == -1 && buffer.size() == 0) {
            return null;
        }
        number++;
        byte[] bytes = buffer.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        ByteBuffer raw = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer text = CharBuffer.allocate(length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult r = utf8.decode(raw, text, true);
        if (r.isError()) {
            throw new JsonlException(in.name() + ":" + number + ": the line is not valid UTF-8 (invalid byte 0x"
                    + Integer.toHexString(bytes[raw.position()] & 0xFF) + " at byte " + (raw.position() + 1) + ")");
        }
        utf8.flush(text);
        return text.flip().toString();
    }

    @Override
    public void close() {
        in.close();
    }
}
