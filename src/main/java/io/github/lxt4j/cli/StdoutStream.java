package io.github.lxt4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * The process's standard output as the CLI writes it: a stream that counts the lines written and turns a failed
 * write into a {@link StdoutException} naming the line ({@code stdout:N}), where {@code System.out} would only set
 * an error flag that nobody reads (so {@code > /dev/full} looked like success). A closed pipe ({@code | head}) is a
 * {@link StdoutException.Closed}: the reader has gone, and the command stops instead of computing the rest.
 */
final class StdoutStream extends OutputStream {
    private final OutputStream out;
    private long lines;

    StdoutStream(OutputStream out) {
        this.out = out;
    }

    /** A writer over {@code out} that flushes every line, so that each line's failure is seen at that line. */
    static PrintWriter writer(OutputStream out, Charset charset) {
        return new PrintWriter(new OutputStreamWriter(new StdoutStream(out), charset), true);
    }

    @Override
    public void write(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            throw failed(e);
        }
        if (b == '\n') {
            lines++;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) {
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            throw failed(e);
        }
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
    }

    @Override
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw failed(e);
        }
    }

    private StdoutException failed(IOException e) {
        return StdoutException.of(lines + 1, e);
    }
}
