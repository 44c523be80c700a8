package io.github.lxt4j.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One in-process run of the {@code lxt4j} command line, with what it printed. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(Main.execute(cl, args), out.toString(), err.toString());
    }

    /** A run whose stdout is {@code stdout}, written as the CLI writes the process's (what it got is not kept). */
    static CliRun writingTo(OutputStream stdout, String... args) {
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(StdoutStream.writer(stdout, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true));
        return new CliRun(Main.execute(cl, args), "", err.toString());
    }

    /** {@code command} followed by {@code args}. */
    static CliRun command(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        return of(all);
    }
}
