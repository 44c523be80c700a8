package io.github.lxt4j.cli;

import io.github.lxt4j.Lxt4jException;
import io.github.lxt4j.viz.DisplayText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The CLI's one top-level handler: turns whatever ended a command into its exit code and one line on stderr,
 * {@code error: …}, with the stack trace only under {@code --verbose}. Exit code 2 is every error the user can act
 * on: an {@link Lxt4jException} (bad input, options, configs, files), a bad option value, an I/O error, and the
 * exhaustion of a resource (heap, native or direct memory, stack), whose line says how to give more. Exit code 1 is
 * left for the unexpected (a bug). A closed standard output pipe ends quietly with {@value #CLOSED_PIPE}, the status
 * a shell reports for a process that SIGPIPE ended (as {@code cat} and {@code yes} end under {@code | head}).
 */
final class Failures {
    /** Bad input, options or environment: the user can fix it. */
    static final int USER_ERROR = 2;
    /** An unexpected failure: a bug in lxt4j or a library. */
    static final int UNEXPECTED = 1;
    /** 128 + SIGPIPE (13). */
    static final int CLOSED_PIPE = 141;

    private static final String MORE_HEAP = "give the JVM more with LXT4J_JAVA_OPTS=-Xmx…, or ask for less (a"
            + " smaller --batch-size or --seq, shorter inputs, --weights nf4, --checkpoint)";

    private Failures() {}

    /** Reports {@code t} on {@code err} (with its stack trace when {@code verbose}) and returns the exit code. */
    static int report(Throwable t, PrintWriter err, boolean verbose) {
        if (causedBy(t, StdoutException.Closed.class) != null) {
            if (verbose) {
                t.printStackTrace(err);
            }
            return CLOSED_PIPE;
        }
        if (verbose) {
            t.printStackTrace(err);
        }
        Outcome o = classify(t);
        err.println("error: " + DisplayText.line(DemoModel.describe(o.line())));
        err.flush();
        return o.code();
    }

    /** An exit code and the line that explains it. */
    record Outcome(int code, String line) {}

    /** What {@code t} means to the user. */
    static Outcome classify(Throwable t) {
        if (t instanceof OutOfMemoryError oom) {
            return new Outcome(USER_ERROR, outOfMemory(oom));
        }
        if (t instanceof StackOverflowError) {
            return new Outcome(
                    USER_ERROR,
                    "the input nests too deeply for the stack (StackOverflowError); give the"
                            + " JVM a larger stack with LXT4J_JAVA_OPTS=-Xss…");
        }
        if (t instanceof Lxt4jException || t instanceof IllegalArgumentException) {
            return new Outcome(USER_ERROR, oneLine(t.getMessage(), t));
        }
        if (t instanceof UncheckedIOException u) {
            return new Outcome(USER_ERROR, ioMessage(u.getCause()));
        }
        if (t instanceof IOException e) {
            return new Outcome(USER_ERROR, ioMessage(e));
        }
        String nativeMemory = nativeMemory(t);
        if (nativeMemory != null) {
            return new Outcome(
                    USER_ERROR,
                    "out of native memory (" + nativeMemory + "); free memory, or ask for"
                            + " less (a smaller --batch-size or --seq, shorter inputs, --weights nf4, --checkpoint)");
        }
        return new Outcome(
                UNEXPECTED,
                "unexpected " + t.getClass().getSimpleName() + ": " + firstLine(String.valueOf(t.getMessage()))
                        + " (a bug in lxt4j or a library; --verbose shows the stack trace)");
    }

    private static String outOfMemory(OutOfMemoryError e) {
        String what = String.valueOf(e.getMessage());
        if (what.toLowerCase(Locale.ROOT).contains("direct buffer memory")) {
            return "out of direct memory (" + what + "): the weights DJL holds in direct buffers do not fit; raise"
                    + " -XX:MaxDirectMemorySize in LXT4J_JAVA_OPTS, or use --weights bf16 or nf4";
        }
        long heap = Runtime.getRuntime().maxMemory();
        return String.format(
                Locale.ROOT,
                "out of memory (%s) with a Java heap of at most %.1f GiB; %s",
                what,
                heap / (double) (1L << 30),
                MORE_HEAP);
    }

    /** An I/O error with the file it concerns, in words. */
    private static String ioMessage(IOException e) {
        String reason = firstLine(String.valueOf(JsonlException.reason(e)));
        return e instanceof FileSystemException f && f.getFile() != null && !reason.contains(f.getFile())
                ? f.getFile() + ": " + reason
                : reason;
    }

    /** The message of a native allocation failure anywhere in the causes (libtorch's allocators), else null. */
    private static String nativeMemory(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            String lower = m.toLowerCase(Locale.ROOT);
            if (lower.contains("not enough memory")
                    || lower.contains("out of memory")
                    || lower.contains("cannot allocate memory")
                    || lower.contains("can't allocate memory")) {
                return firstLine(m);
            }
        }
        return null;
    }

    /** An lxt4j message on one line: line breaks inside it become spaces. */
    static String oneLine(String message, Throwable t) {
        String m = message == null ? t.getClass().getSimpleName() : message;
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String firstLine(String message) {
        String m = message.strip();
        int end = m.indexOf('\n');
        return (end < 0 ? m : m.substring(0, end)).strip();
    }

    private static Throwable causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
