package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A prompt line or a result stream of {@code lxt4j explain --prompts/--jsonl} that cannot be used: invalid JSON, a
 * missing prompt, a bad target, an unreadable input or unwritable output. The message names the file (or stdin,
 * stdout) and the line.
 */
public class JsonlException extends Lxt4jException {
    public JsonlException(String message) {
        super(message);
    }

    public JsonlException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What went wrong with a file, in words (the JDK's messages of these exceptions are only the path). */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
