package io.github.lxt4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text lines one at a time with the CLI's input limits (docs/io.md): each line at most {@link #MAX_LINE_BYTES}
 * long, read without holding more, so an endless line ({@code /dev/zero}) cannot exhaust the memory, and decoded as
 * strict UTF-8 on its own (an invalid byte is an error naming its line). Errors are {@link JsonlException}s that
 * name the source and the line ({@code data.jsonl:3: …}).
 */
final class LineReader implements Closeable {
    /** The longest line accepted, in bytes without its line end: 4 MiB. */
    static final int MAX_LINE_BYTES = 4 << 20;

    private final FileOrStdStream<InputStream> in;
    private final int maxLineBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private int number;

    /** {@code in} must be buffered: it is read a byte at a time. */
    LineReader(FileOrStdStream<InputStream> in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The source as messages name it: the file as given, or {@code stdin}. */
    String name() {
        return in.name();
    }

    /** The number of the line last returned (1-based). */
    int number() {
        return number;
    }

    /** Where the line last returned is: {@code name:number}. */
    String where() {
        return in.name() + ":" + number;
    }

    /**
     * The next line without its {@code \n} or {@code \r\n} (and without a byte order mark at the start of the first),
     * strictly decoded, or null at the end of the input.
     */
    String next() {
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
        String line = decode(buffer.toByteArray());
        return number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private String decode(byte[] bytes) {
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        ByteBuffer raw = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer text = CharBuffer.allocate(length);
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
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
