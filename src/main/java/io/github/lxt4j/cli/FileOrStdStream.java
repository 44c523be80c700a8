package io.github.lxt4j.cli;

import java.io.Closeable;
import java.io.IOException;

/**
 * A stream of the JSON Lines mode: a file's, which closing closes, or the process's stdin or stdout (for {@code -}),
 * which closing leaves open.
 *
 * @param name the file as given, or {@code stdin} / {@code stdout}, for messages
 */
record FileOrStdStream<T extends Closeable>(T stream, String name, boolean isFile) implements AutoCloseable {

    @Override
    public void close() {
        if (isFile) {
            try {
                stream.close();
            } catch (IOException e) {
                throw new JsonlException("cannot close " + name + ": " + JsonlException.reason(e), e);
            }
        }
    }
}
